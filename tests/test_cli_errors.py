"""Every error that reaches the command line is one line on stderr that says what to do, with the
exit status README "Errors and exit status" documents; --debug (or PEACEWATCH_DEBUG=1) adds the
traceback. Real subprocesses, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "peacewatch"]
STORY = '{"id": "e1", "text": "Seoul proposed talks with Pyongyang on Monday.", "published": "2024-03-04"}\n'


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, input=stdin,
                          env={**os.environ, **(env or {})})


def one_line(r: subprocess.CompletedProcess[str]) -> str:
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("peacewatch: error: "), r.stderr
    assert "Traceback" not in r.stderr
    return lines[0]


def test_store_errors_are_one_line(tmp_path: Path):
    not_db = tmp_path / "notes.db"
    not_db.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    src = tmp_path / "a.jsonl"
    src.write_text(STORY, encoding="utf-8")
    r = run("ingest", str(src), "--db", str(not_db), "--no-progress")
    assert r.returncode == 1 and "is not a usable peacewatch database" in one_line(r)
    r = run("events", "--db", str(not_db))
    assert r.returncode == 1 and "give --db a peacewatch database or a new file name" in one_line(r)
    r = run("ingest", str(src), "--db", str(tmp_path / "no" / "such" / "dir.db"), "--no-progress")
    assert r.returncode == 1 and "create it or give another --db path" in one_line(r)
    r = run("search", "talks", "--db", str(tmp_path / "missing.db"))
    assert r.returncode == 1 and "run 'peacewatch ingest PATH --db FILE' first" in one_line(r)


def test_dictionary_errors_are_one_line(tmp_path: Path):
    d = tmp_path / "dicts"
    d.mkdir()
    (d / "shire.actors.txt").write_text("HOBBITON [HOB\n", encoding="utf-8")
    r = run("code", "--dictionaries", str(d), "-", stdin=STORY)
    assert r.returncode == 1
    assert one_line(r).endswith("shire.actors.txt:1: unbalanced brackets in 'HOBBITON [HOB'; close every '[' with ']'")


def test_bad_dates_and_queries_name_the_value(tmp_path: Path):
    db = tmp_path / "pw.db"
    src = tmp_path / "a.jsonl"
    src.write_text(STORY, encoding="utf-8")
    assert run("ingest", str(src), "--db", str(db), "--no-progress").returncode == 0
    for args, said in ((["events", "--since", "2024-02-30"], "since='2024-02-30' is not a date: February 2024 has 29 days"),
                       (["quotes", "--until", "2024-13"], "until='2024-13' is not a date: there is no month 13"),
                       (["series", "--dyad", "KOR-PRK", "--since", "20240101"], "since='20240101' is not a date"),
                       (["search", "NEAR(", "--syntax"], "cannot read the search query 'NEAR('")):
        r = run(*args, "--db", str(db))
        assert r.returncode == 1 and said in one_line(r), args
    r = run("search", "NEAR(", "--db", str(db))  # plain words by default: not an error
    assert r.returncode == 0 and r.stderr == ""
    bad = tmp_path / "b.jsonl"
    bad.write_text(STORY.replace("2024-03-04", "2023-02-29").replace("e1", "e2"), encoding="utf-8")
    r = run("ingest", str(bad), "--db", str(db), "--no-progress", "--json")
    assert r.returncode == 1 and json.loads(r.stdout)["failed"] == 1
    assert one_line(r).endswith(f"{bad}:1: the published field '2023-02-29' is not a date: February 2023 has "
                                "28 days; give YYYY-MM-DD (or an ISO 8601 or RFC 2822 date), or leave the field out")


def test_usage_errors_exit_2_and_debug_shows_the_traceback(tmp_path: Path):
    r = run("events", "--no-such-option")
    assert r.returncode == 2 and "No such option" in r.stderr and "Traceback" not in r.stderr
    missing = tmp_path / "missing.db"
    for extra, env in ((["--debug"], None), ([], {"PEACEWATCH_DEBUG": "1"})):
        r = run("events", "--db", str(missing), *extra, env=env)
        assert r.returncode == 1
        assert "Traceback (most recent call last)" in r.stderr and "StoreError" in r.stderr
        assert r.stderr.splitlines()[-1].startswith("peacewatch: error: no database at")


def test_a_batch_counts_its_failures_in_the_exit_status(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jsonl").write_text(STORY, encoding="utf-8")
    for i in range(3):
        (folder / f"empty{i}.txt").write_text("", encoding="utf-8")
    r = run("ingest", str(folder), "--db", str(tmp_path / "pw.db"), "--no-progress", "--json")
    assert r.returncode == 3 and json.loads(r.stdout)["new"] == 1
    assert len(r.stderr.splitlines()) == 3 and "Traceback" not in r.stderr
