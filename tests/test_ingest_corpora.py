"""The read stage over the shared corpora and gold files (skipped where ../shared is absent).

Counts measured on 2026-11-26 with ``read_inputs`` and cross-checked with grep:

* KCNA 2011: 13,907 JSONL lines -> 13,905 documents and 2 failures. 1,910 lines have
  ``"story": null``; 1,908 of them are headline-only stories read from their title
  (``meta["headline_only"]``), and 2 (lines 13732 and 13819) have a title of only punctuation
  ("\r, \r"): no text, reported as failures.
* Reuters-21578: 21,578 <REUTERS> stories in 22 files; 19,043 have a <BODY>. The other 2,535 are
  1,798 ``<TEXT TYPE="BRIEF">`` (title only) and 737 ``<TEXT TYPE="UNPROC">`` (unprocessed text,
  no BODY), which this reader skips by design. lewis.dtd in the archive is skipped as a support file.
* PETRARCH validation file: 405 records, not the README's 406: ``grep -c '<Sentence'`` gives 406, but
  one of those is the word "<Sentence>" inside the header comment. Its 406 <EventCoding> tags (all
  inside records) are the README's "406". 65 records carry no coding at all (TABARI option records
  such as COMMA-Change, and records whose expectation is only written in a comment); none says
  noevents.
* PETRARCH unit tests: 284 records and 385 <EventCoding> tags, as the README says, but only 359
  are codings: 19 say ``noevents = "True"`` and 7 say ``error="..."`` (the record should be
  rejected: dateline, bad_input_parse, storydiscard, sentencediscard).
"""

from __future__ import annotations

from pathlib import Path

from collections import Counter

import pytest

from conftest import needs_shared
from peacewatch.config import Options
from peacewatch.ingest import read_inputs
from peacewatch.model import InputFailure, RawDocument

OPTS = Options()


def _read(path):
    items = list(read_inputs([str(path)], OPTS))
    fails = [i for i in items if isinstance(i, InputFailure)]
    docs = [i for i in items if isinstance(i, RawDocument)]
    return docs, fails


@pytest.mark.slow
def test_kcna_2011_reads_every_story():
    path = needs_shared("corpora", "kcna-2011", "KCNA_2011.jsonl.gz")
    docs, fails = _read(path)
    # two records have a null story and a title of only punctuation ("\r, \r"): no text, reported
    assert [f.origin for f in fails] == [f"{path}:13732", f"{path}:13819"]
    assert all("has no text" in f.error for f in fails)
    assert len(docs) == 13905
    assert all(d.kind == "jsonl" and d.meta["source"] == "KCNA" for d in docs)
    assert sum(1 for d in docs if d.meta.get("headline_only")) == 1908
    assert Counter(d.meta["language"] for d in docs) == {"en": 13171, "es": 734}
    first = docs[0]
    assert first.origin == f"{path}:1"
    assert first.raw_text.startswith("General Secretary Kim Jong Il on Thursday sent a congratulatory message")
    assert first.meta["url"].startswith("http://www.kcna.co.jp/")
    assert first.meta["published"][:4] == "2011"


@pytest.mark.slow
def test_reuters_21578_reads_every_story_with_a_body():
    path = needs_shared("corpora", "reuters-21578", "reuters21578-sgm.tar.gz")
    docs, fails = _read(path)
    assert fails == []
    assert len(docs) == 19043
    assert len({d.meta["id"] for d in docs}) == 19043
    assert all(d.kind == "sgml" and d.meta["source"] == "Reuters" for d in docs)
    assert all(d.meta["published"].startswith("1987-") for d in docs)
    assert all(d.raw_text.endswith("\x03") for d in docs)  # trailer kept for cleaning
    by_id = {d.meta["id"]: d for d in docs}
    one = by_id["reuters-1"]
    assert one.origin == f"{path}!sgm-data/reut2-000.sgm#NEWID=1"
    assert one.meta["title"] == "BAHIA COCOA REVIEW" and one.meta["dateline"] == "SALVADOR, Feb 26"
    assert one.meta["published"] == "1987-02-26" and one.meta["topics"] == ["cocoa"]
    assert one.raw_text.startswith("Showers continued throughout the week in\nthe Bahia cocoa zone")
    assert one.raw_text.endswith(" Reuter\n\x03")
    # the one byte in the collection that is not ASCII (latin-1 u-umlaut, in reut2-017.sgm)
    [odd] = [d for d in docs if "decode_warning" in d.meta]
    assert "\u00fc" in odd.raw_text


def test_petrarch_validation_records():
    path = needs_shared("gold", "petrarch1-validate", "PETR.Validate.records.140226.txt")
    docs, fails = _read(path)
    assert fails == []
    assert len(docs) == 405
    assert sum(len(d.meta["gold"]) for d in docs) == 406
    assert sum(1 for d in docs if not d.meta["gold"]) == 65
    assert not any(d.meta.get("noevents") for d in docs)
    assert sum(d.meta["valid"] for d in docs) == 50
    assert all(d.kind == "petrarch" and d.raw_text == " ".join(d.raw_text.split()) for d in docs)
    first = docs[0]
    assert first.meta["id"] == "DATE-01" and first.meta["published"] == "1995-01-04"
    assert first.raw_text == "Sam Gamgee will be renewing his gardener's license in Michel Delving."
    assert first.meta["gold"] == [{"source": "HOBCIV", "target": "SHRGOV", "cameo": "031"}]
    env = first.meta["environment"]
    assert sorted(env) == ["Actorfile", "Agentfile", "Verbfile"]
    # the same file, however ../shared is reached (it may be a symbolic link)
    assert Path(env["Verbfile"]).resolve() == (path.parent / "PETR.Validate.verbs.txt").resolve()
    # a bare record (no <Text>/<Parse>): text up to the parse tree, CoreNLP noise lines dropped
    conv = [d for d in docs if d.meta["id"] == "CONV-07"][0]
    assert conv.raw_text == ("Arnor believes police and security forces can cope with a decrease in vital "
                             "water from the mighty Entwash river when a major dam is filled next month.")
    assert conv.meta["parse"].startswith("(ROOT")


def test_petrarch_unit_test_records():
    path = needs_shared("gold", "petrarch-unittest", "PETR.UnitTest.records.xml")
    docs, fails = _read(path)
    assert fails == []
    assert len(docs) == 284
    assert sum(len(d.meta["gold"]) for d in docs) == 359
    assert sum(1 for d in docs if d.meta.get("noevents")) == 19
    assert sum(1 for d in docs if d.meta.get("expected_error")) == 7
    assert all("parse" in d.meta for d in docs)
    assert docs[0].meta["id"] == "DEMO-00" and docs[-1].meta["id"] == "FINAL-RECORD"
    assert docs[-1].raw_text == "ALL OF THE UNIT TESTS WERE CODED CORRECTLY."
    assert sorted(docs[0].meta["environment"]) == ["Actorfile", "Agentfile", "Discardfile", "Verbfile"]
