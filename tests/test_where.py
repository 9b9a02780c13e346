"""The where stage: the gazetteer, reading the place of an event from the parse, the record, the
store's filters, the exports and the brief's map. Sentences written for these tests."""

from __future__ import annotations

import json
import math

import pytest

from peacewatch.errors import DictionaryError
from peacewatch.model import RawDocument
from peacewatch.store import SCHEMA_VERSION
from peacewatch.where import haversine_km, load_gazetteer
from peacewatch.where.gazetteer import fold, norm, read_places_table


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def pipe():
    from peacewatch.pipeline import Pipeline

    return Pipeline()


def locate(pipe, text: str, verb: str, *, dateline: str | None = None):
    """The where stage's reading for the event whose trigger is ``verb`` (parsed whatever the coder wants)."""
    from peacewatch.actors import find_actors
    from peacewatch.text import parse_articles, split_sentences

    article = pipe.prepare(RawDocument(origin="t", kind="jsonl", raw_text=text, meta={"id": "t"}))
    if dateline:
        article.dateline = dateline
    sentences = split_sentences(article.text, article.body_start)
    parsed = parse_articles([(article, sentences, find_actors(article, sentences, pipe.actor_dicts))])[0]
    at = article.text.index(verb)
    ps = parsed.sentence_at(at)
    return pipe.locator.locate_token(parsed, ps, ps.token_at(at))


# --- the gazetteer -----------------------------------------------------------------------------------


def test_names_fold_the_way_news_spells_them():
    assert norm("Şalāḩ ad Dīn") == "salah ad din"
    assert fold("Al Hillah") == fold("Hilla") == "hilla"
    assert fold("Fallujah") == fold("Falluja")
    assert norm("the West Bank") == "west bank"


def test_gazetteer_knows_places_geonames_and_our_table(gaz):
    def places(name):
        return [gaz.place(r) for r in gaz.lookup(name)]

    mosul = [p for p in places("Mosul") if p.feature == "city"][0]
    assert (mosul.country, mosul.admin1, mosul.geonames_id) == ("IRQ", "IQ.15", 99072)
    assert {p.country for p in places("Georgia")} >= {"GEO", "USA"}
    nll = places("NLL")[0]
    assert (nll.name, nll.feature, nll.key) == ("Northern Limit Line", "line", "pw:northern-limit-line")
    assert places("Sea of Japan")[0].key == places("East Sea")[0].key == "pw:east-sea"
    assert places("Panmunjom")[0].feature == "venue"
    assert places("West Bank")[0].fips == "WE"
    assert [p.country for p in places("Zaire") if p.feature == "country"] == ["COD"]
    anbar = [p for p in places("Anbar") if p.feature == "admin1"][0]
    assert anbar.country == "IRQ" and anbar.lat is not None  # a division's point: the mean of its towns
    assert gaz.place(gaz.country("KOR")).fips == "KS"
    assert gaz.by_key("pw:dmz") is not None and gaz.by_key("cc:PRK") == gaz.country("PRK")


def test_places_table_is_validated():
    with pytest.raises(DictionaryError, match="feature"):
        read_places_table("x\tX\t\tlake\t\t\t1\t2\n", {"KOR"})
    with pytest.raises(DictionaryError, match="ISO3"):
        read_places_table("x\tX\t\tsea\tKOREA\t\t1\t2\n", {"KOR"})
    with pytest.raises(DictionaryError, match="out of range"):
        read_places_table("x\tX\t\tsea\t\t\t91\t2\n", {"KOR"})
    rows = read_places_table("# c\nx\tX\tY|Z\tregion\tKOR\t\t37.5\t127\tKS\n", {"KOR"})
    assert rows[0]["aliases"] == ["Y", "Z"] and rows[0]["fips"] == "KS"


def test_gazetteer_loads_once(gaz):
    assert load_gazetteer() is gaz
    assert len(gaz) > 200_000


# --- reading the place of an event --------------------------------------------------------------------


