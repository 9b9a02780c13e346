"""Article extraction from HTML pages end to end: ``peacewatch extract`` in a subprocess, with the
installed trafilatura, lxml and lxml_html_clean (the packages a fresh install from constraints.txt
gets), scored against hand-marked article text.

The pages: the eight HTML stories of examples/html (navigation, share buttons, a "Most read" box,
decoy script text) and two pages written for this test in older and busier layouts
(tests/fixtures/html-extraction: a cookie banner, a newsletter box inside the story, comments and
related cards; a table layout with <font> and <br> paragraphs in windows-1252). The gold is each
page's article paragraphs (headline, byline and captions left out). The score is the bag-of-words
F1 of the article extraction benchmarks: words of the extracted body against words of the gold.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "html-extraction"
PAGES = sorted((ROOT / "examples" / "html").glob("*.html")) + sorted(FIXTURES.glob("*.html"))


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def f1(got: str, gold: str) -> tuple[float, float, float]:
    g, p = words(gold), words(got)
    overlap = sum((g & p).values())
    precision = overlap / max(1, sum(p.values()))
    recall = overlap / max(1, sum(g.values()))
    return precision, recall, (2 * precision * recall / (precision + recall) if overlap else 0.0)


def test_real_html_pages_extract_end_to_end_from_the_installed_packages():
    import lxml.html.clean  # noqa: F401 - lxml 6 moved it out: the lxml_html_clean package must be installed

    proc = subprocess.run([sys.executable, "-m", "peacewatch", "extract", *map(str, PAGES)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["origin"] for r in records] == [str(p) for p in PAGES]
    scores = {}
    for page, rec in zip(PAGES, records, strict=True):
        gold = ((FIXTURES / (page.stem + ".txt"))).read_text(encoding="utf-8")
        body = rec["text"][rec["body_start"]:]
        scores[page.name] = f1(body, gold)
        assert "SCRIPT" not in rec["text"] and "PAYLOAD" not in rec["text"] and "900 missiles" not in rec["text"]
        assert "cookie" not in body.lower() and "Share on" not in body and "First!" not in body
    mean_f1 = sum(s[2] for s in scores.values()) / len(scores)
    worst = min(scores.items(), key=lambda kv: kv[1][2])
    print(f"HTML extraction over {len(scores)} pages: mean F1 {mean_f1:.3f}, lowest {worst[0]} {worst[1][2]:.3f}")
    assert mean_f1 >= 0.95, scores
    # the table layout is the hard case: trafilatura keeps the layout table's navigation and
    # "Most popular" cells with the story (0.81 here, and the same when called directly)
    assert worst[1][2] >= 0.78, scores
    # the trafilatura path did the work (not the <p> fallback that a broken lxml install falls to)
    meta = subprocess.run([sys.executable, "-c", (
        "import sys; from peacewatch.ingest import read_inputs; from peacewatch.config import Options; "
        "print(' '.join(d.meta.get('extraction', '-') for d in read_inputs(sys.argv[1:], Options())))"),
        *map(str, PAGES)], capture_output=True, text=True, timeout=300)
    assert meta.stdout.split() == ["trafilatura"] * len(PAGES), meta.stdout + meta.stderr
