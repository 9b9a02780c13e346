"""Binary output never goes to a terminal: ``events``/``quotes --format parquet`` with standard output on
a real pseudo-terminal refuse in one line that names --out, and write nothing; to a pipe or --out they
write Parquet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from test_series_corpus import build_store

PW = [sys.executable, "-m", "peacewatch"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("hygiene") / "pw.db")


def on_a_terminal(args: list[str]) -> tuple[int, bytes, str]:
    """Run with stdout on a pseudo-terminal: (exit status, what reached the terminal, stderr)."""
    master, slave = pty.openpty()
    try:
        p = subprocess.run(args, stdout=slave, stderr=subprocess.PIPE, timeout=120)
        os.close(slave)
        slave = -1
        got = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
        return p.returncode, got, p.stderr.decode()
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)


@pytest.mark.parametrize("verb", ["events", "quotes"])
def test_parquet_refuses_a_terminal_with_a_hint(db, verb):
    status, shown, err = on_a_terminal([*PW, verb, "--db", str(db), "--format", "parquet"])
    assert status == 2 and shown == b""
    assert err.count("\n") == 1 and "--out" in err and "binary" in err


@pytest.mark.parametrize("verb", ["events", "quotes"])
def test_parquet_goes_to_a_pipe_or_a_file(db, verb, tmp_path):
    p = subprocess.run([*PW, verb, "--db", str(db), "--format", "parquet"], capture_output=True, timeout=120)
    assert p.returncode == 0 and p.stdout[:4] == b"PAR1"
    out = tmp_path / f"{verb}.parquet"
    p = subprocess.run([*PW, verb, "--db", str(db), "--format", "parquet", "--out", str(out)], capture_output=True,
                       timeout=120)
    assert p.returncode == 0 and out.read_bytes()[:4] == b"PAR1"


def test_text_formats_still_print_on_a_terminal(db):
    status, shown, _err = on_a_terminal([*PW, "events", "--db", str(db), "--format", "csv", "--limit", "1"])
    assert status == 0 and shown.startswith(b"event_id,")
