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
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (each with its own read-only connections); one per core serves most.")
def serve(db: Path, host: str, port: int, workers: int) -> None:
    """Serve the dashboard (overview, events with evidence, articles, actors, search, JSON API at
    /api, its description at /docs) from a read-only database. Works with no network."""
    if not Path(db).exists():
        fail(f"no database at {db}; run 'peacewatch ingest PATH --db FILE' first, or pass --db with an existing file")
    try:
        from ..web import create_app

        app = create_app(db)
    except PeacewatchError as err:
        fail(err)
    import uvicorn

    click.echo(f"peacewatch: serving {db} at http://{host}:{port}/"
               + (f" with {workers} worker processes" if workers > 1 else "") + " (Ctrl-C to stop)", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    import os

    os.environ["PEACEWATCH_SERVE_DB"] = str(Path(db).resolve())  # read by each worker's app_from_environment
    uvicorn.run("peacewatch.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning")
