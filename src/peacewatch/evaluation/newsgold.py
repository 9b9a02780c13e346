"""The project's own real-news gold: whole articles of ../shared/corpora coded by hand, stored as
annotations (corpus, record, character offsets, codes, a why-note) that point into the shared
corpora. No article text is copied into the project; the reader fetches each article from the
corpus, checks that it is the text the annotator saw (length and SHA-1), and hands the scorer
typed records.

Format (``gold/news-dev-*.jsonl`` in the project, docs/EVALUATION.md): the first line is a header

    {"format": "peacewatch-news-gold", "version": 1, "shared": "../../shared"}

(``shared``: the folder holding ``corpora/``, relative to the gold file), then one article a line:

    {"id": "kcna-2011:1234", "corpus": "kcna-2011", "record": "1234", "raw_len": 2210,
     "raw_sha1": "...", "coder": "...",
     "units": [
       {"span": "title", "events": [...]},
       {"span": [0, 180], "events": [
          {"source": "PRKGOV", "target": "LAO", "cameo": ["051"], "trigger": [40, 44],
           "optional": false, "why": "..."}]},
       {"span": [181, 320], "events": []}],
     "quotes": [{"span": [200, 260], "direct": false, "speaker": "PRKGOV",
                 "speaker_span": [181, 190], "why": "..."}]}

``record`` is the 1-based line of the KCNA JSONL file, or the Reuters NEWID. Offsets index the
article's raw text as ``peacewatch.ingest.read_inputs`` yields it (the KCNA ``story`` field; the
Reuters ``<BODY>`` with entities decoded). A unit is a sentence (or the headline, ``"title"``);
every unit of the article is listed, those without events too. ``cameo`` lists the acceptable
codes (a produced code matches when it starts with one of them); actor codes are CAMEO-style and
compared at country/organisation level; ``null`` means no actor there.

Viewer for annotators::

    python -m peacewatch.evaluation.newsgold show kcna-2011 1234      # units with their offsets
    python -m peacewatch.evaluation.newsgold find kcna-2011 WORD...   # records holding all words
    python -m peacewatch.evaluation.newsgold check GOLD.jsonl         # validate a gold file
    python -m peacewatch.evaluation.newsgold compare GOLD.jsonl [ID]  # gold and produced, unit by unit
"""

from __future__ import annotations

import itertools
import hashlib
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import GoldFormatError

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Article, RawDocument

FORMAT = "peacewatch-news-gold"

CORPORA: dict[str, str] = {
    "kcna-2011": "corpora/kcna-2011/KCNA_2011.jsonl.gz",
    "reuters-21578": "corpora/reuters-21578/reuters21578-sgm.tar.gz",
}


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewsEvent:
    source: str | None
    target: str | None
    codes: tuple[str, ...]
    trigger: tuple[int, int] | None = None
    optional: bool = False
    why: str = ""


@dataclass
class NewsUnit:
    """A sentence of the article (raw offsets) or its headline (``span is None``)."""

    span: tuple[int, int] | None
    events: list[NewsEvent] = field(default_factory=list)

    @property
    def is_title(self) -> bool:
        return self.span is None


@dataclass(frozen=True)
class NewsQuote:
    span: tuple[int, int]
    direct: bool
    speaker: str | None
    speaker_span: tuple[int, int] | None = None
    why: str = ""


@dataclass
class NewsArticle:
    id: str
    corpus: str
    record: str
    raw_len: int
    raw_sha1: str
    units: list[NewsUnit]
    quotes: list[NewsQuote]
    line: int
    coder: str = ""


@dataclass
class NewsGold:
    path: Path
    shared: Path
    articles: list[NewsArticle]


# --- locating articles in the shared corpora -----------------------------------------------------


def raw_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def corpus_path(shared: Path, corpus: str) -> Path:
    if corpus not in CORPORA:
        raise GoldFormatError(f"unknown corpus {corpus!r}", hint=f"use one of {', '.join(sorted(CORPORA))}")
    return shared / CORPORA[corpus]


def _record_of(origin: str) -> str:
    if "#NEWID=" in origin:
        return origin.rsplit("#NEWID=", 1)[1]
    return origin.rsplit(":", 1)[1]


@lru_cache(maxsize=4)
def _corpus_index(path: str) -> dict[str, RawDocument]:
    """Every document of one corpus file by record (line or NEWID); read once per process."""
    from ..config import Options
    from ..ingest import read_inputs
    from ..model import RawDocument

    out: dict[str, RawDocument] = {}
    for doc in read_inputs([path], Options()):
        if isinstance(doc, RawDocument):
            out[_record_of(doc.origin)] = doc
    return out


