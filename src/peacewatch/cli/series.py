"""`peacewatch series --dyad KOR-PRK [--track T] [--freq day|week|month] [--format table|csv|json]`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

import csv
import sys
import json

import click

from ..errors import PeacewatchError
from ._common import db_option, fail
from ._store import open_existing

if TYPE_CHECKING:
    from ..analysis.series import Series

CSV_COLUMNS = ("period", "start", "end", "events", "verbal_cooperation", "material_cooperation", "verbal_conflict",
               "material_conflict", "goldstein_sum", "goldstein_mean", "cooperation", "conflict", "index", "mentions",
               "change", "direction", "baseline_mean", "baseline_sd")


def _print_table(series: Series) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    t = Table(title=f"{series.label} by {series.freq}", caption=(
        f"index = (C-K)/(C+K), C/K = sum |Goldstein| of cooperation/conflict events; "
        f"▲▼ = outside mean ± {series.k:g}·sd of the previous {series.window} periods; — = no event, no index "
        f"(docs/SERIES.md). "
        f"Excluded: " + ", ".join(f"{k} {v}" for k, v in series.excluded.items())))
    for name, just in (("period", "left"), ("events", "right"), ("VCoop", "right"), ("MCoop", "right"),
                       ("VConf", "right"), ("MConf", "right"), ("Goldstein Σ", "right"), ("mean", "right"),
                       ("index", "right"), ("mentions", "right"), ("change", "center")):
        t.add_column(name, justify=just)  # type: ignore[arg-type]
    for p in series.points:
        mark = "" if not p.change else ("▲" if p.direction == "up" else "▼")
        t.add_row(p.period, str(p.events), str(p.verbal_cooperation), str(p.material_cooperation),
                  str(p.verbal_conflict), str(p.material_conflict), f"{p.goldstein_sum:.1f}",
                  "—" if p.goldstein_mean is None else f"{p.goldstein_mean:.2f}",
                  "—" if p.index is None else f"{p.index:+.3f}", str(p.mentions), mark)
    console.print(t)


@click.command("series")
@click.option("--dyad", metavar="A-B", help="A-B (either direction) or A>B (directed), e.g. KOR-PRK, USA>PRK, KOR-IGOUNO.")
@click.option("--actor", metavar="CODE", help="All events of one actor (code prefix or country), instead of or with --dyad.")
@click.option("--track", metavar="NAME", help="Only events on this track (e.g. denuclearization).")
@click.option("--freq", type=click.Choice(["day", "week", "month"]), default="month", show_default=True,
              help="Period: day, ISO week (Monday start) or month.")
@click.option("--since", metavar="DATE", help="First day (YYYY-MM-DD, YYYY-MM or YYYY); default the first event.")
@click.option("--until", metavar="DATE", help="Last day; default the last event.")
@click.option("--include-negated", is_flag=True, help="Count negated events too (default: excluded).")
@click.option("--include-hypothetical", is_flag=True, help="Count hypothetical events too (default: excluded).")
@click.option("--window", type=click.IntRange(1, 1000), default=8, show_default=True,
              help="Change detection: how many previous periods form the baseline.")
@click.option("--k", "k", type=click.FloatRange(0, None, min_open=True), default=2.0, show_default=True,
              help="Change detection: flag when the index is more than k standard deviations from the baseline mean.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@db_option
def series(dyad: str | None, actor: str | None, track: str | None, freq: str, since: str | None,
           until: str | None, include_negated: bool, include_hypothetical: bool, window: int, k: float,
           fmt: str, db: Path) -> None:
    """Cooperation/conflict series for a dyad, actor or track: event counts per QuadClass, Goldstein
    sum and mean, the cooperation-conflict index, mentions and flagged changes, one row a period
    (empty periods included). Formulas: docs/SERIES.md."""
    from ..analysis import series_from_store

    if not (dyad or actor or track):
        fail("give --dyad (e.g. KOR-PRK), --actor or --track; see peacewatch series --help", 2)
    try:
        with open_existing(db) as store:
            s = series_from_store(store, dyad=dyad, actor=actor, track=track, freq=freq, since=since, until=until,
                                  include_negated=include_negated, include_hypothetical=include_hypothetical,
                                  window=window, k=k)
    except PeacewatchError as err:
        fail(err)
    if fmt == "json":
        click.echo(json.dumps(s.to_dict(), ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        for p in s.points:
            d = p.to_dict()
            w.writerow(["" if d[c] is None else ("true" if d[c] is True else "false" if d[c] is False else d[c])
                        for c in CSV_COLUMNS])
        return
    if not s.points:
        click.echo(f"no events for {s.label}" + (f" between {since or '…'} and {until or '…'}" if since or until else ""))
        return
    _print_table(s)
