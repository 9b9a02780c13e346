"""The work an engine's worker does, as plain functions (no Dask here, so the local engine and a
Dask worker run exactly the same code).

A worker process keeps one :class:`Pipeline` per options (dictionaries and the English parser
loaded once, then reused by every task it runs). Results travel back without the parsed text
layer (``CodedArticle.parsed``: spaCy objects the store never reads), and an exception that
cannot be pickled travels as a RuntimeError naming it.
"""

from __future__ import annotations

import pickle
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Options
from ..model import Article, CodedArticle, InputFailure, RawDocument
from . import PartitionResult

if TYPE_CHECKING:
    from ..pipeline import Pipeline

_PIPELINES: dict[Options, "Pipeline"] = {}
_LOCK = threading.Lock()


def pipeline_for(options: Options) -> "Pipeline":
    """This process's Pipeline for ``options`` (built on first use; one kept at a time)."""
    from ..pipeline import Pipeline

    with _LOCK:
        p = _PIPELINES.get(options)
        if p is None:
            _PIPELINES.clear()
            p = _PIPELINES[options] = Pipeline(options)
        return p


def _light(coded: CodedArticle) -> CodedArticle:
    coded.parsed = None
    return coded


def _portable(err: Exception) -> Exception:
    try:
        pickle.dumps(err)
        return err
    except Exception:  # noqa: BLE001 - any reason it cannot travel
        return RuntimeError(f"{type(err).__name__}: {err}")


def code_articles_task(articles: list[Article], options: Options, with_quotes: bool) -> list[CodedArticle | Exception]:
    """Code a batch (``Pipeline.code_each``: one article's failure stays its own)."""
    if not articles:
        return []  # a batch that was all stored already: no need to load the pipeline for it
    out = pipeline_for(options).code_each(articles, with_quotes=with_quotes)
    return [_portable(r) if isinstance(r, Exception) else _light(r) for r in out]


def code_documents_task(docs: list[RawDocument | InputFailure], options: Options,
                        with_quotes: bool) -> list[CodedArticle | InputFailure]:
    """Prepare and code documents (``Pipeline.code_documents``), in order."""
    return [r if isinstance(r, InputFailure) else _light(r)
            for r in pipeline_for(options).code_documents(docs, with_quotes=with_quotes)]


def write_partition(pipeline: "Pipeline", docs: list[RawDocument | InputFailure], out_dir: Path, number: int,
                    *, with_quotes: bool) -> PartitionResult:
    """Code ``docs`` and write the coded articles as partition ``number`` in ``out_dir``."""
    from ..partitions import write_partition as write_files

    result = PartitionResult(number)
    coded: list[CodedArticle] = []
    for r in pipeline.code_documents(docs, with_quotes=with_quotes):
        if isinstance(r, InputFailure):
            result.failures.append(r)
        else:
            coded.append(r)
    if coded:
        result.files = write_files(out_dir, number, coded)
    result.articles = len(coded)
    result.events = sum(len(c.events) for c in coded)
    result.quotes = sum(len(c.quotes) for c in coded)
    return result


def write_partition_task(docs: list[RawDocument | InputFailure], options: Options, with_quotes: bool,
                         out_dir: str, number: int) -> PartitionResult:
    """:func:`write_partition` on a worker (``out_dir`` must be reachable from every worker)."""
    return write_partition(pipeline_for(options), docs, Path(out_dir), number, with_quotes=with_quotes)


def worker_version() -> str:
    """The peacewatch version a worker runs (checked against the client's when connecting)."""
    from .. import __version__

    return __version__
