"""The dashboard map in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), on a
store ingested from examples/ by the real pipeline: circles drawn on outlines served by the
package (every other address is blocked), one click to the sentences of a place. Screenshots go to
tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_browser import ARTIFACTS, CHROMIUM, browser, page  # noqa: F401  (the same Chromium and page set-up)
from test_web_server import running_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium to run the browser tests")
    from peacewatch.config import Options
    from peacewatch.runner import ingest

    db = tmp_path_factory.mktemp("map") / "pw.db"
    ingest([str(ROOT / "examples" / "wire"), str(ROOT / "examples" / "jsonl")], Options(db=db))
    with running_server(db) as url:
        yield url


def outside(page, base) -> list[str]:
    """Every request the page makes to anywhere but the local server (the context aborts them)."""
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url) if not r.url.startswith(base) else None)
    return urls


def test_map_draws_places_on_local_outlines_and_lists_sentences(page, base):
    elsewhere = outside(page, base)
    page.goto(base + "/map")
    page.wait_for_selector("#map-chart[data-rendered=yes]", timeout=30_000)
    # the outlines came from the package: country borders are drawn and nothing else was fetched
    assert page.locator("#map-chart .geo .countries path, #map-chart .geo path.countries").count() > 0 or \
        page.locator("#map-chart .geo .layer path").count() > 10
    assert elsewhere == []
    n_points = page.eval_on_selector("#map-chart", "el => el.data.reduce((n, t) => n + t.lat.length, 0)")
    assert n_points >= 5
    names = page.eval_on_selector("#map-chart", "el => el.data.map(t => t.name)")
    assert all(n[0] in "1234" for n in names)  # one trace per QuadClass
    sizes = page.eval_on_selector("#map-chart", "el => el.data.map(t => t.marker.size).flat()")
    assert max(sizes) > min(sizes)  # sized by count
    assert "events located" in page.inner_text("#map-count")
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)

    # one click on the biggest circle lists its sentences, each linking to its evidence
    box = page.eval_on_selector(
        "#map-chart",
        """el => { const pts = [...el.querySelectorAll('.scattergeo .point')];
                   pts.sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width);
                   const r = pts[0].getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }""")
    page.mouse.click(box["x"], box["y"])
    page.wait_for_selector("#map-sentences[data-rendered=yes]", timeout=15_000)
    items = page.locator("#map-sentences li")
    assert items.count() >= 1
    assert page.locator("#map-sentences li a[href^='/events/']").count() == items.count()
    page.screenshot(path=str(ARTIFACTS / "map-clicked.png"), full_page=True)
    href = page.get_attribute("#map-sentences li a", "href")
    page.goto(base + href)
    assert page.locator("#where").count() == 1
    assert page.errors == []  # type: ignore[attr-defined]


def test_overview_has_the_map(page, base):
    elsewhere = outside(page, base)
    page.goto(base + "/")
    page.wait_for_selector("#map-chart[data-rendered=yes]", timeout=30_000)
    assert page.locator("#map-chart .scattergeo .point").count() >= 5
    assert elsewhere == []
    assert page.errors == []  # type: ignore[attr-defined]


def test_event_page_marks_the_place(page, base):
    import httpx

    evs = httpx.get(base + "/api/events", params={"limit": 500}).json()["events"]
    with_span = [e for e in evs if e.get("location") and e["location"].get("start") is not None
                 and e["location"]["basis"].startswith("prepositional")]
    assert with_span
    page.goto(base + "/events/" + with_span[0]["event_id"])
    assert page.locator("#evidence mark.place").count() >= 1
    assert with_span[0]["location"]["name"] in page.inner_text("#where")
    page.screenshot(path=str(ARTIFACTS / "event-where.png"), full_page=True)
