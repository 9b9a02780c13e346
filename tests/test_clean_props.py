"""Property tests: clean_document never raises and its offsets always map back to the raw text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from peacewatch.clean import clean_document, prepare, split_sentences
from peacewatch.config import Options
from peacewatch.model import RawDocument

OPT = Options()

# pieces of wire furniture, so that the generator reaches the interesting branches
_PIECES = st.sampled_from(
    [
        "\n", "\n\n", " ", "  ", "\t", "\r\n", "\x03", "\x00", "\ufeff", "\u00a0", ", ,  ", ",, , ", ".,  ",
        "(MENAFN) ", "(Reuters) - ", "SEOUL, Sept. 24 (Yonhap) -- ", "WASHINGTON (AP) — ",
        "Tuesday, 02 January 2024 12:17 GMT\n", "2011-12-01\n", "Search", "Share\n", "Read more",
        "Legal Disclaimer:\n", "All rights reserved.", "(c) 2025 Example", " Reuter\n", "REUTER",
        "MENAFN24092025000045017281ID1110104440", "Headline here", "Body sentence one. ",
        "“quoted … text,” he said. ", "U.S.", "Mr.", "Wednesday", "é", "中文", "\u2028",
    ]
)  # fmt: skip
_TEXT = st.one_of(st.text(max_size=400), st.lists(_PIECES, max_size=40).map("".join))


def _check(art):
    text, raw = art.text, art.raw_text
    prev = 0
    for cs, rs, ln in art.offsets.segments:
        assert ln > 0 and cs >= prev
        assert 0 <= rs and rs + ln <= len(raw)
        assert raw[rs : rs + ln] == text[cs : cs + ln]
        prev = cs + ln
    assert prev <= len(text)
    for r in art.removed:
        assert 0 <= r.raw_start < r.raw_end <= len(raw)
        assert raw[r.raw_start : r.raw_end] == r.text
    assert 0 <= art.body_start <= len(text)
    if art.offsets.segments:  # (with no segment at all, OffsetMap.to_raw is the identity)
        for i in range(0, len(text) + 1, max(1, len(text) // 7)):
            assert 0 <= art.offsets.to_raw(i) <= len(raw)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.one_of(st.none(), st.text(max_size=60)))
def test_clean_never_raises_and_offsets_round_trip(raw, title):
    meta = {} if title is None else {"title": title}
    art = clean_document(RawDocument("t", "text", raw, meta), OPT)
    _check(art)
    # the cleaned text never keeps control characters other than newlines
    assert not any(ord(c) < 32 and c != "\n" for c in art.text)
    for s in split_sentences(art.text, art.body_start):
        assert art.text[s.start : s.end] == s.text


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_prepare_never_raises(raw):
    art = prepare(RawDocument("t", "text", raw), OPT)
    _check(art)
    assert art.date_basis


def test_hostile_runs_complete_and_map():
    # long runs that a backtracking pattern would take quadratic time over
    for raw in (
        "," * 30000 + "x",
        ", " * 30000 + "x",
        "." * 30000 + "x",
        ".”" * 20000 + "x",
        "a" + " " * 100000 + "b",
        ", , x\x01" * 5000,
        ",, \n" * 10000 + "x",
    ):
        art = clean_document(RawDocument("t", "text", raw), OPT)
        _check(art)
        for s in split_sentences(raw):
            assert raw[s.start : s.end] == s.text
