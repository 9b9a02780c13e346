"""Stances in the store: migration 0002, Store.add writing them, Store.stances reading them, on real
SQLite files; the seed story through the real ingest runner."""

from __future__ import annotations

import dataclasses
import sqlite3
from importlib import resources

import pytest

from peacewatch.config import Options
from peacewatch.errors import QueryError
from peacewatch.model import ActorRef, Article, CodedArticle, Sentence, Span
from peacewatch.stances import Stance
from peacewatch.store import SCHEMA_VERSION, Store

# --- records written for these tests ----------------------------------------------------------------

BODY = (
    "Seoul unveiled a plan to reopen the liaison office on Monday. Tokyo welcomed the plan. "
    "Pyongyang rejected the plan and said any talks would only be possible once the drills stop."
)


def _article(aid: str, published: str | None, body: str = BODY) -> Article:
    title = f"Liaison office plan {aid}"
    text = f"{title}\n\n{body}"
    return Article(article_id=aid, origin=f"test/{aid}.txt", kind="text", raw_text=text, text=text,
                   body_start=len(title) + 2, title=title, source="TEST", published=published)


def _ref(text: str, phrase: str, code: str, name: str) -> ActorRef:
    at = text.index(phrase)
    return ActorRef(code, code[:3], code[3:] or None, name, phrase, at, at + len(phrase), "test")


def _coded(aid: str, published: str | None, body: str = BODY) -> CodedArticle:
    a = _article(aid, published, body)
    t = a.text
    sents = []
    for i, piece in enumerate([a.title] + [p + "." for p in body.rstrip(".").split(". ")]):
        at = t.index(piece)
        sents.append(Sentence(i, at, at + len(piece), piece))
    seoul = _ref(t, "Seoul", "KORGOV", "Seoul")
    tokyo = _ref(t, "Tokyo", "JPNGOV", "Tokyo")
    pyong = _ref(t, "Pyongyang", "PRKGOV", "Pyongyang")
    plan = t.index("a plan to reopen")
    plan_end = t.index(" on ", plan)
    pspan = Span(t[plan:plan_end], plan, plan_end)
    pid = f"{aid}-plan"

    def st(actor: ActorRef, stance: str, si: int, mention: str, condition: str | None = None) -> Stance:
        s = sents[si]
        m = t.index(mention, s.start)
        return Stance(article_id=aid, proposal=pspan, mention=Span(mention, m, m + len(mention)), proposal_id=pid,
                      actor=actor, stance=stance, condition=condition, sentence_index=si,
                      evidence=Span(s.text, s.start, s.end), rule="test", date=published)

    stances = [
        st(seoul, "proposes", 1, "a plan"),
        st(tokyo, "welcomes", 2, "the plan"),
        st(pyong, "rejects", 3, "the plan"),
        st(pyong, "conditions", 3, "any talks", "the drills stop"),
    ]
    return CodedArticle(article=a, sentences=sents, actors=[seoul, tokyo, pyong], stances=stances)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "pw.db"


# --- writing and reading -----------------------------------------------------------------------------


def test_add_writes_every_stance_with_its_columns_and_record(db):
    c = _coded("a1", "2025-03-04")
    with Store.open(db) as s:
        r = s.add(c)
        assert r.status == "new" and r.stances == 4
        rows = s.conn.execute(
            "SELECT stance_id, article_id, sentence_index, date, actor_code, actor_country, actor_name, stance, "
            "proposal, proposal_id, condition, event_id, rule FROM stances ORDER BY rid").fetchall()
        assert [(x[4], x[7], x[2], x[10]) for x in rows] == [
            ("KORGOV", "proposes", 1, None), ("JPNGOV", "welcomes", 2, None),
            ("PRKGOV", "rejects", 3, None), ("PRKGOV", "conditions", 3, "the drills stop"),
        ]
        assert {x[1] for x in rows} == {"a1"} and {x[3] for x in rows} == {"2025-03-04"}
        assert {x[8] for x in rows} == {"a plan to reopen the liaison office"}
        assert {x[9] for x in rows} == {"a1-plan"}
        assert rows[1][5:7] == ("JPN", "Tokyo") and rows[0][11] is None and rows[0][12] == "test"
        assert [x[0] for x in rows] == [st.stance_id for st in c.stances]
        got = list(s.stances())
        assert got == [st.to_dict() for st in c.stances]
        assert s.summary()["stances"] == 4


