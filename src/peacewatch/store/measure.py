"""Measure duplicate detection on a real corpus through the real Store.

    python -m peacewatch.store.measure reuters ../shared/corpora/reuters-21578/reuters21578-sgm.tar.gz
    python -m peacewatch.store.measure kcna ../shared/corpora/kcna-2011/KCNA_2011.jsonl.gz --sample 20

Every story becomes an Article (headline + blank line + body, no coding) and goes through
``Store.add`` into a fresh database; the command prints how many were new, exact and near
duplicates and how long it took, and with ``--sample N`` prints N random near-duplicate pairs
(stored story vs copy, word differences) for a human to judge. The readers here are deliberately
small (no dependency on the ingest/clean stages) so that the figure measures dedupe alone.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import html
import json
import random
import re
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Iterator

from ..config import Options
from ..model import Article, CodedArticle
from . import Store

_REUTERS = re.compile(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)


def reuters_articles(path: Path) -> Iterator[Article]:
    """Reuters-21578 stories from the SGML tar.gz (TITLE + BODY; a story without BODY uses TEXT)."""
    with tarfile.open(path) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.name.endswith(".sgm"):
                continue
            data = tar.extractfile(member).read().decode("latin-1")  # type: ignore[union-attr]
            for m in _REUTERS.finditer(data):
                newid, block = m.groups()
                t = re.search(r"<TITLE>(.*?)</TITLE>", block, re.S)
                b = re.search(r"<BODY>(.*?)</BODY>", block, re.S)
                title = html.unescape(t.group(1)).strip() if t else ""
                if b:
                    body = html.unescape(b.group(1))
                else:
                    tx = re.search(r"<TEXT[^>]*>(.*?)</TEXT>", block, re.S)
                    body = html.unescape(re.sub(r"<[^>]+>", " ", tx.group(1))) if tx else ""
                    body = body.replace(title, "", 1) if title else body
                body = body.strip()
                yield _article(f"{member.name}#NEWID={newid}", f"reuters-{newid}", title, body)


def kcna_articles(path: Path) -> Iterator[Article]:
    """KCNA 2011 stories from the JSONL.gz (title + story; ', ,' paragraph runs become breaks)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            d = json.loads(line)
            body = re.sub(r"(?:,\s*,\s*)+", "\n\n", d.get("story") or "").strip()
            yield _article(f"{path.name}:{i}", f"kcna-{i}", (d.get("title") or "").strip(), body,
                           published=d.get("date"))


def _article(origin: str, aid: str, title: str, body: str, published: str | None = None) -> Article:
    text = f"{title}\n\n{body}" if title else body
    return Article(article_id=aid, origin=origin, kind="measure", raw_text=text, text=text,
                   body_start=len(title) + 2 if title else 0, title=title or None, published=published)


def _diff(a: str, b: str, width: int = 110) -> list[str]:
    wa, wb = a.split(), b.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(f"    {op:7} {' '.join(wa[i1:i2])[:width]!r} -> {' '.join(wb[j1:j2])[:width]!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m peacewatch.store.measure", description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", choices=["reuters", "kcna"])
    ap.add_argument("path", type=Path)
    ap.add_argument("--db", type=Path, help="database to fill (default: a temporary file)")
    ap.add_argument("--threshold", type=float, default=None, help="near_duplicate_threshold")
    ap.add_argument("--sample", type=int, default=0, help="print N random near-duplicate pairs")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    opts = Options()
    if args.threshold is not None:
        opts = opts.with_(near_duplicate_threshold=args.threshold)
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "measure.db"
    reader = reuters_articles if args.corpus == "reuters" else kcna_articles
    counts = {"new": 0, "exact": 0, "near": 0, "same-origin": 0, "empty": 0}
    near_pairs: list[tuple[str, str, float]] = []
    bodies: dict[str, str] = {}
    started = time.perf_counter()
    with Store.open(db, options=opts) as store:
        batch = 0
        tx = store.transaction()
        tx.__enter__()
        for art in reader(args.path):
            if not art.body.strip():
                counts["empty"] += 1
            r = store.add(CodedArticle(article=art))
            counts[r.status if r.status == "new" else (r.kind or "exact")] += 1
            if r.kind == "near":
                near_pairs.append((r.article_id, art.article_id, r.similarity or 0.0))
                bodies[art.article_id] = art.body
            batch += 1
            if batch % 500 == 0:
                tx.__exit__(None, None, None)
                tx = store.transaction()
                tx.__enter__()
        tx.__exit__(None, None, None)
        seconds = time.perf_counter() - started
        summary = store.summary()
        total = sum(v for k, v in counts.items() if k != "empty")
        print(f"{args.corpus}: {total} stories ({counts['empty']} with an empty body) in {seconds:.1f} s; "
              f"new {counts['new']}, exact duplicates {counts['exact']}, near duplicates {counts['near']}; "
              f"stories with copies {store.conn.execute('SELECT count(*) FROM articles WHERE copies > 1').fetchone()[0]}; "
              f"threshold {opts.near_duplicate_threshold}")
        print(json.dumps(summary))
        if args.sample and near_pairs:
            rnd = random.Random(args.seed)
            sample = rnd.sample(near_pairs, min(args.sample, len(near_pairs)))
            for stored_id, copy_id, sim in sample:
                a = store.get_article(stored_id)
                if a is None:
                    continue
                print(f"--- {stored_id} <- {copy_id}  similarity {sim:.3f}")
                print(f"    stored: {(a['title'] or '')[:90]!r} ({a['word_count']} words)")
                print(f"    copy  : {len(bodies[copy_id].split())} words")
                for line in _diff(a["text"][a["body_start"]:], bodies[copy_id])[:8]:
                    print(line)
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
