"""Scoring whole real articles (the project's news gold, ``evaluation.newsgold``) and PLOVER-labelled
news sentences (``../shared/gold/plover-news``).

News gold, per article, what ``peacewatch code`` would print (events of the dataset, merged):

- ``events``: a required gold event is found when a produced event of the same article has the
  same source and target at country/organisation level and a code starting with one of the gold
  codes; one to one, greedy, an event of the same sentence preferred. Gold events without a source
  are scored as optional (the dataset holds no sourceless events), and so are repeats of a
  (source, target, root) already required in the article (merging makes one event of them).
  Produced events that match no gold event, required or optional, are extras.
- ``no_event_units``: sentences the gold codes nothing in that hold the evidence of a produced event.
- ``sourceless``: produced events with no source (kept as incomplete, out of the dataset).
- ``quotes``: gold quotes that a produced quote overlaps by half or more, with the speaker right at
  country/organisation level.

PLOVER news sentences, per sentence: the event type of the coder's most confident event (PLOVER
2021 names; CONCEDE and RETREAT are the set's YIELD); macro-F1 over the set's types; and per row
(one source-target relation) whether the type and the source span, and the type, source and target
spans, are right — a produced actor is right when its span overlaps the gold span.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..errors import GoldFormatError
from ..model import ActorRef, CodedArticle, Event, Span
from . import newsgold as NG
from .scoring import PRF, actor_level

if TYPE_CHECKING:  # pragma: no cover
    from .runner import Evaluator, FileResult


# --- news gold -------------------------------------------------------------------------------------


@dataclass
class _Gold:
    art: str
    unit: int
    source: str | None
    target: str | None
    codes: tuple[str, ...]
    optional: bool
    why: str


def _unit_of(coded: CodedArticle, units: list[NG.NewsUnit], sentence_index: int) -> int | None:
    """The gold unit holding a produced event's sentence (raw offsets), or the title unit."""
    art = coded.article
    sent = next((s for s in coded.sentences if s.index == sentence_index), None)
    if sent is None:
        return None
    if sent.end <= art.body_start and art.body_start > 0:
        return next((k for k, u in enumerate(units) if u.is_title), None)
    a = art.offsets.to_raw(sent.start)
    b = art.offsets.to_raw(max(sent.start, sent.end - 1)) + 1
    best, best_ov = None, 0
    for k, u in enumerate(units):
        if u.span is None:
            continue
        ov = min(b, u.span[1]) - max(a, u.span[0])
        if ov > best_ov:
            best, best_ov = k, ov
    return best


def _key(a: str | None) -> str:
    return actor_level(a) if a else ""


def _actor_ok(gold: str | None, ev_actor: ActorRef | None) -> bool:
    if gold is None or ev_actor is None:
        return gold is None and ev_actor is None
    g = actor_level(gold)
    cands = [ev_actor.code] + [m.code for m in ev_actor.members]
    return any(actor_level(c) == g for c in cands)


def _matches(g: _Gold, ev: Event) -> bool:
    return (any(ev.cameo.startswith(c) for c in g.codes) and _actor_ok(g.source, ev.source)
            and _actor_ok(g.target, ev.target))


