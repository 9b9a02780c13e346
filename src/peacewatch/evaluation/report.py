"""Plain-text rendering of an evaluation run (``peacewatch evaluate --format text``)."""

from __future__ import annotations

from typing import Any

from . import EvaluationRun
from .runner import FileResult


def _prf(name: str, d: dict[str, Any]) -> str:
    return (
        f"  {name:<8} P={d['precision']:.3f} R={d['recall']:.3f} F1={d['f1']:.3f}"
        f"  (tp={d['tp']} fp={d['fp']} fn={d['fn']})"
    )


def render_text(run: EvaluationRun) -> str:
    out: list[str] = []
    for r in run.results:
        out.extend(_file(r))
        out.append("")
    for path, err in run.failures:
        out.append(f"{path}: UNREADABLE: {err}")
    return "\n".join(out).rstrip() + "\n"


def _file(r: FileResult) -> list[str]:
    f = r.figures
    lines = [f"== {r.path} ({r.format})"]
    if r.format in ("seed", "jsonl", "petrarch", "universal-petrarch"):
        if r.format in ("petrarch", "universal-petrarch"):
            lines.append(
                f"  records={f['records']} skipped={f['skipped_records']} failed={f['failed_records']}"
                f"  found={f['found_pct']:.1f}% ({f['found']}/{f['expected']})"
                f"  extra={f['extra_pct']:.1f}% ({f['extra']})"
            )
            if "ceiling" in f:
                c = f["ceiling"]
                lines.append(
                    f"  ceiling with the records' own dictionaries: {c['producible']}/{c['expected']} codings"
                    f" producible, found can be at most {c['found_pct_max']:.1f}%"
                    " (python -m peacewatch.evaluation.ceiling lists the rest)"
                )
            if "valid_only" in f:
                v = f["valid_only"]
                lines.append(
                    f"  valid=true only: records={v['records']} found={v['found_pct']:.1f}% extra={v['extra_pct']:.1f}%"
                )
            if "skip_reasons" in f:
                lines.append("  skipped: " + ", ".join(f"{n} {why}" for why, n in f["skip_reasons"].items()))
            if "universal_petrarch" in f:
                t = f["universal_petrarch"]["total"]
                lines.append(
                    f"  UniversalPetrarch tally: records={t['records']} correct={t['correct']} uncoded={t['uncoded']}"
                    f" extra={t['extra']}  TP={t['tp_pct']:.1f}% (correct/(correct+uncoded))"
                    f"  FP={t['fp_pct']:.1f}% (extra/records)"
                )
            for d in f.get("dictionary_loads", []):
                ign = {**d.get("verbs_ignored", {}), **d.get("actors_ignored", {})}
                v = d.get("verbs", {})
                lines.append(
                    f"  dictionaries {', '.join(d['files'])}: {v.get('verbs', 0)} verbs, {v.get('patterns', 0)} patterns,"
                    f" {v.get('synsets', 0)} synsets, {d.get('actors', {}).get('entries', 0)} actor/agent entries"
                    + (f"; read but ignored: {sum(ign.values())}" if ign else "")
                )
        for view in ("events", "roots", "triples"):
            lines.append(_prf(view, f[view]))
        if r.format == "seed":
            lines.append(f"  PASS={f['pass']}  required missed: {', '.join(f['required_missed']) or 'none'}")
            lines.append(f"  must_not violations: {f['must_not_violations']}")
            for c in f["conditions"]:
                lines.append(f"  condition of {c['id']}: {'kept: ' + repr(c['condition']) if c['kept'] else 'NOT kept'}")
            a, q = f["actors"], f["quotes"]
            lines.append(f"  actors found {a['found']}/{a['expected']}; quotes found {q['found']}/{q['expected']}")
            t = f["tracks"]
            lines.append(f"  tracks expected {t['expected']} produced {t['produced']}")
            d = f["date"]
            lines.append(f"  date expected {d['expected']} produced {d['produced']}")
        if "must_not_violations" in f and r.format == "jsonl":
            lines.append(f"  must_not units={f['must_not_units']} violations={f['must_not_violations']}")
    elif r.format == "five-class":
        lines.append(
            f"  sentences={f['sentences']} accuracy={f['accuracy']:.3f} macro-F1={f['macro_f1']:.3f}"
            f" coverage={f['coverage']:.3f}"
        )
        for c, d in f["per_class"].items():
            lines.append(_prf(f"class {c}", d))
        cols = f["confusion"]["columns"]
        lines.append("  confusion (rows gold, columns produced): " + " ".join(f"{c:>5}" for c in cols))
        for i, row in enumerate(f["confusion"]["matrix"]):
            lines.append(f"  {'':>38}{i}: " + " ".join(f"{v:>5}" for v in row))
    elif r.format == "plover-gsr":
        lines.append(
            f"  records={f['records']} top-event accuracy={f['top_accuracy']:.3f} recall={f['recall']:.3f}"
            f" precision={f['precision']:.3f} coverage={f['coverage']:.3f}"
        )
    elif r.format == "news-gold":
        lines.append(f"  articles={f['articles']} expected events={f['expected_events']} not English: {f['not_english'] or 'none'}")
        lines.append(_prf("events", f["events"]))
        if f.get("not_english"):
            lines.append(_prf("events in English articles", f["events_english_articles"]))
        lines.append(_prf("roots", f["roots"]))
        lines.append(f"  sentences with no event in the gold that received one: {f['no_event_units_coded']} of {f['no_event_units']}")
        lines.append(f"  produced events with no source (incomplete, not exported): {f['sourceless_events']} of {f['produced_events_all']}")
        q = f["quotes"]
        lines.append(f"  quotes: {q['found']} of {q['gold']} found, {q['right_speaker']} with the right speaker")
    elif r.format == "event-location":
        lines.append(f"  sentences={f['sentences']}  (country: the right country, % of sentences; within 25 km: % of"
                     f" the {f['stage']['with_point']} with a gold point; coverage: % located)")
        for key, label in (("stage", "where stage on the annotated verb"),
                           ("records", f"code's records ({f['sentences_with_a_record']} sentences have one)"),
                           ("records_all_events", "every event the coder produces (--include-* flags)"),
                           ("baseline_first_place", "baseline: first place name")):
            g = f[key]
            lines.append(f"  {label}: country={g['country']:.1f}% within_25km={g['within_25km']:.1f}%"
                         f" coverage={g['coverage']:.1f}%")
    elif r.format == "plover-news":
        lines.append(f"  sentences={f['sentences']} rows={f['rows']} event-type macro-F1={f['macro_f1']:.3f}"
                     f" accuracy={f['accuracy']:.3f} coverage={f['coverage']:.3f}")
        lines.append(f"  type and source span right: {f['type_and_source_pct']:.1f}% of rows;"
                     f" type, source and target right: {f['type_source_target_pct']:.1f}%")
    else:
        lines.append("  " + ", ".join(f"{k}={v}" for k, v in f.items() if not isinstance(v, (dict, list))))
    for n in r.notes[:5]:
        lines.append(f"  note: {n}")
    if r.misses:
        lines.append(f"  misses (first {len(r.misses)} of {f.get('misses_total', len(r.misses))}):")
        for m in r.misses:
            lines.append(f"    [{m['key']}] {m.get('sentence', m.get('why', ''))}")
            lines.append(f"      expected {m['expected']}; produced {m.get('produced')}"
                         + (f" rule {m['rule']}" if m.get("rule") else ""))
    if r.extras:
        lines.append(f"  extras (first {len(r.extras)} of {f.get('extras_total', len(r.extras))}):")
        for e in r.extras:
            lines.append(f"    [{e['key']}] {e['sentence']}")
            lines.append(f"      produced {e['produced']} rule {e['rule']} trigger {e['trigger']!r}")
    return lines
