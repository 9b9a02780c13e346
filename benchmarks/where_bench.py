"""The where stage's costs: building the gazetteer, loading it, its memory, lookups, and locating
events (docs/PERFORMANCE.md, "Where").

    python benchmarks/where_bench.py [--build]

--build also times a build from the source packages (about 10 s; it writes the cache file anew).
Each figure is measured in a fresh subprocess, so nothing is shared between them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _common import ROOT, machine

LOAD = r"""
import gc, json, time
from pathlib import Path
def rss():
    for l in Path('/proc/self/status').read_text().splitlines():
        if l.startswith('VmRSS:'): return int(l.split()[1]) / 1024
import peacewatch.where.gazetteer as G
before = rss()
t = time.perf_counter(); g = G.load_gazetteer(); load = time.perf_counter() - t
gc.collect(); after = rss()
names = ['Mosul', 'Baghdad', 'Hilla', 'Seoul', 'Panmunjom', 'East Sea', 'Georgia', 'Kursk region', 'Nowhere-ville']
t = time.perf_counter()
for _ in range(2000):
    for n in names: g.lookup(n)
look = (time.perf_counter() - t) / (2000 * len(names))
print(json.dumps({"load_s": load, "rss_mib": after - before, "lookup_us": look * 1e6, "rows": len(g),
                  "names": len(g.keys)}))
"""

BUILD = r"""
import json, time
import peacewatch.where.gazetteer as G
t = time.perf_counter(); g = G.build(); b = time.perf_counter() - t
stamp = G.source_stamp(); G._write_cache(g, G.cache_dir() / f"gazetteer-{stamp}.pickle", stamp)
size = (G.cache_dir() / f"gazetteer-{stamp}.pickle").stat().st_size
print(json.dumps({"build_s": b, "cache_mib": size / 2**20}))
"""

LOCATE = r"""
import json, time
from peacewatch.model import RawDocument
from peacewatch.pipeline import Pipeline
from peacewatch.actors import find_actors
from peacewatch.text import parse_articles, split_sentences
pipe = Pipeline()
rows = [json.loads(l) for l in open(%r, encoding='utf-8')]
staged = []
for r in rows:
    a = pipe.prepare(RawDocument(origin=r['id'], kind='jsonl', raw_text=r['text'], meta={'id': r['id']}))
    s = split_sentences(a.text, a.body_start)
    staged.append((a, s, find_actors(a, s, pipe.actor_dicts)))
parsed = parse_articles(staged)
t = time.perf_counter()
n = 0
for p in parsed:
    for ps in p.sentences:
        for tok in range(len(ps.doc)):
            if ps.doc[tok].pos_ == 'VERB':
                pipe.locator.locate_token(p, ps, tok); n += 1
el = time.perf_counter() - t
print(json.dumps({"sentences": len(parsed), "verbs": n, "per_verb_ms": 1000 * el / max(1, n)}))
"""


def run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin",
                              **{k: v for k, v in __import__("os").environ.items() if k in ("HOME", "PEACEWATCH_CACHE")}})
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", action="store_true")
    ap.add_argument("--sentences", default=str(ROOT.parent / "shared" / "gold" / "event-location" /
                                               "event_location_dev.jsonl"))
    args = ap.parse_args()
    print(machine())
    if args.build:
        print("build:", run(BUILD))
    print("load:", run(LOAD))
    print("load again:", run(LOAD))
    if args.sentences and __import__("os").path.exists(args.sentences):
        print("locate:", run(LOCATE % args.sentences))
    return 0


if __name__ == "__main__":
    sys.exit(main())
