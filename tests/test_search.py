"""Store.search: FTS5 over articles, events and quotes; ranked snippets, bound parameters, errors."""

from __future__ import annotations

import pytest
from test_store import FLOODS, GREETING_A, TALKS, coded

from peacewatch.errors import QueryError
from peacewatch.store import Store, plain_query


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "search.db")
    s.add(coded("talks", TALKS, title="Koreas agree to reopen liaison office", events=[
        {"source": "KORGOV", "target": "PRKGOV", "cameo": "036", "trigger": "met"}],
        quotes=[{"text": "the liaison office is a bridge", "speaker": "KORGOV", "name": "Chung Dong-young"}]))
    s.add(coded("floods", FLOODS, title="Rain floods capital subway"))
    s.add(coded("greet", GREETING_A, title="Greetings to Laos"))
    yield s
    s.close()


def test_ranked_hits_with_marked_snippets(store):
    hits = store.search("liaison office")
    kinds = [(h.kind, h.id) for h in hits]
    assert ("article", "talks") in kinds and ("quote", hits[[h.kind for h in hits].index("quote")].id) in kinds
    art = next(h for h in hits if h.kind == "article")
    assert art.article_id == "talks" and art.title == "Koreas agree to reopen liaison office"
    assert art.date == "2025-09-24"
    assert "[liaison]" in art.snippet and "[office]" in art.snippet
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
    only = store.search("rain OR liaison", kinds=("articles",))
    assert {h.id for h in only} == {"talks", "floods"}


def test_events_and_quotes_searchable_by_actor(store):
    ev = store.search("PRKGOV", kinds=("events",))
    assert [(h.kind, h.article_id) for h in ev] == [("event", "talks")]
    assert "[PRKGOV]" in ev[0].snippet
    q = store.search("Chung", kinds=("quotes",))
    assert [(h.kind, h.article_id) for h in q] == [("quote", "talks")]


def test_phrase_prefix_not_and_limit(store):
    assert [h.id for h in store.search('"subway lines"', kinds=("articles",))] == ["floods"]
    assert [h.id for h in store.search('"lines subway"', kinds=("articles",))] == []
    assert {h.id for h in store.search("reun*", kinds=("articles",))} == {"talks"}
    assert [h.id for h in store.search("office NOT liaison", kinds=("articles",))] == ["floods"]  # "weather office"
    assert len(store.search("the", limit=2)) == 2


def test_query_is_bound_not_spliced(store):
    hostile = "'); DROP TABLE articles; --"
    assert store.search(hostile, plain=True) == []
    try:
        assert store.search(hostile) == []
    except QueryError:
        pass
    assert store.summary()["articles"] == 3
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


@pytest.mark.parametrize("bad", ['"unbalanced', "AND", "NEAR(", "office AND", "(liaison", "nosuchcolumn: x"])
def test_fts_syntax_error_becomes_query_error(store, bad):
    with pytest.raises(QueryError) as ei:
        store.search(bad)
    msg = str(ei.value)
    assert "\n" not in msg and "double quotes" in msg and "AND/OR/NOT" in msg


def test_plain_mode_accepts_any_text(store):
    assert plain_query('say "hi" AND (x') == '"say" "hi" "AND" "x"'
    assert plain_query("?!") == ""
    assert {h.id for h in store.search('"liaison" AND (office', plain=True, kinds=("articles",))} == {"talks"}
    assert store.search("?!", plain=True) == []
    with pytest.raises(QueryError, match="empty"):
        store.search("   ")
    with pytest.raises(QueryError, match="unknown search kind"):
        store.search("x", kinds=("people",))


def test_search_index_follows_deletes(store):
    with store.transaction():
        store.conn.execute("DELETE FROM articles WHERE article_id = 'floods'")
    assert store.search("subway") == []
    # FTS5's own check raises (SQLITE_CORRUPT_VTAB) when the index and the content disagree
    store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    store.conn.execute("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')")
    store.conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
