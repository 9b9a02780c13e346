"""Partition files: coded articles written as Parquet (``peacewatch code --out-dir DIR``) and
merged into a store (``peacewatch load DIR --db FILE``).

Layout of DIR (one pair of files per partition, written by whichever process coded it):

    DIR/events/part-00000.parquet     one row per event: flat columns (event_id, article_id, date,
                                      cameo, quad_class, goldstein, source/target codes, modality,
                                      location, ...) and ``record``, the event record (JSON)
    DIR/articles/part-00000.parquet   one row per coded article: article_id, origin, title, source,
                                      published, language, events, quotes, and ``coded`` (JSON: the
                                      article with its text and offsets, sentences, actor mentions,
                                      tracks, quotes, stances) - what a store needs besides events

``pandas.read_parquet("DIR/events")`` reads every partition's events as one table.

``load`` also takes JSONL files of event records (``peacewatch code [--with-quotes]`` or ``events
--format jsonl`` output; ``.jsonl``, ``.ndjson``, ``.gz`` too): their articles' texts are not in
them, so each article is stored as a stub (no text; its events and quotes as they are, with the
sentence each event carries), marked ``meta.records_only``. The events
file is written first, the articles file last (each to a temporary name, then renamed), so a
partition whose articles file exists is complete. ``load`` stores each article through
``Store.add`` (dedupe included), so loading the same partitions twice adds nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from .errors import PartitionError, PeacewatchError
from .model import ActorRef, Article, CodedArticle, Event, InputFailure, Quote, Sentence

FORMAT = "peacewatch-coded/1"
"""The ``peacewatch`` key of each file's Parquet metadata; another value is refused."""

EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "string"), ("article_id", "string"), ("sentence_index", "int64"), ("date", "string"),
    ("cameo", "string"), ("cameo_root", "string"), ("quad_class", "int64"), ("goldstein", "float64"),
    ("plover_event", "string"), ("plover_mode", "string"), ("source_code", "string"), ("source_country", "string"),
    ("target_code", "string"), ("target_country", "string"), ("negated", "bool"), ("hypothetical", "bool"),
    ("future", "bool"), ("historical", "bool"), ("incomplete", "bool"), ("confidence", "float64"),
    ("rule", "string"), ("location_name", "string"), ("location_country", "string"), ("location_lat", "float64"),
    ("location_lon", "float64"), ("record", "string"),
)
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"), ("origin", "string"), ("title", "string"), ("source", "string"),
    ("published", "string"), ("language", "string"), ("events", "int64"), ("quotes", "int64"), ("coded", "string"),
)


def _event_row(rec: dict[str, Any]) -> dict[str, Any]:
    src, tgt = rec.get("source") or {}, rec.get("target") or {}
    plover, mod, loc = rec.get("plover") or {}, rec.get("modality") or {}, rec.get("location") or {}
    return {
        "event_id": rec["event_id"], "article_id": rec["article_id"], "sentence_index": rec.get("sentence_index"),
        "date": rec.get("date"), "cameo": rec.get("cameo"), "cameo_root": rec.get("cameo_root"),
        "quad_class": rec.get("quad_class"), "goldstein": rec.get("goldstein"), "plover_event": plover.get("event"),
        "plover_mode": plover.get("mode"), "source_code": src.get("code"), "source_country": src.get("country"),
        "target_code": tgt.get("code"), "target_country": tgt.get("country"),
        **{k: bool(mod.get(k)) for k in ("negated", "hypothetical", "future", "historical")},
        "incomplete": bool(rec.get("incomplete")), "confidence": rec.get("confidence"), "rule": rec.get("rule"),
        "location_name": loc.get("name"), "location_country": loc.get("country"), "location_lat": loc.get("lat"),
        "location_lon": loc.get("lon"), "record": json.dumps(rec, ensure_ascii=False),
    }


def _coded_json(c: CodedArticle) -> str:
    return json.dumps({
        "article": c.article.to_record(),
        "sentences": [asdict(s) for s in c.sentences],
        "actors": [a.to_dict() for a in c.actors],
        "tracks": list(c.tracks),
        "quotes": [q.to_dict() for q in c.quotes],
        "stances": [s.to_dict() if hasattr(s, "to_dict") else dict(s) for s in c.stances],
    }, ensure_ascii=False)


