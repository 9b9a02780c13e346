"""Every `peacewatch evaluate` figure as the Markdown tables of docs/accuracy/events.md.

    .venv/bin/python benchmarks/accuracy_tables.py > /tmp/tables.md

Runs one `peacewatch evaluate ... --format json` over the six gold files in ../shared (the seed,
both PETRARCH suites, the five-class sentences, the PLOVER records, the NER spans) and prints the
figures, each with the command that gives it, so the document is regenerated from a measurement
rather than typed in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from _common import ROOT, SHARED, need

FILES = {
    "seed": "seed/expected.json",
    "petrarch1": "gold/petrarch1-validate/PETR.Validate.records.140226.txt",
    "unittest": "gold/petrarch-unittest/PETR.UnitTest.records.xml",
    "five": "gold/conflibert-train/cameo_class_train.tsv",
    "plover": "gold/plover-gsr/PLOVER_GSR_CAMEO.txt",
    "ner": "gold/conflibert-train/cameo_ner_train.txt",
}


def _prf(d: dict) -> str:
    return f"{d['precision']:.3f} / {d['recall']:.3f} / {d['f1']:.3f}"


def main() -> int:
    paths = {k: SHARED / v for k, v in FILES.items()}
    for p in paths.values():
        need(p)
    rel = {k: "../shared/" + v for k, v in FILES.items()}
    exe = ROOT / ".venv" / "bin" / "peacewatch"
    out = subprocess.run([str(exe), "evaluate", *map(str, paths.values()), "--format", "json", "--show", "0"],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        sys.stderr.write(out.stderr)
        return out.returncode
    by_format = {}
    for f in json.loads(out.stdout)["files"]:
        for k, p in paths.items():
            if Path(f["path"]).resolve() == p.resolve():
                by_format[k] = f["figures"]
    rows: list[tuple[str, str, str]] = []

    def cmd(k: str) -> str:
        return f"`.venv/bin/peacewatch evaluate {rel[k]} --format json`"

    s = by_format["seed"]
    rows += [
        ("seed: pass (all required events, no must_not sentence coded, condition kept)", str(s["pass"]), cmd("seed")),
        ("seed: required events found", f"{len(s['required_found'])} of {s['expected_events']}", cmd("seed")),
        ("seed: must_not violations", str(s["must_not_violations"]), cmd("seed")),
        ("seed: events P / R / F1", _prf(s["events"]), cmd("seed")),
        ("seed: roots P / R / F1", _prf(s["roots"]), cmd("seed")),
        ("seed: triples P / R / F1", _prf(s["triples"]), cmd("seed")),
        ("seed: actors found", f"{s['actors']['found']} of {s['actors']['expected']}", cmd("seed")),
        ("seed: quotes found (speaker right)",
         f"{s['quotes']['found']} of {s['quotes']['expected']} ({s['quotes']['speaker_ok']})", cmd("seed")),
    ]
    for k, name in (("petrarch1", "petrarch1-validate"), ("unittest", "petrarch-unittest")):
        f = by_format[k]
        rows += [
            (f"{name}: found (exact source, target, code; % of expected)",
             f"{f['found_pct']:.1f}% ({f['found']}/{f['expected']})", cmd(k)),
            (f"{name}: extra (% of expected)", f"{f['extra_pct']:.1f}% ({f['extra']})", cmd(k)),
        ]
        if "ceiling" in f:
            c = f["ceiling"]
            rows.append((f"{name}: most any coder can find with these dictionaries",
                         f"{c['found_pct_max']:.1f}% ({c['producible']}/{c['expected']})",
                         f"`.venv/bin/python -m peacewatch.evaluation.ceiling {rel[k]}`"))
        for view in ("events", "roots", "triples"):
            rows.append((f"{name}: {view} P / R / F1", _prf(f[view]), cmd(k)))
        if "valid_only" in f:
            v = f["valid_only"]
            rows.append((f"{name}: valid=\"true\" records only ({v['records']}): found / extra",
                         f"{v['found_pct']:.1f}% / {v['extra_pct']:.1f}%", cmd(k)))
    f = by_format["five"]
    rows += [
        ("five-class: macro-F1", f"{f['macro_f1']:.3f}", cmd("five")),
        ("five-class: accuracy", f"{f['accuracy']:.3f}", cmd("five")),
        ("five-class: coverage (sentences with an event)", f"{f['coverage']:.3f}", cmd("five")),
    ]
    for c, d in f["per_class"].items():
        rows.append((f"five-class: class {c} P / R / F1", _prf(d), cmd("five")))
    p = by_format["plover"]
    rows += [
        ("PLOVER GSR: top-event accuracy", f"{p['top_accuracy']:.3f}", cmd("plover")),
        ("PLOVER GSR: recall (any event right) / precision / coverage",
         f"{p['recall']:.3f} / {p['precision']:.3f} / {p['coverage']:.3f}", cmd("plover")),
    ]
    n = by_format["ner"]
    rows.append(("NER actor spans: P / R / F1", f"{n['precision']:.3f} / {n['recall']:.3f} / {n['f1']:.3f}", cmd("ner")))

    print("| figure | value | command |\n|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    m = f["confusion"]
    print("| gold \\ produced | " + " | ".join(m["columns"]) + " |")
    print("|---|" + "---|" * len(m["columns"]))
    for i, row in enumerate(m["matrix"]):
        print(f"| {i} | " + " | ".join(str(v) for v in row) + " |")
    print()
    print("| event | gold records | top event right | top recall |\n|---|---|---|---|")
    for ev, d in sorted(p["per_event"].items()):
        print(f"| {ev} | {d['gold']} | {d['top_hits']} | {d['top_recall']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
