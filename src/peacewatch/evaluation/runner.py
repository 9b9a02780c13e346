"""Run the Pipeline over gold files and score what it produces.

Every format is coded through :class:`peacewatch.pipeline.Pipeline`, the same object ``ingest`` and
``code`` use. PETRARCH records are coded with a Pipeline built on the dictionaries their
``<Environment>`` names, and only those.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ..config import Options
from ..errors import GoldFormatError, NotBuiltYet, PeacewatchError
from ..model import CodedArticle, Event, InputFailure, RawDocument
from . import gold as G
from .scoring import (
    Classification,
    Produced,
    Score,
    actor_level,
    classify,
    petrarch_found_extra,
    score_all,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..pipeline import Pipeline


@dataclass
class FileResult:
    """The figures of one gold file, plus the first misses and extras."""

    path: str
    format: str
    figures: dict[str, Any] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path, "format": self.format}
        if self.error:
            d["error"] = self.error
        d["figures"] = self.figures
        d["misses"] = self.misses
        d["extras"] = self.extras
        if self.notes:
            d["notes"] = self.notes
        return d


class Evaluator:
    """Holds the Pipelines (built once each) and scores gold files with them."""

    def __init__(self, options: Options | None = None, *, show: int = 10):
        self.options = options or Options()
        self.show = show
        self._pipelines: dict[tuple[tuple[Path, ...], bool], Pipeline] = {}

    # --- pipelines -------------------------------------------------------------------------------

    def pipeline(self, options: Options | None = None) -> Pipeline:
        opts = options or self.options
        key = (opts.dictionaries, opts.builtin_dictionaries)
        if key not in self._pipelines:
            try:
                from ..pipeline import Pipeline

                self._pipelines[key] = Pipeline(opts)
            except (ImportError, AttributeError) as err:  # a stage is not built yet
                raise NotBuiltYet(
                    f"the coding pipeline cannot be loaded ({err})",
                    hint="evaluate needs the actor and event stages (peacewatch.actors, peacewatch.events)",
                ) from err
        return self._pipelines[key]

    def code_text(self, pipeline: Pipeline, key: str, text: str, date: str | None = None) -> CodedArticle:
        """Code one text (a sentence or a short article) as a one-record JSONL article."""
        meta: dict[str, Any] = {"id": key}
        if date:
            meta["published"] = date
        doc = RawDocument(origin=key, kind="jsonl", raw_text=text, meta=meta)
        return pipeline.code_document(doc, with_quotes=False)

    # --- dispatch --------------------------------------------------------------------------------

    def evaluate(self, path: Path) -> FileResult:
        """Score one gold file. Raises :class:`GoldFormatError` when it cannot be read."""
        fmt = G.detect_format(path)
        run = {
            "seed": self.evaluate_seed,
            "jsonl": self.evaluate_jsonl,
            "petrarch": self.evaluate_petrarch,
            "universal-petrarch": self.evaluate_petrarch,
            "five-class": self.evaluate_five_class,
            "plover-gsr": self.evaluate_plover,
            "ner": self.evaluate_ner,
            "news-gold": self.evaluate_news,
            "plover-news": self.evaluate_plover_news,
            "event-location": self.evaluate_event_location,
        }[fmt]
        return run(path)

    def evaluate_news(self, path: Path) -> FileResult:
        from .news import evaluate_news

        return evaluate_news(self, path)

    def evaluate_event_location(self, path: Path) -> FileResult:
        from .location import evaluate_event_location

        return evaluate_event_location(self, path)

    def evaluate_plover_news(self, path: Path) -> FileResult:
        from .news import evaluate_plover_news

        return evaluate_plover_news(self, path)

    # --- our JSONL gold --------------------------------------------------------------------------

    def evaluate_jsonl(self, path: Path) -> FileResult:
        units = G.read_jsonl_gold(path)
        pipe = self.pipeline()
        produced: list[Produced] = []
        texts: dict[str, str] = {}
        for u in units:
            coded = self.code_text(pipe, u.key, u.text, u.date)
            texts[u.key] = u.text
            produced.extend(produced_from(coded.events, _constant_key(u.key)))
        gold = {u.key: u.events for u in units}
        scores = score_all(gold, produced, actors="prefix")
        must_not_keys = {u.key for u in units if u.must_not}
        violations = [p for p in produced if p.key in must_not_keys]
        res = FileResult(str(path), "jsonl")
        res.figures = {
            "units": len(units),
            "expected_events": sum(1 for u in units for e in u.events if not e.optional),
            "produced_events": len(produced),
            **{k: s.prf.to_dict() for k, s in scores.items()},
            "must_not_units": len(must_not_keys),
            "must_not_violations": len(violations),
        }
        self._list(res, scores["events"], produced, texts)
        return res

    # --- the seed --------------------------------------------------------------------------------

    def evaluate_seed(self, path: Path) -> FileResult:
        seed = G.read_seed(path)
        if not seed.article.is_file():
            raise GoldFormatError(
                f"the story file '{seed.article.name}' named by 'article' is not beside it",
                hint="keep expected.json in the story's folder",
                source=str(path),
            )
        doc = _read_one(seed.article, self.options)
        pipe = self.pipeline()
        coded = pipe.code_document(doc, with_quotes=True)
        sents = coded.sentences

        def key_of(snippet: str) -> str | None:
            want = _norm(snippet)
            for s in sents:
                if want in _norm(s.text):
                    return f"s{s.index}"
            return None

        produced = produced_from(coded.events, lambda e: f"s{e.sentence_index}")
        gold: dict[str, list[G.GoldEvent]] = {}
        unlocated: list[G.SeedEvent] = []
        for se in seed.events:
            k = key_of(se.sentence_contains)
            if k is None:
                unlocated.append(se)
                k = f"unlocated:{se.sentence_contains}"
            gold.setdefault(k, []).append(se.event)
        scores = score_all(gold, produced, actors="prefix")
        texts = {f"s{s.index}": s.text for s in sents}

        # must_not sentences: nothing may be coded from them
        must_not: list[dict[str, Any]] = []
        for snippet in seed.must_not:
            k = key_of(snippet)
            bad = [p for p in produced if k is not None and p.key == k]
            must_not.append(
                {
                    "sentence_contains": snippet,
                    "in_cleaned_text": k is not None,
                    "violations": [_produced_dict(p, texts) for p in bad],
                }
            )
        violations = sum(len(m["violations"]) for m in must_not)

        # conditions: gold events whose 'why' speaks of a condition must keep one
        by_id = {m[1].id: m[2] for m in scores["events"].matched + scores["events"].optional_matched}
        conditions = []
        for se in seed.events:
            if "condition" in se.why.lower():
                p = by_id.get(se.event.id)
                conditions.append(
                    {"id": se.event.id, "found": p is not None, "condition": p.condition if p else None,
                     "kept": bool(p is not None and p.condition)}
                )

        res = FileResult(str(path), "seed")
        required = [se.event for se in seed.events if not se.event.optional]
        found_ids = {g.id for _, g, _ in scores["events"].matched}
        res.figures = {
            "article": str(seed.article),
            "sentences": len(sents),
            "expected_events": len(required),
            "optional_events": len(seed.events) - len(required),
            "produced_events": len(produced),
            **{k: s.prf.to_dict() for k, s in scores.items()},
            "required_found": sorted(found_ids),
            "required_missed": [g.id for _, g in scores["events"].misses],
            "optional_found": sorted(g.id for _, g, _ in scores["events"].optional_matched),
            "unlocated": [se.event.id for se in unlocated],
            "must_not": must_not,
            "must_not_violations": violations,
            "conditions": conditions,
            "actors": _seed_actors(seed, coded),
            "quotes": _seed_quotes(seed, coded),
            "tracks": _seed_tracks(seed, coded),
            "date": {"expected": seed.metadata.get("published"), "produced": coded.article.published,
                     "basis": coded.article.date_basis},
        }
        res.figures["pass"] = (
            not scores["events"].misses and violations == 0 and all(c["kept"] for c in conditions)
        )
        self._list(res, scores["events"], produced, texts)
        return res

    # --- PETRARCH records ------------------------------------------------------------------------

    def evaluate_petrarch(self, path: Path) -> FileResult:
        from ..ingest import read_inputs

        res = FileResult(str(path), G.detect_format(path))
        records: list[RawDocument] = []
        failed = 0
        for d in read_inputs([str(path)], self.options):
            if isinstance(d, InputFailure):
                failed += 1
                res.notes.append(f"unreadable record: {d.error}")
                continue
            records.append(d)
        skipped = [d for d in records if d.meta.get("skip")]
        records = [d for d in records if not d.meta.get("skip")]
        skip_reasons: dict[str, int] = {}
        for d in skipped:
            why = str(d.meta.get("skip_reason") or "<Skip>")
            skip_reasons[why] = skip_reasons.get(why, 0) + 1
        if not records:
            raise GoldFormatError("holds no readable PETRARCH records", source=str(path))

        produced: list[Produced] = []
        gold: dict[str, list[G.GoldEvent]] = {}
        texts: dict[str, str] = {}
        valid_keys: set[str] = set()
        environments: set[tuple[str, ...]] = set()
        keys = G.petrarch_record_keys(records)
        for key, d in zip(keys, records, strict=True):
            env = d.meta.get("environment") or {}
            paths = tuple(sorted(str(p) for p in env.values() if Path(p).is_file()))
            environments.add(paths)
            if paths:
                opts = self.options.with_(dictionaries=tuple(Path(p) for p in paths), builtin_dictionaries=False)
            else:
                opts = self.options
            pipe = self.pipeline(opts)
            try:
                coded = pipe.code_document(d, with_quotes=False)
            except PeacewatchError as err:
                failed += 1
                res.notes.append(f"{d.origin}: {err.one_line()}")
                coded = None
            gold[key] = G.petrarch_gold_events(d.meta)
            texts[key] = d.raw_text
            if d.meta.get("valid"):
                valid_keys.add(key)
            if coded is not None:
                # background ("five years after X burned its embassy") is no event of the record,
                # as in every export of the dataset
                produced.extend(produced_from([e for e in coded.events if not e.modality.historical], _constant_key(key)))
        scores = score_all(gold, produced, actors="exact")
        res.figures = {
            "records": len(records),
            "skipped_records": len(skipped),
            "failed_records": failed,
            "noevents_records": sum(1 for d in records if d.meta.get("noevents")),
            "dictionaries": [list(e) for e in sorted(environments)],
            **petrarch_found_extra(scores["events"]),
            **{k: s.prf.to_dict() for k, s in scores.items()},
        }
        if skip_reasons and res.format == "universal-petrarch":
            res.figures["skip_reasons"] = skip_reasons
        loads = self._dictionary_loads(environments)
        if loads:
            res.figures["dictionary_loads"] = loads
        if res.format == "universal-petrarch":
            found: dict[str, int] = {}
            for key, _g, _p in scores["events"].matched:
                found[key] = found.get(key, 0) + 1
            n_prod: dict[str, int] = {}
            for p in produced:
                n_prod[p.key] = n_prod.get(p.key, 0) + 1
            res.figures["universal_petrarch"] = G.universal_petrarch_counts(
                [(k, str(d.meta.get("category") or "-"), bool(d.meta.get("noevents")) and not gold[k])
                 for k, d in zip(keys, records, strict=True)],
                found, {k: len(v) for k, v in gold.items()}, n_prod)
        if valid_keys and len(valid_keys) < len(records):
            vg = {k: v for k, v in gold.items() if k in valid_keys}
            vp = [p for p in produced if p.key in valid_keys]
            vs = score_all(vg, vp, actors="exact")
            res.figures["valid_only"] = {"records": len(valid_keys), **petrarch_found_extra(vs["events"]),
                                         **{k: s.prf.to_dict() for k, s in vs.items()}}
        if any(environments):
            from .ceiling import ceiling_of

            c = ceiling_of(zip(keys, records, strict=True))
            res.figures["ceiling"] = {"producible": c.producible, "expected": c.expected,
                                      "found_pct_max": round(100 * c.ceiling, 1)}
        else:
            res.notes.append("the records name no dictionary files that exist; coded with the default dictionaries")
        self._list(res, scores["events"], produced, texts)
        return res

    def _dictionary_loads(self, environments: set[tuple[str, ...]]) -> list[dict[str, Any]]:
        """What each record environment's dictionaries loaded, and what was read but ignored (the
        importers' counts), so a reader of the figures sees what the coder had to work with."""
        out: list[dict[str, Any]] = []
        for paths in sorted(e for e in environments if e):
            opts = self.options.with_(dictionaries=tuple(Path(p) for p in paths), builtin_dictionaries=False)
            try:
                pipe = self.pipeline(opts)
            except PeacewatchError:
                continue
            row: dict[str, Any] = {"files": [Path(p).name for p in paths]}
            coder = getattr(pipe, "coder", None)
            patterns = getattr(coder, "patterns", None)
            stats = dict(getattr(patterns, "stats", {}) or {})
            if stats:
                row["verbs"] = {k: v for k, v in stats.items() if not k.startswith("ignored: ")}
                ignored = {k.removeprefix("ignored: "): v for k, v in stats.items() if k.startswith("ignored: ")}
                if ignored:
                    row["verbs_ignored"] = ignored
            actors = getattr(pipe, "actor_dicts", None)
            ps = dict(getattr(actors, "petrarch_stats", {}) or {})
            if ps:
                row["actors"] = {k: v for k, v in ps.items() if k != "ignored"}
                if ps.get("ignored"):
                    row["actors_ignored"] = ps["ignored"]
            out.append(row)
        return out

    # --- five classes ----------------------------------------------------------------------------

    def evaluate_five_class(self, path: Path) -> FileResult:
        from ..events.codes import load_code_table

        table = load_code_table()

        def label_of(code: str) -> int | None:
            info = table.resolve(code)
            return info.five_class if info else None

        rows = G.read_five_class(path)
        pipe = self.pipeline()
        predicted: list[int | None] = []
        wrong: list[dict[str, Any]] = []
        n_wrong = 0
        for r in rows:
            key = f"line{r.line}"
            coded = self.code_text(pipe, key, r.text)
            evs = produced_from(coded.events, _constant_key(key))
            p = classify(evs, label_of)
            predicted.append(p)
            n_wrong += p != r.label
            if p != r.label and len(wrong) < self.show:
                best = max(evs, key=lambda e: e.confidence) if evs else None
                wrong.append({"key": key, "sentence": r.text, "expected": r.label, "produced": p,
                              "event": best.describe() if best else None, "rule": best.rule if best else None})
        c = Classification((0, 1, 2, 3, 4), [r.label for r in rows], predicted)
        res = FileResult(str(path), "five-class")
        res.figures = {**c.to_dict(), "misses_total": n_wrong}
        res.misses = wrong
        return res

    # --- PLOVER GSR ------------------------------------------------------------------------------

    def evaluate_plover(self, path: Path) -> FileResult:
        recs = G.read_plover_gsr(path)
        pipe = self.pipeline()
        top_hits = any_hits = with_event = produced_n = produced_right = n_missed = 0
        per_event: dict[str, dict[str, int]] = {}
        misses: list[dict[str, Any]] = []
        for r in recs:
            coded = self.code_text(pipe, r.id, r.text)
            evs = [e for e in coded.events if e.plover is not None]
            names = [e.plover.event for e in evs]  # type: ignore[union-attr]
            top = max(evs, key=lambda e: e.confidence).plover.event if evs else None  # type: ignore[union-attr]
            st = per_event.setdefault(r.event, {"gold": 0, "top_hits": 0})
            st["gold"] += 1
            if evs:
                with_event += 1
            produced_n += len(names)
            produced_right += sum(1 for n in names if n == r.event)
            if top == r.event:
                top_hits += 1
                st["top_hits"] += 1
            if r.event in names:
                any_hits += 1
                continue
            n_missed += 1
            if len(misses) < self.show:
                misses.append({"key": r.id, "sentence": r.text, "expected": r.event, "expected_v05": r.event_v05,
                               "produced": names, "rules": [e.rule for e in evs]})
        n = len(recs)
        res = FileResult(str(path), "plover-gsr")
        res.figures = {
            "records": n,
            "top_accuracy": round(top_hits / n, 4) if n else 0.0,
            "recall": round(any_hits / n, 4) if n else 0.0,
            "precision": round(produced_right / produced_n, 4) if produced_n else 0.0,
            "coverage": round(with_event / n, 4) if n else 0.0,
            "misses_total": n_missed,
            "per_event": {k: {**v, "top_recall": round(v["top_hits"] / v["gold"], 4)} for k, v in sorted(per_event.items())},
        }
        res.misses = misses
        return res

    # --- NER spans -------------------------------------------------------------------------------

    def evaluate_ner(self, path: Path) -> FileResult:
        sentences = G.read_ner(path)
        res = FileResult(str(path), "ner")
        try:
            from .actor_spans import evaluate_actor_spans
        except ImportError:
            res.notes.append("actor-span scoring (peacewatch.evaluation.actor_spans) is not built yet")
            res.figures = {"sentences": len(sentences), "scored": False}
            return res
        pipe = self.pipeline()
        res.figures = {"sentences": len(sentences), **evaluate_actor_spans(path, pipe.actor_dicts)}
        return res

    # --- listing ---------------------------------------------------------------------------------

    def _list(self, res: FileResult, s: Score, produced: Sequence[Produced], texts: dict[str, str]) -> None:
        by_key: dict[str, list[Produced]] = {}
        for p in produced:
            by_key.setdefault(p.key, []).append(p)
        for key, g in s.misses[: self.show]:
            res.misses.append(
                {
                    "key": key,
                    "sentence": texts.get(key, key.removeprefix("unlocated:")),
                    "expected": g.describe(),
                    "id": g.id or None,
                    "produced": [f"{p.describe()} [{p.rule}]" for p in by_key.get(key, [])],
                }
            )
        for p in s.extras[: self.show]:
            res.extras.append(_produced_dict(p, texts))
        res.figures["misses_total"] = len(s.misses)
        res.figures["extras_total"] = len(s.extras)


