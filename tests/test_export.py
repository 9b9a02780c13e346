"""Exports from a real store: JSONL records, flat CSV, GDELT 2.0 (read back with the csv module),
PLOVER JSONL checked against the PLOVER manual's fields and code tables, Parquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from peacewatch.analysis.synthetic import build_article
from peacewatch.cli import cli
from peacewatch.export import GDELT_COLUMNS, global_event_id
from peacewatch.store import Store
from test_series_corpus import build_store

# The GDELT 2.0 event table, column by column (GDELT Event Codebook V2.0, 2015-02-19).
GDELT_2_COLUMNS = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code
Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code
Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat
Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat
Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat
ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL""".split()

# From the PLOVER manual (openeventdata/PLOVER, PLOVER_MANUAL.tex, v0.8 "Data Fields" and event chapters).
PLOVER_REQUIRED = ("id", "date", "source", "event")
PLOVER_EVENTS = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "ACCUSE",
                 "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
                 "REQUEST"}  # REQUEST: the 2021 name of DEMAND used by the PLOVER/POLECAT 2021 mapping
PLOVER_MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "DEMAND": {"assist", "change", "yield", "meet"}, "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "general", "strike", "hunger", "boycott", "obstruct"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold"},
    "ASSAULT": {"abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "heavy-weapons", "cleansing", "massacre", "unconventional", "sideAB"},
}
PLOVER_CONTEXTS = {
    "military", "intelligence", "peacekeeping", "economic", "diplomatic", "resource", "disease", "enviro_disaster",
    "migration", "humanitarian", "asylum", "legal", "human_rights", "rights_freedoms", "gender", "lgbt", "terrorism",
    "human_security", "religion_ethnicity", "executive", "election", "legislative", "cbrn", "cyber",
    "political_institutions", "corruption", "crime", "illegal_drugs",
    "historical", "future", "hypothetical", "negation",  # the four special contexts
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = build_store(tmp_path_factory.mktemp("export") / "pw.db")
    tab = build_article("a-tab", "Tabbed\tline", ["Seoul\tofficials met Pyongyang envoys."], "2024-02-29",
                        url="https://news.example/tab\tx",
                        events=[{"s": 1, "source": ("KORGOV", "Seoul\tofficials"), "trigger": "met",
                                 "target": ("PRKGOV", "Pyongyang envoys"), "cameo": "040"}])
    with Store.open(path) as s:
        s.add(tab)
    return path


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))  # click >= 8.2 keeps stdout and stderr apart
    return r.exit_code, r.stdout, r.stderr


def test_jsonl_is_the_stored_records(db):
    code, out, _ = run("events", "--db", str(db))
    assert code == 0
    recs = [json.loads(line) for line in out.splitlines()]
    with Store.open(db, readonly=True) as s:
        assert recs == list(s.events())
    assert len(recs) == 11
    keys = {"event_id", "article_id", "sentence_index", "sentence", "date", "date_basis", "source", "target", "cameo",
            "cameo_root", "quad_class", "goldstein", "plover", "modality", "condition", "trigger", "rule", "confidence",
            "tracks"}
    assert all(keys <= set(r) for r in recs)
    code, out, _ = run("events", "--db", str(db), "--dyad", "KOR>PRK", "--not-negated", "--not-hypothetical")
    assert sorted(json.loads(x)["cameo"] for x in out.splitlines()) == ["036", "040", "057"]
    code, out, _ = run("events", "--db", str(db), "--historical")
    assert [json.loads(x)["cameo"] for x in out.splitlines()] == ["190"]


