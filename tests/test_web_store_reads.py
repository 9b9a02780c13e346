"""The Store read methods the dashboard and the report use instead of SQL of their own, on the
hand-made test corpus (tests/test_series_corpus.py) in a real read-only SQLite file."""

from __future__ import annotations

import pytest

from peacewatch.errors import QueryError
from peacewatch.store import Store
from test_series_corpus import build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("reads") / "pw.db", hostile=True)
    with Store.open(db, readonly=True) as s:
        yield s


def test_get_event(store):
    ev = next(iter(store.events(cameo="138")))
    got = store.get_event(ev["event_id"])
    assert got == ev and got["mentions"] == 2  # a-jan2 was published twice
    assert store.get_event("nope") is None and store.get_event("' OR 1=1 --") is None


def test_actor_mentions(store):
    ms = store.actor_mentions("a-jan2")
    assert [(m["code"], m["text"], m["sentence_idx"]) for m in ms] == [
        ("USAGOV", "Washington", 1), ("PRKGOV", "Pyongyang", 1), ("KORGOV", "Seoul", 2), ("PRKGOV", "Pyongyang", 2),
        ("PRKGOV", "Pyongyang", 3), ("KORGOV", "Seoul", 3), ("PRKGOV", "the North Korean envoy", 4)]
    text = store.get_article("a-jan2")["text"]
    assert all(text[m["start"]:m["end"]] == m["text"] for m in ms)
    assert store.actor_mentions("missing") == []


def test_actor_counts(store):
    rows = store.actor_counts()  # names come from the dictionary (web.data), not from the events
    assert rows[0] == {"code": "PRKGOV", "events": 9, "as_source": 3, "as_target": 6}
    assert [r["code"] for r in store.actor_counts(prefix="prk")] == ["PRKGOV", "PRKMIL"]
    assert len(store.actor_counts(limit=2)) == 2
    with pytest.raises(QueryError):
        store.actor_counts(prefix="P' OR '1")
    with pytest.raises(QueryError):
        store.actor_counts(limit=0)


def test_quad_class_counts_and_tracks(store):
    assert store.quad_class_counts("month") == [
        {"period_start": "2025-01", "quad_class": 1, "events": 2},
        {"period_start": "2025-01", "quad_class": 2, "events": 1},
        {"period_start": "2025-01", "quad_class": 3, "events": 2},
        {"period_start": "2025-03", "quad_class": 1, "events": 2},  # 057 and the hostile 010
        {"period_start": "2025-03", "quad_class": 3, "events": 1}]
    # 2025-01-06 and 2025-01-12 are in the ISO week starting on Monday 2025-01-06
    assert {r["period_start"] for r in store.quad_class_counts("week")} == {"2025-01-06", "2025-03-03"}
    assert store.quad_class_counts("day", since="2025-03-04") == [
        {"period_start": "2025-03-04", "quad_class": 1, "events": 1}]
    assert store.quad_class_counts("month", until="2025-01") == store.quad_class_counts("month")[:3]
    with pytest.raises(QueryError):
        store.quad_class_counts("year")
    with pytest.raises(QueryError, match="not a date"):
        store.quad_class_counts("month", since="2025' OR 1=1")
    assert store.track_names() == ["denuclearization", "humanitarian", "military-tension", "normalization"]
    assert store.event_date_range() == ("2025-01-06", "2025-03-04")
