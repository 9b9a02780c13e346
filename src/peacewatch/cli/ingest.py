"""`peacewatch ingest PATH_OR_URL... [--db FILE]`: read, clean, code and store; idempotent."""

from __future__ import annotations

from pathlib import Path

import json
import sys

import click

from ..runner import ingest as run_ingest
from ._common import db_option, dictionaries_option, engine_options, engine_spec, exit_status, max_bytes_option
from ._common import no_builtin_option, options_from, report_error, timeout_option, warn_if_altered
from ._progress import ingest_progress


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@db_option
@dictionaries_option
@no_builtin_option
@max_bytes_option
@timeout_option
@click.option("--commit-every", type=click.IntRange(1), default=None,
              help="Inputs per transaction (default 100); a killed run loses at most one open batch, "
              "which the next run redoes.")
@click.option("--no-progress", is_flag=True, help="Do not draw a progress line.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@engine_options
def ingest(inputs: tuple[str, ...], db: Path, dictionaries: tuple[Path, ...], no_builtin: bool,
           max_bytes: int | None, url_timeout: float | None, commit_every: int | None, no_progress: bool,
           as_json: bool, engine: str, workers: int | None, scheduler: str | None) -> None:
    """Read, clean, date, code and store news from files, directories, globs, URLs or '-' (stdin).

    Idempotent: the same story twice, or a republished copy, is stored once and counted as a
    duplicate; a run killed half-way and run again loses nothing and duplicates nothing. The exit
    status is the number of inputs that failed (0 when all went in).

    --engine dask codes on Dask workers (--workers N on this machine, or --scheduler ADDRESS);
    this process stays the one writer and stores the same records as the local engine.
    """
    spec = engine_spec(engine, workers, scheduler)
    opts = options_from(
        db=db, dictionaries=dictionaries, no_builtin=no_builtin, max_bytes=max_bytes,
        url_timeout=url_timeout,
    )
    if commit_every:
        opts = opts.with_(commit_every=commit_every)
    with ingest_progress(not no_progress) as progress:
        try:
            summary = run_ingest(list(inputs), opts, on_failure=lambda f: report_error(f.error), on_read=warn_if_altered,
                                 on_progress=progress, engine=spec)
        except KeyboardInterrupt:
            report_error("interrupted; what was committed is kept — run the same command again to finish")
            sys.exit(130)
    if as_json:
        click.echo(json.dumps(summary.to_dict()))
    else:
        click.echo(f"{opts.db}: {summary.line()}")
    sys.exit(exit_status(summary.failed))
