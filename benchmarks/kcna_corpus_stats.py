"""Corpus figures for the KCNA 2011 stories: how many stories are English and get coded, how many
events the coder makes, how many reach the dataset (what exports and `peacewatch code` print), how
often a side is missing, which codes and sources dominate. Optionally draws the seeded random
sample of dataset events that gold/kcna-2011-sample-judged.jsonl judges.

    # the whole corpus (about 10 min on 2 cores), then the figures from the file
    nice -n 10 .venv/bin/peacewatch code --all ../shared/corpora/kcna-2011/KCNA_2011.jsonl.gz > /tmp/kcna2011-all.jsonl
    .venv/bin/python benchmarks/kcna_corpus_stats.py --events /tmp/kcna2011-all.jsonl [--json FILE]

    # or code the first N stories here (runs `peacewatch code --all` on them) and report on those
    .venv/bin/python benchmarks/kcna_corpus_stats.py --limit 500

    # the sample the judged file holds: 50 dataset events, uniform, seed 20110101 (one JSON line
    # each: corpus record, raw offsets of the sentence and trigger, the produced codes)
    .venv/bin/python benchmarks/kcna_corpus_stats.py --events /tmp/kcna2011-all.jsonl --sample 50 --seed 20110101

The input is the output of ``peacewatch code --all``: every event the coder made. Each record is
turned back into a ``peacewatch.model.Event`` and ``peacewatch.events.record.in_dataset`` decides
whether it is a dataset (exported) event -- the same test ``code`` without ``--all``, the exports
and the series apply: a source with a known country, not negated, not historical, not speculative.
The record's own ``incomplete`` field is checked against ``peacewatch.events.record.incomplete``.

A story is English when peacewatch's cleaner says so (``Article.language``; the corpus's own
``language`` field, upstream's detection, is reported beside it). "Coded" means at least one event
(any) / at least one dataset event. The record of a story is its 1-based line in
KCNA_2011.jsonl.gz, as gold/news-dev-kcna.jsonl names records. Some records repeat an earlier one
(the same article id): `code` prints their events again, with the same event ids; every figure
counts an event id once (the record named is the first line), and the number dropped is printed.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from _common import KCNA, need

from peacewatch.model import ActorRef, Event, Modality, Plover, Span


# --- records back into events ---------------------------------------------------------------------


def actor_of(d: dict[str, Any] | None) -> ActorRef | None:
    if d is None:
        return None
    members = [m for m in (actor_of(x) for x in d.get("members") or []) if m is not None]
    return ActorRef(
        code=d["code"], country=d.get("country"), sector=d.get("sector"), name=d.get("name"),
        text=d.get("text") or "", start=int(d.get("start") or 0), end=int(d.get("end") or 0),
        resolution=d.get("resolution") or "", members=members,
    )


def event_of(rec: dict[str, Any]) -> Event:
    """The ``Event`` an output record of ``peacewatch code`` was made from (the fields the dataset
    test and these figures read; the location is left out)."""
    p = rec.get("plover")
    return Event(
        article_id=rec["article_id"], sentence_index=rec["sentence_index"], sentence=rec["sentence"],
        date=rec.get("date"), date_basis=rec.get("date_basis") or "",
        source=actor_of(rec.get("source")), target=actor_of(rec.get("target")),
        cameo=rec["cameo"], cameo_root=rec["cameo_root"], quad_class=rec["quad_class"],
        goldstein=rec["goldstein"], plover=Plover(**p) if p else None,
        modality=Modality(**rec["modality"]), condition=rec.get("condition"),
        trigger=Span(**rec["trigger"]), rule=rec.get("rule") or "", confidence=rec.get("confidence") or 0.0,
        event_id=rec["event_id"], roles=dict(rec.get("roles") or {}), language=rec.get("language") or "en",
    )


@dataclass
class Coded:
    """One event as `code` printed it, and what the project's own dataset test says of it."""

    rec: dict[str, Any]
    dataset: bool
    speculative: bool


