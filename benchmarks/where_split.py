"""Event-location figures on the two parts of the development file: the records whose id's hex
digits are 0 mod 5 are held back (never looked at while tuning); the rest is the working part.

    python benchmarks/where_split.py ../shared/gold/event-location/event_location_dev.jsonl [--misses N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def held_back(rec_id: str) -> bool:
    return int(rec_id.split("-", 1)[1], 16) % 5 == 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses of the working part")
    ap.add_argument("--part", choices=["work", "held"], default="work")
    ap.add_argument("--dump", help="write each record's stage location (id, name, country, basis) to this JSONL file")
    args = ap.parse_args(argv)
    from peacewatch.evaluation.location import figures, run_event_location
    from peacewatch.evaluation.runner import Evaluator

    runs = run_event_location(Evaluator(), Path(args.gold))
    work = [r for r in runs if not held_back(r.rec["id"])]
    held = [r for r in runs if held_back(r.rec["id"])]
    out = {"all": figures(runs), "work": figures(work), "held_back": figures(held)}
    print(json.dumps(out, indent=1))
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for r in runs:
                g = r.stage
                fh.write(json.dumps({"id": r.rec["id"], "held": held_back(r.rec["id"]),
                                     "got": [g.name, g.country, g.text, g.basis] if g else None}) + "\n")
    if args.misses and args.part == "work":
        from peacewatch.evaluation.location import _Tally

        shown = 0
        for r in work:
            ok, near = _Tally().add(r.rec, r.stage)
            if ok and near is not False:
                continue
            g = r.stage
            print(f"- {r.rec['text']}\n   verb={r.rec['verb']} gold={r.rec['gold_location']} ({r.rec['gold_country']},"
                  f" {r.rec['gold_feature']}) got={(g.name, g.country, g.feature, g.text, g.basis) if g else None}",
                  file=sys.stderr)
            shown += 1
            if shown >= args.misses:
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
