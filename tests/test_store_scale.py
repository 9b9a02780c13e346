"""What migration 0006 keeps at write time for a store of a million events (issue 14), checked
against the slow ways on real records (examples/ and the KCNA 2011 sample, both coded and stored by
the real pipeline):

- series_days: one dyad's series from the daily sums equals the series computed from every event
  record by the dataset rules of peacewatch.analysis.dyads (incomplete events, those with no
  identified source, in no series), for every dyad, frequency, range and modality choice; the
  sums per label are event_dyads' counts; after copies of a story change its events' mentions,
  and after updates and deletes, the sums still equal a recount from the events table.
- a database at version 5 (built with migrations 0001-0005 only, as main builds it) is migrated to
  the schema of a new file, with the sums filled.
- event_days: a page of all events of the dataset (or all incomplete ones) in date order, at any
  depth, is the page OFFSET gives.
- search ranks first and cuts snippets for the best hits only: the hits are those of ranking every
  match, ties ordered by id, and keyset pages walk them without a gap or a repeat.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from peacewatch.analysis.dyads import incomplete_record
from peacewatch.analysis.series import compute_series, series_from_store, top_dyads
from peacewatch.config import Options
from peacewatch.runner import ingest
from peacewatch.store import Store
from peacewatch.store import core
from peacewatch.store.core import SCHEMA_VERSION, plain_query, search_cursor


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
           "round(total(abs(e.goldstein)), 9), sum(e.mentions) FROM events e, json_each(pw_dyads(e.record)) k "
           "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
KEPT = ("SELECT dyad, date, quad_class, flags, events, round(goldstein_sum, 9), round(goldstein_abs, 9), mentions "
        "FROM series_days WHERE events > 0 ORDER BY 1, 2, 3, 4")


def assert_sums_current(store: Store) -> None:
    c = store.conn
    assert c.execute(KEPT).fetchall() == c.execute(RECOUNT).fetchall()
    assert c.execute("SELECT incomplete, date, events FROM event_days ORDER BY 1, 2").fetchall() == c.execute(
        "SELECT incomplete, ifnull(date, ''), count(*) FROM events GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    assert c.execute("SELECT count(*) FROM series_days WHERE events <= 0").fetchone()[0] == 0


def assert_sums_are_event_dyads(store: Store) -> None:
    """The labels and counts of series_days are those of event_dyads (main's table of the dataset's
    dyads, written by Store.add): no incomplete event in either."""
    c = store.conn
    assert c.execute("SELECT dyad, sum(events) FROM series_days GROUP BY 1 ORDER BY 1").fetchall() == c.execute(
        "SELECT dyad, count(*) FROM event_dyads GROUP BY 1 ORDER BY 1").fetchall()


class RecordsOnly:
    """A store without its daily sums: series_from_store then reads the records (store.events)."""

    def __init__(self, store: Store):
        self._store = store

    def events(self, **filters: Any) -> Any:
        return self._store.events(**filters)


def dyads_of(store: Store, n: int) -> list[str]:
    events = list(store.events())
    found = [d for d, _ in top_dyads(events, n, include_negated=True, include_hypothetical=True)]
    directed = [d.replace("-", ">") for d in found[:6]] + ["-".join(reversed(d.split("-"))).replace("-", ">")
                                                          for d in found[:6]]
    return found + directed + ["USA>PRK", "IGOUNO-PRK", "KOR-KOR", "ZZZ-PRK"]


def assert_same_series(store: Store, dyads: list[str], ranges: list[tuple[str | None, str | None]],
                       freqs: tuple[str, ...]) -> int:
    """Series from the daily sums == from every record (compute_series over all stored events,
    incomplete ones included: the series' own rules leave them out) == from the store's records of
    the dyad; returns the events matched."""
    every = list(store.events(incomplete="any"))
    records = RecordsOnly(store)
    matched = 0
    for dyad in dyads:
        for freq in freqs:
            for since, until in ranges:
                for neg, hyp in ((False, False), (True, True)):
                    opts = dict(dyad=dyad, freq=freq, since=since, until=until, include_negated=neg,
                                include_hypothetical=hyp)
                    fast = series_from_store(store, **opts)
                    slow = compute_series(every, **opts)
                    via_store = series_from_store(records, **opts)
                    assert fast.to_dict() == slow.to_dict() == via_store.to_dict(), opts
                    matched += fast.matched
    return matched


def test_a_dyads_series_from_the_daily_sums_is_the_series_of_its_records(db: Path) -> None:
    with Store.open(db) as s:
        assert s.schema_version == SCHEMA_VERSION >= 6
        assert_sums_current(s)
        assert_sums_are_event_dyads(s)
        checked = assert_same_series(s, dyads_of(s, 40), [(None, None), ("2023-06", "2025-03-31"), ("2024-02-10", None)],
                                     ("day", "week", "month"))
        assert checked > 1000


def test_the_daily_sums_follow_the_dataset_rules_on_kcna_2011(kcna_db: Path) -> None:
    """The real coder on real news: many events have no identified source ('officials said') and a
    known target; they are in no series whether read from the sums or from the records."""
    with Store.open(kcna_db, readonly=True) as s:
        every = list(s.events(incomplete="any"))
        incomplete_with_target = [e for e in every if incomplete_record(e) and (e.get("target") or {}).get("country")]
        assert len(incomplete_with_target) > 20
        assert_sums_current(s)
        assert_sums_are_event_dyads(s)
        dyads = dyads_of(s, 15)
        checked = assert_same_series(s, dyads, [(None, None), ("2011-03", "2011-09-30"), ("2011-06-15", None)],
                                     ("week", "month"))
        assert checked > 1000
        # the incomplete events aimed at these dyads' actors are what a series must not count
        keys = {k for d in dyads[:5] for k in d.replace(">", "-").split("-")}
        assert any((e.get("target") or {}).get("country") in keys for e in incomplete_with_target)


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
            s.conn.execute("UPDATE events SET incomplete = 1 - incomplete WHERE rid % 11 = 0")
            s.conn.execute("DELETE FROM articles WHERE rid % 5 = 0")  # events go too (ON DELETE CASCADE)
        assert_sums_current(s)
        with s.transaction():
            s.conn.execute("DELETE FROM events")
        assert s.conn.execute("SELECT count(*) FROM series_days").fetchone()[0] == 0
        assert s.conn.execute("SELECT count(*) FROM event_days").fetchone()[0] == 0


def _schema(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as c:
        return sorted(c.execute("SELECT type, name, ifnull(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))


def test_a_version_5_database_is_migrated_to_the_schema_of_a_new_one(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Built by this code with migrations 0001-0005 only, as main builds a database, then opened
    by this code: the 0006 objects are added and filled from the stored events."""
    files = [str(p) for p in sorted((EXAMPLES / "wire").iterdir())[:10]]
    every = core._migrations()
    assert [name for _, name, _ in every][3:] == ["0004_dataset.sql", "0005_watch.sql", "0006_scale.sql"]
    old = tmp_path / "v5.db"
    with monkeypatch.context() as m:
        m.setattr(core, "_migrations", lambda: every[:5])
        m.setattr(core, "SCHEMA_VERSION", 5)
        summary = ingest(files, Options(db=old, progress=False))
        assert summary.events > 30
        with Store.open(old) as s:
            assert s.schema_version == 5
            assert s.conn.execute("SELECT count(*) FROM sqlite_master WHERE name IN ('series_days', "
                                  "'event_days')").fetchone()[0] == 0
    new = tmp_path / "v6.db"
    ingest(files, Options(db=new, progress=False))
    with Store.open(old) as s:  # this code: migrates 0006
        assert s.schema_version == SCHEMA_VERSION == 6
        assert_sums_current(s)
        assert_sums_are_event_dyads(s)
        assert s.conn.execute("SELECT sum(events) FROM event_days").fetchone()[0] == \
            s.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        assert assert_same_series(s, dyads_of(s, 8), [(None, None)], ("month",)) > 30
    assert _schema(old) == _schema(new)
    with Store.open(old, readonly=True) as a, Store.open(new, readonly=True) as b:
        assert a.conn.execute(KEPT).fetchall() == b.conn.execute(KEPT).fetchall()


def test_a_page_of_all_events_at_any_depth_is_the_offset_page(db: Path) -> None:
    with Store.open(db) as s:
        with s.transaction():  # a few undated events, which come last in both orders
            s.conn.execute("UPDATE events SET date = NULL WHERE rid % 50 = 3")
        assert s.conn.execute("SELECT count(*) FROM events WHERE date IS NULL AND incomplete = 0").fetchone()[0] > 3
        assert s.conn.execute("SELECT count(*) FROM events WHERE incomplete = 1").fetchone()[0] > 3
        # the order of main's keyset pages: undated last in both directions, ties by rid
        orders = {"date": "ifnull(e.date, '~'), e.rid", "-date": "ifnull(e.date, '') DESC, e.rid DESC"}
        for incomplete in (False, True):
            total = s.count_events(incomplete=incomplete)
            for order, by in orders.items():
                for size in (1, 13, 50):
                    for offset in list(range(0, total + 5, 11)) + [total - 1, total - size]:
                        got = [(d["event_id"], d["mentions"]) for d in s.events(
                            order=order, limit=size, offset=offset, incomplete=incomplete)]
                        want = [(json.loads(r)["event_id"], m) for r, m in s.conn.execute(
                            f"SELECT record, mentions FROM events e WHERE incomplete = ? ORDER BY {by} "
                            "LIMIT ? OFFSET ?", (int(incomplete), size, offset))]
                        assert got == want, (incomplete, order, size, offset)
                        if size != 13 or offset == 0 or offset >= total:
                            continue
                        # the same rows as the keyset pages of the dashboard, from the start
                        assert got[:1] == [(e["event_id"], e["mentions"]) for e in s.events_page(
                            order=order, limit=1, incomplete=incomplete,
                            after=_cursor_before(s, order, incomplete, offset))["events"]]


def _cursor_before(s: Store, order: str, incomplete: bool, offset: int) -> str | None:
    """The keyset cursor of the row just before ``offset`` (walking pages of 1000)."""
    after = None
    seen = 0
    while True:
        page = s.events_page(order=order, limit=min(1000, offset - seen), incomplete=incomplete, after=after)
        seen += len(page["events"])
        after = page["next"]
        if seen >= offset:
            return after


OLD_SEARCH = {
    "articles": "SELECT 'article', a.article_id, snippet(articles_fts, -1, '[', ']', '…', 16), "
                "bm25(articles_fts, 5.0, 1.0) AS r FROM articles_fts JOIN articles a ON a.rid = articles_fts.rowid "
                "WHERE articles_fts MATCH ?",
    "events": "SELECT 'event', e.event_id, snippet(events_fts, -1, '[', ']', '…', 16), "
              "bm25(events_fts, 2.0, 1.0, 1.0) AS r FROM events_fts JOIN events e ON e.rid = events_fts.rowid "
              "WHERE events_fts MATCH ?",
    "quotes": "SELECT 'quote', q.quote_id, snippet(quotes_fts, -1, '[', ']', '…', 16), "
              "bm25(quotes_fts, 2.0, 1.0) AS r FROM quotes_fts JOIN quotes q ON q.rid = quotes_fts.rowid "
              "WHERE quotes_fts MATCH ?",
}


@pytest.mark.parametrize("query", ["Korea", "nuclear talks", "Kim Yo Jong", "joint drills", "the", "sanctions"])
def test_search_gives_the_hits_of_ranking_everything_with_snippets(examples_db: Path, query: str) -> None:
    with Store.open(examples_db, readonly=True) as s:
        every: list[tuple[str, str, str, float]] = []
        for sql in OLD_SEARCH.values():
            every += s.conn.execute(sql, (plain_query(query),)).fetchall()
        every.sort(key=lambda h: (h[3], h[0], h[1]))  # rank, then kind and id as the cursor
        assert len(every) < core.SEARCH_CANDIDATES
        got = [(h.kind, h.id, h.snippet, h.rank) for h in s.search(query, plain=True, limit=10)]
        assert got and got == every[:10], query
        # keyset pages of 7: every hit once, in order
        walked: list[tuple[str, str, str, float]] = []
        after = None
        while True:
            hits = s.search(query, plain=True, limit=7, after=after)
            walked += [(h.kind, h.id, h.snippet, h.rank) for h in hits]
            if len(hits) < 7:
                break
            after = search_cursor(hits[-1])
        assert walked == every, query


def test_search_ranks_the_newest_candidates_of_each_kind(examples_db: Path) -> None:
    with Store.open(examples_db, readonly=True) as s:
        newest = {}
        for kind, key in (("articles", "article_id"), ("events", "event_id"), ("quotes", "quote_id")):
            sql = (f"SELECT t.{key} FROM {kind}_fts JOIN {kind} t ON t.rid = {kind}_fts.rowid "
                   f"WHERE {kind}_fts MATCH ? ORDER BY {kind}_fts.rowid DESC LIMIT 12")
            newest[kind] = {r[0] for r in s.conn.execute(sql, (plain_query("Korea"),))}
        hits = s.search("Korea", plain=True, limit=12, candidates=12)
        assert len(hits) == 12
        assert all(h.id in newest[h.kind + "s"] for h in hits)
        # ranking every match finds better hits among the older ones
        best = s.search("Korea", plain=True, limit=12, candidates=None)
        assert any(h.id not in newest[h.kind + "s"] for h in best)
        assert best[0].rank <= hits[0].rank
