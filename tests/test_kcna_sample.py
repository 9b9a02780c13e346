"""The judged KCNA samples: gold/kcna-2011-sample-judged.jsonl (50 dataset events of the whole KCNA
2011 corpus), gold/kcna-2011-sample20-judged.jsonl and gold/kcna-2011-sample3-judged.jsonl (20 dataset
events each of two draws of 1,000 stories at random), each drawn at random and judged by hand
(gold/README.md, "The judged KCNA sample"; docs/ACCURACY.md reports the first). Every test runs on each file.

The format tests need only the file; the tests that resolve its offsets into the corpus need
../shared and skip with the reason when it is absent.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, SHARED, needs_shared

# each judged file and the number of events it must hold
JUDGED_FILES = {
    "kcna-2011-sample-judged.jsonl": 50,
    "kcna-2011-sample20-judged.jsonl": 20,
    "kcna-2011-sample3-judged.jsonl": 20,
}
VERDICTS = ("right", "partly", "wrong")
CHECKS = ("source", "target", "code_root", "code_exact", "modality")
MODALITY = ("negated", "hypothetical", "future", "historical")
ACTOR = re.compile(r"^[A-Z]{3}[A-Z0-9]*$")
CODE = re.compile(r"^\d{3,4}$")


def _read(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[0], lines[1:]


@pytest.fixture(scope="module", params=sorted(JUDGED_FILES))
def judged(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """(file name, header, judged events) of each judged file in turn."""
    head, events = _read(ROOT / "gold" / request.param)
    return request.param, head, events


def _verdict_by_rule(e: dict[str, Any]) -> str:
    """The judging rule of gold/README.md: an event that should not be there, or a wrong source,
    is wrong; otherwise each wrong one of target, code root and modality costs a grade."""
    if not e["event_exists"] or not e["checks"]["source"]:
        return "wrong"
    bad = sum(1 for k in ("target", "code_root", "modality") if not e["checks"][k])
    return VERDICTS[min(bad, 2)]


def _span(value: Any, raw_len: int) -> tuple[int, int] | None:
    if value == "title":
        return None
    assert isinstance(value, list) and len(value) == 2 and all(isinstance(x, int) for x in value), value
    a, b = value
    assert 0 <= a < b <= raw_len, (value, raw_len)
    return a, b


def test_header_and_draw(judged: tuple[str, dict[str, Any], list[dict[str, Any]]]) -> None:
    name, head, events = judged
    assert head["format"] == "peacewatch-kcna-sample-judged" and head["version"] == 1
    assert head["corpus"] == "kcna-2011" and head["shared"] == "../../shared"
    assert isinstance(head["seed"], int) and head["population"] > len(events)
    assert [e["rank"] for e in events] == list(range(1, len(events) + 1)) and len(events) == JUDGED_FILES[name]
    assert len({e["event_id"] for e in events}) == len(events), "an event drawn twice"
    assert head["tally"] == {v: sum(1 for e in events if e["verdict"] == v) for v in VERDICTS}


def test_each_judgement_is_well_formed(judged: tuple[str, dict[str, Any], list[dict[str, Any]]]) -> None:
    _name, _head, events = judged
    for e in events:
        where = f"rank {e['rank']}"
        assert isinstance(e["record"], int) and e["record"] >= 1, where
        assert re.fullmatch(r"[0-9a-f]{16}", e["article_id"]) and re.fullmatch(r"[0-9a-f]{40}", e["raw_sha1"]), where
        span = _span(e["span"], e["raw_len"])
        if span is None:
            assert e["trigger_span"] is None, where
        else:
            t = _span(e["trigger_span"], e["raw_len"])
            assert t is not None and span[0] <= t[0] < t[1] <= span[1], where
        p = e["produced"]
        assert p["source"] and ACTOR.match(p["source"].replace("+", "")), where  # a dataset event has a source
        assert p["target"] is None or ACTOR.match(p["target"]), where
        assert CODE.match(p["cameo"]) and p["trigger"] and p["rule"], where
        assert set(p["modality"]) == set(MODALITY), where
        assert e["verdict"] in VERDICTS and e["note"].strip(), where
        assert isinstance(e["errors"], list) and all(re.fullmatch(r"[a-z]+(-[a-z]+)*", x) for x in e["errors"]), where
        assert (e["verdict"] == "right") == (not e["errors"]), f"{where}: a verdict below right names its errors"
        assert e["event_exists"] == bool(e["correct"]), where
        if e["event_exists"]:
            assert set(e["checks"]) == set(CHECKS) and all(isinstance(v, bool) for v in e["checks"].values()), where
        else:
            assert e["checks"] is None, where
        for c in e["correct"]:
            assert c["source"] is None or ACTOR.match(c["source"]), where
            assert c["target"] is None or ACTOR.match(c["target"]), where
            assert c["cameo"] and all(CODE.match(x) or re.fullmatch(r"\d{2}", x) for x in c["cameo"]), where
        assert _verdict_by_rule(e) == e["verdict"], f"{where}: verdict {e['verdict']} but the checks say {_verdict_by_rule(e)}"


def test_error_classes_are_a_small_vocabulary(judged: tuple[str, dict[str, Any], list[dict[str, Any]]]) -> None:
    """The error classes docs/ACCURACY.md counts: a typo would make a class of its own."""
    _name, _head, events = judged
    seen = Counter(x for e in events for x in e["errors"])
    assert set(seen) <= {
        "source-anaphor", "source-dictionary", "source-wrong-role", "reporter-as-source", "passive-headline",
        "target-missing", "target-side-phrase", "code-root", "trigger-misread", "epithet-as-statement",
        "historical", "speculative-kept", "modality-purpose",
    }, seen


@pytest.fixture(scope="module")
def corpus_docs(judged: tuple[str, dict[str, Any], list[dict[str, Any]]]) -> dict[int, Any]:
    needs_shared("corpora", "kcna-2011", "KCNA_2011.jsonl.gz")
    from peacewatch.evaluation.newsgold import load_document

    _name, _head, events = judged
    return {e["record"]: load_document(SHARED, "kcna-2011", str(e["record"])) for e in events}


def test_offsets_resolve_into_the_corpus(
    judged: tuple[str, dict[str, Any], list[dict[str, Any]]], corpus_docs: dict[int, Any]
) -> None:
    from peacewatch.evaluation.newsgold import raw_digest

    _name, _head, events = judged
    for e in events:
        doc = corpus_docs[e["record"]]
        where = f"rank {e['rank']} (record {e['record']})"
        assert len(doc.raw_text) == e["raw_len"] and raw_digest(doc.raw_text) == e["raw_sha1"], f"{where}: not the text judged"
        assert doc.meta["id"] == e["article_id"], where
        if e["span"] == "title":
            assert doc.meta.get("title"), where
            continue
        a, b = e["trigger_span"]
        assert doc.raw_text[a:b].split() == e["produced"]["trigger"].split(), where


def test_no_article_text_is_copied(
    judged: tuple[str, dict[str, Any], list[dict[str, Any]]], corpus_docs: dict[int, Any]
) -> None:
    """Notes paraphrase: no run of six words of the judged sentence is in the file."""
    _name, _head, events = judged
    for e in events:
        doc = corpus_docs[e["record"]]
        text = doc.meta["title"] if e["span"] == "title" else doc.raw_text[e["span"][0]:e["span"][1]]
        words = re.findall(r"\w+", text.lower())
        note = " ".join(re.findall(r"\w+", json.dumps(e, ensure_ascii=False).lower()))
        for i in range(len(words) - 5):
            assert " ".join(words[i:i + 6]) not in note, f"rank {e['rank']}: copies {' '.join(words[i:i + 6])!r}"
