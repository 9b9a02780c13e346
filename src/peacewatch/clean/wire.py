"""The ``clean`` stage: wire-story structure, with every cleaned character mapped back to the raw text.

``clean_document(doc, options) -> Article``. The cleaned text is ``headline + "\\n\\n" + body``.
Characters copied from the raw text are recorded as ``OffsetMap`` segments; characters that
cleaning inserted (paragraph breaks, the single space that replaces a run of whitespace when the
run has no plain space, a headline taken from metadata) lie between segments. Every stretch of
content that cleaning removed is recorded as a ``Removal`` with a label:

    header-date, footer-date, navigation, boilerplate, disclaimer, identifier, trailer,
    source-tag, dateline, paragraph-join (KCNA ", ," runs), control (control characters),
    noise (a run of NOISE_RUN or more punctuation marks or symbols with no letter, digit or space:
    dividers, or garbage such as 100,000 brackets, which no sentence holds and which the tokenizer
    reads in time quadratic in the run's length)

Whitespace that is only collapsed is not recorded. The furniture is described by the table
``data/clean/wire.tsv`` (format: docs/CLEANING.md); users add rules with ``DIR/clean/wire.tsv`` in
a ``--dictionaries DIR``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DictionaryError
from ..model import Article, OffsetMap, RawDocument, Removal, stable_hash
from .dates import MON, parse_date_line

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Options

# --- tables --------------------------------------------------------------------------------------

_KINDS = {
    "source_tag": 3,
    "identifier": 3,
    "nav": 2,
    "disclaimer": 2,
    "boilerplate_line": 2,
    "trailer": 2,
}


@dataclass(frozen=True)
class IdentifierRule:
    name: str
    regex: re.Pattern[str]
    has_date: bool


@dataclass(frozen=True)
class Tables:
    """The cleaning table, compiled."""

    source_tags: dict[str, str]
    identifiers: tuple[IdentifierRule, ...]
    nav: re.Pattern[str] | None
    disclaimer: re.Pattern[str] | None
    boilerplate: re.Pattern[str] | None
    trailer: re.Pattern[str] | None
    files: tuple[str, ...] = ()


def _builtin_table_path() -> Path:
    return Path(str(resources.files("peacewatch").joinpath("data", "clean", "wire.tsv")))


def read_table(path: Path) -> list[tuple[str, list[str], str]]:
    """Rows ``(kind, fields, "file:line")`` of a cleaning table; raises DictionaryError naming file:line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DictionaryError(
            f"cannot read cleaning table ({err.__class__.__name__})",
            hint="give a readable UTF-8 TSV file (see docs/CLEANING.md)",
            source=str(path),
        ) from None
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{n}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.rstrip("\r\n").split("\t")
        kind = parts[0].strip()
        if kind not in _KINDS:
            raise DictionaryError(
                f"unknown rule kind {kind!r}",
                hint="use one of " + ", ".join(sorted(_KINDS)) + " followed by TAB-separated fields",
                source=where,
            )
        want = _KINDS[kind]
        if len(parts) != want or any(not p.strip() for p in parts):
            raise DictionaryError(
                f"rule {kind!r} needs {want - 1} non-empty TAB-separated field(s), found {len(parts) - 1}",
                hint="separate the fields with one TAB character (see docs/CLEANING.md)",
                source=where,
            )
        fields_ = [p.strip() for p in parts[1:]]
        if kind in ("identifier", "disclaimer", "boilerplate_line", "trailer"):
            pattern = fields_[-1]
            try:
                rx = re.compile(pattern, re.IGNORECASE)
            except re.error as err:
                raise DictionaryError(
                    f"bad regular expression {pattern!r}: {err}", hint="fix the pattern (Python re syntax)", source=where
                ) from None
            if kind == "identifier":
                groups = set(rx.groupindex)
                if groups & {"dd", "mm", "yyyy"} and not {"dd", "mm", "yyyy"} <= groups:
                    raise DictionaryError(
                        "identifier pattern names some but not all of the groups dd, mm, yyyy",
                        hint="name all three date groups or none",
                        source=where,
                    )
        rows.append((kind, fields_, where))
    return rows