def evaluate_news(ev: "Evaluator", path: Path) -> "FileResult":
    from ..events.record import in_dataset
    from .runner import FileResult

    gold = NG.read_news_gold(path)
    pipe = ev.pipeline()
    res = FileResult(str(path), "news-gold")
    prf = PRF()
    prf_en = PRF()
    roots = PRF()
    no_event_units = no_event_hit = 0
    sourceless = produced_all = 0
    q_total = q_right = q_found = 0
    articles = 0
    skipped_language: dict[str, int] = {}
    for art in gold.articles:
        try:
            doc = NG.check_article(gold, art)
        except GoldFormatError as err:
            res.notes.append(err.one_line())
            continue
        coded = pipe.code_document(doc, with_quotes=True)
        articles += 1
        lang = getattr(coded.article, "language", None) or "en"
        if lang != "en":
            skipped_language[lang] = skipped_language.get(lang, 0) + 1
        produced_all += len(coded.events)
        sourceless += sum(1 for e in coded.events if e.source is None)
        events = [e for e in coded.events if in_dataset(e)]
        units = art.units
        where = {id(e): _unit_of(coded, units, e.sentence_index) for e in events}
        golds: list[_Gold] = []
        seen: set[tuple[str, str, str]] = set()
        for k, u in enumerate(units):
            for ne in u.events:
                opt = ne.optional or ne.source is None
                key = (_key(ne.source), _key(ne.target), ne.codes[0][:2])
                if not opt and key in seen:
                    opt = True
                if not opt:
                    seen.add(key)
                golds.append(_Gold(art.id, k, ne.source, ne.target, ne.codes, opt, ne.why))
        pool = list(events)
        before = (prf.tp, prf.fp, prf.fn)
        for g in [g for g in golds if not g.optional] + [g for g in golds if g.optional]:
            cands = [e for e in pool if _matches(g, e)]
            cands.sort(key=lambda e: where.get(id(e)) != g.unit)
            if cands:
                pool.remove(cands[0])
                if not g.optional:
                    prf.tp += 1
            elif not g.optional:
                prf.fn += 1
                if len(res.misses) < ev.show:
                    res.misses.append({"key": f"{art.id} unit {g.unit}", "expected": f"{g.source or '-'} -> {g.target or '-'} {'|'.join(g.codes)}",
                                       "why": g.why, "produced": [f"{e.source.code if e.source else '-'} -> {e.target.code if e.target else '-'} {e.cameo} [{e.rule}]"
                                                                   for e in events if where.get(id(e)) == g.unit]})
        prf.fp += len(pool)
        if lang == "en":
            prf_en.tp += prf.tp - before[0]
            prf_en.fp += prf.fp - before[1]
            prf_en.fn += prf.fn - before[2]
        for e in pool:
            if len(res.extras) < ev.show:
                res.extras.append({"key": f"{art.id} unit {where.get(id(e))}", "sentence": e.sentence,
                                   "produced": f"{e.source.code if e.source else '-'} -> {e.target.code if e.target else '-'} {e.cameo}",
                                   "rule": e.rule, "trigger": e.trigger.text})
        # roots only, per article
        groot = [g.codes[0][:2] for g in golds if not g.optional]
        proot = [e.cameo_root for e in events]
        for r in groot:
            if r in proot:
                proot.remove(r)
                roots.tp += 1
            else:
                roots.fn += 1
        for r in (g.codes[0][:2] for g in golds if g.optional):
            if r in proot:
                proot.remove(r)  # an optional event found is no extra, as in `events`
        roots.fp += len(proot)
        # sentences with no event in the gold
        hit_units = {where.get(id(e)) for e in events}
        for k, u in enumerate(units):
            if not u.events:
                no_event_units += 1
                no_event_hit += k in hit_units
        # quotes
        for q in art.quotes:
            q_total += 1
            best = None
            for pq in coded.quotes:
                a = coded.article.offsets.to_raw(pq.start)
                b = coded.article.offsets.to_raw(max(pq.start, pq.end - 1)) + 1
                ov = min(b, q.span[1]) - max(a, q.span[0])
                if ov >= 0.5 * (q.span[1] - q.span[0]):
                    best = pq
                    break
            got = best.speaker.code if best is not None and best.speaker is not None else "-"
            if best is not None:
                q_found += 1
                if _actor_ok(q.speaker, best.speaker):
                    q_right += 1
                    continue
            if len(res.misses) >= ev.show:
                continue
            res.misses.append({"key": f"{art.id} quote", "sentence": doc.raw_text[q.span[0]:q.span[1]][:300],
                               "expected": f"quote by {q.speaker or '-'}",
                               "produced": [f"quote by {got}"] if best is not None else ["quote not found"]})
    res.figures = {
        "articles": articles,
        "not_english": skipped_language,
        "expected_events": prf.tp + prf.fn,
        "events": prf.to_dict(),
        "events_english_articles": prf_en.to_dict(),
        "roots": roots.to_dict(),
        "no_event_units": no_event_units,
        "no_event_units_coded": no_event_hit,
        "produced_events_all": produced_all,
        "sourceless_events": sourceless,
        "quotes": {"gold": q_total, "found": q_found, "right_speaker": q_right},
        "misses_total": prf.fn,
        "extras_total": prf.fp,
    }
    return res


