"""Actors: who is who, on the story's date.

    load_dictionaries(options)                     -> ActorDictionaries (cached per dictionary settings)
    ActorDictionaries.from_paths(paths, builtin=True)
    find_mentions(text, dicts)                     -> list[Mention]
    find_actors(article, sentences, dicts)         -> list[ActorRef]
    resolve_name(name, date, dicts)                -> Resolution

The dictionary format is documented in docs/DICTIONARIES.md ("## Actors"); PETRARCH/TABARI actor
and agent files are read by :mod:`peacewatch.actors.petrarch`.
"""

from __future__ import annotations

import threading
from typing import Any
from pathlib import Path

from ..config import Options
from .dictionary import Entry, Role
from .matcher import ActorDictionaries, Mention, find_mentions, normalize
from .resolve import Resolution, find_actors, home_country, resolve_name, split_code

_CACHE: dict[tuple[Any, ...], ActorDictionaries] = {}
_LOCK = threading.Lock()


def _stamp(p: Path) -> tuple[Any, ...]:
    p = Path(p)
    try:
        if p.is_dir():
            return (str(p.resolve()), max((f.stat().st_mtime_ns for f in p.rglob("*") if f.is_file()), default=0))
        return (str(p.resolve()), p.stat().st_mtime_ns)
    except OSError:
        return (str(p), None)


def load_dictionaries(options: Options) -> ActorDictionaries:
    """The built-in dictionaries (unless ``options.builtin_dictionaries`` is False) plus every actor
    or agent file in ``options.dictionaries``; built once per distinct setting (and file times)."""
    key = (tuple(_stamp(p) for p in options.dictionaries), bool(options.builtin_dictionaries))
    with _LOCK:
        got = _CACHE.get(key)
        if got is None:
            got = ActorDictionaries.from_paths(list(options.dictionaries), builtin=options.builtin_dictionaries)
            _CACHE[key] = got
        return got


__all__ = [
    "ActorDictionaries",
    "Entry",
    "Mention",
    "Resolution",
    "Role",
    "find_actors",
    "find_mentions",
    "home_country",
    "load_dictionaries",
    "normalize",
    "resolve_name",
    "split_code",
]
