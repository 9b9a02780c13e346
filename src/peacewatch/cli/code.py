"""`peacewatch code [PATH... | -] [--dictionaries DIR] [--with-quotes]`: code without storing."""

from __future__ import annotations

from pathlib import Path

import json
import sys

import click

from ..events.record import incomplete, speculative
from ..model import InputFailure
from ..runner import code as run_code
from ..runner import code_to_dir
from ._common import dictionaries_option, engine_options, engine_spec, exit_status, max_bytes_option, no_builtin_option
from ._common import options_from, report_error, timeout_option, warn_if_altered


@click.command("code")
@click.argument("inputs", nargs=-1)
@dictionaries_option
@no_builtin_option
@click.option("--with-quotes", is_flag=True, help="Also print the quote records (each line then has \"kind\").")
@click.option("--include-historical", is_flag=True, help="Also print events flagged as historical background.")
@click.option("--include-negated", is_flag=True, help="Also print events flagged as negated (\"did not attend\").")
@click.option("--include-incomplete", is_flag=True, help="Also print events whose source the text does not identify.")
@click.option("--include-speculative", is_flag=True, help="Also print force that might be used (\"could strike\").")
@click.option("--all", "all_events", is_flag=True, help="Print every event the coder produced (all the --include-* flags).")
@max_bytes_option
@timeout_option
@engine_options
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write partitioned Parquet to this folder instead of printing: everything ingest would store "
              "(every event, quotes, stances); 'peacewatch load DIR --db FILE' merges it into a store. With "
              "--scheduler, the folder must be reachable by every worker.")
@click.option("--partition-size", type=click.IntRange(1, 100_000), default=None,
              help="Documents per partition with --out-dir (default 128).")
def code(inputs: tuple[str, ...], dictionaries: tuple[Path, ...], no_builtin: bool, with_quotes: bool,
         include_historical: bool, include_negated: bool, include_incomplete: bool, include_speculative: bool,
         all_events: bool, max_bytes: int | None, url_timeout: float | None, engine: str, workers: int | None,
         scheduler: str | None, out_dir: Path | None, partition_size: int | None) -> None:
    """Code news and print one event record (JSON) a line; nothing is stored.

    By default only events of the dataset are printed: with an identified source, not negated,
    not historical background; the --include-* flags add the others (each record says why it is
    not in the dataset: "incomplete", "modality").

    Inputs are files, directories, globs, URLs, or '-' / nothing for standard input: plain text
    stories, HTML, feeds, JSONL articles or one-sentence JSONL lines, PETRARCH records.

    --engine dask codes on Dask workers (--workers N on this machine, or --scheduler ADDRESS);
    the records are the same, in the same order. --out-dir DIR writes Parquet partitions instead.
    """
    spec = engine_spec(engine, workers, scheduler)
    if partition_size and not out_dir:
        raise click.UsageError("--partition-size needs --out-dir")
    opts = options_from(dictionaries=dictionaries, no_builtin=no_builtin, with_quotes=with_quotes,
                        max_bytes=max_bytes, url_timeout=url_timeout)
    failed = 0

    def on_failure(f: InputFailure) -> None:
        nonlocal failed
        failed += 1
        report_error(f.error)

    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise click.UsageError(f"--out-dir {out_dir} is a file; give a folder")
        summary = code_to_dir(list(inputs) or ["-"], opts, out_dir, on_failure=on_failure, engine=spec,
                              partition_size=partition_size)
        click.echo(f"{out_dir}: {summary.line()}")
        sys.exit(exit_status(failed))

    out = sys.stdout
    for coded in run_code(list(inputs) or ["-"], opts, on_failure=on_failure, with_quotes=with_quotes,
                          engine=spec):
        warn_if_altered(coded.article)
        for event in coded.events:
            if not all_events and (
                (event.modality.historical and not include_historical)
                or (event.modality.negated and not include_negated)
                or (incomplete(event) and not include_incomplete)
                or (speculative(event) and not include_speculative)
            ):
                continue
            rec = event.to_dict()
            if with_quotes:
                rec = {"kind": "event", **rec}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if with_quotes:
            for quote in coded.quotes:
                out.write(json.dumps({"kind": "quote", **quote.to_dict()}, ensure_ascii=False) + "\n")
    out.flush()
    sys.exit(exit_status(failed))
