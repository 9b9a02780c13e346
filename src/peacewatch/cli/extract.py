"""`peacewatch extract PATH... [--format jsonl]`: cleaned articles only, no coding."""

from __future__ import annotations


import json
import sys

import click

from ..model import InputFailure
from ..runner import extract as run_extract
from ._common import exit_status, max_bytes_option, options_from, report_error, timeout_option, warn_if_altered


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl", show_default=True)
@max_bytes_option
@timeout_option
def extract(inputs: tuple[str, ...], fmt: str, max_bytes: int | None, url_timeout: float | None) -> None:
    """Print cleaned, dated articles: id, title, published, date_basis, source, source_id, url, text.

    The view an outside script uses to check cleaning and dates. Nothing is coded or stored.
    """
    opts = options_from(max_bytes=max_bytes, url_timeout=url_timeout)
    failed = 0

    def on_failure(f: InputFailure) -> None:
        nonlocal failed
        failed += 1
        report_error(f.error)

    for article in run_extract(list(inputs), opts, on_failure=on_failure):
        warn_if_altered(article)
        if fmt == "jsonl":
            click.echo(json.dumps(article.extract_record(), ensure_ascii=False))
        else:
            click.echo(f"# {article.title or ''}\n# published {article.published} ({article.date_basis})\n")
            click.echo(article.text)
            click.echo("")
    sys.exit(exit_status(failed))
