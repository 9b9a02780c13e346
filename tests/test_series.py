"""Series over a real store of hand-made events; every expected number worked out by hand.

Corpus (test_series_corpus.py), KOR-PRK events:
  2025-01-06  e1 KORGOV>PRKGOV 036 +4.0 q1                 (normalization)
  2025-01-06  e2 PRKGOV>KORGOV 111 -2.0 q3                 (military-tension)
  2025-01-06  e3 PRKMIL>KOR    190 -10  q4  historical      -> always excluded
  2025-01-12  e5 KORGOV>PRKGOV 071 +7.4 q2  negated         -> excluded by default
  2025-01-12  e6 PRKGOV>KORGOV 138 -7.0 q3, mentions 2 (the story was republished)
  2025-03-03  e7 KORGOV>PRKGOV 057 +8.0 q1                 (normalization)
  2025-03-03  e8 KORGOV>PRKGOV 190 -10  q4  hypothetical    -> excluded by default
January: events e1, e2, e6: C = 4.0, K = 2.0 + 7.0 = 9.0, index = (4 - 9) / 13 = -0.384615...,
Goldstein sum -5.0, mean -5/3, mentions 1 + 1 + 2 = 4. February: zeros. March: e7 alone, index +1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from peacewatch.analysis import compute_series, parse_dyad, period_of, periods_between, series_from_store, top_dyads
from peacewatch.analysis.series import actor_key, auto_freq
from peacewatch.cli import cli
from peacewatch.errors import QueryError
from peacewatch.store import Store
from test_series_corpus import build_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("series") / "pw.db")


@pytest.fixture
def store(db):
    with Store.open(db, readonly=True) as s:
        yield s


def test_monthly_kor_prk_by_hand(store):
    s = series_from_store(store, dyad="KOR-PRK", freq="month")
    assert [p.period for p in s.points] == ["2025-01", "2025-02", "2025-03"]
    jan, feb, mar = s.points
    assert (jan.start, jan.end) == ("2025-01-01", "2025-01-31")
    assert jan.events == 3
    assert (jan.verbal_cooperation, jan.material_cooperation, jan.verbal_conflict, jan.material_conflict) == (1, 0, 2, 0)
    assert jan.goldstein_sum == pytest.approx(-5.0)
    assert jan.goldstein_mean == pytest.approx(-5.0 / 3)
    assert jan.cooperation == pytest.approx(4.0)
    assert jan.conflict == pytest.approx(9.0)
    assert jan.index == pytest.approx(-5.0 / 13)
    assert jan.mentions == 4
    assert feb.to_dict() | {"period": None, "start": None, "end": None} == {
        "period": None, "start": None, "end": None, "events": 0, "verbal_cooperation": 0, "material_cooperation": 0,
        "verbal_conflict": 0, "material_conflict": 0, "goldstein_sum": 0.0, "goldstein_mean": None,
        "cooperation": 0.0, "conflict": 0.0, "index": None, "mentions": 0, "change": False, "direction": None,
        "baseline_mean": None, "baseline_sd": None}
    assert (mar.events, mar.verbal_cooperation, mar.index, mar.goldstein_sum, mar.mentions) == (1, 1, 1.0, 8.0, 1)
    assert s.excluded == {"incomplete": 0, "historical": 1, "negated": 1, "hypothetical": 1, "undated": 0}
    assert s.matched == 7
    assert not s.changes()  # two periods with events: below min_baseline


def test_including_negated_and_hypothetical(store):
    s = series_from_store(store, dyad="KOR-PRK", freq="month", include_negated=True, include_hypothetical=True)
    jan, _feb, mar = s.points
    # + e5 (071 +7.4, q2): C = 11.4, K = 9.0
    assert jan.events == 4 and jan.material_cooperation == 1
    assert jan.index == pytest.approx((11.4 - 9.0) / 20.4)
    assert jan.goldstein_sum == pytest.approx(2.4)
    # + e8 (190 -10, q4): C = 8, K = 10
    assert mar.events == 2 and mar.material_conflict == 1
    assert mar.index == pytest.approx(-2.0 / 18.0)
    assert s.excluded == {"incomplete": 0, "historical": 1, "negated": 0, "hypothetical": 0, "undated": 0}


def test_weekly_iso_weeks_monday_start(store):
    s = series_from_store(store, dyad="KOR-PRK", freq="week")
    # 2025-01-06 is the Monday of ISO week 2; 2025-01-12 (Sunday) is in the same week; 2025-03-03 is W10
    assert [p.period for p in s.points] == [f"2025-W{w:02d}" for w in range(2, 11)]
    assert (s.points[0].start, s.points[0].end) == ("2025-01-06", "2025-01-12")
    assert s.points[0].events == 3 and s.points[0].index == pytest.approx(-5 / 13)
    assert [p.events for p in s.points] == [3, 0, 0, 0, 0, 0, 0, 0, 1]


def test_daily_and_directed(store):
    d = series_from_store(store, dyad="KOR-PRK", freq="day")
    assert len(d.points) == 57  # 2025-01-06 .. 2025-03-03
    by = {p.period: p for p in d.points}
    assert by["2025-01-06"].events == 2 and by["2025-01-06"].index == pytest.approx((4 - 2) / 6)
    assert by["2025-01-12"].events == 1 and by["2025-01-12"].index == -1.0 and by["2025-01-12"].mentions == 2
    assert sum(p.events for p in d.points) == 4
    k2p = series_from_store(store, dyad="KOR>PRK", freq="month")
    assert [p.events for p in k2p.points] == [1, 0, 1]  # e1, e7
    p2k = series_from_store(store, dyad="PRK>KOR", freq="month")
    assert [p.events for p in p2k.points] == [2]  # e2, e6; e3 (PRKMIL>KOR) is historical background
    assert p2k.excluded["historical"] == 1


def test_track_igo_and_range(store):
    t = series_from_store(store, track="normalization", freq="month")
    assert [p.events for p in t.points] == [1, 0, 1]  # e1 (Jan), e7 (Mar)
    igo = series_from_store(store, dyad="PRK-IGOUNO", freq="month")  # IGOUNOIAE counts as IGOUNO
    assert [(p.period, p.events, p.index) for p in igo.points] == [("2025-03", 1, -1.0)]
    r = series_from_store(store, dyad="KOR-PRK", freq="month", since="2024-12", until="2025-02-10")
    assert [p.period for p in r.points] == ["2024-12", "2025-01", "2025-02"]
    assert [p.events for p in r.points] == [0, 3, 0]
    none = series_from_store(store, dyad="KOR-JPN", freq="month")
    assert none.points == [] and none.matched == 0


def test_change_detection_rule():
    def month(m: int, coop: float, conf: float) -> list[dict]:
        base = {"source": {"code": "KORGOV", "country": "KOR"}, "target": {"code": "PRKGOV", "country": "PRK"},
                "date": f"2024-{m:02d}-15", "modality": {}}
        return [base | {"quad_class": 1, "goldstein": coop}, base | {"quad_class": 3, "goldstein": -conf}]

    evs = month(1, 3, 1) + month(2, 3, 1) + month(4, 3, 1) + month(5, 2.7, 1.3) + month(6, 3, 2)
    s = compute_series(evs, dyad="KOR-PRK", freq="month", window=8, k=2, min_baseline=3)
    idx = {p.period: p for p in s.points}
    # March has no event: a gap (None), not a neutral 0
    assert [None if p.index is None else round(p.index, 4) for p in s.points] == [0.5, 0.5, None, 0.5, 0.35, 0.2]
    # May: baseline = Jan, Feb, Apr (March is empty and does not count) -> mean 0.5, sd 0 -> floor 0.1;
    # |0.35 - 0.5| = 0.15 <= 2 * 0.1: not flagged
    assert idx["2024-05"].baseline_mean == pytest.approx(0.5) and idx["2024-05"].baseline_sd == 0.0
    assert not idx["2024-05"].change
    # June: baseline 0.5, 0.5, 0.5, 0.35 -> mean 0.4625, sd 0.075 -> threshold 2 * 0.1; |0.2 - 0.4625| = 0.2625
    assert idx["2024-06"].baseline_mean == pytest.approx(0.4625)
    assert idx["2024-06"].baseline_sd == pytest.approx(0.075)
    assert idx["2024-06"].change and idx["2024-06"].direction == "down"
    # a window of 2 sees only Apr and May for June: fewer than min_baseline 3 -> nothing flagged
    s2 = compute_series(evs, dyad="KOR-PRK", freq="month", window=2)
    assert not s2.changes()
    # k = 3 -> threshold 0.3 > 0.2625: not flagged
    assert not compute_series(evs, dyad="KOR-PRK", freq="month", k=3).changes()
    # an upward jump
    up = compute_series(evs + month(7, 5, 0.001), dyad="KOR-PRK", freq="month")
    assert up.points[-1].change and up.points[-1].direction == "up"


def test_parsing_and_periods():
    assert parse_dyad("kor-prk").label == "KOR-PRK" and not parse_dyad("KOR-PRK").directed
    assert parse_dyad(" USA > PRK ").directed
    for bad in ("KOR", "KOR--PRK", "", "K-P", "KOR PRK", "KOR-PRK; DROP TABLE events"):
        with pytest.raises(QueryError):
            parse_dyad(bad)
    assert actor_key({"code": "IGOUNOWFP", "country": "IGO"}) == "IGOUNO"
    assert actor_key({"code": "KORGOV", "country": "KOR"}) == "KOR"
    assert actor_key({"code": "PRK", "country": None}) == "PRK"
    assert period_of("2024-12-30", "week") == "2025-W01"  # ISO week-year
    assert period_of("2021-01-03", "week") == "2020-W53"
    assert period_of("2025-09", "month") == "2025-09" and period_of("2025-09", "week") is None
    assert period_of("2025", "month") is None
    assert [p[0] for p in periods_between(__import__("datetime").date(2024, 11, 15),
                                          __import__("datetime").date(2025, 2, 1), "month")] == [
        "2024-11", "2024-12", "2025-01", "2025-02"]
    with pytest.raises(QueryError):
        compute_series([], freq="year")
    with pytest.raises(QueryError):
        compute_series([], since="2025-13-01")
    with pytest.raises(QueryError):
        compute_series([], since="2025-03-01", until="2025-01-01")
    assert auto_freq("2025-01-01", "2025-01-20") == "day" and auto_freq("2024-01-01", "2025-01-01") == "week"
    assert auto_freq("2020-01-01", "2025-01-01") == "month"


def test_month_only_dates_and_compound_actors():
    evs = [
        {"source": {"code": "KORGOV", "country": "KOR"}, "target": {"code": "PRK", "country": "PRK"},
         "date": "2025-02", "quad_class": 1, "goldstein": 3.0, "modality": {}},
        {"source": {"code": "KORPRK", "country": None, "members": [{"code": "KOR", "country": "KOR"},
                                                                   {"code": "PRK", "country": "PRK"}]},
         "target": {"code": "USA", "country": "USA"}, "date": "2025-02-10", "quad_class": 1, "goldstein": 1.0,
         "modality": {}},
        {"source": {"code": "KORGOV", "country": "KOR"}, "target": {"code": "PRK", "country": "PRK"},
         "date": None, "quad_class": 1, "goldstein": 1.0, "modality": {}},
    ]
    m = compute_series(evs, dyad="KOR-PRK", freq="month")
    assert [(p.period, p.events) for p in m.points] == [("2025-02", 1)]
    assert m.excluded["undated"] == 1
    w = compute_series(evs, dyad="KOR-PRK", freq="week")
    assert w.points == [] and w.excluded["undated"] == 2
    assert compute_series(evs, dyad="PRK>USA", freq="month").points[0].events == 1  # through a member
    assert top_dyads(evs) == [("KOR-PRK", 2), ("KOR-USA", 1), ("PRK-USA", 1)]


def test_cli_series_formats(db):
    r = CliRunner().invoke(cli, ["series", "--dyad", "KOR-PRK", "--freq", "month", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert [p["events"] for p in d["points"]] == [3, 0, 1]
    assert d["points"][0]["index"] == round(-5 / 13, 6)
    r = CliRunner().invoke(cli, ["series", "--dyad", "KOR-PRK", "--db", str(db), "--format", "csv"])
    lines = r.output.splitlines()
    assert lines[0].startswith("period,start,end,events,") and lines[1].startswith("2025-01,2025-01-01,2025-01-31,3,1,0,2,0,")
    r = CliRunner().invoke(cli, ["series", "--dyad", "KOR-PRK", "--db", str(db)])
    assert r.exit_code == 0 and "2025-02" in r.output and "-0.385" in r.output
    r = CliRunner().invoke(cli, ["series", "--dyad", "KOR", "--db", str(db)])
    assert r.exit_code == 1 and "is not a dyad" in r.output
    r = CliRunner().invoke(cli, ["series", "--db", str(db)])
    assert r.exit_code == 2 and "--dyad" in r.output
    r = CliRunner().invoke(cli, ["series", "--dyad", "KOR-PRK", "--db", str(db.parent / "missing.db")])
    assert r.exit_code == 1 and "no database" in r.output


def _pipeline_ready() -> str | None:
    import peacewatch.events as ev_mod

    if not hasattr(ev_mod, "load_coder"):
        return "the event coder (peacewatch.events.load_coder) is not built yet"
    if not any((ROOT / "examples").rglob("*.txt")):
        return "examples/ is empty"
    return None


@pytest.mark.slow
def test_examples_monthly_kor_prk_recomputed_from_events_output(tmp_path):
    reason = _pipeline_ready()
    if reason:
        pytest.skip(reason)
    db = tmp_path / "examples.db"
    pw = [sys.executable, "-m", "peacewatch"]
    subprocess.run(pw + ["ingest", str(ROOT / "examples"), "--db", str(db)], check=False, capture_output=True,
                   timeout=600)
    out = subprocess.run(pw + ["series", "--dyad", "KOR-PRK", "--freq", "month", "--db", str(db), "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    series = json.loads(out)
    lines = subprocess.run(pw + ["events", "--db", str(db), "--format", "jsonl"], check=True, capture_output=True,
                           text=True).stdout.splitlines()
    # independent recomputation: plain Python over the exported records
    months: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        e = json.loads(line)
        keys = []
        for role in ("source", "target"):
            a = e.get(role) or {}
            code = (a.get("code") or "").upper()
            keys.append(code[:6] if code.startswith("IGO") else (a.get("country") or code[:3]))
        if sorted(keys) != ["KOR", "PRK"] or not e.get("date") or len(e["date"]) < 7:
            continue
        m = e["modality"]
        if m["historical"] or m["negated"] or m["hypothetical"]:
            continue
        months[e["date"][:7]].append(e)
    assert months, "the sample corpus has KOR-PRK events"
    got = {p["period"]: p for p in series["points"]}
    assert {p for p, v in got.items() if v["events"]} == set(months)
    for month, evs in months.items():
        c = sum(abs(e["goldstein"]) for e in evs if e["quad_class"] in (1, 2))
        k = sum(abs(e["goldstein"]) for e in evs if e["quad_class"] in (3, 4))
        p = got[month]
        assert p["events"] == len(evs)
        assert p["goldstein_sum"] == pytest.approx(sum(e["goldstein"] for e in evs), abs=1e-6)
        assert p["index"] == pytest.approx((c - k) / (c + k) if c + k else 0.0, abs=1e-6)
        assert p["mentions"] == sum(e.get("mentions", 1) for e in evs)
        for q, name in ((1, "verbal_cooperation"), (2, "material_cooperation"), (3, "verbal_conflict"),
                        (4, "material_conflict")):
            assert p[name] == sum(1 for e in evs if e["quad_class"] == q)
