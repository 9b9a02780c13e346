"""A progress display for long runs (rich), shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from ..runner import IngestSummary


@contextmanager
def ingest_progress(enabled: bool) -> Iterator[Callable[[IngestSummary], None]]:
    """Yields a callback taking an IngestSummary; draws a live line on stderr when enabled."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda summary: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/bold] {task.fields[line]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("ingest", line="starting")
        last = [0.0]

        def update(summary: IngestSummary) -> None:
            if summary.seconds - last[0] < 0.2:
                return
            last[0] = summary.seconds
            rate = summary.seen / summary.seconds if summary.seconds else 0
            progress.update(
                task,
                line=f"{summary.new} new · {summary.duplicate} dup · {summary.unchanged} stored · "
                f"{summary.failed} failed · {summary.events} events · {rate:.0f}/s",
            )

        yield update
