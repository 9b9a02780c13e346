"""The analyst's morning in real headless Chromium (Debian's /usr/bin/chromium, Playwright) on a
database built from real news (the KCNA 2011 sample of tests/conftest.py), served by a real uvicorn
on 127.0.0.1; and the brief opened from disk with the network off. Screenshots go to
tests/artifacts/ (gitignored) for a person to look at."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from browser_helpers import offline_page, truthful_series
from test_browser import ARTIFACTS, CHROMIUM, browser, page  # noqa: F401 - the browser and page fixtures
from test_web_server import running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def db(kcna_db) -> Path:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium to run the browser tests")
    return kcna_db


@pytest.fixture(scope="module")
def base(db):
    with running_server(db) as url:
        yield url


def test_overview_weekly_index_is_truthful(page, base):
    page.goto(base + "/?freq=week")
    page.wait_for_selector("#index-chart[data-rendered=yes]", timeout=30_000)
    page.wait_for_selector("#quad-chart[data-rendered=yes]", timeout=30_000)
    traces = truthful_series(page, "#index-chart")
    assert all("---" not in t["name"] for t in traces)
    assert any(None in t["y"] for t in traces), "a sample of a year has weeks without events for some dyad"
    # the events behind a point are in its hover text
    first = next(i for i, y in enumerate(traces[0]["y"]) if y is not None)
    page.evaluate(f"Plotly.Fx.hover(document.getElementById('index-chart'), [{{curveNumber: 0, pointNumber: {first}}}])")
    hover = page.eval_on_selector("#index-chart .hoverlayer", "el => el.textContent")
    assert re.search(r"index [+−±]\d\.\d{3} from \d+ events?", hover), hover
    # the definition is one click away
    assert not page.is_visible("details.definition p")
    page.click("details.definition summary")
    assert "(C − K) / (C + K)" in page.inner_text("details.definition")
    assert "A period with no event has no index" in page.inner_text("details.definition")
    assert "incomplete event" in page.inner_text("#left-out")
    page.screenshot(path=str(ARTIFACTS / "real_overview_week.png"), full_page=True)
    assert page.errors == []


def test_overview_daily_for_one_month_shows_gaps(page, base):
    page.goto(base + "/?freq=day&since=2011-12-01&until=2011-12-31&dyads=KOR-PRK,PRK-USA")
    page.wait_for_selector("#index-chart[data-rendered]", timeout=30_000)
    if page.get_attribute("#index-chart", "data-rendered") == "yes":
        traces = truthful_series(page, "#index-chart")
        assert all(len(t["x"]) == 31 for t in traces)
    page.screenshot(path=str(ARTIFACTS / "real_overview_day.png"), full_page=False)
    assert page.errors == []


def test_events_pages_go_deep_and_back(page, base):
    page.goto(base + "/events")
    first = page.locator("#events-table tbody tr").first.inner_text()
    for _ in range(3):
        page.click("a[rel=next]")
        page.wait_for_load_state("load")
    deep = page.locator("#events-table tbody tr").first.inner_text()
    assert deep != first and "after=" in page.url
    page.click("a[rel=prev]")
    page.wait_for_load_state("load")
    assert page.locator("#events-table tbody tr").count() == 50
    page.screenshot(path=str(ARTIFACTS / "real_events.png"), full_page=False)
    page.click("a[rel=first]")
    page.wait_for_load_state("load")
    assert page.locator("#events-table tbody tr").first.inner_text() == first
    page.select_option("select[name=dataset]", "incomplete")
    page.click("#event-filters button[type=submit]")
    page.wait_for_load_state("load")
    assert "Not events of the dataset" in page.inner_text("#dataset-note")


def test_actor_page_names_the_code_and_shows_how_it_was_written(page, base):
    page.goto(base + "/actors")
    row = page.locator("#actors-table tr", has_text="PRKGOV").first.inner_text()
    assert "North Korea: government" in row
    page.goto(base + "/actors/PRKGOV")
    page.wait_for_selector("#actor-chart[data-rendered=yes]", timeout=30_000)
    truthful_series(page, "#actor-chart")
    assert page.inner_text("h1 .canonical") == "North Korea: government"
    assert "Kim Jong Il" in page.inner_text("#mention-texts")
    assert "2011-12-17" in page.inner_text("#dictionary-roles")
    page.screenshot(path=str(ARTIFACTS / "real_actor_prkgov.png"), full_page=False)
    assert page.errors == []


def test_quotes_show_their_evidence(page, base):
    page.goto(base + "/quotes")
    q = page.locator("#quotes-list blockquote.quote").first
    assert q.locator("mark.quote").count() >= 1
    page.click("a[rel=next]")
    page.wait_for_load_state("load")
    assert page.locator("#quotes-list .speaker-evidence").count() >= 1
    assert "speaker from" in page.locator("#quotes-list .speaker-evidence").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "real_quotes.png"), full_page=False)
    assert page.errors == []


def test_brief_for_a_dyad_opens_offline_with_truthful_charts(db, browser, tmp_path):
    out = tmp_path / "brief-kor-prk.html"
    r = subprocess.run([sys.executable, "-m", "peacewatch", "report", "--db", str(db), "--dyad", "KOR-PRK",
                        "--since", "2011-01-01", "--until", "2011-12-31", "--out", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    with offline_page(browser, out) as (p, requests, errors):
        for chart in ("trend-chart", "quad-chart", "track-chart"):
            p.wait_for_selector(f"#{chart}[data-rendered]", timeout=30_000)
        traces = truthful_series(p, "#trend-chart")
        assert [t["name"].split(" (")[0] for t in traces] == ["KOR-PRK"]
        p.click("details.definition summary")
        assert "(C − K) / (C + K)" in p.inner_text("details.definition")
        p.screenshot(path=str(ARTIFACTS / "real_brief_kor_prk.png"), full_page=False)
        assert errors == [] and all(u.startswith(("file:", "data:")) for u in requests), requests