# --- helpers -------------------------------------------------------------------------------------


def _constant_key(key: str) -> Callable[[Event], str]:
    """A ``key_of`` for :func:`produced_from` giving every event the one key (bound now, not at call
    time: the callers loop over keys)."""
    return lambda _e: key


def produced_from(events: Iterable[Event], key_of: Callable[[Event], str]) -> list[Produced]:
    out = []
    for e in events:
        out.append(
            Produced(
                key=key_of(e),
                source=e.source.code if e.source else None,
                target=e.target.code if e.target else None,
                cameo=e.cameo,
                confidence=float(e.confidence),
                rule=e.rule,
                sentence=e.sentence,
                plover=e.plover.event if e.plover else None,
                condition=e.condition,
                negated=e.modality.negated,
                hypothetical=e.modality.hypothetical,
                future=e.modality.future,
                historical=e.modality.historical,
                source_members=tuple(m.code for m in (e.source.members if e.source else [])),
                target_members=tuple(m.code for m in (e.target.members if e.target else [])),
                trigger=e.trigger.text,
            )
        )
    return out


def _produced_dict(p: Produced, texts: dict[str, str]) -> dict[str, Any]:
    return {"key": p.key, "sentence": texts.get(p.key, p.sentence), "produced": p.describe(), "rule": p.rule,
            "trigger": p.trigger}


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def _read_one(path: Path, options: Options) -> RawDocument:
    from ..ingest import read_inputs

    for d in read_inputs([str(path)], options):
        if isinstance(d, InputFailure):
            raise GoldFormatError(f"the story cannot be read: {d.error}", source=str(path))
        return d
    raise GoldFormatError("the story file holds no article", source=str(path))


