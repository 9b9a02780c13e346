"""The seed acceptance test: the founding MENAFN story, cleaned and dated."""

from __future__ import annotations

from peacewatch.clean import clean_document, prepare, split_sentences
from peacewatch.config import Options
from peacewatch.model import RawDocument


def _doc(path) -> RawDocument:
    return RawDocument(origin=str(path), kind="text", raw_text=path.read_text("utf-8"))


def test_seed_clean(seed_path, seed_expected):
    meta = seed_expected["metadata"]
    art = clean_document(_doc(seed_path), Options())
    assert art.title == meta["title"]
    assert art.source == "MENAFN"
    assert art.source_id == meta["source_id"]
    body = art.body
    for bad in meta["body_must_not_contain"]:
        assert bad not in body
        assert bad not in art.text
    assert not body.rstrip().endswith(meta["trailing_nav_word"])
    assert body.startswith("South Korean President Lee Jae Myung has called on")
    assert body.endswith("leaving both Koreas technically still at war.")
    assert art.text == meta["title"] + "\n\n" + body
    assert art.body_start == len(meta["title"]) + 2
    # header line, source tag, identifier, disclaimer and nav word are recorded as removed
    labels = [r.label for r in art.removed]
    assert labels == ["header-date", "source-tag", "identifier", "disclaimer", "navigation"]
    for r in art.removed:
        assert art.raw_text[r.raw_start : r.raw_end] == r.text
    assert art.removed[0].text == "Tuesday, 02 January 2024 12:17 GMT"
    # every copied character maps back to the raw text
    for cs, rs, ln in art.offsets.segments:
        assert art.raw_text[rs : rs + ln] == art.text[cs : cs + ln]
    i = art.text.index("“exchange … normalization")
    assert art.raw_text[art.offsets.to_raw(i) :].startswith("“exchange … normalization")
    assert art.published is None  # clean_document does not date


def test_seed_prepare_dates(seed_path, seed_expected):
    art = prepare(_doc(seed_path), Options())
    assert art.published == seed_expected["metadata"]["published"] == "2025-09-24"
    assert "MENAFN identifier" in art.date_basis and "24092025" in art.date_basis
    assert "'Wednesday'" in art.date_basis
    assert len(art.date_conflicts) == 1
    conflict = art.date_conflicts[0]
    assert "2024-01-02" in conflict and "header" in conflict and "rejected" in conflict


def test_seed_sentences(seed_path):
    art = prepare(_doc(seed_path), Options())
    sents = split_sentences(art.text, art.body_start)
    assert sents[0].text == art.title
    assert sents[1].text.startswith("South Korean President Lee Jae Myung")
    assert sents[1].text.endswith("according to reports Wednesday.")
    three = [s for s in sents if "“exchange … normalization and denuclearization”" in s.text]
    assert len(three) == 1 and three[0].text.endswith("stability on the Korean Peninsula.")
    assert [s for s in sents if s.text.startswith("He also voiced concern")]
    assert len(sents) == 9
    for s in sents:
        assert art.text[s.start : s.end] == s.text
