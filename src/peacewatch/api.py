"""The notebook API: ``import peacewatch``.

    db = peacewatch.open_db("peacewatch.db")
    db.events(dyad="KOR-PRK", since="2025-01-01")     # list of event records (dicts)
    db.series(dyad="KOR-PRK", freq="month")           # list of period dicts
    db.stances(actor="PRK", stance="conditions")      # who conditions what, with the condition text
    db.events_df(dyad="KOR-PRK")                      # pandas DataFrame (when pandas is installed)
    peacewatch.code_text("Seoul proposed talks with Pyongyang.", date="2025-09-24")

Everything returns plain lists of dicts (no pandas needed); the ``*_df`` methods give DataFrames with
flat columns (the CSV columns of docs/EXPORTS.md) and need pandas (``pip install 'peacewatch[pandas]'``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Options
from .errors import PeacewatchError, StoreError

if TYPE_CHECKING:
    import pandas as pd

    from .analysis.series import Series
    from .store import Store


class Database:
    """A peacewatch database opened read-only. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path, *, options: Options | None = None):
        from .store import Store

        p = Path(path)
        if not p.exists():
            raise StoreError(f"no database at {p}", hint="run 'peacewatch ingest PATH --db FILE' first")
        self.path = p
        self._store = Store.open(p, readonly=True, options=options)

    # --- records -------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The underlying :class:`peacewatch.store.Store` (read-only)."""
        return self._store

    def summary(self) -> dict[str, Any]:
        return self._store.summary()

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Event records (DESIGN.md contract). Filters: since, until, actor, dyad, cameo, root,
        quad_class, plover, track, negated, hypothetical, future, historical, article_id, limit,
        offset, order."""
        return list(self._store.events(**filters))

    def quotes(self, **filters: Any) -> list[dict[str, Any]]:
        """Quote records. Filters: since, until, speaker, track, article_id, direct, limit, offset."""
        return list(self._store.quotes(**filters))

    def stances(self, **filters: Any) -> list[dict[str, Any]]:
        """Stance records (who supports, welcomes, rejects, conditions, opposes or proposes which
        proposal; ``condition`` text; ``evidence`` sentence with offsets), by date. Filters: since,
        until, actor (country code or code prefix), stance, article_id, limit, offset."""
        return list(self._store.stances(**filters))

    def articles(self, **filters: Any) -> list[dict[str, Any]]:
        """Stored articles (cleaned text and metadata). Filters: since, until, source, track,
        origin, limit, offset, with_raw_text."""
        return list(self._store.articles(**filters))

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self._store.get_article(article_id)

    def search(self, query: str, *, kinds: Sequence[str] = ("articles", "events", "quotes"), limit: int = 20,
               plain: bool = True) -> list[dict[str, Any]]:
        """Full-text search; plain words by default (``plain=False`` for FTS5 syntax)."""
        return [h.to_dict() for h in self._store.search(query, kinds=kinds, limit=limit, plain=plain)]

    def series(self, dyad: str | None = None, *, actor: str | None = None, track: str | None = None,
               freq: str = "month", since: str | None = None, until: str | None = None,
               **options: Any) -> list[dict[str, Any]]:
        """One dict per period (docs/SERIES.md): counts per QuadClass, Goldstein sum and mean,
        the cooperation-conflict index, mentions and change flags."""
        return [p.to_dict() for p in self.series_object(dyad, actor=actor, track=track, freq=freq, since=since,
                                                          until=until, **options).points]

    def series_object(self, dyad: str | None = None, **kw: Any) -> Series:
        """The :class:`peacewatch.analysis.Series` itself (with its parameters and exclusions)."""
        from .analysis import series_from_store

        if not (dyad or kw.get("actor") or kw.get("track")):
            raise PeacewatchError("a series needs a dyad, an actor or a track",
                                  hint="e.g. db.series(dyad='KOR-PRK') or db.series(track='denuclearization')")
        return series_from_store(self._store, dyad=dyad, **kw)

    # --- DataFrames ----------------------------------------------------------------------------

    def events_df(self, **filters: Any) -> pd.DataFrame:
        """Events as a DataFrame with the flat CSV columns (docs/EXPORTS.md)."""
        from .export import EVENT_CSV_COLUMNS, event_csv_row

        pd = _pandas()
        return pd.DataFrame([event_csv_row(e) for e in self._store.events(**filters)], columns=list(EVENT_CSV_COLUMNS))

    def quotes_df(self, **filters: Any) -> pd.DataFrame:
        from .export import QUOTE_CSV_COLUMNS, quote_csv_row

        pd = _pandas()
        return pd.DataFrame([quote_csv_row(q) for q in self._store.quotes(**filters)], columns=list(QUOTE_CSV_COLUMNS))

    def stances_df(self, **filters: Any) -> pd.DataFrame:
        """Stances as a DataFrame with flat columns (``peacewatch.export.STANCE_CSV_COLUMNS``):
        actor code/country/name/text, stance, proposal, mention, condition, trigger text, evidence."""
        from .export import STANCE_CSV_COLUMNS, stance_csv_row

        pd = _pandas()
        return pd.DataFrame([stance_csv_row(s) for s in self._store.stances(**filters)],
                            columns=list(STANCE_CSV_COLUMNS))

    def articles_df(self, **filters: Any) -> pd.DataFrame:
        pd = _pandas()
        return pd.DataFrame(self.articles(**filters))

    def series_df(self, dyad: str | None = None, **kw: Any) -> pd.DataFrame:
        from .analysis.series import COLUMNS

        pd = _pandas()
        return pd.DataFrame(self.series(dyad, **kw), columns=list(COLUMNS))

    # --- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<peacewatch.Database {self.path}>"


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise PeacewatchError("pandas is not installed",
                              hint="pip install 'peacewatch[pandas]', or use the list methods (events(), series(), ...)"
                              ) from None
    return pd


def open_db(path: str | Path = "peacewatch.db", *, options: Options | None = None) -> Database:
    """Open a peacewatch database read-only for analysis."""
    return Database(path, options=options)


_PIPELINES: dict[Options, Any] = {}


def code_text(text: str, date: str | None = None, *, with_quotes: bool = False, **options: Any) -> list[dict[str, Any]]:
    """Code one text (a story or a sentence) through the Pipeline, nothing stored: the event
    records, plus quote records (each with ``"kind": "quote"``) when ``with_quotes=True``.
    ``date`` (YYYY-MM-DD) is the publication date; ``options`` are :class:`Options` fields
    (e.g. ``dictionaries=(Path('my_dicts'),)``). The pipeline is loaded once per options."""
    from .model import RawDocument
    from .pipeline import Pipeline

    if not isinstance(text, str) or not text.strip():
        raise PeacewatchError("the text to code is empty", hint="give a story or a sentence")
    opts = Options().with_(**options) if options else Options()
    pipe = _PIPELINES.get(opts)
    if pipe is None:
        pipe = _PIPELINES[opts] = Pipeline(opts)
    meta = {"published": date} if date else {}
    coded = pipe.code_document(RawDocument(origin="<code_text>", kind="text", raw_text=text, meta=meta),
                               with_quotes=with_quotes)
    out = [e.to_dict() for e in coded.events]
    if with_quotes:
        out += [q.to_dict() | {"kind": "quote"} for q in coded.quotes]
    return out
