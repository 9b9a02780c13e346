"""The ``sentences`` stage: a fast rule-based splitter for news English.

``split_sentences(text, body_start=0) -> list[Sentence]``. The headline (``text[:body_start]``) is
sentence 0; paragraph breaks (a blank line) always end a sentence. Inside a paragraph a sentence
ends at ``.``, ``!``, ``?`` or an ellipsis, plus any closing quotes or brackets right after it,
when whitespace and a plausible sentence start follow. Abbreviations are read from
``data/clean/abbreviations.tsv``:

* ``title`` (Mr., Dr., Gen., Lt. ...) never end a sentence;
* ``number`` (No., Vol., Art. ...) and ``month`` (Sept., Dec. ...) do not when a number follows;
* ``ambiguous`` (Inc., Corp., Jr. ...), single capital initials (``S. Korea``, ``George W. Bush``),
  dotted acronyms (``U.S.``, ``U.N.``, ``a.m.``) and ellipses end a sentence only when the next
  word is a usual sentence opener (``The``, ``He``, ``But`` ...; table kind ``starter``) or an
  opening quote.

A lowercase next word never starts a sentence ("exchange … normalization" stays one sentence).
Sentences carry ``start``/``end`` offsets into ``text`` with ``text[start:end] == sentence.text``.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ..errors import DictionaryError
from ..model import Sentence

_KINDS = ("title", "number", "month", "ambiguous", "starter")


def _load_abbreviations() -> dict[str, frozenset[str]]:
    path = Path(str(resources.files("peacewatch").joinpath("data", "clean", "abbreviations.tsv")))
    return read_abbreviations(path)


def read_abbreviations(path: Path) -> dict[str, frozenset[str]]:
    """``kind -> words`` of an abbreviation table (``KIND<TAB>WORD``); errors name file:line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DictionaryError(f"cannot read abbreviation table ({err.__class__.__name__})", source=str(path)) from None
    out: dict[str, set[str]] = {k: set() for k in _KINDS}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0].strip() not in _KINDS or not parts[1].strip():
            raise DictionaryError(
                f"expected KIND<TAB>WORD with KIND one of {', '.join(_KINDS)}, found {line!r}",
                hint="fix the line (see docs/CLEANING.md)",
                source=f"{path}:{n}",
            )
        kind, word = parts[0].strip(), parts[1].strip()
        out[kind].add(word if kind == "starter" else word.rstrip(".").lower())
    return {k: frozenset(v) for k, v in out.items()}


_ABBR = _load_abbreviations()
TITLES = _ABBR["title"]
NUMBER_ABBR = _ABBR["number"]
MONTH_ABBR = _ABBR["month"]
AMBIGUOUS = _ABBR["ambiguous"]
STARTERS = _ABBR["starter"]

_PARA = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
# (a match starts only where a run of end marks starts, and the runs are possessive: linear time)
_END = re.compile(r"(?<![.!?…])(?P<p>[.!?…]++)(?P<q>[\"'”’»)\]]*+)(?=\s)")
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]*(?P<w>[\w’'-]+)")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_OPENERS = "\"“‘'«([{"


def _prev_token(text: str, start: int, end: int) -> str:
    i = end
    while i > start and not text[i - 1].isspace():
        i -= 1
    return text[i:end].lstrip("\"'“‘«([")


def _is_boundary(text: str, m: re.Match[str], para_start: int, para_end: int) -> bool:
    k = m.end()
    while k < para_end and text[k].isspace():
        k += 1
    if k >= para_end:
        return True
    nxt = text[k]
    if nxt.islower():
        return False
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or (nxt.isalpha() and not nxt.islower())):
        return False
    p, q = m.group("p"), m.group("q")
    if "!" in p or "?" in p:
        return True
    wm = _NEXT_WORD.match(text, k, para_end)
    next_word = wm.group("w") if wm else ""
    starter = next_word in STARTERS or nxt in _OPENERS
    if "…" in p or ".." in p:
        return starter or bool(q)
    if q:  # closing quote or bracket after the period: the sentence is over
        return True
    tok = _prev_token(text, para_start, m.start())
    if not tok:
        return True
    low = tok.lower()
    if low in TITLES:
        return False
    if nxt.isdigit() and (low in NUMBER_ABBR or low in MONTH_ABBR):
        return False
    if (
        low in AMBIGUOUS
        or low in MONTH_ABBR
        or (len(tok) == 1 and tok.isalpha() and tok.isupper())
        or _ACRONYM.fullmatch(tok)
    ):
        return starter
    return True


def _emit(text: str, a: int, b: int, out: list[Sentence]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        out.append(Sentence(len(out), a, b, text[a:b]))


def _split_para(text: str, a: int, b: int, out: list[Sentence]) -> None:
    pos = a
    for m in _END.finditer(text, a, b):
        if m.end() <= pos:
            continue
        if _is_boundary(text, m, a, b):
            _emit(text, pos, m.end(), out)
            pos = m.end()
    _emit(text, pos, b, out)


def split_sentences(text: str, body_start: int = 0) -> list[Sentence]:
    """Sentences of a cleaned article text; the headline ``text[:body_start]`` is sentence 0."""
    if not text:
        return []
    n = len(text)
    body_start = max(0, min(int(body_start or 0), n))
    out: list[Sentence] = []
    if body_start > 0:
        _emit(text, 0, body_start, out)
    pos = body_start
    for m in _PARA.finditer(text, body_start):
        _split_para(text, pos, m.start(), out)
        pos = m.end()
    _split_para(text, pos, n, out)
    return out
