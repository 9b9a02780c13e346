"""Coding speed on one core against the floor of only reading, cleaning and splitting.

    .venv/bin/python benchmarks/code_bench.py [--limit N]

Stage 1 (floor): read the KCNA corpus, clean, date and split sentences.
Stage 2 (code):  the same plus actors, events, tracks and stances (what `peacewatch code` does),
nothing stored; stage 3 adds quotes (`code --with-quotes`, and what ingest does). Reports articles/s, sentences/s and the ratio code/floor (the target is >= 200
articles/s and a ratio within 3).

Times are the process's CPU seconds (``time.process_time``), so that other work on a shared machine
does not count; the wall-clock seconds are printed beside them.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from pathlib import Path

from _common import KCNA, machine, need, peak_rss_mib, table


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default=str(KCNA))
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = ap.parse_args()
    need(Path(args.input))
    try:
        os.sched_setaffinity(0, {0})  # one core
    except (AttributeError, OSError):
        pass

    from peacewatch.clean import prepare, split_sentences
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs
    from peacewatch.model import RawDocument
    from peacewatch.pipeline import Pipeline

    opts = Options(progress=False)
    docs = [d for d in read_inputs([args.input], opts) if isinstance(d, RawDocument)]
    if args.limit:
        docs = docs[: args.limit]

    t0, w0 = time.process_time(), time.perf_counter()
    n_sent = 0
    for d in docs:
        a = prepare(d, opts)
        n_sent += len(split_sentences(a.text, a.body_start))
    floor, floor_wall = time.process_time() - t0, time.perf_counter() - w0

    pipeline = Pipeline(opts)

    def run(with_quotes: bool) -> tuple[float, float, int, int]:
        t0, w0 = time.process_time(), time.perf_counter()
        ne = nq = 0
        for d in docs:
            coded = pipeline.code_document(d, with_quotes=with_quotes)
            ne += len(coded.events)
            nq += len(coded.quotes)
        return time.process_time() - t0, time.perf_counter() - w0, ne, nq

    full, full_wall, n_events, _ = run(False)  # what `peacewatch code` does by default
    full_q, full_q_wall, _, n_quotes = run(True)  # `peacewatch code --with-quotes` (and ingest)

    n = len(docs)
    print(f"machine: {machine()} (pinned to one core)")
    print(f"{n} articles, {n_sent} sentences; {n_events} events, {n_quotes} quotes; peak RSS {peak_rss_mib():.0f} MiB")
    print()
    print(table(
        ["stage", "CPU seconds", "articles/s", "sentences/s", "x floor", "wall seconds"],
        [
            ["read+clean+date+split (floor)", f"{floor:.1f}", f"{n / floor:.0f}", f"{n_sent / floor:.0f}", "1.00",
             f"{floor_wall:.1f}"],
            ["`peacewatch code` (actors, events, tracks, stances)", f"{full:.1f}", f"{n / full:.0f}",
             f"{n_sent / full:.0f}", f"{full / floor:.2f}", f"{full_wall:.1f}"],
            ["`peacewatch code --with-quotes` (as ingest codes)", f"{full_q:.1f}", f"{n / full_q:.0f}",
             f"{n_sent / full_q:.0f}", f"{full_q / floor:.2f}", f"{full_q_wall:.1f}"],
        ],
    ))
    print(f"\ncode / floor: {full / floor:.2f}x; code --with-quotes / floor: {full_q / floor:.2f}x "
          "(both include the floor's own work)")


if __name__ == "__main__":
    main()