def compile_tables(rows: list[tuple[str, list[str], str]], files: tuple[str, ...] = ()) -> Tables:
    tags: dict[str, str] = {}
    idents: list[IdentifierRule] = []
    nav: list[str] = []
    disc: list[str] = []
    boiler: list[str] = []
    trail: list[str] = []
    for kind, f, _where in rows:
        if kind == "source_tag":
            tags[" ".join(f[0].split()).casefold()] = f[1]
        elif kind == "identifier":
            rx = re.compile(f[1], re.IGNORECASE)
            idents.append(IdentifierRule(f[0], rx, {"dd", "mm", "yyyy"} <= set(rx.groupindex)))
        elif kind == "nav":
            nav.append(r"\s+".join(re.escape(w) for w in f[0].split()))
        elif kind == "disclaimer":
            disc.append(f[0])
        elif kind == "boilerplate_line":
            boiler.append(f[0])
        elif kind == "trailer":
            trail.append(f[0])

    def alt(pats: list[str], full: bool) -> re.Pattern[str] | None:
        if not pats:
            return None
        body = "|".join(f"(?:{p})" for p in pats)
        return re.compile(rf"(?:{body})\s*$" if full else rf"(?:{body})", re.IGNORECASE)

    nav_rx = None
    if nav:
        words = "|".join(sorted(nav, key=len, reverse=True))
        nav_rx = re.compile(rf"[\W_]*(?:(?:{words})(?!\w)[\W_]*)+", re.IGNORECASE)
    return Tables(tags, tuple(idents), nav_rx, alt(disc, False), alt(boiler, True), alt(trail, True), files)


_CACHE: dict[tuple[Any, ...], Tables] = {}


def load_tables(options: "Options | None" = None) -> Tables:
    """The built-in cleaning table plus ``DIR/clean/wire.tsv`` of every ``options.dictionaries`` DIR."""
    extra: list[Path] = []
    for d in getattr(options, "dictionaries", ()) or ():
        p = Path(d)
        cand = p / "clean" / "wire.tsv" if p.is_dir() else None
        if cand is not None and cand.is_file():
            extra.append(cand)
    key_parts: list[Any] = []
    for p in extra:
        try:
            key_parts.append((str(p), p.stat().st_mtime_ns))
        except OSError:
            key_parts.append((str(p), 0))
    key = tuple(key_parts)
    t = _CACHE.get(key)
    if t is None:
        builtin = _builtin_table_path()
        rows = read_table(builtin)
        for p in extra:
            rows.extend(read_table(p))
        t = compile_tables(rows, (str(builtin), *map(str, extra)))
        _CACHE[key] = t
    return t


# --- text pieces with offsets ----------------------------------------------------------------------

_TOKEN = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u200b\u2060\ufeff]+")
NOISE_RUN = 64
"""Punctuation marks or symbols in a row (no letter, digit or space) from which the run is noise."""
_NOISE = re.compile(r"(?:[^\w\s]|_){%d,}" % NOISE_RUN)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b\u2060\ufeff]+")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
# KCNA 2011: paragraphs joined by runs of ", ," (two or more commas, some separated by blanks).
# (the lookbehind makes a match start only where a run of blanks and commas starts: linear time)
_COMMA_RUN = re.compile(
    r"(?<![ \t\u00a0,])[ \t\u00a0]*+(?=,*+[ \t\u00a0\r\n]++,),(?:[ \t\u00a0\r\n]*+,)++[ \t\u00a0]*+"
)
# In a text that has such runs, a lone comma after a sentence end, then two blanks and a capital,
# is a join too (one empty paragraph fewer): "... on the same day.,  The message said".
_COMMA_JOIN = re.compile(_COMMA_RUN.pattern + r"|(?<=[.!?:])[ \t]?,[ \t]{2,}(?=[\"“A-Z])")


class _Piece:
    """Text plus ``(clean_start, raw_start, length)`` segments relative to the text."""

    __slots__ = ("text", "segs")

    def __init__(self, text: str = "", segs: list[tuple[int, int, int]] | None = None):
        self.text = text
        self.segs = segs or []

    def slice(self, a: int, b: int) -> "_Piece":
        a = max(0, a)
        b = min(len(self.text), b)
        if a >= b:
            return _Piece()
        out = []
        for cs, rs, ln in self.segs:
            lo = max(cs, a)
            hi = min(cs + ln, b)
            if lo < hi:
                out.append((lo - a, rs + lo - cs, hi - lo))
        return _Piece(self.text[a:b], out)

    def strip(self) -> "_Piece":
        t = self.text
        a = len(t) - len(t.lstrip())
        b = len(t.rstrip())
        if a == 0 and b == len(t):
            return self
        return self.slice(a, b)

    def raw_range(self, a: int = 0, b: int | None = None) -> tuple[int, int] | None:
        """Raw span from the first to the last copied character inside ``[a, b)``."""
        b = len(self.text) if b is None else b
        lo = hi = None
        for cs, rs, ln in self.segs:
            s = max(cs, a)
            e = min(cs + ln, b)
            if s < e:
                if lo is None:
                    lo = rs + s - cs
                hi = rs + e - cs
        return None if lo is None or hi is None else (lo, hi)


