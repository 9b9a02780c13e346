"""The dashboard in headless Chromium (Debian's /usr/bin/chromium driven by Playwright), against a real
uvicorn server and a real store. Screenshots go to tests/artifacts/ (gitignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_series_corpus import build_store
from test_web_server import running_server

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium to run the browser tests")
    db = build_store(tmp_path_factory.mktemp("browser") / "pw.db", hostile=True)
    with running_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    # nothing but the local server may be reached
    ctx.route(lambda url: not url.startswith(base), lambda route: route.abort())
    p = ctx.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.errors = errors  # type: ignore[attr-defined]
    yield p
    ctx.close()


def test_overview_draws_its_charts(page, base):
    page.goto(base + "/?dyads=KOR-PRK,PRK-IGOUNO&freq=week")
    page.wait_for_selector("#index-chart[data-rendered=yes]", timeout=20_000)
    page.wait_for_selector("#quad-chart[data-rendered=yes]", timeout=20_000)
    assert page.locator("#index-chart svg.main-svg").count() >= 1
    n_points = page.eval_on_selector("#index-chart", "el => el.data.reduce((n, t) => n + t.x.length, 0)")
    assert n_points >= 9 + 1  # KOR-PRK: 9 weeks; PRK-IGOUNO: 1
    legend = page.eval_on_selector("#index-chart .legend", "el => el.textContent")
    assert "KOR-PRK" in legend and "PRK-IGOUNO" in legend
    assert page.locator("#quad-chart .bars path").count() > 0
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    assert page.errors == []


def test_filters_narrow_the_event_table(page, base):
    page.goto(base + "/events")
    all_rows = page.locator("#events-table tbody tr").count()
    assert all_rows == 11
    page.fill("input[name=dyad]", "KOR-PRK")
    page.select_option("select[name=modality]", "plain")
    page.click("#event-filters button[type=submit]")
    page.wait_for_load_state("load")
    rows = page.locator("#events-table tbody tr").count()
    assert rows == 4 < all_rows
    assert page.inner_text("#event-count").startswith("4 events")
    page.select_option("select[name=quad]", "3")
    page.click("#event-filters button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("#events-table tbody tr").count() == 2
    page.screenshot(path=str(ARTIFACTS / "events_filtered.png"), full_page=True)


def test_an_event_opens_its_evidence(page, base):
    page.goto(base + "/events?cameo=138")
    page.click("#events-table a.evidence")
    page.wait_for_selector("#evidence")
    assert page.inner_text("#evidence mark.source") == "Pyongyang"
    assert page.inner_text("#evidence mark.trigger") == "threatened"
    assert page.inner_text("#evidence mark.target") == "Seoul"
    assert "test pattern 138" in page.inner_text("#rule")
    page.screenshot(path=str(ARTIFACTS / "evidence.png"), full_page=True)
    page.click("#article-link")
    page.wait_for_selector("#article-text")
    assert page.locator("#article-text mark.trigger").count() == 3
    assert "given in the test record" in page.inner_text("#date-basis")


def test_search_finds_a_quote(page, base):
    page.goto(base + "/search")
    page.fill("#search-form input[name=q]", "wise approach")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("ol.hits li")
    quote_hits = page.locator("ol.hits li.quote")
    assert quote_hits.count() == 1
    assert [m.inner_text() for m in quote_hits.first.locator("mark").all()] == ["wise", "approach"]
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)


def test_hostile_story_runs_no_script(page, base):
    page.goto(base + "/articles/a-hostile")
    page.wait_for_selector("#article-text")
    page.wait_for_timeout(300)  # give a broken image's onerror the chance to fire
    assert page.evaluate("typeof window.__pwned") == "undefined"
    text = page.inner_text("#article-text")
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert page.locator("#article-text script, #article-text img").count() == 0
    assert page.inner_text("#headline") == "Statement <b>read</b> aloud"
    page.goto(base + "/search?q=pwned")
    page.wait_for_selector("ol.hits li")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.goto(base + "/articles/a-hostile")
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)
    assert page.errors == []
