"""Event-location gold (format ``event-location``): one news sentence a line with the verb of its
event and the place annotators said it happened (../shared/gold/event-location/README.md).

    {"id": "geo-...", "text": "...", "verb": "killed", "event_span": {"start": 53, "end": 59},
     "gold_country": "IRQ", "gold_country_alt": [], "gold_lat": 32.46, "gold_lon": 44.42, ...}

Each text is coded as a one-sentence article through the Pipeline. Four readings are scored:

- ``stage``: the where stage itself, asked for the place of the annotated verb (the sentence is
  parsed whether or not the coder wants it);
- ``records``: what ``peacewatch code`` prints — the event whose trigger is the verb, else the
  sentence's first event; a sentence without a record counts as not located;
- ``records_all_events``: the same over every event the coder produces (what ``code --all``
  prints: incomplete, historical, negated and speculative events too);
- ``baseline_first_place`` (below).

Figures (each over all sentences): ``country`` (the location's country is the gold one or an
accepted alternative), ``within_25km`` (over sentences whose gold place has a point: ours has a
point within 25 km), ``coverage`` (a location given). ``baseline_first_place``: the first place
name of the sentence the gazetteer knows, resolved the same way, as a yardstick.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GoldFormatError
from ..model import Location, RawDocument

if TYPE_CHECKING:  # pragma: no cover
    from ..text.layer import ParsedArticle
    from ..where import Locator
    from .runner import Evaluator, FileResult

KM = 25.0


def is_event_location(head: str) -> bool:
    """Whether JSONL text starts with an event-location record (by its fields)."""
    first = head.split("\n", 1)[0].strip()
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and "event_span" in obj and "gold_country" in obj and "text" in obj


@dataclass
class _Tally:
    n: int = 0
    with_point: int = 0
    located: int = 0
    country: int = 0
    near: int = 0

    def add(self, rec: dict[str, Any], loc: Location | None) -> tuple[bool, bool | None]:
        self.n += 1
        has_point = rec.get("gold_lat") is not None
        self.with_point += has_point
        if loc is None:
            return False, (False if has_point else None)
        self.located += 1
        ok = loc.country is not None and loc.country in ({rec["gold_country"]} | set(rec.get("gold_country_alt") or []))
        self.country += ok
        near = None
        if has_point:
            near = loc.lat is not None and _km(rec, loc) <= KM
            self.near += near
        return ok, near

    def figures(self) -> dict[str, Any]:
        def pct(a: int, b: int) -> float:
            return round(100.0 * a / b, 1) if b else 0.0

        return {"sentences": self.n, "country": pct(self.country, self.n),
                "within_25km": pct(self.near, self.with_point), "coverage": pct(self.located, self.n),
                "country_when_located": pct(self.country, self.located),
                "with_point": self.with_point}


def _km(rec: dict[str, Any], loc: Location) -> float:
    from ..where import haversine_km

    return haversine_km(rec["gold_lat"], rec["gold_lon"], loc.lat, loc.lon)  # type: ignore[arg-type]


def read_event_location(path: Path) -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldFormatError(f"line {n} is broken JSON ({err.msg})", source=str(path)) from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or "event_span" not in rec:
            raise GoldFormatError(f"line {n} is not an event-location record (text, event_span, gold_country)",
                                  source=str(path))
        out.append(rec)
    return out


@dataclass
class LocationRun:
    """Per-record outcome, for figures over any part of the file."""

    rec: dict[str, Any]
    stage: Location | None
    record: Location | None
    baseline: Location | None
    record_found: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def run_event_location(evaluator: Evaluator, path: Path) -> list[LocationRun]:
    from ..events.record import in_dataset

    pipe = evaluator.pipeline()
    loc = pipe.locator
    runs: list[LocationRun] = []
    records = read_event_location(path)
    batch = 32
    for k in range(0, len(records), batch):
        chunk = records[k:k + batch]
        articles = [pipe.prepare(RawDocument(origin=rec["id"], kind="jsonl", raw_text=rec["text"],
                                             meta={"id": rec["id"]})) for rec in chunk]
        # every sentence parsed: the stage is asked about the annotated verb whether or not the
        # coder wants its sentence; the events are the pipeline's own (as `code` prints them)
        for rec, article, coded in zip(chunk, articles, pipe.code_articles(articles, with_quotes=False, parse_all=True),
                                       strict=True):
            p = coded.parsed
            assert p is not None
            events = coded.events
            # the annotated verb in the cleaned text (cleaning keeps a one-sentence text as it is)
            vs = rec["event_span"]["start"] + _shift(rec["text"], article.text)
            ps = p.sentence_at(vs)
            ti = ps.token_at(vs) if ps is not None else None
            stage = loc.locate_token(p, ps, ti) if ps is not None else None
            shown = [e for e in events if in_dataset(e)]  # what `peacewatch code` prints
            ve = vs + (rec["event_span"]["end"] - rec["event_span"]["start"])
            match = [e for e in shown if e.trigger.start < ve and vs < e.trigger.end] or shown[:1]
            every = [e for e in events if e.trigger.start < ve and vs < e.trigger.end] or events[:1]
            run = LocationRun(rec, stage, match[0].location if match else None, _baseline(loc, p), bool(match))
            run.extra["all_events"] = every[0].location if every else None
            runs.append(run)
    return runs


def _shift(raw: str, clean: str) -> int:
    """Where the raw sentence starts in the cleaned text (0 unless cleaning trimmed its start)."""
    probe = raw.strip()[:40]
    i = clean.find(probe)
    j = raw.find(probe)
    return (i - j) if i >= 0 and j >= 0 else 0


def _baseline(loc: Locator, parsed: ParsedArticle) -> Location | None:
    """The first place name of the text the gazetteer knows."""
    from ..where.resolve import resolve

    story = loc._story(parsed)
    for ps in parsed.sentences:
        for m in story.mentions.get(ps.index, []):
            res = resolve(loc.gaz, m, story.context, [])
            if res is not None:
                return loc._location(res, m.text, m.start, m.end, "first place name", 0.5)
    return None


def figures(runs: list[LocationRun]) -> dict[str, Any]:
    stage, records, every, base = _Tally(), _Tally(), _Tally(), _Tally()
    for r in runs:
        stage.add(r.rec, r.stage)
        records.add(r.rec, r.record)
        every.add(r.rec, r.extra.get("all_events"))
        base.add(r.rec, r.baseline)
    out = {"sentences": len(runs), "stage": stage.figures(), "records": records.figures(),
           "records_all_events": every.figures(), "baseline_first_place": base.figures(),
           "sentences_with_a_record": sum(1 for r in runs if r.record_found)}
    return out


def evaluate_event_location(evaluator: Evaluator, path: Path) -> FileResult:
    from .runner import FileResult

    runs = run_event_location(evaluator, path)
    res = FileResult(str(path), "event-location")
    res.figures = figures(runs)
    shown = 0
    for r in runs:
        ok, near = _Tally().add(r.rec, r.stage)
        if ok and near is not False:
            continue
        if shown >= evaluator.show:
            break
        shown += 1
        got = r.stage
        res.misses.append({
            "key": r.rec["id"], "sentence": r.rec["text"], "verb": r.rec.get("verb"),
            "expected": f"{r.rec.get('gold_location')} ({r.rec['gold_country']})",
            "produced": [f"{got.name} ({got.country}) from '{got.text}': {got.basis}"] if got else [],
        })
    res.figures["misses_total"] = sum(1 for r in runs if not _Tally().add(r.rec, r.stage)[0]
                                      or _Tally().add(r.rec, r.stage)[1] is False)
    return res
