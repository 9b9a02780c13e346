"""`peacewatch report [--db FILE] [--since D] [--until D] [--dyad A-B] [--actor C] [--track T] --out FILE.html`."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import db_option, writing_to
from ._store import open_existing


@click.command("report")
@db_option
@click.option("--since", metavar="DATE", help="First day of the period (YYYY-MM-DD, YYYY-MM or YYYY); default 30 days before --until.")
@click.option("--until", metavar="DATE", help="Last day of the period; default the date of the latest event (so with neither option: the last 30 days of data).")
@click.option("--dyad", metavar="A-B", help="Only this dyad: A-B either direction, A>B directed (e.g. PRK-USA, 'KOR>PRK').")
@click.option("--actor", metavar="CODE", help="Only events with this actor on a side (a code, code prefix or country: PRK, KORGOV, IGOUNO).")
@click.option("--track", metavar="NAME", help="Only this track (e.g. denuclearization).")
@click.option("--title", default="peacewatch brief", show_default=True, help="Title of the brief.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
def report(db: Path, since: str | None, until: str | None, dyad: str | None, actor: str | None, track: str | None,
           title: str, out: str) -> None:
    """Write a self-contained HTML brief: headline trend, top events, notable quotes, per-track
    activity, positions on the initiatives (stances) and what changed since the previous period of
    the same length, for everything or narrowed to a dyad, an actor or a track. With no
    --since/--until it covers the last 30 days of data. Its charts are interactive and it opens
    from the file with no server and no network."""
    from ..report import write_report

    with writing_to(out):
        with open_existing(db) as store:
            path = write_report(store, out, since, until, dyad=dyad, actor=actor, track=track, title=title)
    click.echo(f"peacewatch: wrote {path}", err=True)