class _Builder:
    __slots__ = ("parts", "segs", "n")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segs: list[list[int]] = []
        self.n = 0

    def insert(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.n += len(s)

    def _seg(self, cs: int, rs: int, ln: int) -> None:
        if ln <= 0:
            return
        if self.segs:
            last = self.segs[-1]
            if last[0] + last[2] == cs and last[1] + last[2] == rs:
                last[2] += ln
                return
        self.segs.append([cs, rs, ln])

    def copy(self, raw: str, a: int, b: int) -> None:
        if b > a:
            self._seg(self.n, a, b - a)
            self.parts.append(raw[a:b])
            self.n += b - a

    def add(self, piece: _Piece) -> None:
        for cs, rs, ln in piece.segs:
            self._seg(self.n + cs, rs, ln)
        self.parts.append(piece.text)
        self.n += len(piece.text)

    def piece(self) -> _Piece:
        return _Piece("".join(self.parts), [tuple(s) for s in self.segs])  # type: ignore[misc]


def _build(raw: str, spans: list[tuple[int, int]]) -> _Piece:
    """Copy the tokens of the raw spans, one space between tokens; control characters dropped."""
    b = _Builder()
    for rs, re_ in spans:
        prev: int | None = None
        for m in _TOKEN.finditer(raw, rs, re_):
            a, e = m.span()
            if b.n:
                if prev is None:
                    b.insert(" ")
                else:
                    j = raw.find(" ", prev, a)
                    if j >= 0:
                        b.copy(raw, j, j + 1)
                    elif any(c.isspace() for c in raw[prev:a]):
                        b.insert(" ")
            b.copy(raw, a, e)
            prev = e
    return b.piece()


def _join(pieces: list[_Piece], sep: str) -> _Piece:
    b = _Builder()
    for i, p in enumerate(pieces):
        if i:
            b.insert(sep)
        b.add(p)
    return b.piece()


@dataclass
class _Line:
    spans: list[tuple[int, int]]
    piece: _Piece
    indent: bool = False

    @property
    def text(self) -> str:
        return self.piece.text


@dataclass
class _Para:
    lines: list[_Line]
    blank_after: bool = False
    _piece: _Piece | None = None

    @property
    def piece(self) -> _Piece:
        if self._piece is None:
            self._piece = _join([ln.piece for ln in self.lines], " ")
        return self._piece

    @piece.setter
    def piece(self, p: _Piece) -> None:
        self._piece = p

    @property
    def text(self) -> str:
        return self.piece.text


@dataclass
class _State:
    raw: str
    tables: Tables
    removals: list[Removal] = field(default_factory=list)

    def remove_range(self, label: str, rs: int, re_: int) -> None:
        if re_ > rs:
            self.removals.append(Removal(label, rs, re_, self.raw[rs:re_]))

    def remove_line(self, label: str, line: _Line) -> None:
        r = line.piece.raw_range()
        if r:
            self.remove_range(label, *r)


# --- structure ---------------------------------------------------------------------------------------


def _subtract(span: tuple[int, int], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    a, b = span
    for c0, c1 in cuts:
        if c1 <= a or c0 >= b:
            continue
        if c0 > a:
            out.append((a, c0))
        a = max(a, c1)
    if a < b:
        out.append((a, b))
    return out


def _kcna_shaped(raw: str) -> bool:
    """Two or more ", ," runs, or one that ends the text: paragraphs joined the KCNA 2011 way."""
    runs = _COMMA_RUN.finditer(raw)
    first = next(runs, None)
    if first is None:
        return False
    return next(runs, None) is not None or not raw[first.end() :].strip(" ,\t\n\r")


def _lines(st: _State, cuts: list[tuple[int, int]]) -> list[_Line | None]:
    """Lines of the raw text (None for a blank line); KCNA comma runs become blank lines."""
    raw = st.raw
    items: list[_Line | None] = []
    # chunks of the raw text between KCNA comma joins (a join may run over a line break)
    chunks: list[tuple[int, int]] = []
    pos = 0
    if _kcna_shaped(raw):
        for m in _COMMA_JOIN.finditer(raw):
            a, b = m.span()
            keep_first = raw.startswith(",,", a)  # "Dear Comrade,, , I": the first comma is text
            cut_from = a + 1 if keep_first else a
            chunks.append((pos, cut_from))
            st.remove_range("paragraph-join", cut_from, b)
            pos = b
    chunks.append((pos, len(raw)))
    ci = 0
    for k, (ca, cb) in enumerate(chunks):
        if k:
            items.append(None)
        bounds = []
        ls = ca
        for m in _LINE_BREAK.finditer(raw, ca, cb):
            bounds.append((ls, m.start()))
            ls = m.end()
        bounds.append((ls, cb))
        for a, b in bounds:
            while ci < len(cuts) and cuts[ci][1] <= a:
                ci += 1
            spans = _subtract((a, b), cuts[ci:]) if ci < len(cuts) and cuts[ci][0] < b else [(a, b)]
            piece = _build(raw, spans) if spans else _Piece()
            if not piece.text:
                items.append(None)
                continue
            indent = raw.startswith(("  ", "\t"), a)
            items.append(_Line(spans, piece, indent))
    return items


def _content_indices(items: list[_Line | None]) -> list[int]:
    return [i for i, it in enumerate(items) if it is not None]


def _is_nav(t: Tables, text: str) -> bool:
    return bool(t.nav and len(text) <= 120 and t.nav.fullmatch(text))


def _standalone(items: list[_Line | None], i: int, wrapped: bool) -> bool:
    """In hard-wrapped text a line is a paragraph of its own only after a blank line, an indented
    start or a line that ends a sentence; otherwise it continues the paragraph above ("a\nshare.")."""
    if not wrapped or i == 0:
        return True
    it, prev = items[i], items[i - 1]
    if prev is None or (it is not None and it.indent):
        return True
    return prev.text[-1:] in ".!?:\"”’)"


def _top_edge(
    st: _State, items: list[_Line | None], start: int, dates_only: bool = False, wrapped: bool = False
) -> None:
    t = st.tables
    date_lines = 0
    for i in range(start, len(items)):
        it = items[i]
        if it is None:
            continue
        text = it.text
        if not _standalone(items, i, wrapped):
            return
        if date_lines < 3 and parse_date_line(text):
            st.remove_line("header-date", it)
            date_lines += 1
        elif not dates_only and _is_nav(t, text):
            st.remove_line("navigation", it)
        elif not dates_only and t.boilerplate and len(text) <= 300 and t.boilerplate.match(text):
            st.remove_line("boilerplate", it)
        else:
            return
        items[i] = None


_INLINE_TRAILER = re.compile(r"(?:(?<=[.!?\"”’)])\s+(?:Reuter|REUTER|reuter)|\s+REUTER)[^\w\n]*$")


def _bottom_edge(st: _State, items: list[_Line | None], wrapped: bool = False) -> None:
    t = st.tables
    for i in range(len(items) - 1, -1, -1):
        it = items[i]
        if it is None:
            continue
        text = it.text
        alone = _standalone(items, i, wrapped)
        if t.trailer and len(text) <= 40 and t.trailer.match(text):
            label = "trailer"
        elif not alone:
            label = ""
        elif _is_nav(t, text):
            label = "navigation"
        elif t.boilerplate and len(text) <= 300 and t.boilerplate.match(text):
            label = "boilerplate"
        elif parse_date_line(text):
            label = "footer-date"
        else:
            label = ""
        if not label:
            m = _INLINE_TRAILER.search(text)
            if m and m.start() > 0:
                r = it.piece.raw_range(m.start(), len(text))
                if r:
                    st.remove_range("trailer", *r)
                it.piece = it.piece.slice(0, m.start()).strip()
            return
        st.remove_line(label, it)
        items[i] = None


def _disclaimers(st: _State, items: list[_Line | None], wrapped: bool) -> bool:
    t = st.tables
    if not t.disclaimer:
        return False
    idx = _content_indices(items)
    for k in idx[1:]:
        it = items[k]
        assert it is not None
        if wrapped and not (items[k - 1] is None or it.indent):
            continue
        if t.disclaimer.match(it.text):
            first = it.piece.raw_range()
            last_line = items[idx[-1]]
            last = last_line.piece.raw_range() if last_line else None
            if first and last:
                st.remove_range("disclaimer", first[0], max(last[1], first[1]))
            for j in range(k, len(items)):
                items[j] = None
            return True
    return False


def _is_wrapped(items: list[_Line | None]) -> bool:
    """Hard-wrapped text (Reuters 1987, e-mail): single newlines are line wraps, not paragraphs."""
    cont = noterm = 0
    lens = []
    for i, it in enumerate(items):
        if it is None:
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt is not None:
            cont += 1
            t = it.text
            lens.append(len(t))
            if t[-1] not in ".!?:\"”'’)":
                noterm += 1
    if cont < 2 or noterm * 2 < cont:
        return False
    lens.sort()
    return lens[-1] <= 100 and lens[len(lens) // 2] >= 25


def _paragraphs(items: list[_Line | None], wrapped: bool) -> list[_Para]:
    paras: list[_Para] = []
    cur: _Para | None = None
    for it in items:
        if it is None:
            if cur is not None:
                cur.blank_after = True
                cur = None
            continue
        if cur is None or not wrapped or it.indent:
            cur = _Para([it])
            paras.append(cur)
        else:
            cur.lines.append(it)
    return [p for p in paras if p.text]


def _norm_title(s: str) -> str:
    return re.sub(r"[\W_]+", " ", s.casefold()).strip()


def _headline_shaped(text: str) -> bool:
    if not (2 <= len(text) <= 200) or len(text.split()) > 30:
        return False
    if text[-1] in ".,;:" and not text.endswith("..."):
        return False
    if text[0] == "(" or not any(c.isalpha() for c in text):
        return False
    return True


_TAG_SPLIT = re.compile(r"\s*[-–—/]\s*")


def _tag_source(t: Tables, inner: str) -> str | None:
    inner = " ".join(inner.split())
    name = t.source_tags.get(inner.casefold())
    if name:
        return name
    head = _TAG_SPLIT.split(inner, maxsplit=1)[0]
    name = t.source_tags.get(head.casefold())
    if name:
        return name
    if re.fullmatch(r"[A-Z]{2,8}", head):
        return head
    return None


_SOURCE_TAG = re.compile(r"\(\s*(?P<inner>[^()\n]{1,80}?)\s*\)\s*(?:--|[-–—:])?(?:\s+|$)")
_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w'’.&]*(?:[ -][A-Za-z][\w'’.&]*){0,4}?)"
    rf"(?:,\s*(?P<date>(?:(?:{MON})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MON})\.?)(?:,\s*\d{{4}})?))?"
    r"\s*(?:\(\s*(?P<inner>[^()\n]{1,80}?)\s*\))?"
    r"\s*(?P<dash>--|-|–|—|:)(?:\s+|$)"
)


