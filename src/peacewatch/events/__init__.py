"""Event coding: who did what to whom, in CAMEO (with Goldstein, QuadClass and PLOVER from the code
table), with the evidence for every field.

    coder = load_coder(options, actor_dicts)
    events = coder.code_article(article, sentences, actors)

Patterns are data: the package's own files (``data/verbs/*.txt``, format in docs/PATTERNS.md) and
any verb file in ``options.dictionaries`` — the project's format (recognised by its header) or a
PETRARCH/TABARI verb dictionary (recognised by "verb" in the file name) — all load into the same
records and run through the same matcher. A PETRARCH discard list ("discard" in the file name)
makes sentences (or, with ``+``, whole stories) holding one of its phrases code nothing. A PETRARCH
issues list ("issue") and UniversalPetrarch's internal coding ontology ("ontology" or "pico") are
read, checked and counted in ``PatternSet.stats``, and not used.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..config import Options
from ..errors import DictionaryError
from .coder import Coder
from .record import merge_events
from .patterns import PatternSet, load_own_verbs, is_own_format

__all__ = [
    "load_coder",
    "Coder",
    "merge_events",
    "load_patterns",
    "builtin_verb_files",
    "load_petrarch_verbs",
    "PatternSet",
]


def load_petrarch_verbs(path: Path) -> PatternSet:
    from .petrarch_verbs import load_petrarch_verbs as _load

    return _load(path)


def builtin_verb_files() -> list[Path]:
    root = Path(str(resources.files("peacewatch") / "data" / "verbs"))
    return sorted(p for p in root.glob("*.txt"))


def _user_verb_files(dirs: tuple[Path, ...]) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    for d in dirs:
        d = Path(d)
        if not d.exists():
            raise DictionaryError(f"dictionary path {d} does not exist", hint="pass an existing directory or file to --dictionaries")
        files = [d] if d.is_file() else sorted(p for p in d.rglob("*") if p.is_file())
        for p in files:
            if is_own_format(p):
                out.append((p, "own"))
            elif "verb" in p.name.lower():
                out.append((p, "petrarch"))
            elif "discard" in p.name.lower():
                out.append((p, "discards"))
            elif "issue" in p.name.lower():
                out.append((p, "issues"))
            elif "ontology" in p.name.lower() or "pico" in p.name.lower():
                out.append((p, "pico"))
    return out


def load_patterns(options: Options) -> PatternSet:
    """Every pattern the options select: the package's own (unless ``builtin_dictionaries`` is
    False) and every verb file of ``options.dictionaries``."""
    ps = PatternSet()
    if options.builtin_dictionaries:
        for p in builtin_verb_files():
            ps.extend(load_own_verbs(p))
    for p, kind in _user_verb_files(tuple(options.dictionaries)):
        if kind == "own":
            ps.extend(load_own_verbs(p))
        elif kind == "discards":
            from .petrarch_verbs import load_petrarch_discards

            ps.extend(load_petrarch_discards(p))
        elif kind == "issues":  # read, checked and counted; the coder codes no issues
            from .petrarch_verbs import load_petrarch_issues

            ps.extend(load_petrarch_issues(p))
        elif kind == "pico":  # PETRARCH 2's internal coding ontology: read, checked and counted
            from .petrarch_verbs import load_petrarch_pico

            ps.extend(load_petrarch_pico(p))
        else:
            ps.extend(load_petrarch_verbs(p))
    return ps


def _stamp(options: Options) -> tuple[Any, ...]:
    files = []
    for d in options.dictionaries:
        d = Path(d)
        if d.exists():
            for p in ([d] if d.is_file() else sorted(d.rglob("*"))):
                if p.is_file():
                    st = p.stat()
                    files.append((str(p), st.st_mtime_ns, st.st_size))
    return (options.builtin_dictionaries, options.code_headlines, tuple(files))


@lru_cache(maxsize=8)
def _cached_coder(stamp: tuple[Any, ...], options: Options) -> Coder:
    return Coder(load_patterns(options), code_headlines=options.code_headlines)


def load_coder(options: Options, actor_dicts: Any = None) -> Coder:
    """The coder for these options (cached: loading the same dictionaries twice returns the same coder).

    ``actor_dicts`` is accepted for the pipeline's contract; the coder works on the actors
    ``find_actors`` resolved, not on the dictionaries themselves."""
    return _cached_coder(_stamp(options), options)
