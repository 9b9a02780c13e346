"""`peacewatch quotes [--db FILE] [filters] [--format jsonl|csv|parquet] [--out FILE]`."""

from __future__ import annotations

from pathlib import Path

from typing import Any

import click

from ..export import QUOTE_FORMATS
from ._common import db_option, writing_to
from ._store import open_existing
from .events import _out_stream


@click.command("quotes")
@db_option
@click.option("--since", metavar="DATE", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY), inclusive.")
@click.option("--until", metavar="DATE", help="Up to this date, inclusive.")
@click.option("--speaker", metavar="CODE", help="Speaker code starting with CODE (e.g. IGOUNO, PRK).")
@click.option("--track", metavar="NAME", help="Track name.")
@click.option("--direct/--reported", default=None, help="Only direct quotations / only reported speech.")
@click.option("--limit", type=click.IntRange(1, None), help="At most this many quotes.")
@click.option("--format", "fmt", type=click.Choice(QUOTE_FORMATS), default="jsonl", show_default=True,
              help="jsonl: the quote records; csv: flat columns (text cells starting with = + - @ get a leading '); parquet: typed columns (needs --out).")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write to FILE instead of standard output.")
def quotes(db: Path, since: str | None, until: str | None, speaker: str | None, track: str | None,
           direct: bool | None, limit: int | None, fmt: str, out: str | None) -> None:
    """Export stored quotes, filtered. Columns: docs/EXPORTS.md."""
    from ..export import export_quotes

    given: dict[str, Any] = dict(since=since, until=until, speaker=speaker, track=track, direct=direct, limit=limit)
    filters = {k: v for k, v in given.items() if v is not None}
    with writing_to(out):
        with open_existing(db) as store:
            result = export_quotes(store, fmt, _out_stream(out, fmt), **filters)
    if out is not None:
        click.echo(f"peacewatch: wrote {result.written} quotes to {out}", err=True)