@pytest.mark.parametrize("text, verb, name, country", [
    ("North Korea fired two ballistic missiles from the Sunan area toward the East Sea on Monday.", "fired",
     "Sunan", "PRK"),
    ("The North fired artillery shells near the Northern Limit Line, the military said.", "fired",
     "Northern Limit Line", None),
    ("Military officers of the two Koreas held talks at Panmunjom on Tuesday.", "held", "Panmunjom", None),
    ("Ukrainian troops attacked Russian positions in the Kursk region overnight.", "attacked", "Kursk region", "RUS"),
    ("Gunmen killed five policemen in Hilla, Iraq, on Sunday.", "killed", "Al Hillah", "IRQ"),
    ("A car bomb exploded at a market in the town of Tal Afar, west of Mosul.", "exploded", None, "IRQ"),
    ("Protesters demonstrated outside the embassy in central Seoul.", "demonstrated", "Seoul", "KOR"),
    ("Israeli troops shot dead a Palestinian in the West Bank town of Jenin.", "shot", "Janīn", "PSE"),
])
def test_the_trigger_s_phrase_places_the_event(pipe, text, verb, name, country):
    loc = locate(pipe, text, verb)
    assert loc is not None
    if name:
        assert loc.name == name
    assert loc.country == country
    assert loc.text and loc.text in text and text[loc.start:loc.end] == loc.text
    assert 0 < loc.confidence < 1


def test_sidelines_of_the_general_assembly_in_new_york(pipe):
    loc = locate(pipe, "Lee met Guterres on the sidelines of the UN General Assembly in New York.", "met")
    assert loc.country == "USA" and haversine_km(loc.lat, loc.lon, 40.71, -74.01) < 25
    assert loc.basis == "prepositional phrase of the trigger"


def test_an_actor_s_country_is_not_a_location(pipe):
    assert locate(pipe, "North Korea criticized South Korea and the United States.", "criticized") is None
    assert locate(pipe, "Seoul urged Pyongyang to return to talks.", "urged") is None


def test_context_chooses_between_same_named_places(pipe):
    lebanon = locate(pipe, "Lebanese troops clashed with gunmen in Tripoli, Lebanon's second city.", "clashed")
    libya = locate(pipe, "Libyan militias clashed in Tripoli.", "clashed")
    assert lebanon.country == "LBN" and libya.country == "LBY"


def test_dateline_when_the_sentence_names_no_place(pipe):
    loc = locate(pipe, "Police arrested three men on Monday.", "arrested", dateline="BAGHDAD, Iraq")
    assert (loc.name, loc.country, loc.basis) == ("Baghdad", "IRQ", "the story's dateline")
    assert loc.confidence < 0.5


def test_events_of_a_story_are_located_and_recorded(pipe):
    doc = RawDocument(origin="s", kind="jsonl", meta={"id": "s"}, raw_text=(
        "North Korea fired a ballistic missile toward the East Sea on Thursday, South Korea's military said. "
        "Japan protested the launch."))
    coded = pipe.code_document(doc)
    fired = [e for e in coded.events if e.trigger.text.startswith("fired")]
    assert fired and fired[0].location.key == "pw:east-sea"
    rec = fired[0].to_dict()["location"]
    assert set(rec) >= {"name", "country", "admin1", "lat", "lon", "geonames_id", "feature", "text", "start",
                        "end", "basis"}
    assert json.loads(json.dumps(rec)) == rec


def test_seed_events_keep_their_codes_and_the_meeting_is_at_the_un(pipe):
    from pathlib import Path

    from peacewatch.ingest import read_inputs

    seed = Path(__file__).resolve().parents[2] / "shared" / "seed" / "menafn-korea-un.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not there")
    doc = next(d for d in read_inputs([str(seed)], pipe.options))
    events = pipe.code_document(doc).events
    codes = sorted(e.cameo for e in events if e.source is not None)
    assert codes == sorted(["022", "040", "051", "032", "012", "100"])
    meeting = next(e for e in events if e.cameo == "040")
    assert meeting.location.key == "pw:un-headquarters" and meeting.location.country == "USA"


