"""Draw the hand-checked quote sample of docs/accuracy/quotes.md from the KCNA 2011 corpus.

    .venv/bin/python benchmarks/quotes_sample.py [--n 50] [--seed 2011] [--corpus PATH]

Stories are taken in a random order fixed by ``--seed``; each story is cleaned, split and coded for
actors by the real stages (peacewatch.clean, peacewatch.actors), its quotes extracted, and ONE of
them drawn at random (so a long speech does not fill the sample), until ``--n`` quotes are drawn.
For each it prints the quote's opening words, the speaker found, and the sentence(s) around the
quote, which is what the hand-checker reads to judge the speaker. Also prints the total quotes
found over the stories read, for the record.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "kcna-2011" / "KCNA_2011.jsonl.gz"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=2011)
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--jsonl", action="store_true", help="one JSON object a quote instead of text")
    args = ap.parse_args(argv)

    from peacewatch.actors import find_actors, load_dictionaries
    from peacewatch.clean import prepare, split_sentences
    from peacewatch.config import Options
    from peacewatch.model import RawDocument
    from peacewatch.quotes import extract_quotes

    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        stories = [json.loads(line) for line in fh]
    rng = random.Random(args.seed)
    order = list(range(len(stories)))
    rng.shuffle(order)
    opts = Options()
    dicts = load_dictionaries(opts)
    drawn = 0
    read = found = with_speaker = 0
    for idx in order:
        if drawn >= args.n:
            break
        st = stories[idx]
        if st.get("language", "en") != "en":
            continue  # the corpus also holds 734 Spanish stories; the sample is of English ones
        doc = RawDocument(
            f"{args.corpus.name}:{idx + 1}",
            "jsonl",
            st.get("story") or "",
            meta={"title": st.get("title"), "published": st.get("date"), "source": "KCNA"},
        )
        art = prepare(doc, opts)
        sents = split_sentences(art.text, art.body_start)
        actors = find_actors(art, sents, dicts)
        quotes = extract_quotes(art, sents, actors)
        read += 1
        found += len(quotes)
        with_speaker += sum(q.speaker is not None for q in quotes)
        if not quotes:
            continue
        q = rng.choice(quotes)
        drawn += 1
        s_lo = max([s.start for s in sents if s.start <= q.start] or [0])
        s_hi = min([s.end for s in sents if s.end >= q.end] or [len(art.text)])
        context = art.text[max(0, s_lo - 200) : min(len(art.text), s_hi + 200)]
        rec = {
            "n": drawn,
            "line": idx + 1,
            "date": art.published,
            "quote": q.text,
            "direct": q.direct,
            "verb": q.verb,
            "speaker": None if q.speaker is None else {"code": q.speaker.code, "text": q.speaker.text, "name": q.speaker.name},
            "context": context,
        }
        if args.jsonl:
            print(json.dumps(rec, ensure_ascii=False))
        else:
            sp = rec["speaker"]
            print(f"--- {drawn}  line {idx + 1}  {'direct' if q.direct else 'reported'}  verb={q.verb!r}")
            print(f"    quote:   {q.text[:100]!r}")
            print(f"    speaker: {sp['text'] + ' = ' + sp['code'] if sp else None}")
            print(f"    context: {context!r}")
    print(f"# stories read {read}, quotes found {found}, with a speaker {with_speaker}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
