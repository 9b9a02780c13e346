"""split_sentences on news English: exact splits, headline, paragraphs, offsets; property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacewatch.text import split_sentences
from peacewatch.text.sentences import read_abbreviations
from peacewatch.errors import DictionaryError


def texts(s: str, body_start: int = 0) -> list[str]:
    return [x.text for x in split_sentences(s, body_start)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "S. Korea and N. Korea met at the U.N. on Monday. The U.S.-led coalition said nothing.",
            ["S. Korea and N. Korea met at the U.N. on Monday.", "The U.S.-led coalition said nothing."],
        ),
        ("Lt. Gen. Kim said so. Mr. Park and Dr. Lee agreed.", ["Lt. Gen. Kim said so.", "Mr. Park and Dr. Lee agreed."]),
        (
            "The talks begin Sept. 23 in Seoul. They end Dec. 24. No. 1 priority is peace.",
            ["The talks begin Sept. 23 in Seoul.", "They end Dec. 24.", "No. 1 priority is peace."],
        ),
        (
            "The meeting was at 10 a.m. Thursday. It ended at 3 p.m. The envoys left.",
            ["The meeting was at 10 a.m. Thursday.", "It ended at 3 p.m.", "The envoys left."],
        ),
        (
            "Kim J. Un met George W. Bush. Prices rose 3.5 percent. He left.",
            ["Kim J. Un met George W. Bush.", "Prices rose 3.5 percent.", "He left."],
        ),
        (
            "He backed exchange … normalization and denuclearization. Then he left.",
            ["He backed exchange … normalization and denuclearization.", "Then he left."],
        ),
        (
            "“We will not give up. We will keep talking,” he said. The talks ended.",
            ["“We will not give up.", "We will keep talking,” he said.", "The talks ended."],
        ),
        ("“Is this peace?” she asked. Nobody answered!", ["“Is this peace?” she asked.", "Nobody answered!"]),
        ("He arrived in the U.S. The talks began.", ["He arrived in the U.S.", "The talks began."]),
        (
            "Staff of Example Inc. said no. They work for Sample Corp. The firm declined.",
            ["Staff of Example Inc. said no.", "They work for Sample Corp.", "The firm declined."],
        ),
        ("He waited... And waited... and then left.", ["He waited...", "And waited... and then left."]),
        (
            'Pyongyang said: "The U.S. must stop." Seoul agreed.',
            ['Pyongyang said: "The U.S. must stop."', "Seoul agreed."],
        ),
        ("The plan (approved in May.) The end.", ["The plan (approved in May.)", "The end."]),
        ("Troops moved 2.5 km. 3,000 more followed.", ["Troops moved 2.5 km.", "3,000 more followed."]),
    ],
)
def test_news_splits(text, expected):
    assert texts(text) == expected


def test_headline_is_sentence_zero_and_paragraphs_end_sentences():
    text = "U.S. envoy in Seoul. Talks due\n\nThe envoy arrived Monday\n\nHe met Mr. Kim. They talked."
    body_start = text.index("The envoy")
    sents = split_sentences(text, body_start)
    assert [s.text for s in sents] == [
        "U.S. envoy in Seoul. Talks due",
        "The envoy arrived Monday",
        "He met Mr. Kim.",
        "They talked.",
    ]
    assert [s.index for s in sents] == [0, 1, 2, 3]
    assert sents[0].start == 0 and sents[1].start == body_start


def test_offsets_and_strip():
    text = "  First one.   Second one!  \n\n  Third?  "
    sents = split_sentences(text)
    assert [(s.start, s.end) for s in sents] == [(2, 12), (15, 26), (32, 38)]
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_edge_inputs():
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []
    assert texts("No final period") == ["No final period"]
    assert texts("Headline only", 999) == ["Headline only"]
    assert texts("Body.", -5) == ["Body."]


def test_abbreviation_table_errors(tmp_path):
    p = tmp_path / "abbr.tsv"
    p.write_text("title\tMr\nnonsense line\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"abbr.tsv:2"):
        read_abbreviations(p)


_ALPHABET = st.sampled_from(
    list("abcXYZ .!?…\"'“”‘’()\n\t0123") + [" Mr.", " U.S.", " No.", "...", ". The", "\n\n", " S. Korea"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join), st.integers(min_value=-3, max_value=100))
def test_property_sentences_ordered_inside_and_exact(text, body_start):
    sents = split_sentences(text, body_start)
    prev_end = 0
    for i, s in enumerate(sents):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= prev_end
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        prev_end = s.end
    # every non-space character of the text lies in some sentence
    covered = sum(len("".join(s.text.split())) for s in sents)
    assert covered == len("".join(text.split()))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_property_arbitrary_unicode(text):
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
