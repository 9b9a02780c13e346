"""/events under load: N concurrent clients on a database of the whole KCNA 2011 corpus, any page depth.

    .venv/bin/python benchmarks/events_load.py --db /tmp/kcna2011.db [--clients 20] [--requests 3000]

The database is built first when it is absent (``peacewatch ingest`` of the KCNA 2011 JSONL.gz;
several minutes). A real ``peacewatch serve`` runs in its own process on 127.0.0.1; the clients
are threads of this process, each with its own keep-alive connection, taking URLs from one shared
shuffled list until ``--requests`` answers have come back (after ``--warmup`` unmeasured ones).

The URLs are the dashboard's /events pages at every depth, by keyset cursor, for these filter sets
(every page of each, in a shuffled order): newest first; oldest first; most conflictual first; the
busiest dyad (either direction); the busiest actor; a track; plain modality with a date range. Page
depth is drawn uniformly over all the pages there are, so deep pages weigh as much as the first.

Prints the load average before and after, p50/p95/p99/max, throughput, and p95 of the shallowest
and deepest tenth of the pages, as a markdown table (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import KCNA, ROOT, machine, need  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from test_web_server import wait_until_serving  # noqa: E402


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def build(db: Path) -> None:
    print(f"building {db} from {KCNA} (peacewatch ingest; several minutes)", flush=True)
    subprocess.run([sys.executable, "-m", "peacewatch", "ingest", str(need(KCNA)), "--db", str(db), "--no-progress"],
                   check=False)


def url_pool(db: Path, size: int) -> list[tuple[str, int, int]]:
    """(url, page depth, pages in the list) for every page of every filter set."""
    from peacewatch.store import Store

    with Store.open(db, readonly=True) as s:
        dyad = s.dyad_counts(limit=1)[0][0]
        actor = s.actor_counts(limit=1)[0]["code"][:3]
        tracks = s.track_names()
        last = s.event_date_range()[1] or "2011-12-31"
        sets: list[dict[str, str]] = [
            {"order": "-date"}, {"order": "date"}, {"order": "goldstein"}, {"dyad": dyad}, {"actor": actor},
            {"modality": "plain", "since": last[:4] + "-03-01", "until": last[:4] + "-09-30"},
        ]
        if tracks:
            sets.append({"track": tracks[0]})
        out: list[tuple[str, int, int]] = []
        for params in sets:
            f = dict(params)
            modality = f.pop("modality", None)
            if modality == "plain":
                f.update(negated=False, hypothetical=False, future=False, historical=False)
            order = f.pop("order", "-date")
            cursors: list[str | None] = [None]
            while True:
                got = s.events_page(**f, order=order, limit=size, after=cursors[-1])
                if not got["next"]:
                    break
                cursors.append(got["next"])
            for depth, c in enumerate(cursors):
                q = dict(params) | ({"after": c} if c else {})
                out.append(("/events?" + urllib.parse.urlencode(q), depth, len(cursors)))
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (and its children), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(db: Path, *, clients: int = 20, requests: int = 3000, warmup: int = 200, seed: int = 1,
            workers: int = 1) -> dict[str, Any]:
    """Serve ``db`` with a real ``peacewatch serve`` and request every page of the pool in a shuffled
    order from ``clients`` threads: ``warmup`` unmeasured requests, then ``requests`` measured ones."""
    import httpx

    pool = url_pool(db, 50)
    random.Random(seed).shuffle(pool)
    port = free_port()
    load_before = os.getloadavg()
    server = subprocess.Popen([sys.executable, "-m", "peacewatch", "serve", "--db", str(db), "--port", str(port),
                               "--workers", str(workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_serving(base, 60, alive=lambda: server.poll() is None)
        except RuntimeError:
            raise SystemExit("the server did not start: " + (server.stderr.read().decode() if server.stderr else "")) from None
        total = warmup + requests
        lock = threading.Lock()
        state = {"i": 0}
        results: list[tuple[float, int, int, int]] = []  # ms, status, depth, pages
        started: list[float] = []

        def client() -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                while True:
                    with lock:
                        i = state["i"]
                        if i >= total:
                            return
                        state["i"] += 1
                        if i == warmup:
                            started.append(time.perf_counter())
                    url, depth, pages = pool[i % len(pool)]
                    t = time.perf_counter()
                    r = c.get(url)
                    ms = (time.perf_counter() - t) * 1000
                    if i >= warmup:
                        with lock:
                            results.append((ms, r.status_code, depth, pages))

        server_cpu0, client_cpu0 = cpu_seconds(server.pid), time.process_time()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started[0]
        server_cpu = cpu_seconds(server.pid) - server_cpu0
        client_cpu = time.process_time() - client_cpu0
    finally:
        server.terminate()
        server.wait(timeout=20)
    times = [r[0] for r in results]
    n = warmup + len(results)
    return {
        "pages": len(pool), "filter_sets": len({u.split("&after")[0] for u, _, _ in pool}),
        "clients": clients, "workers": workers, "requests": len(results), "warmup": warmup,
        "errors": sum(1 for r in results if r[1] != 200),
        "p50_ms": pct(times, 0.5), "p95_ms": pct(times, 0.95), "p99_ms": pct(times, 0.99), "max_ms": max(times),
        "requests_per_s": len(results) / wall,
        "p95_shallow_ms": pct([r[0] for r in results if r[2] <= r[3] * 0.1], 0.95),
        "p95_deep_ms": pct([r[0] for r in results if r[2] >= r[3] * 0.9], 0.95),
        "server_cpu_ms": server_cpu / n * 1000, "client_cpu_ms": client_cpu / n * 1000,
        "load_before": load_before, "load_after": os.getloadavg(),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=ROOT / "benchmarks" / "out" / "kcna2011.db")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="peacewatch serve --workers")
    args = ap.parse_args()

    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        build(args.db)
    m = measure(args.db, clients=args.clients, requests=args.requests, warmup=args.warmup, seed=args.seed,
                workers=args.workers)
    from peacewatch.store import Store

    with Store.open(args.db, readonly=True) as s:
        summ = s.summary()
    lb, la = m["load_before"], m["load_after"]
    print(f"database: {args.db} ({summ['articles']:,} articles, {summ['events']:,} events stored, "
          f"{summ['events'] - summ['events_incomplete']:,} in the dataset; {args.db.stat().st_size / 2**20:.0f} MiB)")
    print(f"machine: {machine()}; load average before {lb[0]:.2f} {lb[1]:.2f} {lb[2]:.2f}, "
          f"after {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}")
    print(f"URL pool: {m['pages']} /events pages over {m['filter_sets']} filter sets; "
          f"{m['clients']} clients, {m['requests']} measured requests after {m['warmup']} warm-up; errors {m['errors']}\n")
    print("| workers | clients | requests | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | requests/s | p95 first 10% of pages | p95 deepest 10% |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {m['workers']} | {m['clients']} | {m['requests']} | {m['p50_ms']:.0f} | {m['p95_ms']:.0f} | {m['p99_ms']:.0f} | "
          f"{m['max_ms']:.0f} | {m['requests_per_s']:.0f} | {m['p95_shallow_ms']:.0f} | {m['p95_deep_ms']:.0f} |")
    print(f"\nCPU per request: server {m['server_cpu_ms']:.1f} ms, load generator {m['client_cpu_ms']:.1f} ms "
          f"(both on this machine's {os.cpu_count()} cores)")
    if m["errors"]:
        sys.exit(f"{m['errors']} requests did not answer 200")


if __name__ == "__main__":
    main()
