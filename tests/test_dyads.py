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
