"""The seed story ingested through the real runner, shown in headless Chromium: the UN's welcome and
North Korea's condition (with its text) on the overview and the stances page, marked on the article.
Skips when ../shared or /usr/bin/chromium is absent. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from test_browser import ARGS, ARTIFACTS, CHROMIUM
from test_web_server import running_server

pytestmark = pytest.mark.browser

CONDITION = "its status as a nuclear state is formally recognized"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    from conftest import needs_shared
    from peacewatch.config import Options
    from peacewatch.runner import ingest

    seed = needs_shared("seed", "menafn-korea-un.txt")
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium to run the browser tests")
    opts = dataclasses.replace(Options(), db=tmp_path_factory.mktemp("seedweb") / "seed.db")
    summary = ingest([str(seed)], opts)
    assert summary.new == 1 and summary.failed == 0
    return opts.db


@pytest.fixture(scope="module")
def page(seed_db):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(seed_db) as base, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        ctx = b.new_context(viewport={"width": 1280, "height": 900})
        ctx.route(lambda url: not url.startswith(base), lambda route: route.abort())
        p = ctx.new_page()
        errors: list[str] = []
        p.on("pageerror", lambda e: errors.append(str(e)))
        p.base = base  # type: ignore[attr-defined]
        p.errors = errors  # type: ignore[attr-defined]
        yield p
        b.close()


def _rows(page, table: str) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        f"{table} tbody tr",
        "rows => rows.map(r => ({who: r.cells[1].innerText, stance: r.cells[2].innerText,"
        " proposal: r.cells[3].innerText, condition: r.cells[4].innerText, evidence: r.cells[5].innerText}))")


def test_seed_stances_on_the_overview(page):
    page.goto(page.base + "/")
    page.wait_for_selector("#overview-stances")
    rows = _rows(page, "#overview-stances")
    welcome = [r for r in rows if r["stance"] == "welcomes"]
    assert [r["who"].split()[0] for r in welcome] == ["IGOUNO"]
    assert welcome[0]["evidence"].startswith("The UN leader welcomed the proposal")
    cond = [r for r in rows if r["stance"] == "conditions"]
    assert len(cond) == 1 and cond[0]["who"].startswith("PRK")
    assert cond[0]["condition"] == f"only if: {CONDITION}"
    assert cond[0]["proposal"] == "any talks with outside powers"
    page.locator("#stances").screenshot(path=str(ARTIFACTS / "seed_overview_stances.png"))
    assert page.errors == []


def test_seed_stances_page_and_article(page):
    page.goto(page.base + "/stances")
    page.wait_for_selector("#stances-table")
    page.select_option("#stance-filters select[name=stance]", "conditions")
    page.click("#stance-filters button[type=submit]")
    page.wait_for_load_state("load")
    rows = _rows(page, "#stances-table")
    assert len(rows) == 1 and CONDITION in rows[0]["condition"]
    assert page.inner_text("#stances-table mark.trigger") == "possible"  # the event's trigger word
    assert page.inner_text("#stances-table mark.proposal") == "any talks with outside powers"
    page.screenshot(path=str(ARTIFACTS / "seed_stances_conditions.png"), full_page=True)
    page.goto(page.base + "/stances?actor=IGOUNO")
    assert {r["stance"] for r in _rows(page, "#stances-table")} >= {"welcomes"}
    page.click("#stances-table a:text('article')")
    page.wait_for_selector("#article-text")
    marked = page.eval_on_selector_all("#article-text mark.proposal", "ms => ms.map(m => m.innerText)")
    assert "the proposal" in marked and "any talks with outside powers" in marked
    assert page.locator("#article-stances tbody tr").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "seed_article_stances.png"), full_page=True)
    assert page.errors == []
