"""Engine speed-up: the local engine against Dask with 1 and 2 workers on the same KCNA stories.

    .venv/bin/python benchmarks/engine_bench.py [--stories 3000] [--workers 1 2] [--verbs code ingest]
                                                [--json benchmarks/out/engine.json]

The first N stories of KCNA 2011 (../shared) are written to one JSONL file; each configuration
runs in a fresh process (``--one``), so every run pays its own start-up (dictionaries, parser,
cluster) as a user's command does. For each: wall seconds, CPU seconds of this process (reading,
cleaning, dedupe, SQLite, the Dask client and scheduler) and of its children (the Dask workers),
and the load average before and after (other jobs share the 2 cores). ``code`` output and the
``ingest`` database (every event, quote, stance, article) must be identical across configurations;
the script stops if they are not.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import KCNA, ROOT, machine, need, table  # noqa: E402


def one(verb: str, engine: str, workers: int, corpus: Path, out: Path) -> dict[str, float]:
    """Run one configuration in this process; print nothing but a JSON line."""
    from peacewatch.config import Options
    from peacewatch.engines import EngineSpec
    from peacewatch.runner import code, ingest

    spec = EngineSpec("dask", workers=workers) if engine == "dask" else EngineSpec()
    t0 = time.perf_counter()
    if verb == "code":
        n = 0
        with out.open("w", encoding="utf-8") as f:
            for c in code([str(corpus)], Options(with_quotes=True), engine=spec):
                for e in c.events:
                    f.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
                for q in c.quotes:
                    f.write(json.dumps(q.to_dict(), ensure_ascii=False) + "\n")
                n += 1
        counts = {"articles": n}
    else:
        s = ingest([str(corpus)], Options(db=out, progress=False), engine=spec)
        counts = {"articles": s.new, "events": s.events, "failed": s.failed}
    wall = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF)
    return {"wall_s": wall, "self_cpu_s": me.ru_utime + me.ru_stime, **counts}


def digest(verb: str, out: Path) -> str:
    if verb == "code":
        return hashlib.sha1(out.read_bytes()).hexdigest()
    h = hashlib.sha1()
    with sqlite3.connect(out) as c:
        for sql in ("SELECT article_id, text, copies FROM articles ORDER BY rid",
                    "SELECT record, mentions FROM events ORDER BY rid", "SELECT record FROM quotes ORDER BY rid",
                    "SELECT record FROM stances ORDER BY rid"):
            for row in c.execute(sql):
                h.update(repr(row).encode())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=3000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--verbs", nargs="+", default=["code", "ingest"], choices=["code", "ingest"])
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "out" / "engine.json")
    ap.add_argument("--one", nargs=5, metavar=("VERB", "ENGINE", "WORKERS", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        verb, engine, workers, corpus, out = args.one
        print(json.dumps(one(verb, engine, int(workers), Path(corpus), Path(out))))
        return

    need(KCNA)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "kcna.jsonl"
        with gzip.open(KCNA, "rt", encoding="utf-8") as f:
            corpus.write_text("".join(itertools.islice(f, args.stories)), encoding="utf-8")
        configs = [("local", 0)] + [("dask", w) for w in args.workers]
        for verb in args.verbs:
            digests = set()
            for engine, workers in configs:
                out = Path(tmp) / f"{verb}-{engine}-{workers}.{'jsonl' if verb == 'code' else 'db'}"
                load_before = os.getloadavg()[0]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                r = subprocess.run([sys.executable, __file__, "--one", verb, engine, str(workers), str(corpus), str(out)],
                                   capture_output=True, text=True, check=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                got = json.loads(r.stdout.strip().splitlines()[-1])
                total_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
                got.update(verb=verb, engine=engine, workers=workers, total_cpu_s=round(total_cpu, 1),
                           workers_cpu_s=round(total_cpu - got["self_cpu_s"], 1),
                           load_before=round(load_before, 2), load_after=round(os.getloadavg()[0], 2),
                           digest=digest(verb, out))
                digests.add(got["digest"])
                rows.append(got)
                print(json.dumps(got), flush=True)
            if len(digests) != 1:
                sys.exit(f"{verb}: the engines gave different records ({len(digests)} digests)")

    base = {r["verb"]: r["wall_s"] for r in rows if r["engine"] == "local"}
    for r in rows:
        r["speedup"] = round(float(base[r["verb"]]) / float(r["wall_s"]), 2)  # type: ignore[arg-type]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": machine(), "stories": args.stories, "runs": rows}, indent=1))
    print(f"\nmachine: {machine()}; {args.stories} KCNA 2011 stories; records identical across engines\n")
    print(table(["verb", "engine", "wall s", "speed-up", "CPU s (this process)", "CPU s (workers)", "load avg before/after"],
                [[r["verb"], f"{r['engine']}" + (f" x{r['workers']}" if r["engine"] == "dask" else ""),
                  f"{float(r['wall_s']):.1f}", r["speedup"], f"{float(r['self_cpu_s']):.1f}", r["workers_cpu_s"],
                  f"{r['load_before']} / {r['load_after']}"] for r in rows]))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
