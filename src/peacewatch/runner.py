"""Batch runs over many inputs: ``ingest`` (read, clean, date, dedupe, code, store), ``extract``
(read, clean, date) and ``code`` (read ... code, no store).

A bad input never stops a batch: it becomes an ``InputFailure`` that is reported through
``on_failure`` and counted. Ingest codes each batch of ``options.commit_every`` inputs outside any
transaction and then stores it in one short write; every article goes in whole or not at all, so a run killed half-way and run again loses nothing and
stores nothing twice (inputs already stored are recognised by origin and content hash).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from .config import Options
from .engines import Engine, EngineSpec, PartitionResult, chunks, open_engine
from .model import Article, CodedArticle, InputFailure, RawDocument

if TYPE_CHECKING:
    from .store import Store

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
            + f" ({self.seconds:.1f} s, {rate:.1f} articles/s)"  # "0.3 articles/s", not "0"
        )

    def to_dict(self) -> dict[str, int | float | dict[str, int]]:
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
        except Exception as err:  # noqa: BLE001 - one article fails alone
            if on_failure:
                on_failure(InputFailure.of(doc.origin, err))


def code(
    inputs: Sequence[str] | Iterable[RawDocument],
    options: Options,
    on_failure: FailureHook | None = None,
    *,
    with_quotes: bool | None = None,
    engine: EngineSpec | None = None,
) -> Iterator[CodedArticle]:
    """Coded articles, in input order, nothing stored. ``inputs`` are paths/URLs/'-' or
    RawDocuments; ``engine`` says where the coding runs (default: this process)."""
    wq = options.with_quotes if with_quotes is None else with_quotes
    with open_engine(engine, options) as eng:
        for item in eng.code_documents(_docs_of(inputs, options), with_quotes=wq):
            if isinstance(item, InputFailure):
                if on_failure:
                    on_failure(item)
                continue
            yield item


def _docs_of(inputs: Sequence[str] | Iterable[RawDocument], options: Options) -> Iterable[RawDocument | InputFailure]:
    if isinstance(inputs, (list, tuple)) and all(isinstance(i, str) for i in inputs):
        return _documents(inputs, options)  # type: ignore[arg-type,unused-ignore]
    return inputs  # type: ignore[return-value]


@dataclass
class PartitionSummary:
    """What ``code --out-dir`` wrote."""

    partitions: int = 0
    articles: int = 0
    events: int = 0
    quotes: int = 0
    failed: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"partitions: {self.partitions}; articles: {self.articles}; events: {self.events}; "
                f"quotes: {self.quotes}; failed: {self.failed} ({self.seconds:.1f} s)")


def code_to_dir(
    inputs: Sequence[str] | Iterable[RawDocument],
    options: Options,
    out_dir: Path,
    on_failure: FailureHook | None = None,
    *,
    engine: EngineSpec | None = None,
    partition_size: int | None = None,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> PartitionSummary:
    """Code every input and write partition files in ``out_dir`` (``peacewatch.partitions``):
    everything ``ingest`` would store (every event, quotes, stances), for ``load`` to merge."""
    from .engines import PARTITION_SIZE

    summary = PartitionSummary()
    started = time.perf_counter()
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    with open_engine(engine, options) as eng:
        for result in eng.write_partitions(_docs_of(inputs, options), Path(out_dir), with_quotes=True,
                                           partition_size=partition_size or PARTITION_SIZE):
            summary.partitions += bool(result.files)
            summary.articles += result.articles
            summary.events += result.events
            summary.quotes += result.quotes
            for f in result.failures:
                summary.failed += 1
                if on_failure:
                    on_failure(f)
            if on_partition:
                on_partition(result)
    summary.seconds = time.perf_counter() - started
    return summary


def ingest(
    inputs: Sequence[str],
    options: Options,
    *,
    on_failure: FailureHook | None = None,
    on_progress: ProgressHook | None = None,
    on_read: Callable[[Article], None] | None = None,
    engine: EngineSpec | None = None,
) -> IngestSummary:
    """Read, clean, date, dedupe, code and store every input; return the counts (see
    :func:`ingest_documents`). ``engine`` says where the coding runs: this process (the default)
    or Dask workers, which code the next batches while this process stores one; either way this
    process is the one writer."""
    from .store import Store

    started = time.perf_counter()
    # the engine first: a bad dictionary (local engine) fails before the database is touched
    with open_engine(engine, options) as eng, Store.open(options.db, options=options) as store:
        summary = ingest_documents(store, _documents(inputs, options), options, on_failure=on_failure,
                                   on_progress=on_progress, on_read=on_read, engine=eng)
        store.optimize_search(after=summary.new)  # after a large run only (Store.optimize_search)
    summary.seconds = time.perf_counter() - started
    return summary


def ingest_documents(
    store: Store,
    docs: Iterable[RawDocument | InputFailure],
    options: Options,
    *,
    on_failure: FailureHook | None = None,
    on_progress: ProgressHook | None = None,
    on_read: Callable[[Article], None] | None = None,
    summary: IngestSummary | None = None,
    engine: Engine | None = None,
) -> IngestSummary:
    """The ingest of already-read documents into an open store (``ingest`` and ``watch`` share it).

    Per batch of ``options.commit_every`` inputs: read, clean and date them; pass over what is
    already stored (same origin, same content) and what duplicates a stored story; code the rest
    (outside any transaction: coding is the slow part); then store the batch in one short write
    transaction, in which the duplicate check runs again (another process may have stored the same
    story meanwhile). So several ingests into one database wait for each other only while writing.

    ``engine`` (open, :func:`peacewatch.engines.open_engine`) codes the batches, the next ones
    while this process stores one; without it this process codes them (the local engine).
    """
    if engine is None:
        with open_engine(None, options) as eng:
            return ingest_documents(store, docs, options, on_failure=on_failure, on_progress=on_progress,
                                    on_read=on_read, summary=summary, engine=eng)
    from .clean import prepare
    from .dedup import content_hash

    summary = summary or IngestSummary()
    started = time.perf_counter()

    def failed(f: InputFailure) -> None:
        summary.failed += 1
        summary.failures.append(f)
        if on_failure:
            on_failure(f)

    def progress() -> None:
        if on_progress:
            summary.seconds = time.perf_counter() - started
            on_progress(summary)

    def staged(store: Store) -> Iterator[tuple[tuple[list[Article], list[Article]], list[Article]]]:
        """Each batch read, cleaned and dated, without what is stored already: ((todo, fresh), fresh)."""
        for batch in chunks(docs, options.commit_every):
            todo: list[Article] = []
            for doc in batch:
                if isinstance(doc, InputFailure):
                    failed(doc)
                    continue
                try:
                    article = prepare(doc, options)
                    if store.has_origin(article.origin, content_hash(article.body)):
                        summary.unchanged += 1
                        continue
                except Exception as err:  # noqa: BLE001 - a bug on one article must not stop a batch of millions
                    failed(InputFailure.of(doc.origin, err))
                    continue
                if on_read:
                    on_read(article)  # a new input, read (the CLI warns here about altered text)
                todo.append(article)
            progress()
            fresh = [a for a in todo if store.find_duplicate(a) is None]
            yield (todo, fresh), fresh

    def store_batch(store: Store, todo: list[Article], fresh: list[Article],
                    results: list[CodedArticle | Exception], code_one: Callable[[Article], CodedArticle]) -> None:
        coded = {id(a): c for a, c in zip(fresh, results, strict=True)}
        progress()

        def code_now(article: Article) -> CodedArticle:
            got = coded.get(id(article))
            if got is None:  # judged a duplicate before coding, new now: cannot happen as stores only grow
                got = code_one(article)
            if isinstance(got, Exception):
                raise got
            return got

        with store.transaction():  # one short commit per batch: a killed run loses at most this one
            for article in todo:
                try:
                    result, stored = store.add_article(article, code_now)
                except Exception as err:  # noqa: BLE001 - the article fails alone (its savepoint is undone)
                    failed(InputFailure.of(article.origin, err))
                    continue
                if result.status == "new":
                    summary.new += 1
                    summary.events += len(stored.events)
                    summary.quotes += len(stored.quotes)
                    language = stored.article.language
                    if language != "en":
                        summary.not_coded[language] = summary.not_coded.get(language, 0) + 1
                else:
                    summary.duplicate += 1
        progress()

    def code_one(article: Article) -> CodedArticle:
        assert engine is not None
        got = next(engine.code_batches([(None, [article])]))[1][0]
        if isinstance(got, Exception):
            raise got
        return got

    for (todo, fresh), results in engine.code_batches(staged(store)):
        store_batch(store, todo, fresh, results, code_one)
    summary.seconds = time.perf_counter() - started
    return summary