def test_gdelt_read_back(db, tmp_path):
    out = tmp_path / "events.tsv"
    code, _, _ = run("events", "--db", str(db), "--format", "gdelt", "--out", str(out))
    assert code == 0
    text = out.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == 11 and all(len(r) == 61 for r in rows)
    assert GDELT_COLUMNS == tuple(GDELT_2_COLUMNS) and len(GDELT_2_COLUMNS) == 61
    col = {name: i for i, name in enumerate(GDELT_2_COLUMNS)}
    recs = {global_event_id(e["event_id"]): e for e in (json.loads(x) for x in run("events", "--db", str(db))[1].splitlines())}
    for r in rows:
        e = recs[int(r[col["GLOBALEVENTID"]])]
        assert r[col["EventCode"]] == e["cameo"] and r[col["EventRootCode"]] == e["cameo"][:2]
        assert r[col["EventBaseCode"]] == e["cameo"][:3]
        assert len(r[col["SQLDATE"]]) == 8 and int(r[col["SQLDATE"]]) == int(e["date"].replace("-", ""))
        assert int(r[col["MonthYear"]]) == int(e["date"][:7].replace("-", "")) and int(r[col["Year"]]) == int(e["date"][:4])
        assert int(r[col["Year"]]) < float(r[col["FractionDate"]]) < int(r[col["Year"]]) + 1
        assert int(r[col["QuadClass"]]) == e["quad_class"]
        assert float(r[col["GoldsteinScale"]]) == pytest.approx(e["goldstein"])
        assert int(r[col["NumMentions"]]) == e["mentions"] == int(r[col["NumArticles"]])
        assert r[col["IsRootEvent"]] in ("0", "1")
        assert len(r[col["DATEADDED"]]) == 14 and r[col["DATEADDED"]].isdigit()
        assert r[col["Actor1Code"]] == (e["source"] or {}).get("code", "")
        for i in range(col["Actor1Geo_Type"], col["ActionGeo_FeatureID"] + 1):
            assert r[i] == ""  # we produce no geography
        assert r[col["AvgTone"]] == "" and r[col["NumSources"]] == ""
    leading = [r for r in rows if r[col["EventCode"]] in ("036", "057", "010", "040")]
    assert len(leading) == 4 and all(r[col["EventRootCode"]].startswith("0") for r in leading)
    by_code = {r[col["EventCode"]] + r[col["Actor1Code"]]: r for r in rows}
    un = by_code["111IGOUNOIAE"]
    assert (un[col["Actor1CountryCode"]], un[col["Actor1KnownGroupCode"]], un[col["Actor1Type1Code"]],
            un[col["Actor1Type2Code"]]) == ("", "UNO", "IGO", "IAE")
    kor = by_code["036KORGOV"]
    assert (kor[col["Actor1CountryCode"]], kor[col["Actor1Type1Code"]], kor[col["Actor2Code"]]) == ("KOR", "GOV", "PRKGOV")
    assert kor[col["SOURCEURL"]] == "https://news.example/a-jan" and kor[col["FractionDate"]] == "2025.0164"
    threat = by_code["138PRKGOV"]
    assert threat[col["NumMentions"]] == "2"  # the republished copy
    tab = by_code["040KORGOV"]
    assert tab[col["Actor1Name"]] == "Seoul officials" and tab[col["SOURCEURL"]] == "https://news.example/tab x"
    assert tab[col["FractionDate"]] == "2024.1639"  # day 60 of a 366-day year
    hdr = tmp_path / "h.tsv"
    run("events", "--db", str(db), "--format", "gdelt", "--header", "--out", str(hdr))
    assert hdr.read_text().splitlines()[0].split("\t") == GDELT_2_COLUMNS