def load_document(shared: Path, corpus: str, record: str) -> RawDocument:
    """The RawDocument of ``record`` in ``corpus`` (GoldFormatError when it does not exist)."""
    path = corpus_path(shared, corpus)
    if not path.exists():
        raise GoldFormatError(f"{path} does not exist", hint="put ../shared beside the project (or fix the gold header's 'shared')")
    doc = _corpus_index(str(path)).get(str(record))
    if doc is None:
        raise GoldFormatError(f"{corpus} has no record {record}", hint="record is the 1-based JSONL line (KCNA) or the NEWID (Reuters)")
    return doc


# --- reading -------------------------------------------------------------------------------------


def is_news_gold(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0]
    try:
        obj = json.loads(first)
    except ValueError:
        return False
    return isinstance(obj, dict) and obj.get("format") == FORMAT


def _span(value: Any, where: str, raw_len: int) -> tuple[int, int]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) for v in value)
        or not 0 <= value[0] < value[1] <= raw_len
    ):
        raise GoldFormatError(f"{where}: bad span {value!r}", hint=f"give [start, end] with 0 <= start < end <= {raw_len}")
    return (value[0], value[1])


def _actor(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or not value.isupper() and not value.replace("-", "").isupper():
        raise GoldFormatError(f"{where}: bad actor code {value!r}", hint="use a CAMEO-style code such as KORGOV, PRK, IGOUNO, or null")
    return value.strip()


def _event(obj: Any, where: str, raw_len: int) -> NewsEvent:
    if not isinstance(obj, dict):
        raise GoldFormatError(f"{where}: an event must be a JSON object")
    codes = obj.get("cameo")
    if isinstance(codes, str):
        codes = [codes]
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) and c.isdigit() and 2 <= len(c) <= 4 for c in codes):
        raise GoldFormatError(f"{where}: bad cameo {codes!r}", hint="give a list of CAMEO codes as strings, e.g. [\"051\"] or [\"04\"]")
    trig = obj.get("trigger")
    return NewsEvent(
        source=_actor(obj.get("source"), where + " source"),
        target=_actor(obj.get("target"), where + " target"),
        codes=tuple(codes),
        trigger=_span(trig, where + " trigger", raw_len) if trig is not None else None,
        optional=bool(obj.get("optional", False)),
        why=str(obj.get("why", "")),
    )


def read_news_gold(path: Path, shared: Path | None = None) -> NewsGold:
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not is_news_gold(lines[0]):
        raise GoldFormatError(f"{path}: not a news-gold file", hint=f'the first line must be {{"format": "{FORMAT}", ...}}')
    header = json.loads(lines[0])
    if shared is None:
        shared = (path.parent / header.get("shared", "../../shared")).resolve()
    articles: list[NewsArticle] = []
    seen: set[str] = set()
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except ValueError as e:
            raise GoldFormatError(f"{where}: not valid JSON ({e})") from None
        try:
            art = _article(obj, where, n)
        except (KeyError, TypeError, ValueError) as e:
            raise GoldFormatError(f"{where}: {type(e).__name__}: {e}", hint="see docs/EVALUATION.md for the news-gold format") from None
        if art.id in seen:
            raise GoldFormatError(f"{where}: article {art.id} appears twice")
        seen.add(art.id)
        articles.append(art)
    return NewsGold(path=path, shared=shared, articles=articles)


def _article(obj: dict[str, Any], where: str, n: int) -> NewsArticle:
    raw_len = int(obj["raw_len"])
    units: list[NewsUnit] = []
    for i, u in enumerate(obj["units"]):
        w = f"{where} unit {i}"
        span = None if u["span"] == "title" else _span(u["span"], w, raw_len)
        units.append(NewsUnit(span=span, events=[_event(e, f"{w} event {j}", raw_len) for j, e in enumerate(u.get("events", []))]))
    spans = sorted(u.span for u in units if u.span is not None)
    for a, b in itertools.pairwise(spans):
        if b[0] < a[1]:
            raise GoldFormatError(f"{where}: units {a} and {b} overlap", hint="units are sentences: give each its own span")
    quotes = []
    for j, q in enumerate(obj.get("quotes", [])):
        w = f"{where} quote {j}"
        sp = q.get("speaker_span")
        quotes.append(NewsQuote(
            span=_span(q["span"], w, raw_len),
            direct=bool(q.get("direct", True)),
            speaker=_actor(q.get("speaker"), w + " speaker"),
            speaker_span=_span(sp, w + " speaker_span", raw_len) if sp is not None else None,
            why=str(q.get("why", "")),
        ))
    corpus = str(obj["corpus"])
    record = str(obj["record"])
    return NewsArticle(
        id=str(obj.get("id") or f"{corpus}:{record}"),
        corpus=corpus,
        record=record,
        raw_len=raw_len,
        raw_sha1=str(obj["raw_sha1"]),
        units=units,
        quotes=quotes,
        line=n,
        coder=str(obj.get("coder", "")),
    )