def _codes_of(expected: Any) -> list[str]:
    return [str(c) for c in expected] if isinstance(expected, list) else [str(expected)]


def _seed_actors(seed: G.SeedGold, coded: CodedArticle) -> dict[str, Any]:
    rows = []
    for a in seed.actors:
        want = _codes_of(a.get("code"))
        text = _norm(str(a.get("text", "")))
        cands = [r for r in coded.actors if _norm(r.text) == text or text in _norm(r.text)]
        found = None
        for r in cands:
            got = [r.code] if not r.members else [m.code for m in r.members]
            if sorted(actor_level(c) for c in got) == sorted(actor_level(c) for c in want):
                found = r
                break
        rows.append({"text": a.get("text"), "expected": want, "found": found is not None,
                     "produced": sorted({r.code for r in cands})})
    return {"expected": len(rows), "found": sum(1 for r in rows if r["found"]), "rows": rows}


def _seed_quotes(seed: G.SeedGold, coded: CodedArticle) -> dict[str, Any]:
    if not coded.quotes:
        return {"expected": len(seed.quotes), "produced": 0, "found": 0, "note": "the pipeline produced no quotes"}
    rows = []
    for q in seed.quotes:
        want = _norm(str(q.get("text", "")).replace("\u2026", "..."))
        want_parts = [w.strip(" .,") for w in want.split("...") if w.strip(" .,")]
        hit = None
        for p in coded.quotes:
            got = _norm(p.text.replace("\u2026", "..."))
            if all(w in got for w in want_parts) or (got and got in want):
                hit = p
                break
        speaker_ok = bool(
            hit and hit.speaker and actor_level(hit.speaker.code) == actor_level(str(q.get("speaker_code", "")))
        )
        rows.append({"text": q.get("text"), "found": hit is not None, "speaker_ok": speaker_ok,
                     "speaker": hit.speaker.code if hit and hit.speaker else None})
    return {"expected": len(rows), "produced": len(coded.quotes), "found": sum(r["found"] for r in rows),
            "speaker_ok": sum(r["speaker_ok"] for r in rows), "rows": rows}


def _seed_tracks(seed: G.SeedGold, coded: CodedArticle) -> dict[str, Any]:
    got: set[str] = set(coded.tracks)
    for e in coded.events:
        got.update(e.tracks)
    for q in coded.quotes:
        got.update(q.tracks)
    return {"expected": seed.tracks, "produced": sorted(got), "found": sorted(set(seed.tracks) & got)}
