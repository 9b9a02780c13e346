"""What the browser tests share: opening a file with the network off, and checking that a series
chart tells the truth (a real date axis; a gap in the index exactly where the bars say no event)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator


@contextmanager
def offline_page(browser: Any, path: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
    """(page, requests, page errors) for ``path`` opened from disk in a context with the network
    off and every non-file request aborted."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 1000})
    requests: list[str] = []
    errors: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    ctx.route(re.compile(r"^(?!file:|data:).*"), lambda route: route.abort())
    ctx.set_offline(True)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.as_uri())
        yield page, requests, errors
    finally:
        ctx.close()


def truthful_series(page: Any, sel: str) -> list[dict]:
    """The index lines of the series chart ``sel`` with the bars under them ({name, x, y, bars}),
    after checking the date axis and that each line has a gap exactly where its bar is 0."""
    assert page.eval_on_selector(sel, "el => el._fullLayout.xaxis.type") == "date"
    traces = page.eval_on_selector(sel, """el => {
        const out = [];
        el.data.forEach((t, i) => {
            if (t.yaxis === 'y' && t.mode === 'lines+markers') {
                const bars = el.data[i + 1];
                out.push({name: t.name, x: t.x, y: t.y, bars: bars.y, barAxis: bars.yaxis});
            }
        });
        return out;
    }""")
    assert traces
    for t in traces:
        assert t["barAxis"] == "y2" and len(t["bars"]) == len(t["y"]) == len(t["x"])
        assert all((y is None) == (n == 0) for y, n in zip(t["y"], t["bars"]))  # a gap exactly where no event
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", x) for x in t["x"])
    return traces
