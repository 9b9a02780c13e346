"""The local engine: this process codes, with one Pipeline loaded once (the default engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, TypeVar

from ..config import Options
from ..model import Article, CodedArticle, InputFailure, RawDocument
from . import PARTITION_SIZE, PartitionResult, chunks
from .work import write_partition

T = TypeVar("T")


class LocalEngine:
    name = "local"

    def __init__(self, options: Options):
        from ..pipeline import Pipeline

        self.options = options
        self.pipeline = Pipeline(options)  # dictionaries and the parser, loaded now (a bad dictionary fails here)

    def code_batches(
        self, batches: Iterable[tuple[T, list[Article]]], *, with_quotes: bool = True
    ) -> Iterator[tuple[T, list[CodedArticle | Exception]]]:
        for tag, articles in batches:
            yield tag, self.pipeline.code_each(articles, with_quotes=with_quotes)

    def code_documents(
        self, docs: Iterable[RawDocument | InputFailure], *, with_quotes: bool
    ) -> Iterator[CodedArticle | InputFailure]:
        yield from self.pipeline.code_documents(docs, with_quotes=with_quotes)

    def write_partitions(
        self, docs: Iterable[RawDocument | InputFailure], out_dir: Path, *, with_quotes: bool,
        partition_size: int = PARTITION_SIZE,
    ) -> Iterator[PartitionResult]:
        for number, part in enumerate(chunks(docs, partition_size)):
            yield write_partition(self.pipeline, part, out_dir, number, with_quotes=with_quotes)

    def close(self) -> None:
        pass