def _body_start(st: _State, piece: _Piece) -> tuple[_Piece, str | None, str | None]:
    """Remove a dateline and/or source tag from the start of the first body paragraph."""
    t = st.tables
    text = piece.text
    m = _DATELINE.match(text)
    if m:
        place, date, inner, dash = m["place"], m["date"], m["inner"], m["dash"]
        source = _tag_source(t, inner) if inner else None
        ok = False
        if inner:
            ok = source is not None
        elif date:
            ok = place.isupper() or dash in ("--", "—", "–")
        else:
            ok = place.isupper() and len(place) >= 3 and dash in ("--", "—", "–")
        if ok:
            r = piece.raw_range(0, m.end())
            if r:
                st.remove_range("dateline", *r)
            dateline = place.strip() + (f", {' '.join(date.split())}" if date else "")
            return piece.slice(m.end(), len(text)).strip(), source, dateline
    m = _SOURCE_TAG.match(text)
    if m:
        source = _tag_source(t, m["inner"])
        if source:
            r = piece.raw_range(0, m.end())
            if r:
                st.remove_range("source-tag", *r)
            return piece.slice(m.end(), len(text)).strip(), source, None
    return piece, None, None


# --- the stage ------------------------------------------------------------------------------------------


def _meta_str(meta: dict[str, Any], key: str) -> str | None:
    v = meta.get(key)
    if v is None:
        return None
    s = " ".join(_CONTROL.sub("", str(v)).split())
    if "," in s and _COMMA_RUN.search(s):  # KCNA titles carry the same ", ," joins
        s = " ".join(_COMMA_RUN.sub(" ", s).split()).strip(" ,")
    return s or None


