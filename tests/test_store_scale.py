"""What migration 0004 keeps at write time for a store of a million events (issue 14), checked
against the slow ways on real records (examples/ ingested by the real pipeline):

- series_days: one dyad's series from the daily sums equals the series computed from every event
  record, for every dyad, frequency, range and modality choice; after copies of a story change
  its events' mentions, and after deletes, the sums still equal a recount from the events table;
  an older database (version 3) gets them filled by the migration.
- event_days: a page of all events in date order, at any depth, is the page OFFSET gives.
- search ranks first and cuts snippets for the best hits only: the hits are those of the old query
  (rows tied with the last hit aside).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import EXAMPLES
from peacewatch.analysis.series import compute_series, series_from_store, top_dyads
from peacewatch.config import Options
from peacewatch.runner import ingest
from peacewatch.store import Store
from peacewatch.store.core import SCHEMA_VERSION, plain_query


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("scale") / "examples.db"
    summary = ingest([str(EXAMPLES)], Options(db=db, progress=False))
    assert summary.events > 300
    return db


@pytest.fixture
def db(examples_db: Path, tmp_path: Path) -> Path:
    p = tmp_path / "x.db"
    shutil.copy(examples_db, p)
    return p


RECOUNT = ("SELECT k.value, ifnull(e.date, ''), ifnull(e.quad_class, 0), "
           "e.historical | (e.negated << 1) | (e.hypothetical << 2), count(*), round(total(e.goldstein), 9), "
           "round(total(abs(e.goldstein)), 9), sum(e.mentions) FROM events e, "
           "json_each(pw_series_keys(json_extract(e.record, '$.source'), json_extract(e.record, '$.target'))) k "
           "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
KEPT = ("SELECT dyad, date, quad_class, flags, events, round(goldstein_sum, 9), round(goldstein_abs, 9), mentions "
        "FROM series_days WHERE events > 0 ORDER BY 1, 2, 3, 4")


def assert_sums_current(store: Store) -> None:
    c = store.conn
    assert c.execute(KEPT).fetchall() == c.execute(RECOUNT).fetchall()
    assert c.execute("SELECT date, events FROM event_days ORDER BY date").fetchall() == c.execute(
        "SELECT ifnull(date, ''), count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall()
    assert c.execute("SELECT count(*) FROM series_days WHERE events <= 0").fetchone()[0] == 0


def all_dyads(store: Store) -> list[str]:
    events = list(store.events())
    found = [d for d, _ in top_dyads(events, 40, include_negated=True, include_hypothetical=True)]
    return found + ["PRK>KOR", "KOR>PRK", "USA>PRK", "IGOUNO-PRK", "KOR-KOR", "ZZZ-PRK"]


def test_a_dyads_series_from_the_daily_sums_is_the_series_of_its_records(db: Path) -> None:
    with Store.open(db) as s:
        assert s.schema_version == SCHEMA_VERSION >= 4
        assert_sums_current(s)
        events = list(s.events())
        checked = 0
        for dyad in all_dyads(s):
            for freq in ("day", "week", "month"):
                for since, until in ((None, None), ("2023-06", "2025-03-31"), ("2024-02-10", None)):
                    for neg, hyp in ((False, False), (True, True)):
                        fast = series_from_store(s, dyad=dyad, freq=freq, since=since, until=until,
                                                 include_negated=neg, include_hypothetical=hyp)
                        slow = compute_series(events, dyad=dyad, freq=freq, since=since, until=until,
                                              include_negated=neg, include_hypothetical=hyp)
                        assert fast.to_dict() == slow.to_dict(), (dyad, freq, since, until, neg)
                        checked += fast.matched
        assert checked > 1000


def test_the_sums_follow_copies_updates_and_deletes(db: Path, tmp_path: Path) -> None:
    with Store.open(db) as s:
        a = s.conn.execute("SELECT article_id, origin FROM articles a WHERE EXISTS (SELECT 1 FROM events e "
                           "WHERE e.article_id = a.article_id AND e.target_code IS NOT NULL) LIMIT 1").fetchone()
    # a republished copy of that story (another origin): its events' mentions go up
    with Store.open(db, readonly=True) as s:
        raw = s.get_article(a[0])["raw_text"]
    copy = tmp_path / "republished.txt"
    copy.write_text(raw, encoding="utf-8")
    summary = ingest([str(copy)], Options(db=db, progress=False))
    assert summary.duplicate == 1
    with Store.open(db) as s:
        assert s.conn.execute("SELECT min(mentions) FROM events WHERE article_id = ?", (a[0],)).fetchone()[0] == 2
        assert_sums_current(s)
        with s.transaction():
            s.conn.execute("UPDATE events SET date = '2020-01-01', negated = 1 WHERE rid % 7 = 0")
            s.conn.execute("DELETE FROM articles WHERE rid % 5 = 0")  # events go too (ON DELETE CASCADE)
        assert_sums_current(s)
        with s.transaction():
            s.conn.execute("DELETE FROM events")
        assert s.conn.execute("SELECT count(*) FROM series_days").fetchone()[0] == 0
        assert s.conn.execute("SELECT count(*) FROM event_days").fetchone()[0] == 0


def test_an_older_database_gets_the_sums_from_the_migration(db: Path) -> None:
    with sqlite3.connect(db) as c:  # as a version-3 file was: no 0004 objects
        for trig in ("events_scale_ai", "events_scale_ad", "events_scale_au"):
            c.execute(f"DROP TRIGGER {trig}")
        c.execute("DROP TABLE series_days")
        c.execute("DROP TABLE event_days")
        c.execute("PRAGMA user_version = 3")
    with Store.open(db) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert_sums_current(s)


def test_a_page_of_all_events_at_any_depth_is_the_offset_page(db: Path) -> None:
    with Store.open(db) as s:
        with s.transaction():  # a few undated events, which come last in both orders
            s.conn.execute("UPDATE events SET date = NULL WHERE rid % 50 = 3")
        total = s.count_events()
        assert s.conn.execute("SELECT count(*) FROM events WHERE date IS NULL").fetchone()[0] > 3
        orders = {"date": "e.date IS NULL, e.date, e.rid", "-date": "e.date IS NULL, e.date DESC, e.rid DESC"}
        for order, by in orders.items():
            for size in (1, 13, 50):
                for offset in list(range(0, total + 5, 11)) + [total - 1, total - size]:
                    got = [(d["event_id"], d["mentions"]) for d in s.events(order=order, limit=size, offset=offset)]
                    want = [(json.loads(r)["event_id"], m) for r, m in s.conn.execute(
                        f"SELECT record, mentions FROM events e ORDER BY {by} LIMIT ? OFFSET ?", (size, offset))]
                    assert got == want, (order, size, offset)


OLD_SEARCH = {
    "articles": "SELECT 'article', a.article_id, snippet(articles_fts, -1, '[', ']', '…', 16), "
                "bm25(articles_fts, 5.0, 1.0) AS r FROM articles_fts JOIN articles a ON a.rid = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY r LIMIT ?",
    "events": "SELECT 'event', e.event_id, snippet(events_fts, -1, '[', ']', '…', 16), "
              "bm25(events_fts, 2.0, 1.0, 1.0) AS r FROM events_fts JOIN events e ON e.rid = events_fts.rowid "
              "WHERE events_fts MATCH ? ORDER BY r LIMIT ?",
    "quotes": "SELECT 'quote', q.quote_id, snippet(quotes_fts, -1, '[', ']', '…', 16), "
              "bm25(quotes_fts, 2.0, 1.0) AS r FROM quotes_fts JOIN quotes q ON q.rid = quotes_fts.rowid "
              "WHERE quotes_fts MATCH ? ORDER BY r LIMIT ?",
}


@pytest.mark.parametrize("query", ["Korea", "nuclear talks", "Kim Yo Jong", "joint drills", "the", "sanctions"])
def test_search_gives_the_hits_of_ranking_everything_with_snippets(examples_db: Path, query: str) -> None:
    with Store.open(examples_db, readonly=True) as s:
        got = [(h.kind, h.id, h.snippet, round(h.rank, 9)) for h in s.search(query, plain=True, limit=10)]
        want = []
        for sql in OLD_SEARCH.values():
            want += [(k, i, snip, round(r, 9)) for k, i, snip, r in s.conn.execute(sql, (plain_query(query), 10))]
        want.sort(key=lambda h: (h[3], h[0], h[1]))
        want = want[:10]
        assert got, query
        assert [h[3] for h in got] == [h[3] for h in want]  # the same ranks, best first
        last = got[-1][3]  # rows tied with the last one may be any of the tied
        assert [h for h in got if h[3] < last] == [h for h in want if h[3] < last]
