"""`peacewatch events [--db FILE] [filters] [--format jsonl|csv|gdelt|plover|parquet] [--out FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

import click

from ..export import EVENT_FORMATS
from ._common import db_option, fail, writing_to
from ._store import open_existing


def _out_stream(out: str | None, fmt: str) -> str | IO[Any]:
    if out is not None:
        return str(out)
    if fmt == "parquet":
        stream: IO[Any] = sys.stdout.buffer
        if stream.isatty():
            fail("Parquet is binary and will not be printed to a terminal; give --out FILE.parquet", 2)
        return stream
    return sys.stdout


@click.command("events")
@db_option
@click.option("--since", metavar="DATE", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY), inclusive.")
@click.option("--until", metavar="DATE", help="Up to this date, inclusive.")
@click.option("--actor", metavar="CODE", help="Source or target code starting with CODE (e.g. PRK, KORGOV).")
@click.option("--dyad", metavar="A-B", help="A-B either direction, A>B directed (e.g. KOR-PRK).")
@click.option("--cameo", metavar="CODE", help="CAMEO code prefix (e.g. 19, 036).")
@click.option("--root", metavar="RR", help="CAMEO root (01-20).")
@click.option("--quad", "quad_class", type=click.IntRange(1, 4), help="QuadClass 1-4.")
@click.option("--plover", metavar="EVENT", help="PLOVER event category (e.g. CONSULT).")
@click.option("--track", metavar="NAME", help="Track name (e.g. denuclearization).")
@click.option("--negated/--not-negated", default=None, help="Only negated / only not negated events.")
@click.option("--hypothetical/--not-hypothetical", default=None, help="Only hypothetical / only not.")
@click.option("--future/--not-future", default=None, help="Only future / only not.")
@click.option("--historical/--not-historical", default=None, help="Only historical background / only not.")
@click.option("--incomplete", "incomplete", is_flag=True, default=None,
              help="Only the incomplete events (no identified source), which every export leaves out by default.")
@click.option("--country", metavar="ISO3", help="Events located in this country (ISO 3166 alpha-3, e.g. KOR).")
@click.option("--near", metavar="LAT,LON,KM", help="Events located within KM kilometres of the point (e.g. 37.96,126.68,50).")
@click.option("--limit", type=click.IntRange(1, None), help="At most this many events.")
@click.option("--order", type=click.Choice(["date", "-date", "goldstein", "-goldstein"]), default="date",
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(EVENT_FORMATS), default="jsonl", show_default=True,
              help="jsonl: the event records; csv: flat columns (text cells starting with = + - @ get a leading '); gdelt: the 61 GDELT 2.0 columns (TSV); "
                   "plover: PLOVER JSONL; parquet: typed columns (needs --out).")
@click.option("--header", is_flag=True, help="GDELT: write the column names as a first line.")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE instead of standard output.")
def events(db: Path, since: str | None, until: str | None, actor: str | None, dyad: str | None,
           cameo: str | None, root: str | None, quad_class: int | None, plover: str | None,
           track: str | None, negated: bool | None, hypothetical: bool | None, future: bool | None,
           historical: bool | None, incomplete: bool | None, country: str | None, near: str | None,
           limit: int | None, order: str, fmt: str, header: bool, out: str | None) -> None:
    """Export stored events of the dataset (events with an identified source), filtered. Columns
    and mappings: docs/EXPORTS.md."""
    from ..export import export_events

    filters = dict(since=since, until=until, actor=actor, dyad=dyad, cameo=cameo, root=root, quad_class=quad_class,
                   plover=plover, track=track, negated=negated, hypothetical=hypothetical, future=future,
                   historical=historical, incomplete=incomplete, country=country, near=near, limit=limit,
                   order=order)
    filters = {k: v for k, v in filters.items() if v is not None}
    with writing_to(out):
        with open_existing(db) as store:
            result = export_events(store, fmt, _out_stream(out, fmt), header=header if fmt == "gdelt" else None,
                                   **filters)
    for reason, n in result.skip_reasons.items():
        click.echo(f"peacewatch: skipped {n} event{'s' if n != 1 else ''} ({reason})", err=True)
    if out is not None:
        click.echo(f"peacewatch: wrote {result.written} events to {out}", err=True)
