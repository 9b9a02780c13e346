"""HTML pages: main text through trafilatura (offline), metadata from the markup, a plain
<p>/<body> fallback. Script and style content never reaches the text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from ..errors import EmptyInput
from ..model import RawDocument
from ._fields import add_source_from_url

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object"})
_BLOCK = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "blockquote", "pre", "header", "footer", "dd", "dt", "figcaption", "hr",
})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"})


class _Collector(HTMLParser):
    """Metadata and a fallback text from one pass over the markup (tolerant, stdlib)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title_parts: list[str] = []
        self.jsonld: list[str] = []
        self.times: list[str] = []
        self.paragraphs: list[str] = []
        self.body_parts: list[str] = []
        self._stack: list[str] = []
        self._skip = 0
        self._in_title = False
        self._in_jsonld = False
        self._jsonld_buf: list[str] = []
        self._p: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.canonical = self.canonical or a["href"].strip()
            return
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"].strip())
        if tag == "title" and not self._skip_outside_head():
            self._in_title = True
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self._in_jsonld = True
            self._jsonld_buf = []
        if tag in _VOID:
            if tag in _BLOCK and not self._skip:
                self._newline()
            return
        if tag in _SKIP:
            self._skip += 1
        self._stack.append(tag)
        if tag in _BLOCK and not self._skip:
            self._newline()
        if tag == "p" and not self._skip:
            self._p = []

    def _skip_outside_head(self) -> bool:
        return any(t in ("svg", "math") for t in self._stack)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "script" and self._in_jsonld:
            self._in_jsonld = False
            self.jsonld.append("".join(self._jsonld_buf))
        if tag not in self._stack:
            return
        while self._stack:
            t = self._stack.pop()
            if t in _SKIP:
                self._skip -= 1
            if t == "p" and self._p is not None:
                para = " ".join("".join(self._p).split())
                if para:
                    self.paragraphs.append(para)
                self._p = None
            if t == tag:
                break
        if tag in _BLOCK and not self._skip:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        if self._in_jsonld:
            self._jsonld_buf.append(data)
        if self._skip:
            return
        self.body_parts.append(data)
        if self._p is not None:
            self._p.append(data)

    def _newline(self) -> None:
        self.body_parts.append("\n")

    def text(self) -> str:
        lines = (" ".join(ln.split()) for ln in "".join(self.body_parts).split("\n"))
        return "\n".join(ln for ln in lines if ln)


def collect(html: str) -> _Collector:
    c = _Collector()
    try:
        c.feed(html)
        c.close()
    except (AssertionError, ValueError):  # HTMLParser on pathological markup
        pass
    return c


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (feed entry content): tags dropped, entities decoded, script and
    style content dropped, one line per block element."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    return collect(fragment).text()


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    return m.group(1) if m else None


def _jsonld_date(blocks: list[str]) -> str | None:
    def walk(node: Any) -> str | None:
        if isinstance(node, dict):
            v = node.get("datePublished")
            if isinstance(v, str) and v.strip():
                return v.strip()
            for child in node.values():
                found = walk(child)
                if found:
                    return found
        elif isinstance(node, list):
            for child in node:
                found = walk(child)
                if found:
                    return found
        return None

    for block in blocks:
        try:
            found = walk(json.loads(block))
        except ValueError:
            continue
        if found:
            return found
    return None


def _trafilatura(html: str, url: str | None) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception:  # noqa: BLE001 - a third-party extractor failing on hostile markup: fall back
        return None


def read_html(origin: str, html: str, extra_meta: dict[str, Any], url: str | None = None) -> RawDocument:
    c = collect(html)
    tdoc = _trafilatura(html, url)
    text = (getattr(tdoc, "text", None) or "").strip() if tdoc is not None else ""
    meta: dict[str, Any] = dict(extra_meta)
    if text:
        meta["extraction"] = "trafilatura"
    else:
        text = "\n\n".join(c.paragraphs).strip()
        if text:
            meta["extraction"] = "paragraphs"
        else:
            text = c.text().strip()
            meta["extraction"] = "body"
    if not text:
        raise EmptyInput(
            "the HTML page has no readable text (neither trafilatura nor the <p>/<body> fallback found any)",
            hint="give the article's own page, not an index or a script-only page",
            source=origin,
        )
    m = c.meta
    title = m.get("og:title") or (getattr(tdoc, "title", None) if tdoc is not None else None) or " ".join("".join(c.title_parts).split())
    if title:
        meta["title"] = title.strip()
    candidates = [
        ("article:published_time", m.get("article:published_time")),
        ("meta date", m.get("date") or m.get("dc.date") or m.get("dc.date.issued") or m.get("pubdate") or m.get("publishdate")),
        ("json-ld datePublished", _jsonld_date(c.jsonld)),
        ("time datetime", c.times[0] if c.times else None),
        ("trafilatura", getattr(tdoc, "date", None) if tdoc is not None else None),
    ]
    for basis, value in candidates:
        if value:
            iso = _iso(value)
            meta["published"] = iso or value
            if iso and iso != value:
                meta["published_raw"] = value
            meta["published_basis"] = basis
            break
    page_url = c.canonical or m.get("og:url") or (getattr(tdoc, "url", None) if tdoc is not None else None)
    if url:
        meta["url"] = url
        if page_url and page_url != url:
            meta["canonical_url"] = page_url
    elif page_url:
        meta["url"] = page_url
    site = m.get("og:site_name") or (getattr(tdoc, "sitename", None) if tdoc is not None else None)
    if site:
        meta["source"] = site.strip()
    add_source_from_url(meta)
    return RawDocument(origin=origin, kind="html", raw_text=text, meta=meta, html=html)
