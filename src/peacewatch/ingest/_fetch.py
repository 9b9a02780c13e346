"""http(s) inputs: one GET through httpx, streamed under a byte cap."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..config import Options
from ..errors import FetchError, InputTooLarge

MAX_REDIRECTS = 5


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    body: bytes
    charset: str | None
    content_type: str | None


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def fetch(url: str, options: Options) -> Fetched:
    import httpx

    from .. import __version__ as version  # noqa: F401 - keep the UA honest
    from ._reader import human_size

    cap = options.url_max_bytes
    host = urlsplit(url).hostname or url
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=options.url_timeout,
            headers={"User-Agent": f"peacewatch/{version} (+offline news coder)"},
        ) as client:
            with client.stream("GET", url) as resp:
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
                    buf += chunk
                    if len(buf) > cap:
                        raise InputTooLarge(
                            f"the response is over the {human_size(cap)} cap for a URL",
                            hint="download it and read the file, or raise the URL byte cap (url_max_bytes)",
                            source=url,
                        )
                return Fetched(str(resp.url), bytes(buf), resp.charset_encoding, resp.headers.get("content-type"))
    except httpx.TooManyRedirects:
        raise FetchError(
            f"more than {MAX_REDIRECTS} redirects (a redirect loop?)",
            hint="open the URL in a browser to see where it leads",
            source=url,
        ) from None
    except httpx.TimeoutException:
        raise FetchError(
            f"no answer from {host} within {options.url_timeout:g} s",
            hint="try again later, or raise the URL timeout",
            source=url,
        ) from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
        raise FetchError(f"not a valid URL ({e})", hint="check the URL", source=url) from None
    except httpx.TransportError as e:
        raise FetchError(
            f"could not connect to {host} ({type(e).__name__})",
            hint="check the URL or your network",
            source=url,
        ) from None
    except httpx.HTTPError as e:
        raise FetchError(f"the fetch failed ({type(e).__name__}: {e})", hint="check the URL", source=url) from None