def check_article(gold: NewsGold, art: NewsArticle) -> RawDocument:
    """The article's RawDocument, after checking it is the text the annotator coded."""
    doc = load_document(gold.shared, art.corpus, art.record)
    if len(doc.raw_text) != art.raw_len or raw_digest(doc.raw_text) != art.raw_sha1:
        raise GoldFormatError(
            f"{gold.path}:{art.line}: {art.id} is not the text that was annotated (length or SHA-1 differ)",
            hint="the corpus or the reader changed; re-check the annotation offsets",
        )
    return doc


# --- the viewer ----------------------------------------------------------------------------------


def proposed_units(doc: RawDocument) -> tuple[Article, list[tuple[int, int]]]:
    """The cleaned article and its body sentences as raw offsets (a starting point for annotators:
    they may move any boundary)."""
    from ..clean import prepare, split_sentences

    art = prepare(doc)
    out: list[tuple[int, int]] = []
    for s in split_sentences(art.text, art.body_start):
        if s.end <= art.body_start:
            continue
        a = art.offsets.to_raw(s.start)
        b = art.offsets.to_raw(s.end - 1) + 1
        if b > a:
            out.append((a, b))
    return art, out


def _show(shared: Path, corpus: str, record: str) -> None:
    doc = load_document(shared, corpus, record)
    art, units = proposed_units(doc)
    print(json.dumps({"corpus": corpus, "record": record, "raw_len": len(doc.raw_text),
                      "raw_sha1": raw_digest(doc.raw_text), "title": art.title, "published": art.published}, ensure_ascii=False))
    for a, b in units:
        print(f"[{a}, {b}]\t{doc.raw_text[a:b]!r}")


def _find(shared: Path, corpus: str, words: list[str], limit: int = 40) -> Iterator[str]:
    idx = _corpus_index(str(corpus_path(shared, corpus)))
    low = [w.lower() for w in words]
    n = 0
    for rec, doc in idx.items():
        t = doc.raw_text.lower()
        if all(w in t for w in low):
            yield f"{rec}\t{len(doc.raw_text)}\t{doc.meta.get('title', '')}"
            n += 1
            if n >= limit:
                return


def compare(path: Path, only: str | None = None) -> Iterator[str]:
    """Each unit's text, its gold events and what the coder produced there (unmerged, incomplete
    ones included) — for finding where the coder goes wrong."""
    from ..events.record import in_dataset
    from ..pipeline import Pipeline
    from .news import _unit_of

    gold = read_news_gold(path)
    pipe = Pipeline()
    for art in gold.articles:
        if only and art.id != only and art.record != only:
            continue
        doc = check_article(gold, art)
        coded = pipe.code_document(doc, with_quotes=False)
        events, _quotes = pipe.events(coded.parsed, merge=False)
        yield f"#### {art.id} {doc.meta.get('title', '')!r}"
        by_unit: dict[int | None, list[Any]] = {}
        for e in events:
            by_unit.setdefault(_unit_of(coded, art.units, e.sentence_index), []).append(e)
        for k, u in enumerate(art.units):
            text = doc.meta.get("title", "") if u.span is None else doc.raw_text[u.span[0]:u.span[1]]
            yield f"[{k}] {text}"
            for g in u.events:
                yield f"     GOLD {'(opt) ' if g.optional else ''}{g.source or '-'} -> {g.target or '-'} {'|'.join(g.codes)}  # {g.why}"
            for e in by_unit.get(k, []):
                flag = "" if in_dataset(e) else " (not in dataset)"
                yield (f"     GOT  {e.source.code if e.source else '-'} -> {e.target.code if e.target else '-'} {e.cameo} "
                       f"'{e.trigger.text}' {e.rule} {e.roles}{flag}")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    shared = Path("../shared")
    if "--shared" in args:
        i = args.index("--shared")
        shared = Path(args[i + 1])
        del args[i : i + 2]
    if len(args) >= 3 and args[0] == "show":
        _show(shared, args[1], args[2])
        return 0
    if len(args) >= 3 and args[0] == "find":
        for line in _find(shared, args[1], args[2:]):
            print(line)
        return 0
    if len(args) in (2, 3) and args[0] == "compare":
        for line in compare(Path(args[1]), args[2] if len(args) == 3 else None):
            print(line)
        return 0
    if len(args) == 2 and args[0] == "check":
        gold = read_news_gold(Path(args[1]))
        events = 0
        for art in gold.articles:
            check_article(gold, art)
            events += sum(len(u.events) for u in art.units)
        print(f"{args[1]}: {len(gold.articles)} articles, {events} events: ok")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
