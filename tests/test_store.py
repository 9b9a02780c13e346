"""peacewatch.store.Store on real SQLite files: migrations, dedupe, atomic add, filters, read-only."""

from __future__ import annotations

import sqlite3

import pytest

from peacewatch.errors import QueryError, StoreError
from peacewatch.model import (
    ActorRef,
    Article,
    CodedArticle,
    Event,
    Modality,
    Plover,
    Quote,
    Sentence,
    Span,
)
from peacewatch.store import SCHEMA_VERSION, Store

# --- stories written for these tests ---------------------------------------------------------------

TALKS = (
    "The foreign ministers of South Korea and North Korea met in the border village of Panmunjom on "
    "Tuesday and agreed to reopen the liaison office that was closed last year, a spokesman said. The "
    "talks lasted four hours and covered family reunions, the railway project and a joint survey of "
    "the river estuary. Both sides said they would meet again before the end of the month."
)
FLOODS = (
    "Heavy rain flooded the subway lines of the capital for a second day on Wednesday, and the city "
    "government urged residents of low-lying districts to stay at home. Rescue teams used boats to "
    "reach an apartment block where the water had risen to the first floor. The weather office said "
    "the rain would ease by Friday but warned of landslides in the hills north of the city."
)
GREETING_A = (
    "Kim Jong Un sent a message of greeting to the President of Laos on the national day of the "
    "republic. The message expressed the belief that the friendly relations between the two parties "
    "and peoples would grow stronger and wished the president success in his responsible work for the "
    "prosperity of the country and the wellbeing of its people in the coming years."
)
GREETING_B = GREETING_A.replace("Laos", "Cuba").replace("national day of the republic", "anniversary of the revolution")


def article(aid: str, body: str, *, title: str = "Headline", origin: str | None = None,
            published: str | None = "2025-09-24") -> Article:
    text = f"{title}\n\n{body}"
    return Article(article_id=aid, origin=origin or f"test/{aid}.txt", kind="text", raw_text=text,
                   text=text, body_start=len(title) + 2, title=title, source="TEST", published=published)


def actor(code: str, country: str, sector: str | None, name: str, text: str, start: int) -> ActorRef:
    return ActorRef(code=code, country=country, sector=sector, name=name, text=text, start=start,
                    end=start + len(text), resolution="test")


def coded(aid: str, body: str, *, events: list[dict] | None = None, quotes: list[dict] | None = None,
          **kw) -> CodedArticle:
    a = article(aid, body, **kw)
    # two sentences: headline and body
    sents = [Sentence(0, 0, len(a.title or ""), a.title or ""), Sentence(1, a.body_start, len(a.text), a.body)]
    evs = []
    for i, e in enumerate(events or []):
        src = actor(e["source"], e["source"][:3], e["source"][3:] or None, e["source"], e["source"], a.body_start + i)
        tgt = (actor(e["target"], e["target"][:3], e["target"][3:] or None, e["target"], e["target"], a.body_start + 40)
               if e.get("target") else None)
        evs.append(Event(
            article_id=aid, sentence_index=1, sentence=a.body[:120], date=e.get("date", a.published),
            date_basis="test", source=src, target=tgt, cameo=e["cameo"], cameo_root=e["cameo"][:2],
            quad_class=e.get("quad", 1), goldstein=e.get("goldstein", 1.0),
            plover=Plover(e["plover"], "m", ["diplomatic"]) if e.get("plover") else None,
            modality=Modality(**e.get("modality", {})), condition=None,
            trigger=Span(e.get("trigger", "met"), a.body_start + 10 + i, a.body_start + 13 + i),
            rule="test", confidence=0.9, tracks=e.get("tracks", []),
        ))
    qs = [
        Quote(article_id=aid, date=q.get("date", a.published), text=q["text"], direct=q.get("direct", True),
              start=a.body_start + 5, end=a.body_start + 5 + len(q["text"]), verb="said",
              speaker=actor(q["speaker"], q["speaker"][:3], q["speaker"][3:] or None, q.get("name", "X"), "he",
                            a.body_start), tracks=q.get("tracks", []))
        for q in (quotes or [])
    ]
    return CodedArticle(article=a, sentences=sents, actors=[e.source for e in evs if e.source], events=evs,
                        quotes=qs, tracks=sorted({t for e in evs for t in e.tracks}))


@pytest.fixture
def db(tmp_path):
    return tmp_path / "pw.db"


# --- opening and migrations ------------------------------------------------------------------------