def test_stance_filters_and_paging(db):
    with Store.open(db) as s:
        s.add(_coded("a1", "2025-03-04"))
        s.add(_coded("b2", "2025-05-20", BODY.replace("Monday", "Friday").replace("liaison office", "rail link")))
        s.add(_coded("c3", None, BODY.replace("Monday", "Sunday").replace("liaison office", "joint fishing zone")))
        assert s.count_stances() == 12
        assert [d["article_id"] for d in s.stances()] == ["a1"] * 4 + ["b2"] * 4 + ["c3"] * 4  # undated last
        assert {d["article_id"] for d in s.stances(since="2025-04")} == {"b2"}
        assert {d["article_id"] for d in s.stances(until="2025-03")} == {"a1"}
        assert {d["article_id"] for d in s.stances(since="2025-03-04", until="2025-03-04")} == {"a1"}
        # actor: the country code or a code prefix
        assert [d["actor"]["code"] for d in s.stances(actor="PRK", article_id="a1")] == ["PRKGOV", "PRKGOV"]
        assert [d["stance"] for d in s.stances(actor="jpngov")] == ["welcomes"] * 3
        assert s.count_stances(actor="USA") == 0
        conds = list(s.stances(stance="conditions"))
        assert [d["condition"] for d in conds] == ["the drills stop"] * 3
        page = list(s.stances(limit=5, offset=3))
        assert [(d["article_id"], d["stance"]) for d in page] == [
            ("a1", "conditions"), ("b2", "proposes"), ("b2", "welcomes"), ("b2", "rejects"), ("b2", "conditions")]
        assert list(s.stances(article_id="nope")) == []


@pytest.mark.parametrize("filters, msg", [
    ({"speaker": "PRK"}, "unknown stance filter 'speaker'"),
    ({"stance": "likes"}, "is not a stance"),
    ({"since": "March"}, "is not a date"),
    ({"limit": -1}, "is below 0"),
    ({"offset": "x"}, "is not a whole number"),
])
def test_bad_stance_filters_raise_query_error(db, filters, msg):
    with Store.open(db) as s:
        with pytest.raises(QueryError, match=msg):
            list(s.stances(**filters))


def test_duplicate_article_stores_no_second_set_of_stances(db):
    with Store.open(db) as s:
        s.add(_coded("a1", "2025-03-04"))
        r = s.add(_coded("a1-copy", "2025-03-05"))  # same body: an exact copy
        assert r.status == "duplicate" and r.stances == 0
        assert s.count_stances() == 4


def test_a_bad_stance_rolls_back_the_whole_article(db):
    c = _coded("a1", "2025-03-04")
    c.stances.append({"stance_id": "", "actor": {"code": "X"}})
    with Store.open(db) as s:
        with pytest.raises(Exception, match="no stance_id"):
            s.add(c)
        assert s.summary()["articles"] == 0 and s.count_stances() == 0


def test_stances_are_read_from_a_read_only_store(db):
    with Store.open(db) as s:
        s.add(_coded("a1", "2025-03-04"))
    with Store.open(db, readonly=True) as ro:
        assert [d["stance"] for d in ro.stances(actor="KOR")] == ["proposes"]


# --- migration from a version 1 database -------------------------------------------------------------


