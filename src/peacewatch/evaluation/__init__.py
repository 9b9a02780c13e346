"""Scoring the coder against gold data: readers of gold formats, pure scorers, and a runner that
codes through the same :class:`~peacewatch.pipeline.Pipeline` as ``ingest`` and ``code``.

    evaluate_paths(paths, options, show=10) -> EvaluationRun
    detect_format(path) -> "seed" | "petrarch" | "five-class" | "ner" | "plover-gsr" | "jsonl"
                           | "news-gold" | "plover-news" | "event-location"

See docs/EVALUATION.md for the formats, the match rules and the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..config import Options
from ..errors import NotBuiltYet, PeacewatchError
from .gold import FORMATS, detect_format
from .runner import Evaluator, FileResult


@dataclass
class EvaluationRun:
    results: list[FileResult] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line error)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [r.to_dict() for r in self.results],
            "failures": [{"path": p, "error": e} for p, e in self.failures],
        }


def evaluate_paths(paths: Iterable[Path | str], options: Options | None = None, *, show: int = 10,
                   on_failure: Callable[[str], None] | None = None) -> EvaluationRun:
    """Score each gold file; an unreadable one is recorded as a failure and the others go on."""
    ev = Evaluator(options, show=show)
    run = EvaluationRun()
    for p in paths:
        path = Path(p)
        try:
            run.results.append(ev.evaluate(path))
        except NotBuiltYet:
            raise  # no file can be scored without the pipeline
        except PeacewatchError as err:
            line = err.one_line()
            if not err.source:
                line = f"{path}: {line}"
            run.failures.append((str(path), line))
            if on_failure is not None:
                on_failure(line)
    return run


__all__ = ["EvaluationRun", "Evaluator", "FileResult", "FORMATS", "detect_format", "evaluate_paths"]
