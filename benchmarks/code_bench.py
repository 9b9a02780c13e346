"""Coding speed on one core against the floor of only reading, cleaning and splitting.

    .venv/bin/python benchmarks/code_bench.py [--limit N]

Stage 1 (floor): read the KCNA corpus, clean, date and split sentences.
Stage 2 (code):  the same plus actors, events, quotes and tracks (what `peacewatch code` does),
nothing stored. Reports articles/s, sentences/s and the ratio code/floor (the target is >= 200
articles/s and a ratio within 3).
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

    t0 = time.perf_counter()
    n_sent = 0
    for d in docs:
        a = prepare(d, opts)
        n_sent += len(split_sentences(a.text, a.body_start))
    floor = time.perf_counter() - t0

    pipeline = Pipeline(opts)
    t0 = time.perf_counter()
    n_events = n_quotes = 0
    for d in docs:
        coded = pipeline.code_document(d)
        n_events += len(coded.events)
        n_quotes += len(coded.quotes)
    full = time.perf_counter() - t0

    n = len(docs)
    print(f"machine: {machine()} (pinned to one core)")
    print(f"{n} articles, {n_sent} sentences; {n_events} events, {n_quotes} quotes; peak RSS {peak_rss_mib():.0f} MiB")
    print()
    print(table(
        ["stage", "seconds", "articles/s", "sentences/s"],
        [
            ["read+clean+date+split (floor)", f"{floor:.1f}", f"{n / floor:.0f}", f"{n_sent / floor:.0f}"],
            ["full coding (code)", f"{full:.1f}", f"{n / full:.0f}", f"{n_sent / full:.0f}"],
        ],
    ))
    print(f"\ncoding cost / floor: {full / floor:.2f}x")


if __name__ == "__main__":
    main()