def read_events(path: Path) -> tuple[list[Coded], int]:
    """The events of ``path`` (each event id once, in print order) and how many repeats were dropped."""
    from peacewatch.events.record import in_dataset, incomplete, speculative

    out: list[Coded] = []
    seen: set[str] = set()
    repeats = 0
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("kind", "event") != "event":
                continue
            if rec["event_id"] in seen:
                repeats += 1
                continue
            seen.add(rec["event_id"])
            ev = event_of(rec)
            if "incomplete" in rec and bool(rec["incomplete"]) != incomplete(ev):
                sys.exit(f"{path}:{n}: the record's 'incomplete' disagrees with peacewatch.events.record.incomplete")
            out.append(Coded(rec, in_dataset(ev), speculative(ev)))
    return out, repeats


# --- the corpus -----------------------------------------------------------------------------------


@dataclass
class Story:
    record: str  # 1-based line of the corpus file
    article_id: str
    corpus_language: str  # the corpus's own field (upstream's detection)
    language: str  # peacewatch's (Article.language)


def corpus_stories(corpus: Path, limit: int | None) -> tuple[list[Story], int]:
    """Every story of the corpus (the first ``limit``) and the number of records read_inputs refused."""
    from peacewatch.clean import prepare
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs
    from peacewatch.model import RawDocument

    out: list[Story] = []
    refused = 0
    opts = Options()
    for doc in read_inputs([str(corpus)], opts):
        record = doc.origin.rsplit(":", 1)[1]
        if limit is not None and int(record) > limit:
            break
        if not isinstance(doc, RawDocument):
            refused += 1  # two records have no text (lines 13732, 13819)
            continue
        lang = prepare(doc, opts).language
        out.append(Story(record, str(doc.meta["id"]), str(doc.meta.get("language") or ""), lang))
    return out, refused


def code_first(corpus: Path, limit: int, keep: Path | None) -> Path:
    """Run `peacewatch code --all` on the first ``limit`` stories; the JSONL path."""
    tmp = Path(tempfile.mkdtemp(prefix="kcna-stats-"))
    part = tmp / "kcna-part.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as src, part.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src, start=1):
            if n > limit:
                break
            dst.write(line)
    out = keep or tmp / "events.jsonl"
    exe = Path(sys.executable).with_name("peacewatch")
    cmd = [str(exe) if exe.exists() else "peacewatch", "code", "--all", str(part)]
    print("running: " + " ".join(cmd), file=sys.stderr)
    with out.open("w", encoding="utf-8") as f:
        subprocess.run(cmd, stdout=f, check=False)
    return out


# --- the figures ----------------------------------------------------------------------------------


def pct(a: int, b: int) -> float | None:
    return round(100.0 * a / b, 2) if b else None


def show(p: float | None) -> str:
    return "n/a" if p is None else f"{p:.1f}%"


def source_code(rec: dict[str, Any]) -> str:
    s = rec.get("source")
    if not s:
        return "(none)"
    if s.get("members"):
        return "+".join(m["code"] for m in s["members"])
    return str(s["code"])


