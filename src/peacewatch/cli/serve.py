"""`peacewatch serve [--db FILE] [--host 127.0.0.1] [--port 8000]`."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import PeacewatchError
from ._common import db_option, fail


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(db: Path, host: str, port: int) -> None:
    """Serve the dashboard (overview, events with evidence, articles, actors, search, JSON API at
    /api, its description at /docs) from a read-only database. Works with no network."""
    from pathlib import Path

    if not Path(db).exists():
        fail(f"no database at {db}; run 'peacewatch ingest PATH --db FILE' first, or pass --db with an existing file")
    try:
        from ..web import create_app

        app = create_app(db)
    except PeacewatchError as err:
        fail(err)
    import uvicorn

    click.echo(f"peacewatch: serving {db} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
