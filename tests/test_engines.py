"""The engines (issue 14): the local engine and Dask give the same records on a real corpus slice;
a Dask worker killed mid-run costs no record; `code --out-dir` partitions merged with `load`
give the store ingest gives, and loading twice adds nothing; bad partition files are one line
naming them; the local engine needs no Dask.

Real parts: a real Dask LocalCluster (worker processes), real SQLite files, the CLI in
subprocesses where its output is the contract. The corpus slice is the first 200 stories of KCNA
2011 (../shared; skipped with a message where it is absent).
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import needs_shared

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")

from peacewatch.config import Options  # noqa: E402
from peacewatch.engines import EngineSpec  # noqa: E402
from peacewatch.runner import code, code_to_dir, ingest  # noqa: E402

SLICE = 200


@pytest.fixture(scope="module")
def kcna_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = needs_shared("corpora", "kcna-2011", "KCNA_2011.jsonl.gz")
    out = tmp_path_factory.mktemp("kcna") / "kcna-200.jsonl"
    with gzip.open(src, "rt", encoding="utf-8") as f:
        out.write_text("".join(itertools.islice(f, SLICE)), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes, shared by the tests of this module (each worker
    loads the pipeline once, on its first task)."""
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                                  scheduler_kwargs={"dashboard": False},
                                  silence_logs=logging.ERROR) as c:
        yield c


def dask_spec(cluster) -> EngineSpec:
    return EngineSpec("dask", scheduler=cluster.scheduler_address)


def records(coded_articles) -> list[dict]:
    out = []
    for c in coded_articles:
        out += [{"kind": "event", **e.to_dict()} for e in c.events]
        out += [{"kind": "quote", **q.to_dict()} for q in c.quotes]
    return out


TABLES = {
    "articles": "SELECT article_id, origin, text, raw_text, title, published, date_basis, offsets, copies, content_hash, "
                "tracks FROM articles ORDER BY rid",
    "copies": "SELECT article_id, origin, content_hash, kind FROM article_copies ORDER BY id",
    "sentences": "SELECT * FROM sentences ORDER BY article_id, idx",
    "actors": "SELECT article_id, sentence_idx, code, name, text, start, \"end\", resolution, members "
              "FROM actor_mentions ORDER BY id",
    "events": "SELECT event_id, article_id, record, mentions, location_key FROM events ORDER BY rid",
    "quotes": "SELECT quote_id, record FROM quotes ORDER BY rid",
    "stances": "SELECT stance_id, record FROM stances ORDER BY rid",
    "lsh": "SELECT count(*) FROM lsh_buckets",
    "fts": "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'korea'",
}


