"""The HTML brief: built from a real store, self-contained (no external resource), escaped, and
showing its charts when opened from disk in headless Chromium with the network off."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser_helpers import offline_page, truthful_series
from peacewatch.cli import cli
from test_series_corpus import build_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


class _Resources(HTMLParser):
    """Every URL the page would load (src, link href, CSS url()), and every plain <a href>."""

    def __init__(self):
        super().__init__()
        self.loaded: list[str] = []
        self.links: list[str] = []
        self.scripts = 0
        self.script_types: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
            self.script_types.append(a.get("type"))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for k in ("src", "srcset", "poster", "data"):
            if a.get(k):
                self.loaded.append(a[k])
        if tag == "link" and a.get("href"):
            self.loaded.append(a["href"])
        if a.get("style"):
            self.loaded += re.findall(r"url\(([^)]*)\)", a["style"])


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("report")
    db = build_store(d / "pw.db", hostile=True)
    out = d / "brief.html"
    # the whole test corpus (the default period would be the last 30 days of data: tests/test_report_periods.py)
    r = CliRunner().invoke(cli, ["report", "--db", str(db), "--since", "2025-01-01", "--until", "2025-03-31",
                                 "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out


def _page_part(html: str) -> str:
    """The brief without its trailing chart scripts (plotly.min.js holds strings such as 'javascript:')."""
    return html[:html.index('<script type="application/json"')]


def test_report_is_self_contained_and_escaped(report_file):
    full = report_file.read_text(encoding="utf-8")
    html = _page_part(full)
    p = _Resources()
    p.feed(full)
    # the charts' data (three JSON islands) and one inline script: plotly.min.js and app.js; nothing loaded
    assert p.script_types == ["application/json"] * 3 + [None]
    assert p.loaded == []
    assert "connect-src 'none'" in html and "plotly.js v" in full
    assert not re.search(r"url\(\s*['\"]?https?:", html)
    assert all(link.startswith(("https://news.example", "https://paper.example")) for link in p.links)
    assert "javascript:" not in html
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html and "Hostile &lt;i&gt;Wire&lt;/i&gt;" in html
    # the headline numbers: KOR-PRK is the main dyad, with 4 counted events
    assert "<strong>KOR-PRK</strong> (4 events)" in html
    for section in ("Headline trend", "What changed since the previous period", "Top events by Goldstein magnitude",
                    "Notable quotes", "Per-track activity"):
        assert section in html
    assert "A wise approach to peace" in html and "We will answer any provocation" in html
    top = html.index("Top events by Goldstein magnitude")
    assert html.index("Pyongyang threatened Seoul with force.", top) < html.index("Seoul proposed talks", top)


def test_report_escapes_article_text(tmp_path):
    from peacewatch.report import build_report
    from peacewatch.store import Store

    db = build_store(tmp_path / "pw.db", hostile=True)
    with Store.open(db, readonly=True) as s:
        html = build_report(s, since="2025-03-01", until="2025-03-31")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "<script>window" not in html and 'onerror="window' not in html
    assert "<script" not in _page_part(html)  # the only scripts: the charts' JSON and code at the end
    assert "Period 2025-03-01 to 2025-03-31" in html and "compared with 2025-01-29 to 2025-02-28" in html


def test_report_errors(tmp_path):
    r = CliRunner().invoke(cli, ["report", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "x.html")])
    assert r.exit_code == 1 and "no database" in r.output
    db = build_store(tmp_path / "pw.db")
    r = CliRunner().invoke(cli, ["report", "--db", str(db), "--since", "2025-05-01", "--until", "2025-01-01",
                                 "--out", str(tmp_path / "x.html")])
    assert r.exit_code == 1 and "after" in r.output
    r = CliRunner().invoke(cli, ["report", "--db", str(db)])
    assert r.exit_code == 2 and "--out" in r.output


@pytest.mark.browser
def test_report_offline_in_chromium(report_file):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            with offline_page(browser, report_file) as (page, requests, errors):
                for chart in ("trend-chart", "quad-chart", "track-chart"):
                    page.wait_for_selector(f"#{chart}[data-rendered=yes]", timeout=30_000)
                    assert page.locator(f"#{chart} svg.main-svg").count() >= 1
                # a real date axis; the weeks with no KOR-PRK event are gaps, not zeros
                line = truthful_series(page, "#trend-chart")[0]
                assert None in line["y"] and any(y is not None for y in line["y"])
                assert page.evaluate("typeof window.__pwned") == "undefined"
                page.screenshot(path=str(ARTIFACTS / "report_offline.png"), full_page=True)
                assert all(u.startswith(("file:", "data:")) for u in requests), requests
                assert errors == []
        finally:
            browser.close()
