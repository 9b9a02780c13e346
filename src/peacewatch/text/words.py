"""Word lists as data: ``data/words/*.txt``, one copy of each list, validated on load.

    from peacewatch.text.words import words
    words("object-control")        # frozenset of lower-case words (lemmas or phrases)

File format (docs/DICTIONARIES.md, "Word lists")::

    # peacewatch words 1
    [object-control]  verbs whose object does what their infinitive says ("urged Japan to apologize")
    urge ask call request
    press encourage

A list is a ``[name]`` line (lower case, digits, ``-``) with an optional description after it, then
its words on the following lines, separated by spaces; ``_`` joins the words of a phrase
("as_long_as" is "as long as"). ``#`` starts a comment. A name used twice, a word listed twice in
one list, an upper-case or empty list raise ``DictionaryError`` naming ``file:line``.
"""

from __future__ import annotations

import re
import threading
from importlib import resources
from pathlib import Path

from ..errors import DictionaryError

HEADER = "# peacewatch words 1"
_NAME_RE = re.compile(r"^\[([a-z0-9][a-z0-9-]*)\](?:\s+(.*))?$")
_WORD_RE = re.compile(r"^(?=.*[^\W_])[^\sA-Z#\[\]]+$")  # no capitals, spaces, '#' or brackets; a letter or digit

_LOCK = threading.Lock()
_LISTS: dict[str, frozenset[str]] | None = None
_ABOUT: dict[str, str] = {}


def parse_words(text: str, source: str) -> dict[str, tuple[frozenset[str], str]]:
    """``name -> (words, description)`` of one file."""
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if first.strip() != HEADER:
        raise DictionaryError(f"the first line must be '{HEADER}'", source=f"{source}:1")
    out: dict[str, tuple[frozenset[str], str]] = {}
    name: str | None = None
    about = ""
    items: list[str] = []
    where_of: dict[str, str] = {}

    def close() -> None:
        if name is None:
            return
        if not items:
            raise DictionaryError(f"list [{name}] has no words", source=where_of[name])
        out[name] = (frozenset(items), about)

    for n, raw in enumerate(lines, 1):
        where = f"{source}:{n}"
        line = raw.split("#", 1)[0].strip()
        if not line or raw.strip() == HEADER:
            continue
        m = _NAME_RE.match(line)
        if m:
            close()
            name, about, items = m.group(1), (m.group(2) or "").strip(), []
            if name in out or name in where_of:
                raise DictionaryError(f"list [{name}] defined twice (first at {where_of.get(name)})", source=where)
            where_of[name] = where
            continue
        if line.startswith("["):
            raise DictionaryError(f"bad list name {line!r}", hint="write [lower-case-name] and an optional description", source=where)
        if name is None:
            raise DictionaryError("words before any [list] line", source=where)
        for w in line.split():
            if not _WORD_RE.match(w):
                raise DictionaryError(f"bad word {w!r} in [{name}]", hint="lower case; join the words of a phrase with _", source=where)
            phrase = w.replace("_", " ")
            if phrase in items:
                raise DictionaryError(f"{w!r} listed twice in [{name}]", source=where)
            items.append(phrase)
    close()
    return out


def builtin_word_files() -> list[Path]:
    root = Path(str(resources.files("peacewatch") / "data" / "words"))
    return sorted(root.glob("*.txt"))


def _load() -> dict[str, frozenset[str]]:
    global _LISTS
    if _LISTS is not None:  # loaded: no lock (words() is asked hundreds of thousands of times)
        return _LISTS
    with _LOCK:
        if _LISTS is None:
            lists: dict[str, frozenset[str]] = {}
            for p in builtin_word_files():
                for name, (items, about) in parse_words(p.read_text(encoding="utf-8"), str(p)).items():
                    if name in lists:
                        raise DictionaryError(f"list [{name}] defined in two files", source=str(p))
                    lists[name] = items
                    _ABOUT[name] = about
            _LISTS = lists
        return _LISTS


def words(name: str) -> frozenset[str]:
    """One built-in word list by name (DictionaryError when no file defines it)."""
    lists = _load()
    try:
        return lists[name]
    except KeyError:
        raise DictionaryError(f"no word list [{name}] in data/words", hint="the package's data files are incomplete; reinstall peacewatch") from None


def all_lists() -> dict[str, tuple[frozenset[str], str]]:
    lists = _load()
    return {k: (v, _ABOUT.get(k, "")) for k, v in sorted(lists.items())}
