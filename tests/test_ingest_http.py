"""URLs read through a real HTTP server on 127.0.0.1 (ephemeral port)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from peacewatch.config import Options
from peacewatch.ingest import read_inputs
from peacewatch.model import InputFailure, RawDocument

PAGE = b"""<html><head><title>Envoy visit</title>
<meta property="og:site_name" content="Local Courier">
<meta name="date" content="2024-03-09">
<link rel="canonical" href="https://courier.example/envoy"></head>
<body><script>alert("page-script")</script><article>
<p>The special envoy arrived in Pyongyang on Saturday for three days of talks on the exchange of
prisoners and the reopening of a road across the border, the foreign ministry said.</p>
<p>The visit is the first by a senior envoy in two years and follows a series of letters between
the leaders, according to officials familiar with the preparations.</p>
</article></body></html>"""

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Courier Wire</title>
<item><title>Road reopens</title><link>https://courier.example/road</link><guid>cw-1</guid>
<pubDate>Mon, 11 Mar 2024 06:00:00 GMT</pubDate><description>The border road reopened.</description></item>
</channel></rss>"""

JSONL = b'{"id": "j1", "text": "Line one story."}\n{"id": "j2", "text": "Line two story."}\n'


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path == "/page":
            self._send(200, PAGE)
        elif path == "/feed":
            self._send(200, FEED, "application/rss+xml")
        elif path == "/dump":
            self._send(200, JSONL, "application/octet-stream")
        elif path == "/moved":
            self._send(301, b"", headers=[("Location", "/page")])
        elif path.startswith("/loop"):
            n = int(path[5:] or 0)
            self._send(302, b"", headers=[("Location", f"/loop{n + 1}")])
        elif path == "/slow":
            time.sleep(2.0)
            self._send(200, PAGE)
        elif path == "/big":
            self._send(200, b"x" * 5000, "text/plain")
        elif path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"word " * 200
            try:
                for _ in range(50):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/drip":  # headers at once, then one byte a second, for ever
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(1.0)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/drip-headers":  # the status line itself, one byte a second
            try:
                for b in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" * 20:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(1.0)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "text/plain")
        else:
            self._send(404, b"<h1>Not Found</h1>")


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


OPTS = Options()


def read(url, options=OPTS):
    return list(read_inputs([url], options))


def test_html_page(server):
    [d] = read(server + "/page")
    assert isinstance(d, RawDocument) and d.kind == "html" and d.origin == server + "/page"
    assert "special envoy arrived in Pyongyang" in d.raw_text and "page-script" not in d.raw_text
    assert d.meta["url"] == server + "/page"
    assert d.meta["canonical_url"] == "https://courier.example/envoy"
    assert d.meta["published"] == "2024-03-09" and d.meta["source"] == "Local Courier"


def test_redirect_is_followed_and_final_url_kept(server):
    [d] = read(server + "/moved")
    assert d.origin == server + "/moved" and d.meta["url"] == server + "/page"


def test_feed_url(server):
    [d] = read(server + "/feed")
    assert d.kind == "feed" and d.origin == server + "/feed#1"
    assert d.meta["id"] == "cw-1" and d.meta["published"] == "2024-03-11" and d.raw_text == "The border road reopened."


def test_jsonl_url(server):
    got = read(server + "/dump")
    assert [d.meta["id"] for d in got] == ["j1", "j2"]
    assert got[0].origin == server + "/dump:1"


def test_404(server):
    [f] = read(server + "/missing")
    assert isinstance(f, InputFailure)
    assert f.error == f"{server}/missing: the server answered HTTP 404 Not Found; check the URL"


def test_timeout(server):
    t0 = time.monotonic()
    [f] = read(server + "/slow", OPTS.with_(url_timeout=0.5))
    assert isinstance(f, InputFailure) and f.error.startswith(f"{server}/slow: ") and "within 0.5 s" in f.error
    assert time.monotonic() - t0 < 1.9  # gave up before the server answered


@pytest.mark.parametrize("path, stage", [("/drip", "bytes of the body had come"),
                                         ("/drip-headers", "not even the response headers")])
def test_a_url_that_drips_one_byte_a_second_ends_at_the_total_deadline(server, path, stage):
    t0 = time.monotonic()
    [f] = read(server + path, OPTS.with_(url_timeout=2.5))
    took = time.monotonic() - t0
    assert isinstance(f, InputFailure) and f.origin == server + path
    assert f.error.startswith(f"{server}{path}: no complete answer within 2.5 s (") and stage in f.error
    assert f.error.endswith("the server is too slow or stalled; try again later, or raise --timeout")
    assert 2.4 < took < 4.0  # every byte came within httpx's per-read timeout: only the deadline stops it


def test_oversized_body(server):
    [f] = read(server + "/big", OPTS.with_(url_max_bytes=1000))
    assert f.error == f"{server}/big: the response is 5 KB, over the 1000 bytes cap for a URL; download it and read the file, or raise the URL byte cap (url_max_bytes)"
    [f] = read(server + "/big-chunked", OPTS.with_(url_max_bytes=1000))
    assert "over the 1000 bytes cap for a URL" in f.error


def test_redirect_loop(server):
    [f] = read(server + "/loop")
    assert f.error == f"{server}/loop: more than 5 redirects (a redirect loop?); open the URL in a browser to see where it leads"


def test_connection_refused():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens on it now
    [f] = read(f"http://127.0.0.1:{port}/x")
    assert f.error.startswith(f"http://127.0.0.1:{port}/x: could not connect to 127.0.0.1")
    assert f.error.endswith("check the URL or your network")


def test_binary_body_and_batch_goes_on(server):
    got = list(read_inputs([server + "/png", server + "/missing", server + "/page"], OPTS))
    assert [type(d).__name__ for d in got] == ["InputFailure", "InputFailure", "RawDocument"]
    assert "PNG image" in got[0].error


def test_ingest_of_a_dripping_url_beside_a_good_one_ends_names_it_and_stores_the_good(server, tmp_path):
    import json
    import subprocess
    import sys

    db = tmp_path / "drip.db"
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "peacewatch", "ingest", server + "/drip", server + "/page",
                           "--db", str(db), "--timeout", "3", "--no-progress", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert time.monotonic() - t0 < 60
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [
        f"peacewatch: error: {server}/drip: no complete answer within 3 s (1 bytes of the body had come); "
        "the server is too slow or stalled; try again later, or raise --timeout"
    ] or (proc.stderr.count("\n") == 1 and f"{server}/drip: no complete answer within 3 s" in proc.stderr)
    summary = json.loads(proc.stdout)
    assert summary["new"] == 1 and summary["failed"] == 1
