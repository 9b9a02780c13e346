"""The ``peacewatch`` command. Thin: each verb parses flags and calls the library.

Each verb lives in its own module under ``peacewatch.cli`` and is registered here.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

# (module, attribute) of each verb, in the order --help lists them.
VERBS = [
    ("ingest", "ingest"),
    ("extract", "extract"),
    ("code", "code"),
    ("events", "events"),
    ("quotes", "quotes"),
    ("search", "search"),
    ("series", "series"),
    ("report", "report"),
    ("serve", "serve"),
    ("watch", "watch"),
    ("evaluate", "evaluate"),
    ("actors", "actors"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peacewatch")
def cli() -> None:
    """peacewatch: news in; events, quotes, tracks and cooperation/conflict series out."""


for _mod, _attr in VERBS:
    _m = importlib.import_module(f".{_mod}", __name__)
    cli.add_command(getattr(_m, _attr))


def main() -> None:
    cli(prog_name="peacewatch")
