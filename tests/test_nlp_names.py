"""The entity recogniser runs after the parse, only on the sentences that need names (a trigger,
or a name no dictionary knows): the entities of those sentences are exactly those of the whole
pipeline, the others have none, and what the pipeline codes from the project's own sample stories
is the same as with names read everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacewatch.config import Options
from peacewatch.ingest import read_inputs
from peacewatch.model import RawDocument
from peacewatch.pipeline import Pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "wire"


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(Options(progress=False))


@pytest.fixture(scope="module")
def stories():
    docs = [d for d in read_inputs([str(EXAMPLES)], Options(progress=False)) if isinstance(d, RawDocument)]
    assert len(docs) >= 20
    return docs


def _records(pipeline, docs):
    out = []
    for c in pipeline.code_documents(docs):
        out.extend(e.to_dict() for e in c.events)
        out.extend(q.to_dict() for q in c.quotes)
    return out


def _ents(coded):
    return [[(e.text, e.label_, e.start, e.end) for e in ps.doc.ents] for ps in coded.parsed.sentences if ps.parsed]


def test_names_read_only_where_needed_code_the_same_as_names_read_everywhere(pipeline, stories, monkeypatch):
    split = _records(pipeline, stories)
    split_ents = [_ents(c) for c in pipeline.code_documents(stories)]
    monkeypatch.setattr(pipeline.coder, "wants_names", lambda ps: True)
    whole = _records(pipeline, stories)
    whole_ents = [_ents(c) for c in pipeline.code_documents(stories)]
    assert split == whole
    # where names were read they are the whole pipeline's; elsewhere there are none
    skipped = 0
    for a_doc, b_doc in zip(split_ents, whole_ents, strict=True):
        for a, b in zip(a_doc, b_doc, strict=True):
            assert a == b or a == []
            skipped += a == [] and b != []
    assert skipped > 0  # the split did leave some sentences without names


def test_a_parsed_sentence_gets_names_exactly_when_the_coder_wants_them(pipeline):
    text = ("Kim Jong Il inspected a farm in Pyongyang on Monday. The support of the people was warm in "
            "Kaesong. Present there were Ri Chol Man and Pak Sung Gil.")
    c = next(iter(pipeline.code_documents([RawDocument(origin="t", kind="text", raw_text=text, meta={"id": "n1"})])))
    parsed = [ps for ps in c.parsed.sentences if ps.parsed]
    assert len(parsed) == 3
    wanted = [pipeline.coder.wants_names(ps) for ps in parsed]
    assert wanted == [False, True, True]  # no trigger matched; a trigger; two names no dictionary knows
    assert list(parsed[0].doc.ents) == []
    assert [(e.text, e.label_) for e in parsed[2].doc.ents] == [("Ri Chol Man", "PERSON"), ("Pak Sung Gil", "PERSON")]