def _write_table(rows: list[dict[str, Any]], columns: tuple[tuple[str, str], ...], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.type_for_alias(kind)) for name, kind in columns], metadata={"peacewatch": FORMAT})
    table = pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def write_partition(out_dir: Path, number: int, coded: Sequence[CodedArticle]) -> list[Path]:
    """Write ``coded`` as partition ``number`` of ``out_dir``; returns the two files (events
    first: the articles file, written last, marks the partition complete)."""
    name = f"part-{number:05d}.parquet"
    events = Path(out_dir) / "events" / name
    articles = Path(out_dir) / "articles" / name
    _write_table([_event_row(e.to_dict()) for c in coded for e in c.events], EVENT_COLUMNS, events)
    _write_table([{"article_id": c.article.article_id, "origin": c.article.origin, "title": c.article.title,
                   "source": c.article.source, "published": c.article.published, "language": c.article.language,
                   "events": len(c.events), "quotes": len(c.quotes), "coded": _coded_json(c)} for c in coded],
                 ARTICLE_COLUMNS, articles)
    return [events, articles]


# --- reading -------------------------------------------------------------------------------------


JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


def _is_jsonl(p: Path) -> bool:
    return p.name.lower().endswith(JSONL_SUFFIXES)


def partition_files(paths: Sequence[str | Path]) -> Iterator[Path | InputFailure]:
    """The articles file of every partition under ``paths`` (folders written by ``code --out-dir``,
    their ``articles`` folders, or single articles files), in name order; a path that holds none
    becomes an InputFailure naming it."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            folder = p / "articles" if (p / "articles").is_dir() else p
            files = sorted(f for f in folder.iterdir() if f.is_file() and (f.suffix == ".parquet" or _is_jsonl(f)))
            if not files:
                yield InputFailure(str(p), f"{p}: no partition files (articles/part-*.parquet); give a folder that "
                                            "'peacewatch code --out-dir' wrote")
            yield from files
        elif p.is_file():
            yield p
        else:
            yield InputFailure(str(p), f"{p}: no such file or folder; give a folder that 'peacewatch code --out-dir' "
                                        "wrote")


def _read_table(path: Path, columns: tuple[tuple[str, str], ...], what: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    hint = "rewrite it with 'peacewatch code --out-dir' (or remove it)"
    try:
        f = pq.ParquetFile(path)
        meta = f.schema_arrow.metadata or {}
        if meta.get(b"peacewatch") != FORMAT.encode():
            raise PartitionError(f"not a peacewatch {what} file (format {meta.get(b'peacewatch', b'none').decode(errors='replace')!r}, "
                                 f"expected {FORMAT!r})", hint=hint, source=str(path))
        missing = [name for name, _ in columns if name not in f.schema_arrow.names]
        if missing:
            raise PartitionError(f"{what} file without column {missing[0]!r}", hint=hint, source=str(path))
        rows: list[dict[str, Any]] = f.read(columns=[name for name, _ in columns]).to_pylist()
        return rows
    except PeacewatchError:
        raise
    except Exception as err:  # noqa: BLE001 - whatever pyarrow says about a broken file
        raise PartitionError(f"cannot read the {what} file ({type(err).__name__}: {' '.join(str(err).split())[:200]})",
                             hint=hint, source=str(path)) from None


def read_records(path: Path) -> list[CodedArticle]:
    """The events (and quotes: lines with ``"kind": "quote"``) of a JSONL file of records, grouped
    by article, each article a stub: no text, origin ``FILE#ARTICLE_ID``. A line that is not a
    record raises PartitionError naming ``FILE:LINE``."""
    import gzip

    groups: dict[str, CodedArticle] = {}
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    kind = rec.pop("kind", "event") if isinstance(rec, dict) else None
                    if kind not in ("event", "quote"):
                        raise ValueError(f"a line of kind {kind!r}" if kind else "not a JSON object")
                    aid = str(rec["article_id"])
                    coded = groups.get(aid)
                    if coded is None:
                        date = rec.get("date") if isinstance(rec.get("date"), str) and len(rec["date"]) == 10 else None
                        coded = groups[aid] = CodedArticle(article=Article(
                            article_id=aid, origin=f"{path}#{aid}", kind="records", raw_text="", text="",
                            published=date, date_basis="the date of its records (loaded without the article)",
                            language=rec.get("language") or "en", meta={"records_only": True, "loaded_from": str(path)}))
                    if kind == "event":
                        coded.events.append(Event.from_dict(rec))
                    else:
                        coded.quotes.append(Quote.from_dict(rec))
                except (ValueError, KeyError, TypeError) as err:
                    detail = f"{type(err).__name__}: {err}" if not isinstance(err, ValueError) else str(err)
                    raise PartitionError(f"not an event or quote record ({' '.join(detail.split())[:200]})",
                                         hint="give the output of 'peacewatch code' or 'peacewatch events "
                                              "--format jsonl'", source=f"{path}:{n}") from None
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise PartitionError(f"cannot read it ({type(err).__name__}: {err})",
                             hint="check the file (a JSONL file of event records, gzip allowed)",
                             source=str(path)) from None
    return list(groups.values())


def _events_file(articles_file: Path) -> Path:
    return articles_file.parent.parent / "events" / articles_file.name


def read_partition(articles_file: Path) -> list[CodedArticle]:
    """The coded articles of one partition (events joined from its events file, in their order).
    Raises PartitionError naming the file for a missing, unreadable or foreign file."""
    article_rows = _read_table(articles_file, ARTICLE_COLUMNS, "articles")
    events_file = _events_file(articles_file)
    if not events_file.is_file():
        raise PartitionError(f"the partition has no events file {events_file}",
                             hint="rewrite it with 'peacewatch code --out-dir' (its writer may have been stopped)",
                             source=str(articles_file))
    by_article: dict[str, list[Event]] = {}
    for i, row in enumerate(_read_table(events_file, EVENT_COLUMNS, "events")):
        try:
            ev = Event.from_dict(json.loads(row["record"]))
        except Exception as err:  # noqa: BLE001 - a damaged row names itself
            raise PartitionError(f"row {i}: not an event record ({type(err).__name__}: {err})",
                                 hint="rewrite the partition with 'peacewatch code --out-dir'",
                                 source=str(events_file)) from None
        by_article.setdefault(ev.article_id, []).append(ev)
    out = []
    for i, row in enumerate(article_rows):
        try:
            d = json.loads(row["coded"])
            article = Article.from_record(d["article"])
            out.append(CodedArticle(
                article=article,
                sentences=[Sentence(**s) for s in d.get("sentences") or []],
                actors=[ActorRef.from_dict(a) for a in d.get("actors") or []],
                events=by_article.pop(article.article_id, []),
                quotes=[Quote.from_dict(q) for q in d.get("quotes") or []],
                tracks=list(d.get("tracks") or []),
                stances=list(d.get("stances") or []),
            ))
        except Exception as err:  # noqa: BLE001 - a damaged row names itself
            raise PartitionError(f"row {i}: not a coded article ({type(err).__name__}: {err})",
                                 hint="rewrite the partition with 'peacewatch code --out-dir'",
                                 source=str(articles_file)) from None
    if by_article:
        raise PartitionError(f"{sum(map(len, by_article.values()))} events of article(s) not in the partition "
                             f"({next(iter(by_article))!r} ...)", hint="rewrite the partition with "
                             "'peacewatch code --out-dir'", source=str(events_file))
    return out


# --- loading -------------------------------------------------------------------------------------


@dataclass
class LoadSummary:
    partitions: int = 0
    new: int = 0
    duplicate: int = 0
    unchanged: int = 0  # already in the store (the same origin with the same content)
    failed: int = 0
    events: int = 0
    quotes: int = 0
    failures: list[InputFailure] = field(default_factory=list)

    def line(self) -> str:
        return (f"partitions: {self.partitions}; articles: {self.new} new, {self.duplicate} duplicate, "
                f"{self.unchanged} already stored, {self.failed} failed; events: {self.events}; quotes: {self.quotes}")

    def to_dict(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "failures"}


def load(paths: Sequence[str | Path], db: Path, *, options: Any = None,
         on_failure: Callable[[InputFailure], None] | None = None) -> LoadSummary:
    """Merge partition files into the store at ``db``, one transaction per partition; idempotent
    (an article already stored with the same origin and content is passed over, a copy of a stored
    story is recorded as a copy). A bad partition file fails alone, named, and the rest go on."""
    from .store import Store

    summary = LoadSummary()

    def failed(f: InputFailure) -> None:
        summary.failed += 1
        summary.failures.append(f)
        if on_failure:
            on_failure(f)

    with Store.open(db, options=options) as store:
        for item in partition_files(paths):
            if isinstance(item, InputFailure):
                failed(item)
                continue
            try:
                coded = read_records(item) if _is_jsonl(item) else read_partition(item)
            except PartitionError as err:
                failed(InputFailure.of(str(item), err))
                continue
            summary.partitions += 1
            with store.transaction():
                for i, c in enumerate(coded):
                    try:
                        result = store.add(c)
                    except PeacewatchError as err:  # the article fails alone (its savepoint is undone)
                        failed(InputFailure.of(f"{item}#{i}", err))
                        continue
                    if result.status == "new":
                        summary.new += 1
                        summary.events += result.events
                        summary.quotes += result.quotes
                    elif result.recorded:
                        summary.duplicate += 1
                    else:
                        summary.unchanged += 1
        store.optimize_search(after=summary.new)
    return summary