def dump(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as c:
        return {name: c.execute(sql).fetchall() for name, sql in TABLES.items()}


@pytest.fixture(scope="module")
def local_store(kcna_slice: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    db = tmp_path_factory.mktemp("local") / "local.db"
    summary = ingest([str(kcna_slice)], Options(db=db, progress=False))
    return db, summary


def test_code_gives_the_same_records_on_both_engines(kcna_slice: Path, cluster) -> None:
    opts = Options(with_quotes=True)
    local = records(code([str(kcna_slice)], opts))
    dask = records(code([str(kcna_slice)], opts, engine=dask_spec(cluster)))
    assert len(local) > 100  # a real slice: hundreds of events and quotes
    assert dask == local  # the same records, in the same order


def test_ingest_stores_the_same_on_both_engines(kcna_slice: Path, cluster, local_store, tmp_path: Path) -> None:
    local_db, local_summary = local_store
    db = tmp_path / "dask.db"
    summary = ingest([str(kcna_slice)], Options(db=db, progress=False, commit_every=40), engine=dask_spec(cluster))
    assert (summary.new, summary.duplicate, summary.failed, summary.events, summary.quotes) == (
        local_summary.new, local_summary.duplicate, local_summary.failed, local_summary.events, local_summary.quotes)
    assert summary.events > 100
    assert dump(db) == dump(local_db)
    again = ingest([str(kcna_slice)], Options(db=db, progress=False), engine=dask_spec(cluster))
    assert (again.new, again.unchanged) == (0, local_summary.new + local_summary.duplicate)
    assert dump(db) == dump(local_db)


def test_a_worker_killed_mid_run_costs_no_record(kcna_slice: Path, local_store, tmp_path: Path) -> None:
    import logging

    local_db, local_summary = local_store
    db = tmp_path / "killed.db"
    killed: list[int] = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                                  scheduler_kwargs={"dashboard": False},
                                  silence_logs=logging.CRITICAL) as c, distributed.Client(c) as client:
        def progress(summary) -> None:
            # once the first batch is stored, kill a worker: it is coding a later batch then (the
            # client keeps two tasks a worker in flight)
            if summary.new and not killed:
                pids = client.run(os.getpid)
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
                killed.append(summary.seen)

        summary = ingest([str(kcna_slice)], Options(db=db, progress=False, commit_every=20),
                         engine=EngineSpec("dask", scheduler=c.scheduler_address), on_progress=progress)
        assert killed and killed[1] < SLICE, "the worker was killed before the run ended"
        assert killed[0] not in client.run(os.getpid).values()  # it is gone (the nanny started another)
    assert summary.failed == local_summary.failed
    assert summary.new == local_summary.new and summary.events == local_summary.events
    assert dump(db) == dump(local_db)


def test_out_dir_partitions_load_into_the_same_store_and_load_is_idempotent(
        kcna_slice: Path, cluster, local_store, tmp_path: Path) -> None:
    import pandas as pd

    local_db, local_summary = local_store
    out = tmp_path / "parts"
    written = code_to_dir([str(kcna_slice)], Options(), out, engine=dask_spec(cluster), partition_size=64)
    assert written.partitions == 4 and written.events >= local_summary.events
    events = pd.read_parquet(out / "events")  # one table of every partition's events, flat columns
    assert len(events) == written.events and {"event_id", "cameo", "source_code", "record"} <= set(events.columns)

    db = tmp_path / "loaded.db"
    first = run_cli("load", str(out), "--db", str(db), "--json")
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    got = json.loads(first.stdout)
    assert (got["new"], got["duplicate"], got["events"]) == (local_summary.new, local_summary.duplicate,
                                                             local_summary.events)
    assert dump(db) == dump(local_db)  # the store ingest makes, ingested or loaded
    second = run_cli("load", str(out), "--db", str(db), "--json")
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert (again["new"], again["duplicate"], again["events"], again["failed"]) == (0, 0, 0, 0)
    assert again["unchanged"] == local_summary.new + local_summary.duplicate
    assert dump(db) == dump(local_db)


def run_cli(*args: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peacewatch", *args], capture_output=True, text=True,
                          env=env, input=stdin, timeout=600)


def test_cli_code_on_dask_prints_what_the_local_engine_prints(tmp_path: Path) -> None:
    """The CLI end to end, with its own cluster of one worker (--workers 1): the records printed
    are byte for byte the local engine's."""
    from conftest import EXAMPLES

    inputs = sorted(str(p) for p in (EXAMPLES / "wire").glob("*"))[:6]
    local = run_cli("code", *inputs, "--with-quotes")
    dask = run_cli("code", *inputs, "--with-quotes", "--engine", "dask", "--workers", "1")
    assert local.returncode == 0 and dask.returncode == 0, dask.stderr
    assert dask.stderr == ""  # no Dask chatter on stderr
    assert dask.stdout == local.stdout and local.stdout.count("\n") > 10


def test_bad_partition_files_are_one_line_each_and_the_rest_loads(tmp_path: Path) -> None:
    from conftest import EXAMPLES

    out = tmp_path / "parts"
    inputs = sorted(str(p) for p in (EXAMPLES / "wire").glob("*"))[:6]
    r = run_cli("code", *inputs, "--out-dir", str(out), "--partition-size", "2")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (out / "articles").iterdir()) == [f"part-0000{i}.parquet" for i in range(3)]
    arts = out / "articles"
    (arts / "part-00001.parquet").write_bytes(b"PAR1 not really parquet")          # garbage
    (out / "events" / "part-00002.parquet").unlink()                                  # half a partition
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"x": [1]}), arts / "part-00003.parquet")              # someone else's Parquet
    (arts / "part-00004.parquet").write_bytes(b"")                                     # empty
    db = tmp_path / "x.db"
    r = run_cli("load", str(out), str(tmp_path / "nowhere"), "--db", str(db))
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 5, r.stderr
    assert len(lines) == 5, lines
    assert all(line.startswith("peacewatch: error: ") for line in lines)
    assert "part-00001.parquet" in lines[0] and "cannot read" in lines[0]
    assert "part-00002.parquet" in lines[1] and "no events file" in lines[1]
    assert "part-00003.parquet" in lines[2] and "not a peacewatch" in lines[2]
    assert "part-00004.parquet" in lines[3]
    assert "nowhere" in lines[4]
    assert "Traceback" not in r.stderr
    with sqlite3.connect(db) as c:  # partition 0 went in
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_usage_errors_of_the_engine_options(tmp_path: Path) -> None:
    r = run_cli("code", "-", "--workers", "2", stdin="Seoul proposed talks with Pyongyang.\n")
    assert r.returncode == 2 and "--workers needs --engine dask" in r.stderr
    r = run_cli("ingest", "x.txt", "--engine", "dask", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert r.returncode == 2 and "not both" in r.stderr
    r = run_cli("load", "--db", str(tmp_path / "x.db"))
    assert r.returncode == 2


NO_DASK = ("import sys; sys.modules['dask'] = None; sys.modules['distributed'] = None; "
           "from peacewatch.cli import main; main(sys.argv[1:])")


def test_the_local_engine_needs_no_dask_and_the_dask_engine_says_how_to_get_it(tmp_path: Path) -> None:
    """As after a plain `pip install .`: Dask cannot be imported."""
    text = "South Korea proposed talks with North Korea on Monday.\n"
    r = subprocess.run([sys.executable, "-c", NO_DASK, "code", "-"], input=text, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert '"cameo"' in r.stdout
    r = subprocess.run([sys.executable, "-c", NO_DASK, "code", "-", "--engine", "dask"], input=text,
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0
    assert "needs Dask" in r.stderr and "pip install 'peacewatch[dask]'" in r.stderr


def test_load_takes_jsonl_event_records_too(tmp_path: Path) -> None:
    from conftest import EXAMPLES

    inputs = sorted(str(p) for p in (EXAMPLES / "wire").glob("*"))[:4]
    r = run_cli("code", *inputs, "--with-quotes", "--all")
    assert r.returncode == 0, r.stderr
    records = tmp_path / "records.jsonl"
    records.write_text(r.stdout, encoding="utf-8")
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    db = tmp_path / "r.db"
    first = run_cli("load", str(records), "--db", str(db), "--json")
    assert first.returncode == 0, first.stderr
    got = json.loads(first.stdout)
    assert got["events"] == sum(1 for x in lines if x["kind"] == "event") > 5
    assert got["quotes"] == sum(1 for x in lines if x["kind"] == "quote")
    exported = run_cli("events", "--db", str(db), "--format", "jsonl")
    stored = {json.loads(x)["event_id"]: json.loads(x) for x in exported.stdout.splitlines()}
    for x in lines:
        if x.pop("kind") == "event" and x["event_id"] in stored:
            assert stored[x["event_id"]] == x  # the record as it was printed
    second = json.loads(run_cli("load", str(records), "--db", str(db), "--json").stdout)
    assert (second["new"], second["events"], second["unchanged"]) == (0, 0, got["new"])
    bad = tmp_path / "bad.jsonl"
    bad.write_text(r.stdout.splitlines()[0] + "\n{not json\n", encoding="utf-8")
    r = run_cli("load", str(bad), "--db", str(db))
    assert r.returncode == 1 and f"{bad}:2:" in r.stderr and r.stderr.count("\n") == 1
