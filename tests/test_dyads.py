"""What a dyad is (peacewatch.analysis.dyads), on hand-made records: keys, sides, unknown actors,
incomplete events, the labels the store keeps; and the page cursors' errors."""

from __future__ import annotations

import pytest

from peacewatch.analysis.dyads import (
    actor_key,
    dyad_labels,
    event_dyads,
    incomplete_record,
    is_key,
    is_unknown,
    parse_dyad,
    side_matches,
    sides_rows,
    unknown_side,
)
from peacewatch.errors import QueryError

KORGOV = {"code": "KORGOV", "country": "KOR", "sector": "GOV"}
PRK = {"code": "PRK", "country": "PRK"}
IAEA = {"code": "IGOUNOIAE", "country": "IGOUNOIAE"}
OFFICIALS = {"code": "---GOV", "country": None, "sector": "GOV"}
KOREAS = {"code": "KOR/PRK", "country": None, "members": [{"code": "KOR", "country": "KOR"}, PRK]}


def ev(source, target=None):
    return {"source": source, "target": target}


def test_keys():
    assert actor_key(KORGOV) == "KOR" and actor_key(PRK) == "PRK" and actor_key(IAEA) == "IGOUNO"
    assert actor_key({"code": "NGOAMN", "country": None}) == "NGOAMN"
    assert actor_key(OFFICIALS) is None and actor_key(None) is None and actor_key({"code": ""}) is None
    assert actor_key({"code": "USAGOV", "country": None}) == "USA"
    assert [is_key(x) for x in ("KOR", "IGOUNO", "KORGOV", "IGO", "US", "K0R")] == [True, True, False, False,
                                                                                    False, False]


def test_sides_and_unknown_actors():
    assert side_matches("KOR", KORGOV) and side_matches("KORGOV", KORGOV) and not side_matches("KORMIL", KORGOV)
    assert side_matches("IGOUNO", IAEA) and side_matches("IGO", IAEA) and not side_matches("IGOUNOWFP", IAEA)
    assert side_matches("PRK", KOREAS) and side_matches("KOR", KOREAS) and not side_matches("USA", KOREAS)
    assert not side_matches("GOV", OFFICIALS) and is_unknown(OFFICIALS) and not is_unknown(None)
    assert sides_rows(ev(KOREAS, OFFICIALS)) == [("s", "KOR", "KOR"), ("s", "PRK", "PRK")]


def test_incomplete_and_unknown_side():
    assert incomplete_record(ev(None, PRK)) and incomplete_record(ev(OFFICIALS, PRK))
    assert not incomplete_record(ev(KORGOV)) and not incomplete_record(ev(KOREAS | {"code": "---"}, PRK))
    assert unknown_side(ev(KORGOV, OFFICIALS)) and not unknown_side(ev(KORGOV)) and not unknown_side(ev(OFFICIALS, PRK))


def test_labels_the_store_keeps():
    assert dyad_labels(ev(KORGOV, PRK)) == ["KOR>PRK", "KOR-PRK"]
    assert dyad_labels(ev(PRK, KORGOV)) == ["PRK>KOR", "KOR-PRK"]
    assert dyad_labels(ev(KOREAS, {"code": "USA", "country": "USA"})) == ["KOR>USA", "KOR-USA", "PRK>USA",
                                                                           "PRK-USA"]
    assert dyad_labels(ev(KORGOV, {"code": "KOROPP", "country": "KOR"})) == []  # one country: no dyad
    assert dyad_labels(ev(KORGOV, OFFICIALS)) == [] and dyad_labels(ev(OFFICIALS, PRK)) == []
    assert event_dyads(ev(KOREAS, IAEA)) == {"IGOUNO-KOR", "IGOUNO-PRK"}


def test_parse_dyad():
    assert parse_dyad(" kor - prk ").label == "KOR-PRK" and parse_dyad("USA>PRK").directed
    assert parse_dyad("KORGOV-IGOUNO").label == "KORGOV-IGOUNO"
    for bad in ("---PRK", "----PRK", "KOR", "KOR-", "KOR PRK", "", "KOR<PRK"):
        with pytest.raises(QueryError, match="is not a dyad"):
            parse_dyad(bad)