# --- store, exports, brief ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def located_store(tmp_path_factory, pipe):
    from peacewatch.store import Store

    lines = [
        {"id": "a1", "published": "2025-03-01", "text": "North Korea fired artillery shells near the Northern Limit Line on Friday."},
        {"id": "a2", "published": "2025-03-02", "text": "Military officers of the two Koreas held talks at Panmunjom on Saturday."},
        {"id": "a3", "published": "2025-03-03", "text": "Russian forces attacked Ukrainian troops in the Kursk region."},
        {"id": "a4", "published": "2025-03-04", "text": "North Korea criticized South Korea."},
    ]
    db = tmp_path_factory.mktemp("where") / "w.db"
    with Store.open(db) as store:
        for ln in lines:
            doc = RawDocument(origin=ln["id"], kind="jsonl", raw_text=ln["text"], meta=ln)
            store.add(pipe.code_document(doc))
    return db


def test_store_filters_by_country_and_distance(located_store):
    from peacewatch.errors import QueryError
    from peacewatch.store import Store

    with Store.open(located_store, readonly=True) as s:
        assert s.schema_version == SCHEMA_VERSION
        all_ev = list(s.events())
        located = [e for e in all_ev if e.get("location")]
        assert located and len(located) < len(all_ev)  # "criticized" has no place
        rus = list(s.events(country="rus"))
        assert rus and all(e["location"]["country"] == "RUS" for e in rus)
        near = list(s.events(near="37.95,126.68,30"))  # Panmunjom
        assert {e["location"]["name"] for e in near} == {"Panmunjom"}
        assert {e["location"]["name"] for e in s.events(near=(37.95, 126.68, 150))} >= {"Panmunjom",
                                                                                       "Northern Limit Line"}
        assert s.count_events(located=False) == len(all_ev) - len(located)
        key = near[0]["location"]["key"]
        assert [e["event_id"] for e in s.events(place=key)] == [e["event_id"] for e in near]
        counts = s.place_counts()
        assert sum(c["events"] for c in counts) == len([e for e in located if e["location"]["lat"] is not None])
        for bad in ({"country": "Korea"}, {"near": "37,127"}, {"near": "95,0,10"}, {"near": "1,2,-3"}):
            with pytest.raises(QueryError):
                list(s.events(**bad))