# --- PLOVER news sentences -------------------------------------------------------------------------

_TO_YIELD = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


def is_plover_news(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0]
    try:
        obj = json.loads(first)
    except ValueError:
        return False
    return isinstance(obj, dict) and "event_type" in obj and "text" in obj and "source_span" in obj


def _span_ok(gold: list[int] | None, actor: ActorRef | None, unresolved: Span | None = None,
             to_raw: Callable[[int], int] | None = None) -> bool:
    """A produced side is right when its words overlap the gold span: the actor's, or else the
    words the parse found for that side without a code (``Event.unresolved``). ``to_raw`` maps
    the cleaned text's offsets back to the gold's raw text (cleaning may drop a dateline such
    as "MOSCOW --" before the sentence)."""
    span: ActorRef | Span | None = actor if actor is not None else unresolved
    if gold is None:
        return span is None
    if span is None:
        return False
    start, end = span.start, span.end
    if to_raw is not None:
        start, end = to_raw(start), to_raw(max(start, end - 1)) + 1
    return min(end, gold[1]) - max(start, gold[0]) > 0


def evaluate_plover_news(ev: "Evaluator", path: Path) -> "FileResult":
    from .runner import FileResult

    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as err:
                raise GoldFormatError(f"line {n} is not JSON ({err})", source=str(path)) from None
    pipe = ev.pipeline()
    by_sentence: dict[Any, list[dict[str, Any]]] = {}
    for r in rows:
        by_sentence.setdefault(r.get("sentence_id", r["id"]), []).append(r)
    labels = sorted({r["event_type"] for r in rows})
    per: dict[str, PRF] = {lab: PRF() for lab in labels}
    n_rows = type_src = type_src_tgt = 0
    n_sent = right_sent = with_event = 0
    misses: list[dict[str, Any]] = []
    for sid, group in by_sentence.items():
        text = group[0]["text"]
        coded = ev.code_text(pipe, f"plv-{sid}", text)
        evs = [e for e in coded.events if e.plover is not None and e.source is not None]
        if not evs:
            evs = [e for e in coded.events if e.plover is not None]
        best = max(evs, key=lambda e: e.confidence) if evs else None
        pred = _TO_YIELD.get(best.plover.event, best.plover.event) if best and best.plover else None
        gold_label = group[0]["event_type"]
        n_sent += 1
        with_event += pred is not None
        if pred == gold_label:
            right_sent += 1
            per[gold_label].tp += 1
        else:
            per[gold_label].fn += 1
            if pred is not None:
                per.setdefault(pred, PRF()).fp += 1
            if len(misses) < ev.show:
                misses.append({"key": f"plv-{sid}", "sentence": text, "expected": gold_label, "produced": pred,
                               "event": f"{best.source.code if best and best.source else '-'} -> {best.target.code if best and best.target else '-'} {best.cameo if best else ''}",
                               "rule": best.rule if best else None})
        typed = [e for e in evs if e.plover and _TO_YIELD.get(e.plover.event, e.plover.event) == gold_label]
        for r in group:
            n_rows += 1
            src, tgt, raw = r.get("source_span"), r.get("target_span"), coded.article.offsets.to_raw
            ss = any(_span_ok(src, e.source, e.unresolved.get("source"), raw) for e in typed)
            type_src += ss
            type_src_tgt += any(_span_ok(src, e.source, e.unresolved.get("source"), raw)
                                and _span_ok(tgt, e.target, e.unresolved.get("target"), raw) for e in typed)
    macro = sum(per[lab].f1 for lab in labels) / len(labels) if labels else 0.0
    res = FileResult(str(path), "plover-news")
    res.figures = {
        "sentences": n_sent,
        "rows": n_rows,
        "accuracy": round(right_sent / n_sent, 4) if n_sent else 0.0,
        "macro_f1": round(macro, 4),
        "coverage": round(with_event / n_sent, 4) if n_sent else 0.0,
        "type_and_source_pct": round(100 * type_src / n_rows, 2) if n_rows else 0.0,
        "type_source_target_pct": round(100 * type_src_tgt / n_rows, 2) if n_rows else 0.0,
        "per_type": {lab: per[lab].to_dict() for lab in labels},
        "misses_total": n_sent - right_sent,
    }
    res.misses = misses
    return res