def test_migrates_from_empty_and_reopens_idempotently(db):
    with Store.open(db) as s:
        assert s.schema_version == SCHEMA_VERSION >= 1
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
        for t in ("articles", "article_copies", "sentences", "actor_mentions", "events", "quotes", "lsh_buckets",
                  "articles_fts", "events_fts", "quotes_fts", "settings"):
            assert t in tables
        s.add(coded("a1", TALKS))
    with Store.open(db) as s:  # second open applies nothing and keeps the data
        assert s.schema_version == SCHEMA_VERSION
        assert s.summary()["articles"] == 1
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_future_schema_version_is_refused(db):
    Store.open(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="upgrade peacewatch"):
        Store.open(db)
    with pytest.raises(StoreError, match="upgrade peacewatch"):
        Store.open(db, readonly=True)


def test_not_a_database_and_missing_file(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a usable peacewatch database"):
        Store.open(junk)
    with pytest.raises(StoreError, match="no database at"):
        Store.open(tmp_path / "missing.db", readonly=True)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "no" / "such" / "dir.db")


def test_readonly_refuses_writes(db):
    with Store.open(db) as s:
        s.add(coded("a1", TALKS))
    with Store.open(db, readonly=True) as ro:
        assert ro.summary()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            ro.add(coded("a2", FLOODS))
        with pytest.raises(sqlite3.OperationalError):
            ro.conn.execute("DELETE FROM articles")
        with pytest.raises(sqlite3.OperationalError):
            ro.conn.execute("CREATE TABLE x(a)")
    with Store.open(db) as s:
        assert s.summary()["articles"] == 1


# --- adding and dedupe -----------------------------------------------------------------------------


def test_add_new_stores_everything(db):
    c = coded("a1", TALKS, events=[{"source": "KORGOV", "target": "PRKGOV", "cameo": "036", "tracks": ["exchange"]}],
              quotes=[{"text": "a good start", "speaker": "KORGOV"}])
    with Store.open(db) as s:
        r = s.add(c)
        assert (r.status, r.article_id, r.kind, r.sentences, r.events, r.quotes) == ("new", "a1", None, 2, 1, 1)
        got = s.get_article("a1")
        assert got["text"] == c.article.text and got["raw_text"] == c.article.raw_text
        assert got["copies"] == 1 and got["tracks"] == ["exchange"] and got["copies_seen"] == []
        assert [x["text"] for x in s.sentences("a1")] == ["Headline", TALKS]
        assert list(s.events()) == [dict(c.events[0].to_dict())]
        assert list(s.quotes()) == [c.quotes[0].to_dict()]
        assert s.conn.execute("SELECT count(*) FROM lsh_buckets").fetchone()[0] == 16
        assert s.conn.execute("SELECT code, sentence_idx FROM actor_mentions").fetchall() == [("KORGOV", 1)]
        assert s.get_article("nope") is None


def test_exact_duplicate_with_other_header_and_trailer(db):
    with Store.open(db) as s:
        s.add(coded("a1", TALKS, events=[{"source": "KORGOV", "target": "PRKGOV", "cameo": "036"}]))
        copy = coded("b7", "SEOUL, Sept 24 (Reuters) - " + TALKS.upper() + "\nReuter", title="Other headline",
                     origin="feed.xml#3", events=[{"source": "KORGOV", "cameo": "010"}])
        m = s.find_duplicate(copy.article)
        assert (m.article_id, m.kind, m.similarity) == ("a1", "exact", 1.0)
        r = s.add(copy)
        assert (r.status, r.article_id, r.kind, r.recorded) == ("duplicate", "a1", "exact", True)
        assert s.summary()["articles"] == 1 and s.summary()["events"] == 1  # nothing else stored
        a = s.get_article("a1")
        assert a["copies"] == 2
        assert [(c["origin"], c["kind"], c["copy_article_id"]) for c in a["copies_seen"]] == [("feed.xml#3", "exact", "b7")]
        assert [e["mentions"] for e in s.events()] == [2]
        # the same copy again (a rerun) is not counted twice
        r2 = s.add(copy)
        assert (r2.status, r2.recorded) == ("duplicate", False)
        assert s.get_article("a1")["copies"] == 2
        from peacewatch.dedup import content_hash
        assert s.has_origin("feed.xml#3", content_hash(copy.article.body))
        assert s.has_origin("test/a1.txt", content_hash(TALKS))
        assert not s.has_origin("test/zz.txt", content_hash(TALKS))


