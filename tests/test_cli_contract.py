"""The command-line contract of DESIGN.md, end to end through real subprocesses and a real SQLite file."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

PEACEWATCH = [sys.executable, "-m", "peacewatch"]
VERBS = ["ingest", "extract", "code", "events", "quotes", "search", "series", "report", "serve", "evaluate", "actors"]


def run(*args: str, input: str | None = None, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([*PEACEWATCH, *args], input=input, capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def write_articles(path: Path, n: int, seed: int = 7) -> list[str]:
    """n distinct articles of random prose (distinct enough that no two are near duplicates)."""
    rng = random.Random(seed)
    words = ("talks ministry envoy border drills aid sanctions summit statement council delegation "
             "agreement visit proposal exchange railway families reunion hotline liaison office "
             "missile launch satellite inspection reactor enrichment shipment harbour province "
             "committee assembly session budget harvest rainfall bridge festival orchestra").split()
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            body = " ".join(
                " ".join(rng.choice(words) for _ in range(rng.randint(8, 14))).capitalize() + "."
                for _ in range(6)
            )
            ids.append(f"art-{i}")
            f.write(json.dumps({"id": f"art-{i}", "text": body, "published": "2025-03-01"}) + "\n")
    return ids


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(verb):
    r = run(verb, "--help")
    assert r.returncode == 0, r.stderr
    assert "Usage:" in r.stdout


def test_extract_seed_story(seed_path, seed_expected):
    r = run("extract", str(seed_path))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    meta = seed_expected["metadata"]
    assert rec["title"] == meta["title"]
    assert rec["source"] == meta["source"]
    assert rec["source_id"] == meta["source_id"]
    assert rec["published"] == meta["published"]
    assert "MENAFN" in rec["date_basis"] and "Wednesday" in rec["date_basis"]
    assert any("2024-01-02" in c for c in rec["date_conflicts"])
    for bad in meta["body_must_not_contain"]:
        assert bad not in rec["text"]
    assert not rec["text"].rstrip().endswith(meta["trailing_nav_word"])
    for key in ("id", "title", "published", "date_basis", "source", "source_id", "url", "text"):
        assert key in rec


def test_ingest_is_idempotent_and_counts(tmp_path):
    src = tmp_path / "a.jsonl"
    write_articles(src, 30)
    db = tmp_path / "pw.db"
    r1 = run("ingest", str(src), "--db", str(db), "--json", "--no-progress")
    assert r1.returncode == 0, r1.stderr
    s1 = json.loads(r1.stdout)
    assert (s1["new"], s1["duplicate"], s1["failed"]) == (30, 0, 0)
    r2 = run("ingest", str(src), "--db", str(db), "--json", "--no-progress")
    s2 = json.loads(r2.stdout)
    assert s2["new"] == 0 and s2["unchanged"] + s2["duplicate"] == 30
    # a republished copy under another file name is a duplicate, stored once
    copy = tmp_path / "copy.jsonl"
    line = src.read_text(encoding="utf-8").splitlines()[3]
    rec = json.loads(line)
    rec["id"] = "republished"
    copy.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    r3 = run("ingest", str(copy), "--db", str(db), "--json", "--no-progress")
    s3 = json.loads(r3.stdout)
    assert (s3["new"], s3["duplicate"]) == (0, 1)
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 30


def test_batch_goes_on_past_bad_inputs_and_exit_status_counts_them(tmp_path):
    good = tmp_path / "good.jsonl"
    write_articles(good, 3)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    db = tmp_path / "pw.db"
    r = run("ingest", str(tmp_path), "--db", str(db), "--json", "--no-progress")
    assert r.returncode == 2, (r.returncode, r.stderr)
    s = json.loads(r.stdout)
    assert s["new"] == 3 and s["failed"] == 2
    err_lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(err_lines) == 2
    assert any("empty.txt" in l for l in err_lines) and any("image.txt" in l for l in err_lines)
    assert all(l.startswith("peacewatch: error: ") for l in err_lines)
    assert not any("InputFailure(" in l for l in err_lines)  # the message, not a repr


@pytest.mark.slow
def test_ingest_killed_half_way_and_rerun_loses_and_duplicates_nothing(tmp_path):
    src = tmp_path / "many.jsonl"
    ids = write_articles(src, 400)
    db = tmp_path / "pw.db"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([*PEACEWATCH, "ingest", str(src), "--db", str(db), "--commit-every", "5",
                             "--no-progress"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.time() + 240
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
                    stored = con.execute("select count(*) from articles").fetchone()[0]
            except sqlite3.Error:
                continue
            if stored >= 20:
                break
    assert proc.poll() is None, "ingest finished before it could be killed; make the input larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        n_killed = con.execute("select count(*) from articles").fetchone()[0]
        assert 20 <= n_killed < 400
        # every committed article is whole: its sentences are there
        assert con.execute(
            "select count(*) from articles a where not exists (select 1 from sentences s where s.article_id = a.article_id)"
        ).fetchone()[0] == 0
    r = run("ingest", str(src), "--db", str(db), "--json", "--no-progress")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["new"] == 400 - n_killed
    assert s["unchanged"] == n_killed and s["duplicate"] == 0
    with sqlite3.connect(db) as con:
        got = sorted(r[0] for r in con.execute("select article_id from articles"))
        assert got == sorted(ids)
        assert con.execute("select count(*) from article_copies where kind != 'same-origin'").fetchone()[0] == 0


def test_code_seed_prints_contract_records(seed_path):
    r = run("code", str(seed_path), "--with-quotes")
    assert r.returncode == 0, r.stderr
    recs = [json.loads(l) for l in r.stdout.splitlines()]
    events = [x for x in recs if x["kind"] == "event"]
    quotes = [x for x in recs if x["kind"] == "quote"]
    assert events and quotes
    required = {"event_id", "article_id", "sentence_index", "sentence", "date", "date_basis", "source", "target",
                "cameo", "cameo_root", "quad_class", "goldstein", "plover", "modality", "condition", "trigger",
                "rule", "confidence", "tracks"}
    for e in events:
        assert required <= set(e)
        assert isinstance(e["cameo"], str) and e["cameo"].startswith(e["cameo_root"])
        assert e["date"] == "2025-09-24"
        assert set(e["modality"]) == {"negated", "hypothetical", "future", "historical"}
        t = e["trigger"]
        assert e["sentence"] and t["end"] > t["start"]
    for q in quotes:
        assert {"quote_id", "article_id", "date", "text", "direct", "start", "end", "verb", "speaker", "tracks"} <= set(q)


def test_code_reads_one_sentence_jsonl_from_stdin():
    line = json.dumps({"id": "s1", "text": "North Korea fired a ballistic missile into the sea on Tuesday.",
                       "published": "2025-05-08"})
    r = run("code", "-", input=line + "\n")
    assert r.returncode == 0, r.stderr
    recs = [json.loads(l) for l in r.stdout.splitlines()]
    assert recs and all(x["article_id"] == "s1" and x["sentence_index"] == 0 for x in recs)
    assert any(x["cameo_root"] in {"19", "20", "15", "18"} or x["cameo"].startswith("1") for x in recs)


def test_search_on_fresh_db_and_bad_query(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x1", "text": "The envoys discussed railway links and family reunions at Panmunjom.",
                               "published": "2024-02-02"}) + "\n", encoding="utf-8")
    db = tmp_path / "pw.db"
    assert run("ingest", str(src), "--db", str(db), "--no-progress").returncode == 0
    r = run("search", "railway", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "railway" in r.stdout.lower()
    bad = run("search", '"unbalanced', "--syntax", "--db", str(db))
    assert bad.returncode == 1
    assert len(bad.stderr.strip().splitlines()) == 1 and "quote" in bad.stderr.lower()
    for plain in ('"unbalanced', "*", "U.S. imperialists", "six-party talks", "railway AND"):
        r = run("search", plain, "--db", str(db), "--format", "jsonl")  # plain words by default
        assert r.returncode == 0 and r.stderr == "", (plain, r.stderr)
    assert json.loads(run("search", "railway AND", "--db", str(db), "--format", "jsonl").stdout.splitlines()[0])[
        "article_id"] == "x1"
    missing = run("search", "x", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode != 0 and "peacewatch ingest" in missing.stderr
