"""The first 200 stories of the real KCNA 2011 corpus: ", ," joins become paragraph breaks,
offsets round-trip, titles and dates come from the record. Skips when ../shared is absent."""

from __future__ import annotations

import gzip
import json
import re

from conftest import needs_shared

from peacewatch.clean import prepare, split_sentences
from peacewatch.config import Options
from peacewatch.model import RawDocument


def _records(n: int):
    path = needs_shared("corpora", "kcna-2011", "KCNA_2011.jsonl.gz")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n:
                break
            out.append((i, json.loads(line)))
    return path, out


def _doc(path, i, rec) -> RawDocument:
    meta = {k: v for k, v in (("title", rec.get("title")), ("published", rec.get("date")), ("url", rec.get("index.link"))) if v}
    return RawDocument(origin=f"{path}:{i + 1}", kind="jsonl", raw_text=rec.get("story") or "", meta=meta)


def test_first_200_kcna_stories():
    path, recs = _records(200)
    assert len(recs) == 200
    opts = Options()
    with_body = 0
    for i, rec in recs:
        art = prepare(_doc(path, i, rec), opts)
        assert ", ," not in art.text, (i, art.text)
        assert not re.search(r",\s*,", art.body), i
        for cs, rs, ln in art.offsets.segments:
            assert art.raw_text[rs : rs + ln] == art.text[cs : cs + ln]
        for r in art.removed:
            assert art.raw_text[r.raw_start : r.raw_end] == r.text
        if rec.get("story"):
            with_body += 1
            assert art.body.strip()
            # nothing but joins and whitespace was removed: the words of the story survive
            words = re.sub(r"[\s,]+", " ", rec["story"]).split()
            assert re.sub(r"[\s,]+", " ", art.body).split() == words
        title = " ".join((rec.get("title") or "").split()) or None
        if title and ", ," in title:
            assert ", ," not in art.title
        else:
            assert art.title == title
        assert art.published == rec["date"], (i, art.date_basis, art.date_conflicts)
        for s in split_sentences(art.text, art.body_start):
            assert art.text[s.start : s.end] == s.text
            assert "\n" not in s.text
    assert with_body > 100  # 141 of the first 200 records carry a story


def test_first_kcna_story_exactly():
    path, recs = _records(1)
    i, rec = recs[0]
    art = prepare(_doc(path, i, rec), Options())
    paras = art.body.split("\n\n")
    assert paras[1] == "The message said:"
    assert paras[2].startswith("I extend warm congratulations to you and, through you,")
    assert paras[-1].endswith("as well as you good health.")
    assert len(paras) == 6
    assert art.title == "Kim Jong Il Congratulates Lao President"
    assert art.published == "2011-12-01"
    assert "'Thursday' in text is 2011-12-01" in art.date_basis
