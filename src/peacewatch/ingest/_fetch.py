"""http(s) inputs: one GET through httpx, streamed under a byte cap, a redirect cap and a total
deadline.

httpx's timeouts bound each network operation, not the whole fetch: a server that answers one
byte a second never trips them. So the fetch runs in a worker thread and the caller waits for it
at most ``Options.url_timeout`` seconds in all (connecting, redirects, headers and body); past
that the URL fails with its name in the message, the worker is told to stop at its next chunk and
its connection is closed, and the batch goes on.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..config import Options
from ..errors import FetchError, InputTooLarge, PeacewatchError

MAX_REDIRECTS = 5


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    body: bytes
    charset: str | None
    content_type: str | None


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


class _Cancelled(Exception):
    pass


@dataclass
class _Progress:
    received: int = 0
    headers: bool = False


def fetch(url: str, options: Options) -> Fetched:
    """GET ``url``; raise :class:`FetchError` / :class:`InputTooLarge` (naming the URL) for a
    failure, a body over ``options.url_max_bytes``, more than MAX_REDIRECTS redirects, or no
    complete answer within ``options.url_timeout`` seconds in all."""
    deadline = float(options.url_timeout)
    done: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    cancel = threading.Event()
    progress = _Progress()
    holder: dict[str, Any] = {}

    def work() -> None:
        try:
            done.put(("ok", _get(url, options, cancel, progress, holder)))
        except _Cancelled:
            pass
        except BaseException as e:  # noqa: BLE001 - handed to the waiting caller
            done.put(("err", e))

    worker = threading.Thread(target=work, name=f"peacewatch-fetch {url[:60]}", daemon=True)
    worker.start()
    try:
        kind, value = done.get(timeout=deadline)
    except queue.Empty:
        cancel.set()
        client = holder.get("client")
        if client is not None:
            try:  # close the connection under the worker so that it stops now, not at the next byte
                client.close()
            except Exception:  # noqa: BLE001, S110 - best effort; the worker is a daemon and stops on its own
                pass
        stage = (f"{progress.received:,} bytes of the body had come" if progress.headers
                 else "not even the response headers had come")
        raise FetchError(
            f"no complete answer within {deadline:g} s ({stage}); the server is too slow or stalled",
            hint="try again later, or raise --timeout", source=url,
        ) from None
    if kind == "err":
        raise value
    result: Fetched = value
    return result


def _get(url: str, options: Options, cancel: threading.Event, progress: _Progress,
         holder: dict[str, Any]) -> Fetched:
    import httpx

    from .. import __version__ as version
    from ._reader import human_size

    cap = options.url_max_bytes
    host = urlsplit(url).hostname or url
    started = time.monotonic()
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=options.url_timeout,
            headers={"User-Agent": f"peacewatch/{version} (+offline news coder)"},
        ) as client:
            holder["client"] = client
            with client.stream("GET", url) as resp:
                progress.headers = True
                if not 200 <= resp.status_code < 300:
                    raise FetchError(
                        f"the server answered HTTP {resp.status_code} {resp.reason_phrase}".rstrip(),
                        hint="check the URL" if resp.status_code < 500 else "try again later",
                        source=url,
                    )
                length = resp.headers.get("content-length")
                if length and length.isdigit() and int(length) > cap:
                    raise InputTooLarge(
                        f"the response is {human_size(int(length))}, over the {human_size(cap)} cap for a URL",
                        hint="download it and read the file, or raise the URL byte cap (url_max_bytes)",
                        source=url,
                    )
                buf = bytearray()
                for chunk in resp.iter_bytes():
                    if cancel.is_set():
                        raise _Cancelled()
                    buf += chunk
                    progress.received = len(buf)
                    if len(buf) > cap:
                        raise InputTooLarge(
                            f"the response is over the {human_size(cap)} cap for a URL",
                            hint="download it and read the file, or raise the URL byte cap (url_max_bytes)",
                            source=url,
                        )
                return Fetched(str(resp.url), bytes(buf), resp.charset_encoding, resp.headers.get("content-type"))
    except PeacewatchError:
        raise
    except Exception as e:  # noqa: BLE001 - every other failure becomes one FetchError naming the URL
        if cancel.is_set():
            raise _Cancelled() from None
        raise _fetch_error(e, url, host, options, time.monotonic() - started) from None


def _fetch_error(e: Exception, url: str, host: str, options: Options, elapsed: float) -> FetchError:
    import httpx

    if isinstance(e, httpx.TooManyRedirects):
        return FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)",
                          hint="open the URL in a browser to see where it leads", source=url)
    if isinstance(e, httpx.TimeoutException):
        return FetchError(f"no answer from {host} within {options.url_timeout:g} s ({type(e).__name__} "
                          f"after {elapsed:.1f} s)", hint="try again later, or raise --timeout", source=url)
    if isinstance(e, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return FetchError(f"not a valid URL ({e})", hint="check the URL", source=url)
    if isinstance(e, httpx.TransportError):
        return FetchError(f"could not connect to {host} ({type(e).__name__})",
                          hint="check the URL or your network", source=url)
    return FetchError(f"the fetch failed ({type(e).__name__}: {' '.join(str(e).split())[:160]})",
                      hint="check the URL", source=url)
