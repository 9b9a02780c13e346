"""Quotation marks: where direct quotations open and close in an article's text.

    pair_quotes(text) -> list[Raw]

Straight and curly double quotes (``"`` ``“ ”`` ``„`` ``« »``) and, outside them, single quotes
(``'`` ``‘ ’``; an apostrophe such as ``U.N.'s`` or ``Lee’s`` is never taken for a quote mark). A
quotation that runs over several paragraphs (no closing mark at the end of a paragraph, an opening
mark at the start of the next) gives one Raw per paragraph, sharing a ``group``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A paragraph break in the cleaned text: a blank line.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*")

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
CLOSE_FOLLOW = set(".,;:!?)]}—–-…\"”'’")
OPEN_PRECEDE = set("([{—–-/:")


def _straight_role(text: str, i: int) -> str:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    can_open = (prev.isspace() or prev in OPEN_PRECEDE) and not nxt.isspace()
    can_close = (nxt.isspace() or nxt in CLOSE_FOLLOW) and not prev.isspace()
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


_DOUBLE_MARK = re.compile('[' + DOUBLE_OPEN + DOUBLE_CLOSE + '"]')
_SINGLE_MARK = re.compile("['‘’]")


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    marks = []
    for m in _DOUBLE_MARK.finditer(text, lo, hi):  # the mark characters only, not every character
        i = m.start()
        c = text[i]
        if c in DOUBLE_OPEN:
            marks.append((i, "open"))
        elif c in DOUBLE_CLOSE:
            marks.append((i, "close"))
        elif c == '"':
            marks.append((i, _straight_role(text, i)))
    return marks


def _single_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    marks = []
    for m in _SINGLE_MARK.finditer(text, lo, hi):
        i = m.start()
        c = text[i]
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if c == "‘" or (c == "'" and (prev.isspace() or prev in OPEN_PRECEDE) and nxt.isalnum()):
            marks.append((i, "open"))
        elif not prev.isspace() and (nxt.isspace() or nxt in CLOSE_FOLLOW) and not prev.isalnum() or (
            prev.isalnum() and (nxt.isspace() or nxt in CLOSE_FOLLOW)
        ):
            marks.append((i, "close"))
    return marks


@dataclass
class _Raw:
    open: int  # position of the opening mark (or of the first character for a block quote)
    close: int  # position of the closing mark (or the end of the paragraph)
    group: int  # segments of one multi-paragraph quotation share a group
    block: bool = False  # a block after "X said:" with no marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _pair_doubles(text: str, paras: list[tuple[int, int]]) -> list[_Raw]:
    out: list[_Raw] = []
    group = 0
    carry = False  # an unclosed quotation that continues into this paragraph
    for pi, (lo, hi) in enumerate(paras):
        marks = _double_marks(text, lo, hi)
        open_at: int | None = None
        if carry and marks and marks[0][0] == lo + _lead_ws(text, lo, hi) and marks[0][1] != "close":
            open_at = marks[0][0]
            marks = marks[1:]
        else:
            carry = False
            group += 1
        for pos, role in marks:
            if role == "open" or (role == "either" and open_at is None):
                if open_at is None:
                    open_at = pos
                    if not carry:
                        group += 1
                    carry = False
                else:  # a second opening mark: the first was never closed; start again here
                    open_at = pos
                    group += 1
            else:  # close, or either while open
                if open_at is not None:
                    out.append(_Raw(open_at, pos, group))
                    open_at = None
                    carry = False
        carry = False
        if open_at is not None:
            # unclosed at the end of the paragraph: a multi-paragraph quotation if the next
            # paragraph opens with a mark of the same family
            if pi + 1 < len(paras):
                nlo, nhi = paras[pi + 1]
                first = nlo + _lead_ws(text, nlo, nhi)
                if first < nhi and (text[first] in DOUBLE_OPEN or text[first] == '"'):
                    end = hi
                    while end > open_at + 1 and text[end - 1].isspace():
                        end -= 1
                    out.append(_Raw(open_at, end, group))
                    carry = True
    return out


def _lead_ws(text: str, lo: int, hi: int) -> int:
    n = 0
    while lo + n < hi and text[lo + n].isspace():
        n += 1
    return n


def _pair_singles(text: str, paras: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[_Raw]:
    out = []
    for lo, hi in paras:
        marks = [(p, r) for p, r in _single_marks(text, lo, hi) if not _inside(p, taken)]
        open_at = None
        for pos, role in marks:
            if role == "open":
                open_at = pos
            elif open_at is not None and pos - open_at <= 400 and not _crosses(open_at, pos, taken):
                out.append(_Raw(open_at, pos, -pos))
                open_at = None
    return out


def _inside(p: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= p <= b for a, b in spans)


def _crosses(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < s < b or a < e < b for s, e in spans)




def paragraphs(text: str) -> list[tuple[int, int]]:
    return _paragraphs(text)


def pair_quotes(text: str) -> list[_Raw]:
    """Every quotation of ``text`` (doubles first; singles outside them), in text order."""
    paras = _paragraphs(text)
    doubles = _pair_doubles(text, paras)
    taken = [(r.open, r.close) for r in doubles]
    singles = _pair_singles(text, paras, taken)
    return sorted(doubles + singles, key=lambda r: r.open)


Raw = _Raw
