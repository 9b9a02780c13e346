"""Dashboard and API response times on a database of 100,000 SYNTHETIC events.

    .venv/bin/python benchmarks/web_bench.py [--events 100000] [--repeat 30] [--db benchmarks/out/web100k.db]

The database is built (once; reused when it exists with the right count) from synthetic coded
articles (peacewatch.analysis.synthetic: title prefix "[synthetic]", source "peacewatch-synthetic")
through Store.add in batches of 1,000 articles. Then a real uvicorn server on 127.0.0.1 serves it
read-only and httpx requests each URL ``--repeat`` times, after one unmeasured first request
(reported separately as "first"). Prints a markdown table of p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, machine  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))

URLS = [
    ("overview page", "/"),
    ("overview API: series of 3 dyads", "/api/series?dyad=KOR-PRK,PRK-USA,IGOUNO-PRK&freq=month"),
    ("overview API: QuadClass counts", "/api/overview?freq=month"),
    ("events page, first page", "/events"),
    ("events page, filtered (dyad, plain)", "/events?dyad=KOR-PRK&modality=plain"),
    ("events page, filtered (track, QuadClass, dates)", "/events?track=sanctions&quad=4&since=2018-01-01&until=2020-12-31"),
    ("events API, filtered, 500 a page", "/api/events?dyad=KOR-PRK&limit=500&offset=1000"),
    ("event evidence page", None),  # filled in with a real event id
    ("actor page (PRK)", "/actors/PRK"),
    ("search page (plain words)", "/search?q=nuclear+programme"),
    ("search API (quotes)", "/api/search?q=liaison+offices&kind=quotes"),
    ("search API (phrase, all kinds)", "/api/search?q=%22joint+drills%22&syntax=true"),
]


def build(db: Path, n_events: int) -> float:
    from peacewatch.analysis.synthetic import synthetic_articles
    from peacewatch.store import Store

    if db.exists():
        with Store.open(db, readonly=True) as s:
            if s.summary()["events"] == n_events:
                return 0.0
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    with Store.open(db) as s:
        batch = []
        for coded in synthetic_articles(n_events):
            batch.append(coded)
            if len(batch) == 1000:
                with s.transaction():
                    for c in batch:
                        s.add(c)
                batch.clear()
        with s.transaction():
            for c in batch:
                s.add(c)
    return time.perf_counter() - t


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--db", type=Path, default=ROOT / "benchmarks" / "out" / "web100k.db")
    args = ap.parse_args()

    import httpx

    from peacewatch.store import Store
    from test_web_server import running_server

    built = build(args.db, args.events)
    with Store.open(args.db, readonly=True) as s:
        summary = s.summary()
        some_event = next(iter(s.events(order="-goldstein", limit=1)))["event_id"]
    print(f"database: {args.db} ({summary['articles']} synthetic articles, {summary['events']} events, "
          f"{summary['quotes']} quotes; {args.db.stat().st_size / 2**20:.0f} MiB"
          + (f"; built in {built:.0f} s" if built else "; reused") + ")")
    print(f"machine: {machine()}\n")
    rows = []
    with running_server(args.db) as base, httpx.Client(base_url=base, timeout=60) as client:
        for label, url in URLS:
            url = url or f"/events/{some_event}"
            t = time.perf_counter()
            r = client.get(url)
            first = (time.perf_counter() - t) * 1000
            if r.status_code != 200:
                raise SystemExit(f"{url}: HTTP {r.status_code}: {r.text[:200]}")
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                r.raise_for_status()
            rows.append((label, url, first, statistics.median(times), pct(times, 0.95), len(r.content)))
    print(f"| request | URL | first (ms) | p50 (ms) | p95 (ms) | bytes |")
    print("|---|---|---:|---:|---:|---:|")
    for label, url, first, p50, p95, size in rows:
        print(f"| {label} | `{url}` | {first:.0f} | {p50:.0f} | {p95:.0f} | {size:,} |")


if __name__ == "__main__":
    main()
