"""`peacewatch actors`."""

from __future__ import annotations

import click

from ..errors import NotBuiltYet
from ._common import fail


@click.command("actors", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def actors(args) -> None:
    """Not built yet."""
    fail(NotBuiltYet("'peacewatch actors' is not built yet", hint="see the project's open issues"), 2)