def test_plover_against_the_manual(db, tmp_path):
    out = tmp_path / "p.jsonl"
    r = CliRunner().invoke(cli, ["events", "--db", str(db), "--format", "plover", "--out", str(out)])
    assert r.exit_code == 0
    assert "skipped 1 event (no PLOVER category)" in r.output  # the 010 statement
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(recs) == 10
    for rec in recs:
        for k in PLOVER_REQUIRED:
            assert rec[k] not in (None, [], "")
        assert isinstance(rec["source"], list) and isinstance(rec["recipient"], list)
        assert set(rec["event"]) <= PLOVER_EVENTS
        assert isinstance(rec["mode"], list) and isinstance(rec["context"], list)
        for m in rec["mode"]:
            assert m in PLOVER_MODES.get(rec["event"][0], set()), (rec["event"], m)
        assert set(rec["context"]) <= PLOVER_CONTEXTS
        assert rec["quad_code"] in (1, 2, 3, 4)
        for actor in rec["source"] + rec["recipient"]:
            assert {"code", "sector", "actor_text", "entity_text", "country"} <= set(actor)
        ti = rec["text_info"]
        assert ti["sequence"] >= 1 and ti["start"] < ti["event_start"] < ti["event_end"] <= ti["end"]
        assert ti["sentence"] == rec["text"]
        assert {"url", "article_id", "source", "citation"} <= set(rec["cite_info"])
        assert rec["event_text"] and rec["cameo"]
    by = {(r["cameo"], r["source"][0]["cameo_code"]): r for r in recs}
    neg = by[("071", "KORGOV")]
    assert "negation" in neg["context"] and neg["event"] == ["AID"]
    hist = by[("190", "PRKMIL")]
    assert "historical" in hist["context"]
    un = by[("111", "IGOUNOIAE")]
    assert un["source"][0]["code"] == "IGO" and un["recipient"][0]["code"] == "PRK"
    assert un["cite_info"]["url"] == "https://paper.example/a-mar" and un["mode"] == ["disapprove"]


