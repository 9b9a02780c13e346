"""`peacewatch actors`: look into the actor dictionaries (unknown names, what a name codes to)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import PeacewatchError
from ._common import db_option, dictionaries_option, fail, no_builtin_option, options_from

format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
    help="A rich table for reading, or JSON for scripts.",
)


@click.group("actors")
def actors() -> None:
    """Actor dictionaries: names no dictionary knows, and what a name codes to on a date."""


@actors.command("unknown")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="How many names to list.")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
              help="Only names seen at least this often.")
@dictionaries_option
@no_builtin_option
@format_option
def unknown(db: Path, limit: int, min_count: int, dictionaries: tuple[Path, ...], no_builtin: bool,
            fmt: str) -> None:
    """The frequent capitalised names in stored articles that no actor dictionary resolves, with
    counts and an example sentence, so you can grow your dictionary (see docs/DICTIONARIES.md)."""
    from ..actors import load_dictionaries
    from ..actors.unknown import unknown_names

    try:
        opts = options_from(db=db, dictionaries=dictionaries, no_builtin=no_builtin)
        if not Path(db).exists():
            fail(f"no database at {db}; run 'peacewatch ingest PATH --db {db}' first, or pass --db with an existing file")
        rows = unknown_names(Path(db), load_dictionaries(opts), limit=limit, min_count=min_count)
    except PeacewatchError as e:
        fail(e)
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"Names no dictionary resolves (seen >= {min_count} times)")
    t.add_column("name")
    t.add_column("count", justify="right")
    t.add_column("articles", justify="right")
    t.add_column("example sentence", overflow="fold")
    for r in rows:
        t.add_row(r.name, str(r.count), str(r.articles), r.example)
    Console(width=160).print(t)
    if not rows:
        click.echo("No unknown names at that count.")


@actors.command("show")
@click.argument("name")
@click.option("--date", "date", default=None, metavar="YYYY-MM-DD",
              help="The story's date (default: no date, the latest or undated code).")
@dictionaries_option
@no_builtin_option
@format_option
def show(name: str, date: str | None, dictionaries: tuple[Path, ...], no_builtin: bool, fmt: str) -> None:
    """What NAME codes to on --date and why: the code, how it was resolved, and every role of the
    matching dictionary entries with its dates and file:line."""
    import datetime as _dt

    from ..actors import load_dictionaries, resolve_name

    if date is not None:
        try:
            _dt.date.fromisoformat(date)
        except ValueError:
            fail(f"bad --date {date!r}; write it as YYYY-MM-DD, e.g. --date 2025-09-24")
    try:
        res = resolve_name(name, date, load_dictionaries(options_from(dictionaries=dictionaries, no_builtin=no_builtin)))
    except PeacewatchError as e:
        fail(e)
    if fmt == "json":
        click.echo(json.dumps(res.to_dict(), ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    con = Console(width=120)
    con.print(f"[bold]{name}[/bold] on {date or 'no date'}: [bold]{res.code or 'no code'}[/bold]")
    con.print(f"why: {res.explanation}", markup=False)
    for entry in res.entries:
        t = Table(title=f"[{entry['kind']}] {entry['name']}  ({entry['origin']})", title_justify="left")
        t.add_column("code")
        t.add_column("from")
        t.add_column("to")
        t.add_column("in force", justify="center")
        t.add_column("role")
        for r in entry["roles"]:
            inf = "" if r["in_force"] is None else ("yes" if r["in_force"] else "no")
            t.add_row(r["code"], r["from"] or "", r["to"] or "", inf, r["label"])
        if not entry["roles"] and entry["default_code"]:
            t.add_row(entry["default_code"], "", "", "", "undated code")
        con.print(t)
        if entry["source"]:
            con.print(f"source: {entry['source']}", markup=False)
    if not res.entries:
        click.echo("No dictionary entry knows this name; add it (see docs/DICTIONARIES.md).")
