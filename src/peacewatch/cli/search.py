"""`peacewatch search QUERY [--db FILE]`: ranked full-text search with snippets."""

from __future__ import annotations

from pathlib import Path

import json

import click

from ..errors import PeacewatchError
from ._common import db_option, fail
from ._store import open_existing


@click.command("search")
@click.argument("query")
@db_option
@click.option("--kind", "kinds", type=click.Choice(["articles", "events", "quotes"]), multiple=True,
              help="What to search (repeatable); default all three.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--syntax", is_flag=True,
              help='Read QUERY as SQLite FTS5 syntax: "a phrase", AND/OR/NOT, prefix*, NEAR(a b, 5), title:word.')
@click.option("--plain", is_flag=True, hidden=True, help="Plain words (the default; kept for old scripts).")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
def search(query: str, db: Path, kinds: tuple[str, ...], limit: int, syntax: bool, plain: bool, fmt: str) -> None:
    """Search articles, events and quotes for QUERY: plain words, all required; words in double
    quotes or joined by punctuation (six-party, U.S.) as a phrase; any other character is text.
    The dashboard's search box reads a query the same way. --syntax reads FTS5 syntax instead."""
    if syntax and plain:
        fail("--syntax and --plain contradict each other; give one", 2)
    try:
        with open_existing(db) as store:
            hits = store.search(query, kinds=tuple(kinds) or ("articles", "events", "quotes"),
                                limit=limit, plain=not syntax)
    except PeacewatchError as err:
        fail(err)
    if fmt == "jsonl":
        for h in hits:
            click.echo(json.dumps(h.to_dict() if hasattr(h, "to_dict") else h.__dict__, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"no matches for {query!r}")
        return
    for h in hits:
        click.echo(f"[{h.kind}] {h.date or '----------'}  {h.title or h.article_id}")
        click.echo(f"    {h.snippet}")
