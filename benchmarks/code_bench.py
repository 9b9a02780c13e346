"""Coding speed on one core, beside two floors: reading alone, and the parser alone.

    .venv/bin/python benchmarks/code_bench.py [--limit N] [--json FILE]

Stage 1 (reading floor): read the KCNA 2011 corpus, clean, date and split sentences.
Stage 2 (code): everything `peacewatch code` and `ingest` do to an article (language, actors, the
parse of the sentences that can hold an event, events, quotes, locations, tracks, stances), nothing
stored, articles coded in the pipeline's batches.
Stage 3 (parse floor): spaCy's English pipeline alone over exactly the sentences stage 2 parsed,
already tokenised, in the same batches (``nlp.pipe``): what any coder built on this parse pays.

The target (issue 15) is >= 30 articles/s per core end to end. Times are the process's CPU seconds
(``time.process_time``), so that other work on a shared machine counts less; wall seconds beside.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from _common import KCNA, machine, need, peak_rss_mib, table


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default=str(KCNA))
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents (0: all)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = ap.parse_args()
    need(Path(args.input))
    try:
        os.sched_setaffinity(0, {0})  # one core
    except (AttributeError, OSError):
        pass

    from peacewatch.clean import prepare
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs
    from peacewatch.model import RawDocument
    from peacewatch.pipeline import Pipeline
    from peacewatch.text import split_sentences
    from peacewatch.text.layer import PIPE_BATCH
    from peacewatch.text.nlp import load_nlp

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

    pipeline = Pipeline(opts)  # loads dictionaries and the parser before the clock starts
    t0, w0 = time.process_time(), time.perf_counter()
    n_events = n_quotes = n_english = 0
    parsed_words: list[list[str]] = []
    parsed_spaces: list[list[bool]] = []
    for coded in pipeline.code_documents(docs):
        if not hasattr(coded, "events"):
            continue
        n_events += len(coded.events)
        n_quotes += len(coded.quotes)
        n_english += coded.article.language == "en"
        for ps in coded.parsed.sentences:
            if ps.parsed:
                parsed_words.append([t.text for t in ps.doc])
                parsed_spaces.append([bool(t.whitespace_) for t in ps.doc])
    code, code_wall = time.process_time() - t0, time.perf_counter() - w0

    from spacy.tokens import Doc

    nlp = load_nlp()
    pre = [Doc(nlp.vocab, words=w, spaces=s) for w, s in zip(parsed_words, parsed_spaces, strict=True)]
    t0, w0 = time.process_time(), time.perf_counter()
    for _ in nlp.pipe(iter(pre), batch_size=PIPE_BATCH):
        pass
    parse, parse_wall = time.process_time() - t0, time.perf_counter() - w0
    n_parsed = len(pre)
    n_tokens = sum(len(w) for w in parsed_words)

    n = len(docs)
    print(f"machine: {machine()} (pinned to one core)")
    print(f"{n} articles ({n_english} English, coded), {n_sent} sentences, {n_parsed} parsed "
          f"({n_tokens} tokens); {n_events} events, {n_quotes} quotes; peak RSS {peak_rss_mib():.0f} MiB")
    print()
    print(table(
        ["stage", "CPU seconds", "articles/s", "sentences/s", "wall seconds"],
        [
            ["read+clean+date+split (reading floor)", f"{floor:.1f}", f"{n / floor:.0f}", f"{n_sent / floor:.0f}",
             f"{floor_wall:.1f}"],
            ["spaCy parse alone of the sentences coded (parse floor)", f"{parse:.1f}", f"{n / parse:.1f}",
             f"{n_parsed / parse:.0f} parsed", f"{parse_wall:.1f}"],
            ["`peacewatch code` / ingest's coding (everything)", f"{code:.1f}", f"**{n / code:.1f}**",
             f"{n_sent / code:.0f}", f"{code_wall:.1f}"],
        ],
    ))
    print(f"\ncode = {code / parse:.2f}x the parse floor; {n_tokens / parse:.0f} tokens/s parsed; "
          f"everything but the parse: {code - parse:.1f} CPU s ({(code - parse) / code:.0%})")
    if args.json:
        args.json.write_text(json.dumps({
            "articles": n, "english": n_english, "sentences": n_sent, "parsed_sentences": n_parsed,
            "parsed_tokens": n_tokens, "events": n_events, "quotes": n_quotes,
            "reading_floor_cpu_s": round(floor, 2), "parse_floor_cpu_s": round(parse, 2), "code_cpu_s": round(code, 2),
            "articles_per_s": round(n / code, 2), "peak_rss_mib": round(peak_rss_mib()),
        }, indent=2) + "\n")


if __name__ == "__main__":
    main()
