"""`peacewatch load DIR_OR_FILE... [--db FILE]`: merge partition files into a store; idempotent."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..partitions import load as run_load
from ._common import db_option, exit_status, report_error


@click.command("load")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def load(paths: tuple[str, ...], db: Path, as_json: bool) -> None:
    """Merge coded partitions (folders written by 'peacewatch code --out-dir', or their
    articles/part-*.parquet files) into the database, one transaction per partition. JSONL files
    of event records ('peacewatch code [--with-quotes]' output) load too, each article as a stub
    without its text.

    Idempotent: what is stored already is passed over, and a copy of a stored story is recorded
    as a copy, as ingest does; loading the same partitions twice adds nothing. A bad partition
    file is one line on stderr naming it and the rest go on; the exit status is the number of
    files or articles that failed.
    """
    summary = run_load(list(paths), db, on_failure=lambda f: report_error(f.error))
    if as_json:
        click.echo(json.dumps(summary.to_dict()))
    else:
        click.echo(f"{db}: {summary.line()}")
    sys.exit(exit_status(summary.failed))
