"""Batch runs over many inputs: ``ingest`` (read, clean, date, dedupe, code, store), ``extract``
(read, clean, date) and ``code`` (read ... code, no store).

A bad input never stops a batch: it becomes an ``InputFailure`` that is reported through
``on_failure`` and counted. Ingest commits every ``options.commit_every`` articles, and every
article goes in whole or not at all, so a run killed half-way and run again loses nothing and
stores nothing twice (inputs already stored are recognised by origin and content hash).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from .config import Options
from .errors import PeacewatchError
from .model import Article, CodedArticle, InputFailure, RawDocument

FailureHook = Callable[[InputFailure], None]
ProgressHook = Callable[["IngestSummary"], None]


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    unchanged: int = 0  # already stored by an earlier run (same origin, same content)
    failed: int = 0
    events: int = 0
    quotes: int = 0
    seconds: float = 0.0
    failures: list[InputFailure] = field(default_factory=list)
    not_coded: dict[str, int] = field(default_factory=dict)
    """Stories stored but not coded, per language (only English is coded)."""

    @property
    def seen(self) -> int:
        return self.new + self.duplicate + self.unchanged + self.failed

    def line(self) -> str:
        rate = self.seen / self.seconds if self.seconds > 0 else 0.0
        langs = ", ".join(f"{k} {v}" for k, v in sorted(self.not_coded.items(), key=lambda kv: (-kv[1], kv[0])))
        return (
            f"articles: {self.new} new, {self.duplicate} duplicate, {self.unchanged} already stored, "
            f"{self.failed} failed; events: {self.events}; quotes: {self.quotes}"
            + (f"; stored but not coded (not English): {langs}" if langs else "")
            + f" ({self.seconds:.1f} s, {rate:.0f} articles/s)"
        )

    def to_dict(self) -> dict:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "events": self.events,
            "quotes": self.quotes,
            "not_coded": dict(self.not_coded),
            "seconds": round(self.seconds, 3),
        }


def internal_failure(origin: str, err: Exception) -> InputFailure:
    return InputFailure(
        origin,
        f"{origin}: internal error {type(err).__name__}: {err}; the batch went on — please report "
        "this input to the peacewatch issue tracker",
    )


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _documents(inputs: Sequence[str], options: Options) -> Iterator[RawDocument | InputFailure]:
    from .ingest import read_inputs

    return read_inputs(inputs, options)


def extract(
    inputs: Sequence[str], options: Options, on_failure: FailureHook | None = None
) -> Iterator[Article]:
    """Cleaned, dated articles; no coding."""
    from .clean import prepare

    for doc in _documents(inputs, options):
        if isinstance(doc, InputFailure):
            if on_failure:
                on_failure(doc)
            continue
        try:
            yield prepare(doc, options)
        except PeacewatchError as err:
            if on_failure:
                on_failure(InputFailure(doc.origin, err.one_line()))
        except Exception as err:
            if on_failure:
                on_failure(internal_failure(doc.origin, err))


def code(
    inputs: Sequence[str] | Iterable[RawDocument],
    options: Options,
    on_failure: FailureHook | None = None,
    *,
    with_quotes: bool | None = None,
) -> Iterator[CodedArticle]:
    """Coded articles, nothing stored. ``inputs`` are paths/URLs/'-' or RawDocuments."""
    from .pipeline import Pipeline

    pipeline = Pipeline(options)
    wq = options.with_quotes if with_quotes is None else with_quotes
    docs: Iterable[RawDocument | InputFailure]
    if isinstance(inputs, (list, tuple)) and all(isinstance(i, str) for i in inputs):
        docs = _documents(inputs, options)  # type: ignore[arg-type]
    else:
        docs = inputs  # type: ignore[assignment]
    for item in pipeline.code_documents(docs, with_quotes=wq):
        if isinstance(item, InputFailure):
            if on_failure:
                on_failure(item)
            continue
        yield item


def ingest(
    inputs: Sequence[str],
    options: Options,
    *,
    on_failure: FailureHook | None = None,
    on_progress: ProgressHook | None = None,
) -> IngestSummary:
    """Read, clean, date, dedupe, code and store every input; return the counts."""
    from .dedup import content_hash
    from .pipeline import Pipeline
    from .store import Store

    summary = IngestSummary()
    started = time.perf_counter()
    pipeline = Pipeline(options)

    def failed(f: InputFailure) -> None:
        summary.failed += 1
        summary.failures.append(f)
        if on_failure:
            on_failure(f)

    def ingest_one(store, doc: RawDocument | InputFailure) -> None:
        if isinstance(doc, InputFailure):
            failed(doc)
            return
        try:
            article = pipeline.prepare(doc)
            if store.has_origin(article.origin, content_hash(article.body)):
                summary.unchanged += 1
                return
            result, coded = store.add_article(article, pipeline.code_article)
        except PeacewatchError as err:
            failed(InputFailure(doc.origin, err.one_line()))
            return
        except Exception as err:  # a bug on one article must not stop a batch of millions
            failed(internal_failure(doc.origin, err))
            return
        if result.status == "new":
            summary.new += 1
            summary.events += len(coded.events)
            summary.quotes += len(coded.quotes)
            if coded.article.language != "en":
                summary.not_coded[coded.article.language] = summary.not_coded.get(coded.article.language, 0) + 1
        else:
            summary.duplicate += 1

    with Store.open(options.db, options=options) as store:
        for batch in _batches(_documents(inputs, options), options.commit_every):
            with store.transaction():  # one commit per batch: a killed run loses at most this one
                for doc in batch:
                    ingest_one(store, doc)
                    if on_progress:
                        summary.seconds = time.perf_counter() - started
                        on_progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary
