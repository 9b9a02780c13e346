"""`peacewatch actors show` and `peacewatch actors unknown`, through click's CliRunner."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from peacewatch.actors import ActorDictionaries
from peacewatch.actors.unknown import candidates, unknown_names
from peacewatch.cli import cli


def test_show_table_on_two_dates():
    r = CliRunner().invoke(cli, ["actors", "show", "Lee Jae Myung", "--date", "2024-01-02"])
    assert r.exit_code == 0, r.output
    assert "Lee Jae Myung on 2024-01-02: KOROPP" in r.output
    for s in ("KORGOV", "2025-06-04", "President of South Korea", "people.txt"):
        assert s in r.output
    r = CliRunner().invoke(cli, ["actors", "show", "Lee Jae-myung", "--date", "2025-09-24", "--format", "json"])
    data = json.loads(r.output)
    assert data["code"] == "KORGOV" and data["entries"][0]["name"] == "Lee Jae Myung"
    assert [x["in_force"] for x in data["entries"][0]["roles"]] == [True, False, False]


def test_show_phrase_and_unknown_name_and_bad_date():
    r = CliRunner().invoke(cli, ["actors", "show", "North Korea's foreign ministry", "--format", "json"])
    assert json.loads(r.output)["code"] == "PRKGOV"
    r = CliRunner().invoke(cli, ["actors", "show", "Zzyzx Qwerty"])
    assert r.exit_code == 0 and "no code" in r.output and "No dictionary entry" in r.output
    r = CliRunner().invoke(cli, ["actors", "show", "Seoul", "--date", "24/09/2025"])
    assert r.exit_code != 0 and "YYYY-MM-DD" in r.output


def test_show_with_user_petrarch_dictionary(tmp_path):
    (tmp_path / "mine.actors.txt").write_text("GONDOR [GON]\n+MINAS_TIRITH\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["actors", "show", "Minas Tirith", "--dictionaries", str(tmp_path), "--no-builtin", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["code"] == "GON"


def _db(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE articles(article_id TEXT PRIMARY KEY, text TEXT, published TEXT, title TEXT)")
    con.execute('CREATE TABLE sentences(article_id TEXT, idx INTEGER, start INTEGER, "end" INTEGER, text TEXT)')
    stories = {
        "a1": ["Marshal Ri Pyong Chol inspected the Sohae Satellite Launching Station on Monday.",
               "Kim Jong Un praised the Sohae Satellite Launching Station.",
               "The Sohae Satellite Launching Station is in the north west."],
        "a2": ["In March, Ri Pyong Chol met Choe Son Hui.", "The Blue Dragon Committee and Ri Pyong Chol spoke.",
               "Seoul said nothing."],
    }
    for aid, sents in stories.items():
        con.execute("INSERT INTO articles VALUES (?,?,?,?)", (aid, " ".join(sents), "2024-03-01", aid))
        pos = 0
        for i, s in enumerate(sents):
            con.execute("INSERT INTO sentences VALUES (?,?,?,?,?)", (aid, i, pos, pos + len(s), s))
            pos += len(s) + 1
    con.commit()
    con.close()


def test_unknown_on_a_real_sqlite_db(tmp_path):
    db = tmp_path / "pw.db"
    _db(db)
    rows = unknown_names(db, ActorDictionaries.from_paths([]), limit=10, min_count=2)
    got = {r.name: (r.count, r.articles) for r in rows}
    assert got == {"Sohae Satellite Launching Station": (3, 1), "Ri Pyong Chol": (3, 2)}
    r = CliRunner().invoke(cli, ["actors", "unknown", "--db", str(db), "--format", "json", "--min-count", "1"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    names = [x["name"] for x in data]
    assert names[:2] == ["Sohae Satellite Launching Station", "Ri Pyong Chol"] or names[:2] == ["Ri Pyong Chol", "Sohae Satellite Launching Station"]
    assert "Blue Dragon Committee" in names and "Marshal Ri Pyong Chol" not in names[:2]
    for known in ("Kim Jong Un", "Choe Son Hui", "Seoul", "March", "Monday", "In March"):
        assert known not in names
    ex = next(x for x in data if x["name"] == "Blue Dragon Committee")
    assert ex["example"] == "The Blue Dragon Committee and Ri Pyong Chol spoke." and ex["example_article"] == "a2"
    r = CliRunner().invoke(cli, ["actors", "unknown", "--db", str(db)])
    assert r.exit_code == 0 and "Sohae Satellite Launching Station" in r.output


def test_unknown_without_db_is_one_line_error(tmp_path):
    r = CliRunner().invoke(cli, ["actors", "unknown", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1
    lines = [x for x in r.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "peacewatch ingest" in lines[0]


def test_candidates_rules():
    assert candidates("The Sohae Station of the Korean Workers opened on Monday in Pyongyang.") == [
        "Sohae Station of the Korean Workers", "Pyongyang"]
    assert candidates("Yesterday was quiet.") == []
    assert candidates("He met Lee, Kim and the Ministry of Unification.") == ["Lee", "Kim", "Ministry of Unification"]
