"""The speed-up of the track stage gives exactly what the plain scan gives: a
``TrackDictionary.matcher(text)`` window must equal ``TrackDictionary.match(text, lo, hi)``, for any
text and any window (hypothesis builds texts from the dictionary's own words, punctuation and
noise, so matches are frequent and sit at window edges)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from peacewatch.config import Options
from peacewatch.tracks import load_tracks

TRACKS = load_tracks(Options(progress=False))

_track_words = sorted({w for t in ["denuclearization", "family reunions", "sanctions", "joint drills",
                                   "exchange", "humanitarian aid", "normalization", "missile"]
                       for w in t.split()})
_filler = ["the", "North", "Korea", "said", "he", "'", "’", "-", ",", ".", "\n", "Seoul's", "un-", "é"]


def _texts(words):
    return st.lists(st.sampled_from(words + _filler), max_size=60).map(
        lambda ws: "".join(w if w in ",.\n'’-" else " " + w for w in ws)
    )


def _windows(text_strategy):
    return text_strategy.flatmap(
        lambda t: st.tuples(st.just(t), st.integers(0, len(t)), st.integers(0, len(t)))
    )


@settings(max_examples=300, deadline=None)
@given(_windows(_texts(_track_words)))
def test_track_matcher_equals_match(case):
    text, a, b = case
    lo, hi = min(a, b), max(a, b)
    assert TRACKS.matcher(text)(lo, hi) == TRACKS.match(text, lo, hi)


def test_track_matcher_finds_the_same_hits_on_a_real_sentence():
    text = "Seoul proposed family reunions and talks on denuclearization; Pyongyang said sanctions must go."
    m = TRACKS.matcher(text)
    whole = TRACKS.match(text)
    assert whole and m() == whole
    assert m(0, 30) == TRACKS.match(text, 0, 30)
