"""peacewatch.store: the SQLite store (WAL, versioned migrations, dedupe, FTS5 search).

    from peacewatch.store import Store
    with Store.open("peacewatch.db") as store:
        store.add(coded)                      # -> AddResult(status="new" | "duplicate", ...)
        store.search('"three pillars"')       # -> list[SearchHit]
        store.events(dyad="KOR-PRK", since="2025-01-01")

See docs/STORE.md.
"""

from .core import (
    SCHEMA_VERSION,
    AddResult,
    DuplicateMatch,
    SearchHit,
    Store,
    plain_query,
    search_cursor,
)

__all__ = ["Store", "AddResult", "DuplicateMatch", "SearchHit", "SCHEMA_VERSION", "plain_query", "search_cursor"]