def test_migration_0002_adds_the_table_to_a_version_1_database_without_losing_data(db):
    sql = resources.files("peacewatch.store").joinpath("migrations", "0001_initial.sql").read_text(encoding="utf-8")
    con = sqlite3.connect(db)
    con.executescript(f"BEGIN;\n{sql}\n;PRAGMA user_version = 1;\nCOMMIT;")
    con.execute(
        "INSERT INTO articles(article_id, origin, text, body_start, published, content_hash, body_hash, ingested_at) "
        "VALUES ('old1', 'old/1.txt', 'Old headline\n\nAn old body.', 14, '2011-01-02', 'h1', 'b1', '2011-01-02')")
    con.execute(
        "INSERT INTO quotes(quote_id, article_id, date, text, direct, record, speaker) "
        "VALUES ('q1', 'old1', '2011-01-02', 'An old quote', 1, '{\"quote_id\": \"q1\"}', 'PRK')")
    con.commit()
    assert "stances" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()

    with Store.open(db) as s:
        assert s.schema_version == SCHEMA_VERSION >= 2  # and every later migration
        assert s.summary()["articles"] == 1 and s.summary()["quotes"] == 1 and s.summary()["stances"] == 0
        assert [q["quote_id"] for q in s.quotes()] == ["q1"]
        assert [h.id for h in s.search("old", kinds=["articles"])] == ["old1"]
        cols = [r[1] for r in s.conn.execute("PRAGMA table_info(stances)")]
        assert cols[1:] == ["stance_id", "article_id", "sentence_index", "date", "actor_code", "actor_country",
                            "actor_name", "stance", "proposal", "proposal_id", "condition", "event_id", "rule",
                            "record"]
        s.add(_coded("a1", "2025-03-04"))
        assert s.count_stances() == 4
        # stances go with their article (ON DELETE CASCADE)
        with s.transaction():
            s.conn.execute("DELETE FROM articles WHERE article_id = 'a1'")
        assert s.count_stances() == 0 and s.summary()["articles"] == 1


def test_a_version_1_file_opened_read_only_asks_to_be_migrated(db):
    sql = resources.files("peacewatch.store").joinpath("migrations", "0001_initial.sql").read_text(encoding="utf-8")
    con = sqlite3.connect(db)
    con.executescript(f"BEGIN;\n{sql}\n;PRAGMA user_version = 1;\nCOMMIT;")
    con.close()
    from peacewatch.errors import StoreError

    with pytest.raises(StoreError, match="open it once for writing"):
        Store.open(db, readonly=True)


# --- the seed story through the real ingest runner ---------------------------------------------------


def test_seed_ingested_gives_the_un_welcome_and_the_north_korean_condition(seed_path, tmp_path):
    from peacewatch.runner import ingest

    opts = dataclasses.replace(Options(), db=tmp_path / "seed.db")
    summary = ingest([str(seed_path)], opts)
    assert summary.new == 1 and summary.failed == 0
    with Store.open(opts.db, readonly=True) as s:
        rows = list(s.stances())
        assert rows, "the seed story stored no stance"
        welcome = [d for d in s.stances(stance="welcomes")]
        assert [(d["actor"]["code"], d["mention"]["text"], d["proposal"]["text"]) for d in welcome] == [
            ("IGOUNO", "the proposal", "a new initiative aimed at promoting dialogue with North Korea")]
        assert welcome[0]["date"] == "2025-09-24"
        assert welcome[0]["evidence"]["text"].startswith("The UN leader welcomed the proposal")
        cond = list(s.stances(actor="PRK", stance="conditions"))
        assert len(cond) == 1
        assert cond[0]["actor"]["country"] == "PRK"
        assert cond[0]["condition"] == "its status as a nuclear state is formally recognized"
        assert cond[0]["proposal"]["text"] == "any talks with outside powers"
        # the columns agree with the record
        col = s.conn.execute("SELECT actor_code, stance, condition, date FROM stances WHERE stance_id = ?",
                             (cond[0]["stance_id"],)).fetchone()
        assert col == (cond[0]["actor"]["code"], "conditions", cond[0]["condition"], "2025-09-24")
        # the same input again stores nothing more
    again = ingest([str(seed_path)], opts)
    assert again.new == 0
    with Store.open(opts.db, readonly=True) as s:
        assert s.count_stances() == len(rows)
