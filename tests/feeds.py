"""A local HTTP news feed for the watch tests: an RSS 2.0 feed whose items the test changes between
polls, a page that always fails (HTTP 500), a page that fails a given number of times, and a
webhook that records the JSON it is sent. Served by http.server on 127.0.0.1 in a thread.

The stories are written for these tests (plain wire sentences about the two Koreas): eight days of
cooperation, then a day of conflict that must leave the dyad's band."""

from __future__ import annotations

import http.server
import json
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any, Iterator
from xml.sax.saxutils import escape

THINGS = ["family reunions", "rail links", "flood relief", "tourism", "forestry", "fisheries", "health care",
          "sports exchanges", "road repairs", "power lines"]
COOPERATION = [("praised", "for its efforts on {x}"), ("thanked", "for the help with {x}"),
               ("signed an agreement with", "on {x}")]


def calm_days(first: int = 1, last: int = 8, month: str = "2025-03") -> list[dict[str, str]]:
    """Two cooperative KOR-PRK stories a day (each worded differently, so none is a duplicate)."""
    items = []
    for d in range(first, last + 1):
        for j in range(2):
            verb, tail = COOPERATION[(d + j) % 3]
            x = THINGS[(d * 2 + j) % len(THINGS)]
            a, b = ("South Korea", "North Korea") if j == 0 else ("North Korea", "South Korea")
            items.append({"id": f"calm-{d}-{j}", "day": f"{month}-{d:02d}", "title": f"{a} and {b}, day {d}",
                          "text": f"{a} {verb} {b} {tail.format(x=x)} on day {d} of talks number {d * 10 + j}."})
    return items


def bad_day(day: str = "2025-03-10") -> list[dict[str, str]]:
    """Three conflict stories on one day."""
    return [
        {"id": "bad-1", "day": day, "title": "War threat",
         "text": "North Korea threatened South Korea with war over the drills near the border."},
        {"id": "bad-2", "day": day, "title": "Shelling",
         "text": "North Korean troops shelled a South Korean island, killing two soldiers near Yeonpyeong."},
        {"id": "bad-3", "day": day, "title": "Condemnation",
         "text": "South Korea condemned North Korea for the deadly attack on the island."},
    ]


def rss(items: list[dict[str, str]]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test Wire</title>'
           "<link>http://127.0.0.1/</link><description>stories written for the peacewatch tests</description>"]
    for it in items:
        when = datetime.fromisoformat(it["day"]).replace(hour=9, tzinfo=timezone.utc)
        out.append(f"<item><guid isPermaLink=\"false\">{escape(it['id'])}</guid><title>{escape(it['title'])}</title>"
                   f"<pubDate>{format_datetime(when)}</pubDate><description>{escape(it['text'])}</description></item>")
    out.append("</channel></rss>")
    return "".join(out).encode("utf-8")


class FeedState:
    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []
        self.posts: list[dict[str, Any]] = []
        self.hook_status = 204
        self.flaky_failures = 0
        self.requests: list[str] = []
        self.lock = threading.Lock()


@contextmanager
def feed_server() -> Iterator[tuple[str, FeedState]]:
    """(base URL, state): /feed.xml (state.items, newest last), /broken (always 500), /flaky
    (500 for state.flaky_failures requests, then the feed), /hook (POST: state.posts)."""
    state = FeedState()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes = b"", ctype: str = "application/rss+xml") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            with state.lock:
                state.requests.append(self.path)
                if self.path == "/feed.xml":
                    return self._send(200, rss(list(state.items)))
                if self.path == "/flaky" and state.flaky_failures > 0:
                    state.flaky_failures -= 1
                    return self._send(500, b"down", "text/plain")
                if self.path == "/flaky":
                    return self._send(200, rss(list(state.items)))
            self._send(500, b"broken", "text/plain")

        def do_POST(self) -> None:
            n = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(n)
            with state.lock:
                state.posts.append(json.loads(body))
                status = state.hook_status
            self._send(status, b"", "text/plain")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
