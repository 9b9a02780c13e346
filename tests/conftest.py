"""Shared test fixtures.

Tests that need ../shared (the seed story, gold data, corpora) use the ``shared`` fixture or the
``needs_shared`` helper; where ../shared is absent (a user's clone) they skip with a visible reason.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PEACEWATCH_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "menafn-korea-un.txt"
SEED_EXPECTED = SHARED / "seed" / "expected.json"
GOLD = SHARED / "gold"
CORPORA = SHARED / "corpora"
EXAMPLES = ROOT / "examples"


def needs_shared(*parts: str) -> Path:
    """Path under ../shared, or skip the test with the reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent (../shared is only in the project's CI and dev machines)")
    return p


@pytest.fixture
def seed_path() -> Path:
    return needs_shared("seed", "menafn-korea-un.txt")


@pytest.fixture
def seed_expected() -> dict:
    import json

    return json.loads(needs_shared("seed", "expected.json").read_text(encoding="utf-8"))


def split_sentences_simply(text: str) -> list:
    """Sentences of ``text`` for tests that build records by hand, independent of peacewatch's own
    splitter: a line is a paragraph; a sentence ends at . ! ? before a capital or a quote."""
    from peacewatch.model import Sentence

    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        for m in re.finditer(r".+?(?:[.!?][”\"’']?(?=\s+[A-Z“\"‘])|$)", para.group(0)):
            a, b = para.start() + m.start(), para.start() + m.end()
            while a < b and text[a] == " ":
                a += 1
            if b > a:
                out.append(Sentence(len(out), a, b, text[a:b]))
    return out


KCNA_STEP = 30
"""The real-corpus test database holds every KCNA_STEP-th story of KCNA 2011 (about 460 stories
spread over the whole year)."""


@pytest.fixture(scope="session")
def kcna_db(tmp_path_factory) -> Path:
    """A database built by the real pipeline (read, clean, code, dedupe, store) from a sample of the
    real KCNA 2011 corpus: every KCNA_STEP-th story, so every month and every kind of story is in
    it. Built once per test session; open it read-only, or copy it to write."""
    import gzip

    from peacewatch.config import Options
    from peacewatch.runner import ingest

    src = needs_shared("corpora", "kcna-2011", "KCNA_2011.jsonl.gz")
    d = tmp_path_factory.mktemp("kcna")
    sample = d / "kcna-2011-sample.jsonl"
    with gzip.open(src, "rt", encoding="utf-8") as f, open(sample, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i % KCNA_STEP == 0:
                out.write(line)
    db = d / "kcna.db"
    summary = ingest([str(sample)], Options(db=db, progress=False))
    assert summary.new > 300 and summary.failed <= 2, summary.line()
    return db
