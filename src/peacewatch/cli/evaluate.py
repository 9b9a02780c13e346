"""`peacewatch evaluate GOLD...`: score the coder against gold files (thin; see peacewatch.evaluation)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ._common import dictionaries_option, exit_status, fail, no_builtin_option, options_from, report_error


@click.command("evaluate")
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path))
@dictionaries_option
@no_builtin_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json prints every figure as one JSON document.")
@click.option("--show", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many misses and extras to list per file.")
def evaluate(gold: tuple[Path, ...], dictionaries: tuple[Path, ...], no_builtin: bool, fmt: str, show: int) -> None:
    """Score the coder against GOLD files: the seed's expected.json, PETRARCH/TABARI validation
    records, five-class CAMEO sentences (TSV), NER span files, PLOVER GSR JSON, or peacewatch's
    own JSONL gold (docs/EVALUATION.md). The format of each file is detected from its content.

    Prints precision, recall and F1 for events, root codes and (source, target, root) triples,
    and lists the misses and the extras. Exit status: the number of unreadable gold files."""
    from ..errors import NotBuiltYet
    from ..evaluation import evaluate_paths
    from ..evaluation.report import render_text

    options = options_from(dictionaries=dictionaries, no_builtin=no_builtin)
    try:
        run = evaluate_paths(gold, options, show=show, on_failure=report_error)
    except NotBuiltYet as err:  # a stage of the pipeline is not built yet
        fail(err, 1)
    if fmt == "json":
        click.echo(json.dumps(run.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(render_text(run), nl=False)
    sys.exit(exit_status(len(run.failures)))
