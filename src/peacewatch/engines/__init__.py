"""Where coding runs: the local engine (this process; the default) or Dask (worker processes on
this machine, or a running Dask cluster).

    with open_engine(EngineSpec("dask", workers=2), options) as engine:
        for tag, results in engine.code_batches(batches): ...

Every engine codes with the same :class:`peacewatch.pipeline.Pipeline` (a Dask worker loads it
once and keeps it), in the same groups of articles, so both give the same records. What an
engine does not do is write to SQLite: records always come back to the one writer (``ingest``)
or are written as partition files (``code --out-dir``) that ``load`` merges into a store.

Dask is an optional extra (``pip install 'peacewatch[dask]'``); the local engine never imports it.
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Protocol, TypeVar

from ..config import Options
from ..model import Article, CodedArticle, InputFailure, RawDocument

ENGINES = ("local", "dask")
PARTITION_SIZE = 128
"""Documents in one partition of ``code`` (a Dask task, a partition file): four parse batches."""

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


@dataclass(frozen=True)
class EngineSpec:
    """Which engine: ``name`` local or dask; for dask, ``workers`` worker processes started on this
    machine (default: one per core) or the ``scheduler`` address of a running cluster."""

    name: str = "local"
    workers: int | None = None
    scheduler: str | None = None


@dataclass
class PartitionResult:
    """What writing one partition did: its number, the files written (none when it held no
    coded article), and counts; ``failures`` are the documents that could not be coded."""

    number: int
    files: list[Path] = field(default_factory=list)
    articles: int = 0
    events: int = 0
    quotes: int = 0
    failures: list[InputFailure] = field(default_factory=list)


class Engine(Protocol):
    name: str

    def code_batches(
        self, batches: Iterable[tuple[T, list[Article]]], *, with_quotes: bool = True
    ) -> Iterator[tuple[T, list[CodedArticle | Exception]]]:
        """Code each batch of articles; yield ``(tag, results)`` in the order given, one result
        per article (the article's exception in its place when it alone failed)."""
        ...

    def code_documents(
        self, docs: Iterable[RawDocument | InputFailure], *, with_quotes: bool
    ) -> Iterator[CodedArticle | InputFailure]:
        """Prepare and code documents, in order; a document that fails becomes an InputFailure."""
        ...

    def write_partitions(
        self, docs: Iterable[RawDocument | InputFailure], out_dir: Path, *, with_quotes: bool,
        partition_size: int = PARTITION_SIZE,
    ) -> Iterator[PartitionResult]:
        """Code documents in partitions of ``partition_size`` and write each as partition files
        in ``out_dir`` (``peacewatch.partitions``); yield each partition's result in order."""
        ...

    def close(self) -> None: ...


@contextmanager
def open_engine(spec: EngineSpec | None, options: Options) -> Iterator[Engine]:
    """The engine ``spec`` names, ready to code with ``options``; closed (a Dask cluster it
    started is shut down) on leaving."""
    spec = spec or EngineSpec()
    engine: Engine
    if spec.name == "local":
        from .local import LocalEngine

        engine = LocalEngine(options)
    elif spec.name == "dask":
        from .dask_engine import DaskEngine

        engine = DaskEngine(options, spec)
    else:
        from ..errors import EngineError

        raise EngineError(f"no engine {spec.name!r}", hint="use " + " or ".join(ENGINES))
    try:
        yield engine
    finally:
        engine.close()


__all__ = ["ENGINES", "chunks", "PARTITION_SIZE", "Engine", "EngineSpec", "PartitionResult", "open_engine"]