def test_csv_and_parquet(db, tmp_path):
    code, out, _ = run("events", "--db", str(db), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 11
    assert {r["cameo"] for r in rows} >= {"036", "057", "010", "071"}
    r0 = next(r for r in rows if r["cameo"] == "036")
    assert (r0["source_code"], r0["target_code"], r0["goldstein"], r0["tracks"], r0["negated"]) == (
        "KORGOV", "PRKGOV", "4.0", "normalization", "false")
    pq_path = tmp_path / "e.parquet"
    code, _, _ = run("events", "--db", str(db), "--format", "parquet", "--out", str(pq_path))
    assert code == 0
    import pyarrow as pa
    import pyarrow.parquet as pq

    t = pq.read_table(pq_path)
    assert t.num_rows == 11
    assert t.schema.field("cameo").type == pa.string() and t.schema.field("goldstein").type == pa.float64()
    assert t.schema.field("tracks").type == pa.list_(pa.string()) and t.schema.field("negated").type == pa.bool_()
    assert sorted(t.column("cameo").to_pylist()).count("036") == 1 and "010" in t.column("cameo").to_pylist()
    code, out, _ = run("quotes", "--db", str(db), "--format", "csv")
    q = list(csv.DictReader(io.StringIO(out)))
    assert [x["text"] for x in q] == ["talks with Pyongyang", "We will answer any provocation", "A wise approach to peace"]
    assert q[2]["speaker_code"] == "IGOUNO" and q[2]["direct"] == "true"
    code, out, _ = run("quotes", "--db", str(db), "--speaker", "PRK")
    assert [json.loads(x)["text"] for x in out.splitlines()] == ["We will answer any provocation"]
    qp = tmp_path / "q.parquet"
    assert run("quotes", "--db", str(db), "--format", "parquet", "--out", str(qp))[0] == 0
    assert pq.read_table(qp).column("speaker_code").to_pylist() == ["KORGOV", "PRKGOV", "IGOUNO"]


def test_errors(db, tmp_path):
    r = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "no database" in r.output
    r = CliRunner().invoke(cli, ["events", "--db", str(db), "--since", "last week"])
    assert r.exit_code == 1 and "not a date" in r.output
    r = CliRunner().invoke(cli, ["events", "--db", str(db), "--format", "xml"])
    assert r.exit_code == 2
    r = CliRunner().invoke(cli, ["events", "--db", str(db), "--out", str(tmp_path / "no" / "dir.jsonl")])
    assert r.exit_code == 1 and "cannot write" in r.output


# --- spreadsheet formula injection -----------------------------------------------------------------

HOSTILE_SENTENCE = '=HYPERLINK("http://evil.example/x","Seoul") met Pyongyang envoys.'
HOSTILE_QUOTE = "-2+3 is what they owe"


def _hostile_store(path: Path) -> Path:
    art = build_article(
        "a-formula", "@SUM(1+1) headline", [HOSTILE_SENTENCE, f"\u201c{HOSTILE_QUOTE},\u201d said +Seoul."],
        "2025-02-03", url="https://news.example/formula",
        events=[{"s": 1, "source": ("KORGOV", '=HYPERLINK("http://evil.example/x","Seoul")'), "trigger": "met",
                 "target": ("PRKGOV", "Pyongyang envoys"), "cameo": "111", "condition": "\t=1+1",
                 "rule": "\r@rule"}],
        quotes=[{"s": 2, "text": HOSTILE_QUOTE, "speaker": ("KORGOV", "+Seoul"), "verb": "said", "direct": True}],
    )
    with Store.open(path) as s:
        assert s.add(art).status == "new"
    return path


def test_csv_guards_against_formula_injection(tmp_path):
    db = _hostile_store(tmp_path / "f.db")
    code, out, _ = run("events", "--db", str(db), "--format", "csv")
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["sentence"] == "'" + HOSTILE_SENTENCE
    assert row["source_text"] == row["source_name"] == "'=HYPERLINK(\"http://evil.example/x\",\"Seoul\")"
    assert row["condition"] == "'\t=1+1" and row["rule"] == "'\r@rule"
    assert row["goldstein"] == "-2.0"  # a number stays a number
    assert row["target_text"] == "Pyongyang envoys" and row["cameo"] == "111"
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values() if v != "-2.0")
    code, out, _ = run("quotes", "--db", str(db), "--format", "csv")
    (q,) = list(csv.DictReader(io.StringIO(out)))
    assert q["text"] == "'" + HOSTILE_QUOTE and q["speaker_text"] == "'+Seoul" and q["direct"] == "true"
    # the other formats stay exact
    code, out, _ = run("events", "--db", str(db), "--format", "jsonl")
    rec = json.loads(out)
    assert rec["sentence"] == HOSTILE_SENTENCE and rec["condition"] == "\t=1+1" and rec["rule"] == "\r@rule"
    code, out, _ = run("quotes", "--db", str(db), "--format", "jsonl")
    assert json.loads(out)["text"] == HOSTILE_QUOTE
    code, out, _ = run("events", "--db", str(db), "--format", "gdelt")
    (g,) = read_gdelt_rows(out)
    assert g[GDELT_COLUMNS.index("Actor1Name")] == '=HYPERLINK("http://evil.example/x","Seoul")'
    code, out, _ = run("events", "--db", str(db), "--format", "plover")
    pl = json.loads(out)
    assert pl["text"] == HOSTILE_SENTENCE and pl["source"][0]["actor_text"].startswith("=HYPERLINK")
    import pyarrow.parquet as pq

    assert run("events", "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "e.parquet"))[0] == 0
    t = pq.read_table(tmp_path / "e.parquet").to_pylist()[0]
    assert t["sentence"] == HOSTILE_SENTENCE and t["condition"] == "\t=1+1"
    assert run("quotes", "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "q.parquet"))[0] == 0
    assert pq.read_table(tmp_path / "q.parquet").to_pylist()[0]["text"] == HOSTILE_QUOTE


def read_gdelt_rows(text: str) -> list[list[str]]:
    from peacewatch.export import read_gdelt

    return read_gdelt(text)


def test_csv_safe_on_every_leading_character():
    from peacewatch.export import csv_safe

    for ch in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_safe(ch + "x") == "'" + ch + "x"
    for s in ("", "x=1", " =1", "'=1", "036", "2025-01-06", "Seoul"):
        assert csv_safe(s) == s