def sides(events: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(events)
    no_src = sum(1 for e in events if e["source"] is None)
    no_tgt = sum(1 for e in events if e["target"] is None)
    neither = sum(1 for e in events if e["source"] is None and e["target"] is None)
    return {
        "events": n,
        "no_source": no_src, "no_source_pct": pct(no_src, n),
        "no_target": no_tgt, "no_target_pct": pct(no_tgt, n),
        "neither": neither, "neither_pct": pct(neither, n),
    }


def ranked(counter: collections.Counter[str], total: int, n: int) -> list[dict[str, Any]]:
    return [{"key": k, "count": v, "pct": pct(v, total)} for k, v in counter.most_common(n)]


def figures(coded: list[Coded], repeats: int, stories: list[Story], refused: int, top: int = 15) -> dict[str, Any]:
    events = [c.rec for c in coded]
    ds = [c.rec for c in coded if c.dataset]
    why: collections.Counter[str] = collections.Counter()
    for c in coded:
        if c.rec["incomplete"]:
            why["incomplete"] += 1
        for k in ("negated", "historical"):
            if c.rec["modality"][k]:
                why[k] += 1
        if c.speculative:
            why["speculative"] += 1
    by_article: dict[str, list[Coded]] = collections.defaultdict(list)
    for c in coded:
        by_article[c.rec["article_id"]].append(c)
    distinct = {s.article_id: s for s in reversed(stories)}  # the first record of an article id wins
    english = [s for s in distinct.values() if s.language == "en"]
    coded_any = sum(1 for s in english if by_article.get(s.article_id))
    coded_ds = sum(1 for s in english if any(c.dataset for c in by_article.get(s.article_id, [])))
    return {
        "stories": {
            "records_read": len(stories) + refused,
            "refused": refused,
            "with_text": len(stories),
            "distinct_articles": len(distinct),
            "english": len(english),
            "english_by_corpus_field": sum(1 for s in distinct.values() if s.corpus_language == "en"),
            "languages": dict(collections.Counter(s.language for s in distinct.values()).most_common()),
            "english_coded_any": coded_any, "english_coded_any_pct": pct(coded_any, len(english)),
            "english_coded_dataset": coded_ds, "english_coded_dataset_pct": pct(coded_ds, len(english)),
            "non_english_with_events": sum(1 for s in distinct.values() if s.language != "en" and by_article.get(s.article_id)),
        },
        "events": {
            "all": len(events),
            "repeats_dropped": repeats,
            "dataset": len(ds), "dataset_pct": pct(len(ds), len(events)),
            "out_of_dataset_because": dict(why.most_common()),
            "dataset_per_english_story": round(len(ds) / len(english), 3) if english else None,
        },
        "sides_all": sides(events),
        "sides_dataset": sides(ds),
        "roots_dataset": ranked(collections.Counter(e["cameo_root"] for e in ds), len(ds), 20),
        "roots_all": ranked(collections.Counter(e["cameo_root"] for e in events), len(events), 20),
        "codes_dataset": ranked(collections.Counter(e["cameo"] for e in ds), len(ds), top),
        "sources_dataset": ranked(collections.Counter(source_code(e) for e in ds), len(ds), top),
        "sources_all": ranked(collections.Counter(source_code(e) for e in events), len(events), top),
        "targets_dataset": ranked(collections.Counter((e["target"] or {}).get("code", "(none)") for e in ds), len(ds), top),
    }


def print_ranked(title: str, rows: list[dict[str, Any]], n: int = 15) -> None:
    print(f"\n{title}")
    for r in rows[:n]:
        print(f"  {r['key']:<16} {r['count']:>7}  {show(r['pct']):>6}")


def report(f: dict[str, Any]) -> None:
    s, e, a, d = f["stories"], f["events"], f["sides_all"], f["sides_dataset"]
    print(f"records read: {s['records_read']} ({s['refused']} refused: no text); distinct articles: {s['distinct_articles']}")
    print(f"English stories (peacewatch): {s['english']} (the corpus's language field says {s['english_by_corpus_field']}); "
          f"languages {s['languages']}")
    print(f"English stories coded (>= 1 event):          {s['english_coded_any']}/{s['english']} = {show(s['english_coded_any_pct'])}")
    print(f"English stories coded (>= 1 dataset event):  {s['english_coded_dataset']}/{s['english']} = {show(s['english_coded_dataset_pct'])}")
    print(f"non-English stories with any event:          {s['non_english_with_events']}")
    print(f"\nevents (all; each event id once, {e['repeats_dropped']} repeats of duplicate records dropped): {e['all']}")
    print(f"dataset (exported) events:  {e['dataset']}  ({show(e['dataset_pct'])} of all); "
          f"{e['dataset_per_english_story']} per English story")
    print("  out of the dataset because (an event may count twice): "
          + ", ".join(f"{k} {v}" for k, v in e["out_of_dataset_because"].items()))
    print(f"\n{'':34}{'all events':>18}{'dataset events':>18}")
    for key, label in (("no_source", "no source"), ("no_target", "no target"), ("neither", "neither source nor target")):
        print(f"  {label:<32}{a[key]:>8} {show(a[key + '_pct']):>8}{d[key]:>9} {show(d[key + '_pct']):>8}")
    print_ranked("top CAMEO roots (dataset events)", f["roots_dataset"], 20)
    print_ranked("top CAMEO codes (dataset events)", f["codes_dataset"])
    print_ranked("top source codes (dataset events)", f["sources_dataset"])
    print_ranked("top target codes (dataset events)", f["targets_dataset"])
    print_ranked("top source codes (all events)", f["sources_all"])


# --- the sample -----------------------------------------------------------------------------------


def sample(coded: list[Coded], corpus: Path, k: int, seed: int) -> Iterable[dict[str, Any]]:
    """``k`` dataset events drawn uniformly (``random.Random(seed).sample`` over the dataset events
    in the order `code` printed them), each with its record and raw offsets of sentence and trigger
    (``"title"`` for the headline). The sentence text is included for reading, not for storing."""
    from peacewatch.clean import prepare
    from peacewatch.config import Options
    from peacewatch.evaluation.newsgold import raw_digest
    from peacewatch.ingest import read_inputs
    from peacewatch.model import RawDocument
    from peacewatch.text.sentences import split_sentences

    ds = [c.rec for c in coded if c.dataset]
    picked = random.Random(seed).sample(range(len(ds)), k)
    wanted = {ds[i]["article_id"] for i in picked}
    docs: dict[str, tuple[str, RawDocument]] = {}
    for doc in read_inputs([str(corpus)], Options()):
        if isinstance(doc, RawDocument) and doc.meta.get("id") in wanted and doc.meta["id"] not in docs:
            docs[str(doc.meta["id"])] = (doc.origin.rsplit(":", 1)[1], doc)
    for rank, i in enumerate(picked, start=1):
        ev = ds[i]
        rec, doc = docs[ev["article_id"]]
        art = prepare(doc, Options())
        sent = next(s for s in split_sentences(art.text, art.body_start) if s.index == ev["sentence_index"])
        if sent.text != ev["sentence"]:
            sys.exit(f"record {rec}: sentence {sent.index} is not the event's sentence (the cleaner changed?)")
        t = ev["trigger"]
        span: Any
        trig: Any
        if sent.end <= art.body_start and art.body_start > 0:
            span, trig = "title", None
        else:
            span = [art.offsets.to_raw(sent.start), art.offsets.to_raw(sent.end - 1) + 1]
            trig = [art.offsets.to_raw(t["start"]), art.offsets.to_raw(t["end"] - 1) + 1]
        yield {
            "rank": rank, "index": i, "record": int(rec), "article_id": ev["article_id"],
            "raw_len": len(doc.raw_text), "raw_sha1": raw_digest(doc.raw_text),
            "event_id": ev["event_id"], "sentence_index": ev["sentence_index"],
            "sentence_span": span, "trigger_span": trig, "trigger": t["text"],
            "source": source_code(ev), "target": ev["target"]["code"] if ev["target"] else None,
            "source_text": (ev["source"] or {}).get("text"), "target_text": (ev["target"] or {}).get("text"),
            "cameo": ev["cameo"], "modality": ev["modality"], "rule": ev["rule"], "roles": ev.get("roles"),
            "sentence": ev["sentence"],
        }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--events", type=Path, help="the output of `peacewatch code --all` on the corpus")
    src.add_argument("--limit", type=int, help="code the first N stories here (and report on those)")
    ap.add_argument("--keep", type=Path, help="with --limit: where to keep the coded events (JSONL)")
    ap.add_argument("--corpus", type=Path, default=KCNA)
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures to FILE (JSON)")
    ap.add_argument("--sample", type=int, metavar="K", help="print K dataset events drawn uniformly instead of the figures")
    ap.add_argument("--seed", type=int, default=20110101)
    args = ap.parse_args(argv)

    corpus = need(args.corpus)
    path = args.events if args.events else code_first(corpus, args.limit, args.keep)
    coded, repeats = read_events(path)
    if args.sample:
        for row in sample(coded, corpus, args.sample, args.seed):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    stories, refused = corpus_stories(corpus, args.limit)
    f = figures(coded, repeats, stories, refused)
    print(f"# {path}: peacewatch code --all output; corpus {corpus}")
    report(f)
    if args.json:
        f["input"] = {"events": str(path), "corpus": str(corpus), "limit": args.limit}
        args.json.write_text(json.dumps(f, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