def test_events_cli_country_and_near(located_store):
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "peacewatch", "events", "--db", str(located_store), *args],
                              capture_output=True, text=True, timeout=120)

    r = run("--country", "RUS")
    assert r.returncode == 0 and r.stdout.strip()
    assert all(json.loads(ln)["location"]["country"] == "RUS" for ln in r.stdout.splitlines())
    r = run("--near", "37.95,126.68,30", "--format", "csv")
    assert r.returncode == 0 and "Panmunjom" in r.stdout and "location_country" in r.stdout.splitlines()[0]
    r = run("--near", "north,2,3")
    assert r.returncode != 0 and "LAT,LON,KM" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_gdelt_action_geo_and_plover_location(located_store):
    import io

    from peacewatch.export import GDELT_COLUMNS, export_events, read_gdelt
    from peacewatch.store import Store

    buf = io.StringIO()
    with Store.open(located_store, readonly=True) as s:
        export_events(s, "gdelt", buf)
        events = list(s.events())
        pl = io.StringIO()
        export_events(s, "plover", pl)
    rows = read_gdelt(buf.getvalue())
    assert len(rows) == len(events) and all(len(r) == 61 for r in rows)
    col = {c: i for i, c in enumerate(GDELT_COLUMNS)}
    for row, ev in zip(rows, events):
        loc = ev.get("location")
        geo = [row[col[f"ActionGeo_{f}"]] for f in ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long")]
        if loc is None:
            assert geo == [""] * 6
            continue
        assert geo[0] in "12345" and geo[1]
        assert float(geo[4]) == pytest.approx(loc["lat"], abs=1e-4) and float(geo[5]) == pytest.approx(loc["lon"], abs=1e-4)
        if loc["country"] == "RUS":
            assert geo[2] == "RS" and geo[3].startswith("RS")  # FIPS 10-4, as GDELT writes it
    kursk = next(r for r in rows if r[col["ActionGeo_CountryCode"]] == "RS")
    assert kursk[col["ActionGeo_Type"]] == "5"  # a region inside a country: a first-level division's type
    recs = [json.loads(ln) for ln in pl.getvalue().splitlines()]
    located = [r for r in recs if r.get("event_loc")]
    assert located and all(set(r["event_loc"]) >= {"geonameid", "name", "latitude", "longitude", "cc3"}
                           for r in located)


def test_gdelt_geo_types():
    from peacewatch.export import gdelt_geo

    city = {"name": "Seoul", "country": "KOR", "admin1": "KR.11", "lat": 37.566, "lon": 126.9784, "geonames_id": 1835848,
            "feature": "city", "fips": "KS", "full_name": "Seoul, Seoul, South Korea"}
    assert gdelt_geo(city) == ["4", "Seoul, Seoul, South Korea", "KS", "KS11", "", "37.5660", "126.9784", "1835848"]
    us = {**city, "country": "USA", "admin1": "US.NY", "fips": "US", "geonames_id": 5128581}
    assert gdelt_geo(us)[:4] == ["3", "Seoul, Seoul, South Korea", "US", "USNY"]
    state = {**us, "feature": "admin1", "geonames_id": None}
    assert gdelt_geo(state)[0] == "2" and gdelt_geo(state)[-1] == "USNY"
    country = {"name": "North Korea", "country": "PRK", "admin1": None, "lat": 40.1, "lon": 127.2,
               "feature": "country", "fips": "KN"}
    assert gdelt_geo(country)[:4] == ["1", "North Korea", "KN", "KN"] and gdelt_geo(country)[-1] == "KN"
    west_bank = {"name": "West Bank", "country": "PSE", "admin1": None, "lat": 31.95, "lon": 35.25,
                 "feature": "region", "fips": "WE", "key": "pw:west-bank"}
    assert gdelt_geo(west_bank)[0] == "1"
    assert gdelt_geo(None) == [""] * 8


def test_plover_location_country_code_without_admin1():
    # a country, sea or region has no first-level code: the ISO2 code comes from the gazetteer
    # (it used to import pycountry, which is not a dependency, and failed with ModuleNotFoundError)
    from peacewatch.export import plover_location

    country = {"name": "North Korea", "country": "PRK", "admin1": None, "lat": 40.1, "lon": 127.2,
               "feature": "country", "fips": "KN", "key": "cc:PRK"}
    got = plover_location(country)
    assert got is not None
    assert got["country code"] == "KP" and got["cc3"] == "PRK" and got["admin1 code"] is None
    assert got["feature class"] == "A" and got["feature code"] == "PCLI"
    kosovo = plover_location({**country, "name": "Kosovo", "country": "XKX", "key": "cc:XKX"})
    assert kosovo is not None and kosovo["country code"] == "XK"
    sea = plover_location({"name": "East Sea", "country": None, "admin1": None, "lat": 40.0, "lon": 135.0,
                           "feature": "sea", "key": "pw:east-sea"})
    assert sea is not None and sea["country code"] is None
    city = plover_location({"name": "Seoul", "country": "KOR", "admin1": "KR.11", "feature": "city"})
    assert city is not None and city["country code"] == "KR" and city["admin1 code"] == "11"


def test_brief_has_a_map_linked_to_its_sentences(located_store, tmp_path):
    from peacewatch.report import write_report
    from peacewatch.store import Store

    with Store.open(located_store, readonly=True) as s:
        out = write_report(s, tmp_path / "b.html", since="2025-03-01", until="2025-03-31")
    html = out.read_text()
    assert '<svg id="map"' in html and html.count("<circle") >= 2
    anchors = [a.split('"')[0] for a in html.split('<a href="#')[1:]]
    assert anchors and all(f'id="{a}"' in html for a in anchors)
    assert "Panmunjom" in html and "http://" not in html.split("<body>", 1)[1].split('xmlns="http://www.w3.org/2000/svg"')[0]


def test_evaluate_reads_event_location_gold(tmp_path):
    from peacewatch.evaluation.gold import detect_format
    from peacewatch.evaluation.runner import Evaluator

    recs = [
        {"id": "geo-0000000001", "text": "Gunmen killed five policemen in Hilla on Sunday.", "verb": "killed",
         "event_span": {"start": 7, "end": 13}, "gold_country": "IRQ", "gold_country_alt": [],
         "gold_lat": 32.46367, "gold_lon": 44.41963, "gold_location": "Hilla"},
        {"id": "geo-0000000002", "text": "Thousands marched in Paris against the reform.", "verb": "marched",
         "event_span": {"start": 10, "end": 17}, "gold_country": "FRA", "gold_country_alt": [],
         "gold_lat": 48.85341, "gold_lon": 2.3488, "gold_location": "Paris"},
        {"id": "geo-0000000003", "text": "Rebels captured the province of Idlib.", "verb": "captured",
         "event_span": {"start": 7, "end": 15}, "gold_country": "SYR", "gold_country_alt": [],
         "gold_lat": None, "gold_lon": None, "gold_location": "Idlib"},
    ]
    p = tmp_path / "loc.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in recs))
    assert detect_format(p) == "event-location"
    res = Evaluator().evaluate(p)
    st = res.figures["stage"]
    assert st["sentences"] == 3 and st["country"] == 100.0 and st["within_25km"] == 100.0 and st["coverage"] == 100.0
    assert set(res.figures) >= {"records", "baseline_first_place", "sentences_with_a_record"}


def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.1)
    assert math.isclose(haversine_km(37.5, 127, 37.5, 127), 0.0)


