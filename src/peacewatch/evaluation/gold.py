"""Readers of gold files: each turns one format into typed records. No coding happens here.

Formats (detected by content, :func:`detect_format`):

``seed``        a JSON object with ``article``, ``events`` and ``must_not`` (../shared/seed/expected.json)
``petrarch``    PETRARCH/TABARI validation records (``<Sentence ...>`` with ``<EventCoding ...>``)
``universal-petrarch``  UniversalPetrarch validation records: the same, with ``evaluate="..."`` on
                ``<Sentence>`` or a ``<PICOfile>`` in ``<Environment>`` (CoNLL-U parses, self-closing codings)
``five-class``  ``sentence TAB label`` lines, label 0-4 (the ConfliBERT CAMEO class sentences)
``ner``         ``token TAB-or-space BIO-tag`` lines, blank line between sentences (actor spans)
``plover-gsr``  a JSON array of PLOVER gold-standard records (``event``, ``text``, ``source``, ...)
``jsonl``       peacewatch's own gold: one JSON object a line, see docs/EVALUATION.md
``news-gold``   the project's hand-coded real articles: annotations into ../shared/corpora (``newsgold``)
``plover-news`` PLOVER-labelled news sentences, one source-target relation a line (``event_type``, spans)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError

FORMATS = ("seed", "petrarch", "universal-petrarch", "five-class", "ner", "plover-gsr", "jsonl", "news-gold",
           "plover-news", "event-location")

_UP_HINT = re.compile(r"<Sentence\s[^>]*\bevaluate\s*=|<PICOfile\b", re.I)

# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEvent:
    """One expected event.

    ``codes`` are the acceptable CAMEO codes; ``code_match`` says how a produced code is compared
    with them: ``"prefix"`` (the produced code starts with one of them: ``"02"`` accepts ``"022"``)
    or ``"exact"``. ``source``/``target`` are actor codes (``None``: no actor expected there).
    ``optional`` events are neither required nor, when produced, counted as extras.
    """

    source: str | None
    target: str | None
    codes: tuple[str, ...]
    code_match: str = "prefix"
    optional: bool = False
    id: str = ""
    plover: tuple[str, ...] = ()
    quad_class: int | None = None
    note: str = ""

    @property
    def roots(self) -> tuple[str, ...]:
        return tuple(sorted({c[:2] for c in self.codes}))

    def describe(self) -> str:
        return f"{self.source or '-'} -> {self.target or '-'} {'|'.join(self.codes)}"


@dataclass
class GoldSentence:
    """A unit of text with its expected events (a sentence or a short article of the JSONL gold,
    one PETRARCH record). ``must_not``: nothing may be coded from it."""

    key: str
    text: str
    events: list[GoldEvent] = field(default_factory=list)
    must_not: bool = False
    date: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SeedEvent:
    sentence_contains: str
    event: GoldEvent
    why: str = ""


@dataclass
class SeedGold:
    path: Path
    article: Path
    about: str
    metadata: dict[str, Any]
    events: list[SeedEvent]
    must_not: list[str]
    actors: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    tracks: list[str]


@dataclass(frozen=True)
class ClassSentence:
    line: int
    text: str
    label: int


@dataclass(frozen=True)
class PloverRecord:
    id: str
    text: str
    event: str  # PLOVER 2021 name (old names mapped, see PLOVER_OLD_TO_2021)
    event_v05: str  # as the file writes it (v0.5b1)
    mode: str | None
    context: tuple[str, ...]
    sources: tuple[str, ...]
    targets: tuple[str, ...]


# PLOVER v0.5b1 (the GSR file) -> PLOVER 2021 event names. Documented in docs/EVALUATION.md.
PLOVER_OLD_TO_2021 = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "AGREE": "AGREE",
    "CONSULT": "CONSULT",
    "SUPPORT": "SUPPORT",
    "CONCEDE": "CONCEDE",
    "COOPERATE": "COOPERATE",
    "AID": "AID",
    "RETREAT": "RETREAT",
    "REQUEST": "REQUEST",
    "ACCUSE": "ACCUSE",
    "REJECT": "REJECT",
    "THREATEN": "THREATEN",
    "PROTEST": "PROTEST",
    "SANCTION": "SANCTION",
    "MOBILIZE": "MOBILIZE",
    "COERCE": "COERCE",
    "ASSAULT": "ASSAULT",
}


# --- detection -----------------------------------------------------------------------------------

_BIO = re.compile(r"^\S+[ \t]+(O|[BI]-\S+)$")


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GoldFormatError(f"{path} does not exist", hint="give the path of a gold file", source=str(path)) from None
    except IsADirectoryError:
        raise GoldFormatError("is a directory", hint="give gold files, not directories", source=str(path)) from None
    except OSError as err:
        raise GoldFormatError(f"cannot read: {err.strerror}", source=str(path)) from None
    if b"\x00" in data[:4096]:
        raise GoldFormatError("is binary, not a gold file", hint="give a text gold file", source=str(path))
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def detect_format(path: Path, text: str | None = None) -> str:
    """The format of a gold file, from its content. Raises :class:`GoldFormatError`."""
    if text is None:
        text = _read_text(path)
    head = text.lstrip("\ufeff \t\r\n")
    if not head:
        raise GoldFormatError("is empty", hint="give a gold file with records", source=str(path))
    if re.search(r"<Sentence\s", text[:2_000_000]) and re.search(r"<EventCoding\b", text[:2_000_000]):
        return "universal-petrarch" if _UP_HINT.search(text[:2_000_000]) else "petrarch"
    if head.startswith("{"):
        from .location import is_event_location
        from .news import is_plover_news
        from .newsgold import is_news_gold

        if is_event_location(head):
            return "event-location"
        if is_news_gold(head):
            return "news-gold"
        if is_plover_news(head):
            return "plover-news"
        first_line = head.split("\n", 1)[0].strip()
        try:
            obj = json.loads(first_line)
            if isinstance(obj, dict) and "text" in obj:
                return "jsonl"
        except json.JSONDecodeError:
            pass
        try:
            obj = json.loads(head)
        except json.JSONDecodeError:
            obj = None
        if isinstance(obj, dict) and "events" in obj and "article" in obj:
            return "seed"
        raise GoldFormatError(
            "is JSON but none of the gold formats (a seed expected.json with article and events; JSONL: "
            "sentences with 'text', news-gold annotations, PLOVER news rows, event-location sentences)",
            hint="see docs/EVALUATION.md for the gold formats",
            source=str(path),
        )
    if head.startswith("["):
        try:
            arr = json.loads(head)
        except json.JSONDecodeError as err:
            raise GoldFormatError(f"is broken JSON ({err.msg} at line {err.lineno})", source=str(path)) from None
        if isinstance(arr, list) and any(isinstance(x, dict) and "event" in x and "text" in x for x in arr):
            return "plover-gsr"
        raise GoldFormatError("is a JSON array but not PLOVER gold records (event, text)", source=str(path))
    lines = [ln for ln in head.splitlines()[:200] if ln.strip()]
    if lines and all(_BIO.match(ln.strip()) for ln in lines[:50]):
        return "ner"
    if lines and sum(1 for ln in lines[:50] if re.search(r"\t[0-4]\s*$", ln)) >= max(1, len(lines[:50]) * 0.9):
        return "five-class"
    raise GoldFormatError(
        "is of no known gold format",
        hint="give a seed expected.json, PETRARCH records, five-class TSV, NER BIO, PLOVER GSR JSON or JSONL gold",
        source=str(path),
    )


# --- readers -------------------------------------------------------------------------------------


def _str_or_none(v: Any, where: str, name: str) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v.strip() or None
    raise GoldFormatError(f"'{name}' is a {type(v).__name__}, not a string or null", source=where)


def _codes(v: Any, where: str) -> tuple[str, ...]:
    vals = v if isinstance(v, list) else [v]
    out = []
    for c in vals:
        if not isinstance(c, str) or not c.strip():
            raise GoldFormatError(
                f"CAMEO code {c!r} is not a non-empty string",
                hint="write codes as strings with leading zeros, e.g. \"022\"",
                source=where,
            )
        out.append(c.strip())
    if not out:
        raise GoldFormatError("an event has no CAMEO code", source=where)
    return tuple(out)


def read_seed(path: Path) -> SeedGold:
    text = _read_text(path)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise GoldFormatError(f"broken JSON ({err.msg} at line {err.lineno})", source=str(path)) from None
    if not isinstance(obj, dict) or "article" not in obj or not isinstance(obj.get("events"), list):
        raise GoldFormatError("not a seed expected.json (needs 'article' and 'events')", source=str(path))
    article = path.parent / str(obj["article"])
    events = []
    for i, e in enumerate(obj["events"]):
        where = f"{path}#events[{i}]"
        if not isinstance(e, dict) or not isinstance(e.get("sentence_contains"), str):
            raise GoldFormatError("an event without 'sentence_contains'", source=where)
        plover = e.get("plover")
        ev = GoldEvent(
            source=_str_or_none(e.get("source"), where, "source"),
            target=_str_or_none(e.get("target"), where, "target"),
            codes=_codes(e.get("cameo_any"), where),
            code_match="prefix",
            optional=bool(e.get("optional", False)),
            id=str(e.get("id", f"event-{i}")),
            plover=tuple(plover) if isinstance(plover, list) else ((plover,) if isinstance(plover, str) else ()),
            quad_class=e.get("quad_class") if isinstance(e.get("quad_class"), int) else None,
        )
        events.append(SeedEvent(e["sentence_contains"], ev, str(e.get("why", ""))))
    must_not = [m["sentence_contains"] for m in obj.get("must_not", []) if isinstance(m, dict) and m.get("sentence_contains")]
    tracks = obj.get("tracks", {})
    return SeedGold(
        path=path,
        article=article,
        about=str(obj.get("about", "")),
        metadata=dict(obj.get("metadata", {})),
        events=events,
        must_not=must_not,
        actors=[a for a in obj.get("actors", []) if isinstance(a, dict)],
        quotes=[q for q in obj.get("quotes", []) if isinstance(q, dict)],
        tracks=list(tracks.get("expected", [])) if isinstance(tracks, dict) else [],
    )


def read_jsonl_gold(path: Path) -> list[GoldSentence]:
    """peacewatch's own gold: ``{"id", "text", "date", "events": [{"source", "target", "cameo"}],
    "must_not": false}`` a line. ``cameo`` may be a string or a list of acceptable codes; an event
    may say ``"optional": true``. Codes match by prefix ("02" accepts "022")."""
    out: list[GoldSentence] = []
    seen: set[str] = set()
    for lineno, line in enumerate(_read_text(path).splitlines(), 1):
        where = f"{path}:{lineno}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldFormatError(f"bad JSON ({err.msg})", hint="one JSON object a line", source=where) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            raise GoldFormatError("a line without a 'text' string", source=where)
        key = str(obj.get("id") or f"line{lineno}")
        if key in seen:
            raise GoldFormatError(f"duplicate id '{key}'", hint="give each line its own id", source=where)
        seen.add(key)
        events = []
        if "events" not in obj and obj.get("must_not") is not True:
            raise GoldFormatError(
                "a line without 'events'",
                hint="a gold line lists its expected events (\"events\": [] for none) or says \"must_not\": true",
                source=where,
            )
        raw_events = obj.get("events", [])
        if not isinstance(raw_events, list):
            raise GoldFormatError("'events' is not a list", source=where)
        for e in raw_events:
            if not isinstance(e, dict):
                raise GoldFormatError("an event is not an object", source=where)
            events.append(
                GoldEvent(
                    source=_str_or_none(e.get("source"), where, "source"),
                    target=_str_or_none(e.get("target"), where, "target"),
                    codes=_codes(e.get("cameo"), where),
                    code_match="prefix",
                    optional=bool(e.get("optional", False)),
                    id=str(e.get("id", "")),
                )
            )
        must_not = obj.get("must_not", False)
        if not isinstance(must_not, bool):
            raise GoldFormatError("'must_not' is not true or false", source=where)
        if must_not and events:
            raise GoldFormatError("a must_not line lists events", hint="a must_not line expects no event", source=where)
        date = obj.get("date")
        out.append(
            GoldSentence(key, obj["text"], events, must_not, date if isinstance(date, str) else None, {"line": lineno})
        )
    return out


def read_five_class(path: Path) -> list[ClassSentence]:
    out = []
    for lineno, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        text, sep, label = line.rstrip("\r").rpartition("\t")
        if not sep or label.strip() not in {"0", "1", "2", "3", "4"} or not text.strip():
            raise GoldFormatError(
                "not 'sentence TAB label' with a label 0-4", hint="see docs/EVALUATION.md", source=f"{path}:{lineno}"
            )
        out.append(ClassSentence(lineno, text.strip(), int(label)))
    return out


def read_plover_gsr(path: Path) -> list[PloverRecord]:
    try:
        arr = json.loads(_read_text(path))
    except json.JSONDecodeError as err:
        raise GoldFormatError(f"broken JSON ({err.msg} at line {err.lineno})", source=str(path)) from None
    if not isinstance(arr, list):
        raise GoldFormatError("not a JSON array of PLOVER records", source=str(path))
    out = []
    for i, r in enumerate(arr):
        if not isinstance(r, dict) or not isinstance(r.get("text"), str) or not isinstance(r.get("event"), str):
            continue  # documentation records ("DOCUMENT") have no text
        old = r["event"].strip().upper()
        new = PLOVER_OLD_TO_2021.get(old)
        if new is None:
            raise GoldFormatError(
                f"record {r.get('id', i)} has PLOVER event '{old}', which has no 2021 name here",
                hint="add it to PLOVER_OLD_TO_2021 and docs/EVALUATION.md",
                source=str(path),
            )
        ctx = r.get("context") or ""
        contexts = tuple(c.strip() for c in re.split(r"[;,]", ctx) if c.strip()) if isinstance(ctx, str) else ()

        def codes(actors: Any) -> tuple[str, ...]:
            if not isinstance(actors, list):
                return ()
            return tuple(
                f"{a.get('code', '')}{a.get('sector', '') or ''}" for a in actors if isinstance(a, dict) and a.get("code")
            )

        out.append(
            PloverRecord(
                id=str(r.get("id", i)),
                text=r["text"],
                event=new,
                event_v05=old,
                mode=(r.get("mode") or None) if isinstance(r.get("mode"), str) else None,
                context=contexts,
                sources=codes(r.get("source")),
                targets=codes(r.get("target")),
            )
        )
    return out


@dataclass(frozen=True)
class NerSentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]


def read_ner(path: Path) -> list[NerSentence]:
    """BIO span sentences (``token TAG``, blank line between sentences); for checks and counts —
    scoring is the actors module's ``evaluate_actor_spans``."""
    out: list[NerSentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for lineno, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            if toks:
                out.append(NerSentence(tuple(toks), tuple(tags)))
                toks, tags = [], []
            continue
        m = _BIO.match(line.strip())
        if not m:
            raise GoldFormatError("not 'token TAG' with a BIO tag", source=f"{path}:{lineno}")
        tok = line.strip().rsplit(None, 1)[0]
        toks.append(tok)
        tags.append(m.group(1))
    if toks:
        out.append(NerSentence(tuple(toks), tuple(tags)))
    return out


def petrarch_record_keys(records: list[Any]) -> list[str]:
    """One key per PETRARCH record (its id; a repeated id gets ``#<position>``), as misses and
    extras name them."""
    keys: list[str] = []
    seen: set[str] = set()
    for i, d in enumerate(records):
        key = str(d.meta.get("id") or d.origin)
        if key in seen:
            key = f"{key}#{i}"
        seen.add(key)
        keys.append(key)
    return keys


def universal_petrarch_counts(records: list[tuple[str, str, bool]], found: dict[str, int],
                              expected: dict[str, int], produced: dict[str, int]) -> dict[str, Any]:
    """UniversalPetrarch's own tally (its validation.py), per category and in total: for each
    record (key, category, noevents), ``correct`` = expected codings produced exactly, ``uncoded``
    = expected codings not produced, ``extra`` = produced codings beyond the correct ones. A
    noevents record counts one coding: correct when nothing is produced, else uncoded (and what
    was produced is extra). TP = correct / (correct + uncoded); FP = extra / records."""
    table: dict[str, dict[str, int]] = {}
    order: list[str] = []
    for key, cat, noevents in records:
        row = table.get(cat)
        if row is None:
            row = table[cat] = {"records": 0, "correct": 0, "uncoded": 0, "extra": 0}
            order.append(cat)
        n_prod = produced.get(key, 0)
        if noevents:
            ok = n_prod == 0
            row["correct"] += 1 if ok else 0
            row["uncoded"] += 0 if ok else 1
            row["extra"] += n_prod
        else:
            f = found.get(key, 0)
            row["correct"] += f
            row["uncoded"] += expected.get(key, 0) - f
            row["extra"] += n_prod - f
        row["records"] += 1

    def pct(row: dict[str, int]) -> dict[str, Any]:
        events = row["correct"] + row["uncoded"]
        return {**row, "tp_pct": round(100.0 * row["correct"] / events, 2) if events else 0.0,
                "fp_pct": round(100.0 * row["extra"] / row["records"], 2) if row["records"] else 0.0}

    total = {k: sum(table[c][k] for c in order) for k in ("records", "correct", "uncoded", "extra")}
    return {"categories": {c: pct(table[c]) for c in order}, "total": pct(total)}


def petrarch_gold_events(meta: dict[str, Any]) -> list[GoldEvent]:
    """The expected codings of one PETRARCH record (``RawDocument.meta["gold"]``), compared exactly."""
    out = []
    for g in meta.get("gold") or []:
        out.append(
            GoldEvent(
                source=(g.get("source") or None),
                target=(g.get("target") or None),
                codes=(str(g.get("cameo", "")).strip(),),
                code_match="exact",
            )
        )
    return out