def test_near_duplicate_light_edits(db):
    # one phrase reworded (a 66-word story: each changed word costs up to five 5-shingles)
    edited = TALKS.replace("a spokesman said", "a spokesman told reporters")
    with Store.open(db) as s:
        s.add(coded("a1", TALKS))
        c = coded("a2", edited, origin="other-site.html", title="Koreas agree to reopen office")
        m = s.find_duplicate(c.article)
        assert m is not None and (m.article_id, m.kind) == ("a1", "near") and 0.8 <= m.similarity < 1.0
        r = s.add(c)
        assert (r.status, r.kind) == ("duplicate", "near")
        assert s.summary()["near_duplicates"] == 1


def test_not_duplicates(db):
    with Store.open(db) as s:
        s.add(coded("a1", TALKS))
        s.add(coded("g1", GREETING_A))
        assert s.find_duplicate(article("f1", FLOODS)) is None
        # shared boilerplate, other country and occasion: a different story
        assert s.find_duplicate(article("g2", GREETING_B)) is None
        # one figure replaced: another issue of a recurring report
        assert s.find_duplicate(article("a9", TALKS.replace("four hours", "two hours"))) is None
        # a short text matches only exactly
        short = "Ministers met on Tuesday and agreed to reopen the office."
        s.add(coded("s1", short))
        assert s.find_duplicate(article("s2", short + " Talks go on.")) is None
        assert s.find_duplicate(article("s3", short.upper())).kind == "exact"
        assert s.add(coded("g2", GREETING_B)).status == "new"
        assert s.summary()["articles"] == 4


def test_same_origin_with_other_content(db):
    edited = TALKS.replace("a spokesman said", "a spokeswoman said")
    with Store.open(db) as s:
        s.add(coded("a1", TALKS, origin="https://news.example/x"))
        r = s.add(coded("a1v2", edited, origin="https://news.example/x"))
        assert (r.status, r.kind, r.article_id) == ("duplicate", "same-origin", "a1")
        assert s.get_article("a1")["copies"] == 1
        assert s.summary()["same_origin"] == 1


def test_add_is_atomic(db):
    with Store.open(db) as s:
        s.add(coded("a1", TALKS))
        with pytest.raises(RuntimeError):
            with s.transaction():
                s.add(coded("f1", FLOODS, events=[{"source": "KORGOV", "cameo": "010"}]))
                assert s.summary()["articles"] == 2
                raise RuntimeError("boom")
        summ = s.summary()
        assert (summ["articles"], summ["events"], summ["sentences"]) == (1, 0, 2)
        assert list(s.search("rain", kinds=("articles",))) == []
        # an article whose insert fails half-way leaves nothing (the savepoint inside a batch)
        bad = coded("a1", FLOODS)  # same id, other content
        with s.transaction():
            with pytest.raises(StoreError, match="already stored with different content"):
                s.add(bad)
            s.add(coded("g1", GREETING_A))
        assert {a["article_id"] for a in s.articles()} == {"a1", "g1"}
        assert s.conn.execute("SELECT count(*) FROM lsh_buckets").fetchone()[0] == 32


def test_duplicate_inside_one_batch(db):
    with Store.open(db) as s:
        with s.transaction():
            assert s.add(coded("a1", TALKS)).status == "new"
            assert s.add(coded("a2", TALKS, origin="elsewhere")).status == "duplicate"
        assert s.summary()["copies"] == 2


# --- filters ---------------------------------------------------------------------------------------


@pytest.fixture
def filled(db):
    s = Store.open(db)
    s.add(coded("a1", TALKS, published="2025-09-24", events=[
        {"source": "KORGOV", "target": "PRKGOV", "cameo": "036", "goldstein": 4.0, "plover": "CONSULT", "tracks": ["exchange"]},
        {"source": "PRKGOV", "target": "KORGOV", "cameo": "0311", "goldstein": 5.2, "modality": {"future": True}},
    ], quotes=[{"text": "a good start", "speaker": "KORGOV", "tracks": ["exchange"]}]))
    s.add(coded("f1", FLOODS, published="2025-10-02", events=[
        {"source": "USAGOV", "target": "PRKMIL", "cameo": "112", "quad": 3, "goldstein": -2.0, "modality": {"negated": True}},
        {"source": "IGOUNO", "target": "KORGOV", "cameo": "022", "goldstein": 3.4, "date": None},
    ], quotes=[{"text": "stay at home", "speaker": "IGOUNO", "direct": False}]))
    yield s
    s.close()


def cameos(it):
    return [e["cameo"] for e in it]


