"""A real uvicorn server on 127.0.0.1 (ephemeral port) in a thread, for the web, browser and API tests."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import httpx
import uvicorn

from peacewatch.web import create_app


def wait_until_serving(base: str, seconds: float = 20, alive: Callable[[], bool] = lambda: True) -> None:
    """Return when ``base``/api/summary answers 200; RuntimeError after ``seconds`` or when
    ``alive()`` turns false (a server process that exited)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(base + "/api/summary", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or not alive():
            raise RuntimeError(f"the server at {base} did not start")
        time.sleep(0.05)


@contextmanager
def running_server(db: Path) -> Iterator[str]:
    app = create_app(db)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
