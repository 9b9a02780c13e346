"""Ingest throughput and memory on the KCNA 2011 corpus (13,907 stories).

    .venv/bin/python benchmarks/ingest_bench.py [--limit N]

Ingests the corpus into a fresh SQLite file with the full pipeline (read, clean, date, dedupe,
code, store) on one process, and samples the resident memory every 1,000 articles so that memory
can be seen to stay flat as the corpus grows. Prints a markdown table for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import KCNA, machine, need, peak_rss_mib, rss_mib, table


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default=str(KCNA))
    ap.add_argument("--every", type=int, default=1000)
    args = ap.parse_args()
    need(Path(args.input))

    from peacewatch.config import Options
    from peacewatch.runner import ingest

    samples: list[tuple[int, float, float]] = []
    next_mark = [args.every]

    def progress(summary) -> None:
        if summary.seen >= next_mark[0]:
            samples.append((summary.seen, summary.seconds, rss_mib()))
            next_mark[0] += args.every

    with tempfile.TemporaryDirectory() as tmp:
        opts = Options(db=Path(tmp) / "bench.db", progress=False)
        t0 = time.perf_counter()
        summary = ingest([args.input], opts, on_progress=progress)
        elapsed = time.perf_counter() - t0
        db_mib = (Path(tmp) / "bench.db").stat().st_size / 2**20

    print(f"machine: {machine()}")
    print(f"input: {args.input}")
    print(f"summary: {summary.line()}")
    print(f"throughput: {summary.seen / elapsed:.1f} articles/s over {summary.seen} articles "
          f"({elapsed:.1f} s wall); database {db_mib:.1f} MiB; peak RSS {peak_rss_mib():.0f} MiB")
    print()
    rows = [[n, f"{s:.1f}", f"{n / s:.0f}" if s else "-", f"{r:.0f}"] for n, s, r in samples]
    print(table(["articles seen", "elapsed s", "articles/s so far", "RSS MiB"], rows))


if __name__ == "__main__":
    main()