def test_migration_0003_fills_the_location_columns_of_a_version_2_database(tmp_path):
    """0003 (locations) and then 0004 (the dataset: incomplete flags, sides, dyads) on a file made
    before both: every later migration runs on what 0003 left."""
    import sqlite3
    from importlib import resources

    from peacewatch.store import Store

    db = tmp_path / "v2.db"
    con = sqlite3.connect(db)
    for name in ("0001_initial.sql", "0002_stances.sql"):
        sql = resources.files("peacewatch.store").joinpath("migrations", name).read_text(encoding="utf-8")
        con.executescript(f"BEGIN;\n{sql}\n;COMMIT;")
    con.execute("PRAGMA user_version = 2")
    con.execute("INSERT INTO articles(article_id, origin, text, content_hash, body_hash, ingested_at) "
                "VALUES ('a', 'a.txt', 'x', 'h', 'b', '2025-01-01')")
    loc = {"name": "Panmunjom", "country": None, "admin1": None, "lat": 37.96, "lon": 126.68, "key": "pw:panmunjom"}
    prk = {"code": "PRKGOV", "country": "PRK"}
    kor = {"code": "KORGOV", "country": "KOR"}
    for eid, rec in (("e1", {"event_id": "e1", "source": prk, "target": kor, "location": loc}),
                     ("e2", {"event_id": "e2", "source": kor, "target": prk, "location": None}),
                     ("e3", {"event_id": "e3", "source": {"code": "---GOV"}, "target": prk, "location": loc})):
        con.execute("INSERT INTO events(event_id, article_id, cameo, record) VALUES (?, 'a', '040', ?)",
                    (eid, json.dumps(rec)))
    con.commit()
    con.close()
    with Store.open(db) as s:
        assert s.schema_version == SCHEMA_VERSION >= 4
        assert [e["event_id"] for e in s.events(near="37.96,126.68,5")] == ["e1"]
        assert [e["event_id"] for e in s.events(near="37.96,126.68,5", incomplete=True)] == ["e3"]
        assert [e["event_id"] for e in s.events(located=False)] == ["e2"]
        assert [e["event_id"] for e in s.events(dyad="PRK>KOR")] == ["e1"]
        assert s.conn.execute("SELECT event_id, incomplete, location_key FROM events ORDER BY 1").fetchall() == [
            ("e1", 0, "pw:panmunjom"), ("e2", 0, None), ("e3", 1, "pw:panmunjom")]
