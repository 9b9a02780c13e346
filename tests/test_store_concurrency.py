"""The store under concurrency and on a database the user may only read, with real processes and
real SQLite files: three ingests into one new database at once store exactly what one ingest of
all three parts stores; processes opening a new database at once migrate it once; a database that
cannot be written (and has no -wal/-shm beside it) is read by every read-only verb and served."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from peacewatch.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CLI = [sys.executable, "-m", "peacewatch"]


def split_examples(dest: Path, parts: int = 3) -> list[Path]:
    """The sample corpus cut into ``parts`` folders, file by file in turn (the republished copy
    beside its original, so that which of the two is stored does not depend on timing)."""
    files = sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and p.name != "README.md"
                   and p.name != "sentences.jsonl")
    folders = [dest / f"part{k}" for k in range(parts)]
    for f in folders:
        f.mkdir(parents=True)
    k = 0
    for f in files:
        if "republished" in f.name:
            continue
        target = folders[k % parts]
        shutil.copy(f, target / f.name)
        if "putin-kim-treaty" in f.name:
            for twin in files:
                if "republished" in twin.name:
                    shutil.copy(twin, target / twin.name)
        k += 1
    return folders


def stored(db: Path) -> dict[str, object]:
    """What a database holds, independent of insertion order."""
    with Store.open(db, readonly=True) as s:
        c = s.conn
        return {
            "articles": sorted(c.execute("SELECT article_id, origin, content_hash, copies FROM articles").fetchall()),
            "copies": sorted(c.execute("SELECT article_id, origin, kind FROM article_copies").fetchall()),
            "events": sorted(c.execute("SELECT event_id, article_id, cameo, mentions FROM events").fetchall()),
            "quotes": sorted(c.execute("SELECT quote_id, article_id FROM quotes").fetchall()),
            "stances": c.execute("SELECT count(*) FROM stances").fetchone()[0],
            "fts": c.execute("SELECT count(*) FROM articles_fts").fetchone()[0],
            "lsh": c.execute("SELECT count(*) FROM lsh_buckets").fetchone()[0],
        }


def test_three_concurrent_ingests_into_one_new_database_store_what_one_ingest_stores(tmp_path):
    parts = split_examples(tmp_path / "in")
    ref = tmp_path / "one.db"
    one = subprocess.run([*CLI, "ingest", *map(str, parts), "--db", str(ref), "--no-progress", "--json"],
                         capture_output=True, text=True, timeout=600)
    assert one.returncode == 0, one.stderr
    db = tmp_path / "three.db"
    # small batches: many short write transactions that interleave between the processes
    procs = [subprocess.Popen([*CLI, "ingest", str(p), "--db", str(db), "--no-progress", "--json",
                               "--commit-every", "4"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in parts]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert err == "", err  # no "database is locked", no traceback
    summaries = [json.loads(out) for out, _ in outs]
    total = json.loads(one.stdout)
    assert sum(s["new"] for s in summaries) == total["new"] > 50
    assert sum(s["duplicate"] for s in summaries) == total["duplicate"] == 1
    assert sum(s["events"] for s in summaries) == total["events"]
    assert stored(db) == stored(ref)
    with Store.open(db, readonly=True) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


OPENER = """
import sys, time
from peacewatch.store import Store
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
with Store.open(sys.argv[1]) as s:
    print(s.schema_version)
"""


def test_processes_opening_a_new_database_at_once_migrate_it_once(tmp_path):
    for round_ in range(3):
        db = tmp_path / f"new{round_}.db"
        start = time.time() + 1.5  # the interpreters are up by then; all open within a millisecond
        procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(db), str(start)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0] * 4, [e for _, e in outs]
        assert [o.strip() for o, _ in outs] == [str(SCHEMA_VERSION)] * 4
        c = sqlite3.connect(db)
        assert c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles'").fetchone()[0] == 1
        assert dict(c.execute("SELECT key, value FROM settings").fetchall())["lsh_num_perm"] == "64"
        c.close()


def test_a_second_migration_run_finds_nothing_to_do(tmp_path):
    db = tmp_path / "m.db"
    Store.open(db).close()
    with Store.open(db) as s:
        s._migrate()  # under the write lock it reads the version again and applies nothing
        assert s.schema_version == SCHEMA_VERSION


# --- a database the user may only read --------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _make_unwritable(paths: list[Path]) -> None:
    """Make files and folders that this process cannot write. Root ignores permission bits, so as
    root the immutable attribute is used (chattr +i), which refuses root too."""
    if os.geteuid() != 0:
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file root may not write")
    r = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"chattr +i is not permitted here ({r.stderr.strip()})")


def _make_writable(paths: list[Path]) -> None:
    if os.geteuid() == 0 and shutil.which("chattr"):
        subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True)
    else:
        for p in paths:
            p.chmod(0o755 if p.is_dir() else 0o644)


def test_a_database_the_user_may_only_read_is_read_and_served(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "pw.db"
    r = subprocess.run([*CLI, "ingest", str(EXAMPLES / "wire"), "--db", str(db), "--no-progress"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["pw.db"]  # the last close removed -wal and -shm
    _make_unwritable([db, folder])
    try:
        with pytest.raises(OSError):
            (folder / "probe").write_text("x")
        for verb in (["events", "--format", "jsonl"], ["quotes"], ["search", "talks"],
                     ["series", "--dyad", "KOR-PRK"]):
            r = subprocess.run([*CLI, *verb, "--db", str(db)], capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, (verb, r.stderr)
            assert r.stdout.strip(), verb
        r = subprocess.run([*CLI, "ingest", str(EXAMPLES / "wire"), "--db", str(db), "--no-progress"],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode != 0 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
        assert r.stderr.startswith("peacewatch: error: ")
        port = _free_port()
        srv = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            body = None
            for _ in range(200):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/summary", timeout=5) as resp:
                        body = json.loads(resp.read())
                        assert resp.headers["Cache-Control"]
                    break
                except OSError:
                    if srv.poll() is not None:
                        break
                    time.sleep(0.2)
            assert body is not None, srv.communicate(timeout=10)
            assert body["articles"] > 10
        finally:
            srv.terminate()
            srv.wait(timeout=30)
        assert sorted(p.name for p in folder.iterdir()) == ["pw.db"]
    finally:
        _make_writable([db, folder])