def clean_document(doc: RawDocument, options: "Options | None" = None) -> Article:
    """Clean one raw document: headline, body, source, dateline, identifiers; offsets and removals."""
    tables = load_tables(options)
    raw = doc.raw_text if isinstance(doc.raw_text, str) else str(doc.raw_text or "")
    meta = dict(doc.meta or {})
    st = _State(raw, tables)

    # identifiers, wherever they stand
    cuts: list[tuple[int, int]] = []
    source_id: str | None = None
    for rule in tables.identifiers:
        for m in rule.regex.finditer(raw):
            if m.end() > m.start() and not any(a < m.end() and m.start() < b for a, b in cuts):
                cuts.append(m.span())
                st.remove_range("identifier", *m.span())
                if source_id is None:
                    source_id = m.group(0)
    for m in _NOISE.finditer(raw):
        if not any(a < m.end() and m.start() < b for a, b in cuts):
            cuts.append(m.span())
            st.remove_range("noise", *m.span())
    cuts.sort()
    merged: list[tuple[int, int]] = []
    for c in cuts:
        if merged and c[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], c[1]))
        else:
            merged.append(c)

    items = _lines(st, merged)

    # edges: header date lines and navigation at the top; trailers, navigation, disclaimers below
    wrapped = _is_wrapped(items)
    _top_edge(st, items, 0, wrapped=wrapped)
    idx = _content_indices(items)
    if idx:
        first = items[idx[0]]
        assert first is not None
        if _headline_shaped(first.text):
            _top_edge(st, items, idx[0] + 1, dates_only=True, wrapped=wrapped)
    _bottom_edge(st, items, wrapped)
    if _disclaimers(st, items, wrapped):
        _bottom_edge(st, items, wrapped)

    paras = _paragraphs(items, wrapped)

    # headline
    title_meta = _meta_str(meta, "title")
    head: _Piece | None = None
    if len(paras) >= 2:
        p0 = paras[0]
        if _headline_shaped(p0.text):
            if title_meta is None and p0.blank_after:
                head = p0.piece
            elif title_meta is not None and _norm_title(p0.text) == _norm_title(title_meta):
                head = p0.piece
            if head is not None:
                paras.pop(0)
    elif len(paras) == 1 and title_meta is not None and _norm_title(paras[0].text) == _norm_title(title_meta):
        head = paras.pop(0).piece

    # source tag and dateline at the start of the body
    source: str | None = None
    dateline: str | None = None
    if paras:
        piece, source, dateline = _body_start(st, paras[0].piece)
        paras[0].piece = piece
        if dateline is None and source is not None and len(paras) > 0 and piece.text:
            # "(MENAFN) SEOUL, Sept 24 --": a dateline after the tag
            piece2, source2, dateline2 = _body_start(st, piece)
            if dateline2:
                paras[0].piece = piece2
                dateline = dateline2
                source = source or source2
        paras = [p for p in paras if p.text]

    # assemble
    b = _Builder()
    title: str | None = None
    if head is not None:
        b.add(head)
        title = title_meta or head.text
        b.insert("\n\n")
    elif title_meta:
        b.insert(title_meta)
        title = title_meta
        b.insert("\n\n")
    body_start = b.n
    for k, p in enumerate(paras):
        if k:
            b.insert("\n\n")
        b.add(p.piece)
    out = b.piece()

    # control characters left in the raw text and not inside another removal
    if _CONTROL.search(raw):
        # the union of the removed stretches, as sorted disjoint intervals
        spans: list[tuple[int, int]] = []
        for a, e in sorted((r.raw_start, r.raw_end) for r in st.removals):
            if spans and a <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], e))
            else:
                spans.append((a, e))
        starts = [a for a, _ in spans]
        for m in _CONTROL.finditer(raw):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or spans[i][1] < m.end():
                st.remove_range("control", *m.span())

    body = out.text[body_start:]
    art_id = _meta_str(meta, "id") or stable_hash(" ".join(body.split()))
    if source is None:
        source = _meta_str(meta, "source")
    if dateline is None:
        dl = _meta_str(meta, "dateline")
        if dl:
            dateline = dl.strip(" -–—:") or None
    url = _meta_str(meta, "url") or _meta_str(meta, "link")
    st.removals.sort(key=lambda r: (r.raw_start, r.raw_end))
    return Article(
        article_id=art_id,
        origin=doc.origin,
        kind=doc.kind,
        raw_text=raw,
        text=out.text,
        body_start=body_start,
        title=title,
        source=source,
        source_id=source_id,
        url=url,
        dateline=dateline,
        offsets=OffsetMap(list(out.segs)),
        removed=st.removals,
        meta=meta,
    )
