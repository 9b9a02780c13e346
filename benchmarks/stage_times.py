"""Where coding time goes, stage by stage, on one pinned core (process CPU time):

    .venv/bin/python benchmarks/stage_times.py [--limit 1200] [--core 0]

Wraps the pipeline's stages (prepare, find_actors, parse_articles and the spaCy pipe inside it,
code_parsed, locate_events, extract_quotes, assign_tracks, extract_stances) with timers and codes
the first N KCNA 2011 stories (the first 30 warm up and are not counted). To compare two commits
on a shared machine, run one on each core at the same time and then swap the cores
(docs/PERFORMANCE.md, "Names only where needed").
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import time
from typing import Any, Callable, Iterator

from _common import KCNA, need

WARMUP = 30


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=1200)
    ap.add_argument("--core", type=int, default=0)
    args = ap.parse_args()
    need(KCNA)
    try:
        os.sched_setaffinity(0, {args.core})
    except (AttributeError, OSError):
        pass

    import peacewatch.actors as A
    import peacewatch.clean as C
    import peacewatch.pipeline as P
    import peacewatch.quotes as Q
    import peacewatch.stances as ST
    import peacewatch.text as T
    import peacewatch.text.layer as L
    import peacewatch.tracks as TR
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs
    from peacewatch.model import RawDocument

    acc: collections.Counter[str] = collections.Counter()

    def timed(owner: Any, name: str) -> None:
        f: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(f)
        def wrapper(*a: Any, **k: Any) -> Any:
            t = time.process_time()
            try:
                return f(*a, **k)
            finally:
                acc[name] += time.process_time() - t

        setattr(owner, name, wrapper)

    for owner, name in ((A, "find_actors"), (ST, "extract_stances"), (T, "parse_articles"), (T, "split_sentences"),
                        (TR, "assign_tracks"), (Q, "extract_quotes"), (C, "prepare")):
        timed(owner, name)
    opts = Options(progress=False)
    docs: list[RawDocument] = []
    for d in read_inputs([str(KCNA)], opts):
        if isinstance(d, RawDocument):
            docs.append(d)
        if len(docs) >= args.limit:
            break
    pipeline = P.Pipeline(opts)
    timed(pipeline.coder, "code_parsed")
    timed(pipeline.locator, "locate_events")
    nlp = L.load_nlp()
    spacy_pipe = nlp.pipe

    def pipe(*a: Any, **k: Any) -> Iterator[Any]:  # the spaCy pipe's own time, inside parse_articles
        it = spacy_pipe(*a, **k)
        while True:
            t = time.process_time()
            try:
                x = next(it)
            except StopIteration:
                acc["  spaCy nlp.pipe"] += time.process_time() - t
                return
            acc["  spaCy nlp.pipe"] += time.process_time() - t
            yield x

    nlp.pipe = pipe  # type: ignore[method-assign]
    list(pipeline.code_documents(docs[:WARMUP]))
    acc.clear()
    t0 = time.process_time()
    n = sum(1 for _ in pipeline.code_documents(docs[WARMUP:]))
    total = time.process_time() - t0
    print(f"core {args.core}: {n} articles, {total:.2f} CPU s = {n / total:.1f} articles/s")
    for k, v in sorted(acc.items(), key=lambda kv: -kv[1]):
        print(f"  {k:22} {v:7.2f} s  {1000 * v / n:6.2f} ms an article")


if __name__ == "__main__":
    main()
