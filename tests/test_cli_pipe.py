"""`peacewatch events | head -1` and friends: a reader that goes away is not an error to report."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

PEACEWATCH = [sys.executable, "-m", "peacewatch"]
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("pipe") / "pw.db"
    subprocess.run([*PEACEWATCH, "ingest", str(ROOT / "examples"), "--db", str(path)],
                   check=True, capture_output=True, env=ENV, timeout=300)
    return path


@pytest.mark.parametrize("args", [["events"], ["events", "--format", "gdelt"], ["events", "--format", "csv"],
                                  ["quotes"]])
def test_closed_pipe_is_quiet(db, args):
    p = subprocess.Popen([*PEACEWATCH, *args, "--db", str(db)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=ENV)
    first = p.stdout.readline()
    p.stdout.close()  # like `head -1`: the reader leaves before the writer is done
    err = p.stderr.read().decode()
    p.wait(timeout=120)
    assert first.strip()
    assert "error" not in err and "Traceback" not in err, err