def test_event_filters(filled):
    s = filled
    assert cameos(s.events()) == ["036", "0311", "112", "022"]  # by date, undated last
    assert cameos(s.events(since="2025-10-01")) == ["112"]
    assert cameos(s.events(until="2025-09")) == ["036", "0311"]
    assert cameos(s.events(actor="KOR")) == ["036", "0311", "022"]
    assert cameos(s.events(actor="PRKMIL")) == ["112"]
    assert cameos(s.events(dyad="KOR-PRK")) == ["036", "0311"]
    assert cameos(s.events(dyad="PRK>KOR")) == ["0311"]
    assert cameos(s.events(dyad="IGOUNO-KOR")) == ["022"]
    assert cameos(s.events(cameo="03")) == ["036", "0311"]
    assert cameos(s.events(root="3")) == ["036", "0311"]
    assert cameos(s.events(quad_class=3)) == ["112"]
    assert cameos(s.events(plover="consult")) == ["036"]
    assert cameos(s.events(track="exchange")) == ["036"]
    assert cameos(s.events(negated=True)) == ["112"]
    assert cameos(s.events(future=True, article_id="a1")) == ["0311"]
    assert cameos(s.events(hypothetical=False, historical=False, negated=False)) == ["036", "0311", "022"]
    assert cameos(s.events(order="-goldstein")) == ["0311", "036", "022", "112"]
    assert cameos(s.events(order="goldstein", limit=2, offset=1)) == ["022", "036"]
    assert s.count_events() == 4 and s.count_events(dyad="KOR-PRK", limit=1) == 2
    assert s.count_events(actor="'; DROP TABLE events; --") == 0
    with pytest.raises(QueryError, match="not a date"):
        list(s.events(since="24/09/2025"))
    with pytest.raises(QueryError, match="unknown event filter"):
        list(s.events(colour="red"))
    with pytest.raises(QueryError, match="not a dyad"):
        list(s.events(dyad="KOR"))
    with pytest.raises(QueryError, match="order"):
        list(s.events(order="random"))


def test_event_record_round_trips(filled):
    recs = list(filled.events(article_id="a1"))
    assert recs[0]["source"]["code"] == "KORGOV" and recs[0]["cameo"] == "036"
    assert recs[0]["plover"] == {"event": "CONSULT", "mode": "m", "context": ["diplomatic"]}
    assert isinstance(recs[1]["cameo"], str) and recs[1]["cameo"] == "0311"


def test_quote_and_article_filters(filled):
    s = filled
    assert [q["text"] for q in s.quotes()] == ["a good start", "stay at home"]
    assert [q["text"] for q in s.quotes(speaker="IGO")] == ["stay at home"]
    assert [q["text"] for q in s.quotes(since="2025-10-01")] == ["stay at home"]
    assert [q["text"] for q in s.quotes(track="exchange", until="2025-09-30")] == ["a good start"]
    assert [q["text"] for q in s.quotes(direct=False)] == ["stay at home"]
    assert [q["text"] for q in s.quotes(limit=1, offset=1)] == ["stay at home"]
    arts = list(s.articles())
    assert [a["article_id"] for a in arts] == ["a1", "f1"] and "raw_text" not in arts[0]
    assert "raw_text" in next(s.articles(with_raw_text=True, since="2025-10-01"))
    assert [a["article_id"] for a in s.articles(track="exchange")] == ["a1"]
    summ = s.summary()
    assert (summ["articles"], summ["events"], summ["quotes"], summ["first_date"], summ["last_date"]) == (
        2, 4, 2, "2025-09-24", "2025-10-02")


def test_add_article_codes_only_new_articles_and_checks_duplicates_once(tmp_path):
    """add_article: a copy is recorded without calling the coder; a new article is coded once."""
    from peacewatch.model import Article, CodedArticle
    from peacewatch.store import Store

    body = ("The unification ministry said on Monday that the liaison office talks would resume next "
            "month in Kaesong, after a pause of almost two years, with delegations of five officials.")
    a = Article(article_id="a1", origin="one.txt", kind="text", raw_text=body, text=body, published="2024-02-02")
    b = Article(article_id="b1", origin="two.txt", kind="text", raw_text=body, text=body, published="2024-02-03")
    calls = []

    def code(article):
        calls.append(article.article_id)
        return CodedArticle(article=article)

    with Store.open(tmp_path / "pw.db") as store:
        r1, c1 = store.add_article(a, code)
        r2, c2 = store.add_article(b, code)
    assert (r1.status, r2.status) == ("new", "duplicate")
    assert calls == ["a1"] and c2.article is b and c2.events == []