def test_page_cursors_are_checked(tmp_path):
    from peacewatch.store import Store

    with Store.open(tmp_path / "pw.db") as s:
        assert s.events_page() == {"events": [], "next": None, "prev": None}
        for bad in ("x", "2011-01-01", "2011-01-01_x", "a_b_c" * 20):
            with pytest.raises(QueryError, match="not a page cursor"):
                s.events_page(after=bad)
        with pytest.raises(QueryError, match="not a page cursor"):
            s.events_page(order="goldstein", after="2011-01-01_5")
        with pytest.raises(QueryError, match="after or before"):
            s.events_page(after="_1", before="_2")
        with pytest.raises(QueryError, match="not a search cursor"):
            s.search("x", after="nonsense")


def test_one_rule_of_incomplete_for_events_records_and_the_store(tmp_path):
    """``events.record.incomplete(event)`` is the rule; ``Event.to_dict()["incomplete"]``, the
    record form (``incomplete_record``), the store's ``incomplete`` column (with the location
    columns written by the same INSERT) and the store's sides and dyads all agree with it: no
    source, or a source whose country is unknown (---GOV) and that is no compound."""
    from peacewatch.events.record import incomplete
    from peacewatch.model import (ActorRef, Article, CodedArticle, Event, Location, Modality, Sentence,
                                  Span)
    from peacewatch.store import Store

    def ref(code: str, country: str | None, members: tuple[ActorRef, ...] = ()) -> ActorRef:
        return ActorRef(code=code, country=country, sector=code[3:] or None, name=None, text=code, start=0,
                        end=len(code), members=list(members))

    kor, prk = ref("KOR", "KOR"), ref("PRKGOV", "PRK")
    sides = {
        "none": (None, prk), "officials": (ref("---GOV", None), prk), "korgov": (ref("KORGOV", "KOR"), prk),
        "koreas": (ref("---", None, (kor, prk)), ref("USA", "USA")), "unknown-target": (kor, ref("---MIL", None)),
        "one-side": (prk, None),
    }
    text = "Headline\n\nSomething happened at Panmunjom."
    art = Article(article_id="a1", origin="t/a1.txt", kind="text", raw_text=text, text=text, body_start=10,
                  title="Headline", source="TEST", published="2025-09-24")
    place = Location(name="Panmunjom", country="KOR", admin1=None, lat=37.96, lon=126.68, geonames_id=None,
                     feature="venue", text="Panmunjom", start=32, end=41, basis="test", key="pw:panmunjom")
    events = [Event(article_id="a1", sentence_index=1, sentence=art.body, date="2025-09-24", date_basis="test",
                    source=s, target=t, cameo="040", cameo_root="04", quad_class=1, goldstein=1.0, plover=None,
                    modality=Modality(), condition=None, trigger=Span("happened", 20 + i, 28 + i), rule=name,
                    confidence=0.9, location=place if i % 2 else None)
              for i, (name, (s, t)) in enumerate(sides.items())]
    expected = {"none": True, "officials": True, "korgov": False, "koreas": False, "unknown-target": False,
                "one-side": False}
    for e in events:
        rec = e.to_dict()
        assert incomplete(e) == e.incomplete == rec["incomplete"] == incomplete_record(rec) == expected[e.rule], e.rule
    with Store.open(tmp_path / "pw.db") as s:
        s.add(CodedArticle(article=art, sentences=[Sentence(1, 10, len(text), art.body)], events=events))
        rows = s.conn.execute("SELECT rule, incomplete, location_key, rid FROM events").fetchall()
        assert {r[0]: bool(r[1]) for r in rows} == expected
        assert {r[0]: r[2] for r in rows} == {e.rule: "pw:panmunjom" if i % 2 else None for i, e in enumerate(events)}
        for rule, _inc, _loc, rid in rows:
            rec = next(e.to_dict() for e in events if e.rule == rule)
            got = s.conn.execute("SELECT role, key, code FROM event_sides WHERE rid = ? ORDER BY 1, 2, 3",
                                 (rid,)).fetchall()
            assert got == sorted(sides_rows(rec)), rule
            assert sorted(d for (d,) in s.conn.execute("SELECT dyad FROM event_dyads WHERE rid = ?", (rid,))) == \
                sorted(dyad_labels(rec)), rule
        assert [e["rule"] for e in s.events(incomplete=True, order="date")] == ["none", "officials"]
        assert s.count_events() == 4 and s.count_events(incomplete="any") == 6
        assert [e["rule"] for e in s.events(country="KOR", incomplete="any")] == ["officials", "koreas", "one-side"]
        assert s.count_events(country="KOR") == 2 and s.count_events(dyad="PRK-USA") == 1
