"""Tracks: the pillars of a peace process, as an editable dictionary applied to events, quotes and
articles, keeping the words that placed each one.

    load_tracks(options) -> TrackDictionary      built-in tracks + the user's track files; cached
    assign_tracks(coded, tracks) -> None         sets Event.tracks, Quote.tracks, coded.tracks and
                                                 coded.track_evidence, in place
    parse_tracks(text, source) -> list[Track]    one track file (validated: DictionaryError file:line)

The file format is documented in docs/TRACKS.md; the built-in dictionary is
``data/tracks/korea.tracks``. Matching: case-insensitive, whole words, a hyphen counts as a space,
``’`` as ``'``; the last word of a term also matches its plural (-s, -es, -ies); a word ending in
``*`` matches any ending. All terms of all tracks go into one Aho-Corasick automaton
(pyahocorasick), so a text is scanned once whatever the number of terms.

Where tracks apply:
* an event: its sentence;
* a quote: its text and the sentence(s) it stands in;
* the article: the headline and body; a track is placed by one headline match, by ``min_count``
  body matches (default 2), or by any of the article's events and quotes being on it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import ahocorasick

from .config import Options
from .errors import DictionaryError
from .model import CodedArticle, TrackHit

__all__ = [
    "Track",
    "TrackTerm",
    "TrackDictionary",
    "load_tracks",
    "parse_tracks",
    "assign_tracks",
    "HEADER",
    "FILE_SUFFIX",
]

HEADER = "peacewatch-tracks 1"
FILE_SUFFIX = ".tracks"
NAME_RE = re.compile(r"[a-z][a-z0-9_-]*")
DEFAULT_MIN_COUNT = 2


@dataclass(frozen=True)
class TrackTerm:
    text: str  # as written in the file (without the + / -)
    exclude: bool
    source: str  # file:line


@dataclass
class Track:
    name: str
    label: str = ""
    description: str = ""
    min_count: int = DEFAULT_MIN_COUNT
    terms: list[TrackTerm] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


# --- parsing --------------------------------------------------------------------------------------


def _norm_char(c: str) -> str:
    if c in "-‐‑‒–—":
        return " "
    if c in "’‘`":
        return "'"
    if c.isspace():
        return " "
    low = c.lower()
    return low if len(low) == 1 else c


# every whitespace character (the highest is U+3000), hyphens and dashes -> space; curly quotes -> '
_NORM_TABLE = {i: " " for i in range(0x3001) if chr(i).isspace()}
_NORM_TABLE.update({ord(c): " " for c in "-‐‑‒–—"})
_NORM_TABLE.update({ord(c): "'" for c in "’‘`"})


def _normalize(text: str) -> str:
    """Same length as ``text``: lowercase, hyphens and whitespace as spaces, curly apostrophes straight."""
    fast = text.translate(_NORM_TABLE).lower()
    if len(fast) == len(text):
        return fast
    # a character whose lower case is longer (e.g. 'İ'): keep such characters as they are
    return "".join(_norm_char(c) for c in text)


def _term_key(term: str) -> str:
    return re.sub(r" +", " ", _normalize(term)).strip()


def parse_tracks(text: str, source: str) -> list[Track]:
    """Parse one track file; every error names ``source:line``."""
    tracks: dict[str, Track] = {}
    current: Track | None = None
    seen_header = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        where = f"{source}:{lineno}"
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not seen_header:
            if line != HEADER:
                raise DictionaryError(
                    f"a track file must start with the line {HEADER!r}, found {line[:60]!r}",
                    hint="add the header line first (see docs/TRACKS.md)",
                    source=where,
                )
            seen_header = True
            continue
        if line.startswith("track ") or line == "track":
            name = line[len("track") :].strip()
            if not NAME_RE.fullmatch(name):
                raise DictionaryError(
                    f"bad track name {name!r}",
                    hint="use lowercase letters, digits, '-' and '_', starting with a letter",
                    source=where,
                )
            current = tracks.setdefault(name, Track(name))
            current.sources.append(where)
            continue
        if current is None:
            raise DictionaryError(
                f"{line[:60]!r} comes before any 'track NAME' line",
                hint="start a track with 'track NAME' before its terms and settings",
                source=where,
            )
        if line[0] in "+-":
            term = line[1:].strip()
            _check_term(term, where)
            current.terms.append(TrackTerm(term, line[0] == "-", where))
            continue
        m = re.fullmatch(r"(label|description|min_count)\s*:\s*(.*)", line)
        if not m:
            raise DictionaryError(
                f"cannot read {line[:60]!r}",
                hint="a line is 'track NAME', 'label: ...', 'description: ...', 'min_count: N', '+ term' or '- term'",
                source=where,
            )
        key, value = m.group(1), m.group(2).strip()
        if key == "min_count":
            if not re.fullmatch(r"[1-9][0-9]{0,3}", value):
                raise DictionaryError(f"min_count must be a whole number from 1, got {value!r}", source=where)
            current.min_count = int(value)
        elif key == "label":
            current.label = value
        else:
            current.description = value
    if not seen_header:
        raise DictionaryError(
            "the track file is empty", hint=f"start it with the line {HEADER!r}", source=f"{source}:1"
        )
    for t in tracks.values():
        if not any(not term.exclude for term in t.terms):
            raise DictionaryError(
                f"track {t.name!r} has no terms", hint="add '+ term' lines under it", source=t.sources[0]
            )
    return list(tracks.values())


def _check_term(term: str, where: str) -> None:
    if not term:
        raise DictionaryError("empty term", hint="write the word or phrase after '+' or '-'", source=where)
    if len(term) > 200:
        raise DictionaryError("term longer than 200 characters", source=where)
    key = _term_key(term)
    if not re.search(r"\w", key):
        raise DictionaryError(f"term {term!r} has no letters or digits", source=where)
    for word in key.split(" "):
        if "*" in word[:-1] or word == "*":
            raise DictionaryError(
                f"term {term!r}: '*' may only end a word (e.g. 'dismantl*')", source=where
            )


# --- the dictionary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    track: str
    term: str
    exclude: bool
    prefix: bool  # the last word ends in *: any ending


class TrackDictionary:
    """Tracks by name plus one Aho-Corasick automaton over all their terms."""

    def __init__(self, tracks: list[Track]):
        merged: dict[str, Track] = {}
        for t in tracks:
            if t.name in merged:
                m = merged[t.name]
                m.terms.extend(t.terms)
                m.sources.extend(t.sources)
                m.label = t.label or m.label
                m.description = t.description or m.description
                if t.min_count != DEFAULT_MIN_COUNT:
                    m.min_count = t.min_count
            else:
                merged[t.name] = Track(t.name, t.label, t.description, t.min_count, list(t.terms), list(t.sources))
        self.tracks = merged
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[_Entry]] = {}
        for t in merged.values():
            for term in t.terms:
                for key, prefix in _forms(term.text):
                    keys.setdefault(key, [])
                    e = _Entry(t.name, term.text, term.exclude, prefix)
                    if e not in keys[key]:
                        keys[key].append(e)
        for key, entries in keys.items():
            self._automaton.add_word(key, (key, tuple(entries)))
        if keys:
            self._automaton.make_automaton()
        self._empty = not keys

    @property
    def names(self) -> list[str]:
        return list(self.tracks)

    def match(self, text: str, lo: int = 0, hi: int | None = None) -> list[TrackHit]:
        """Track hits in ``text[lo:hi]`` (offsets into ``text``), exclusions applied, sorted."""
        hi = len(text) if hi is None else hi
        if self._empty or hi <= lo:
            return []
        norm = _normalize(text[lo:hi])
        return self._select(text, norm, self._raw(norm), 0, len(norm), lo)

    def matcher(self, text: str) -> Callable[..., list[TrackHit]]:
        """``match(lo, hi)`` for many windows of one text: the same hits as ``self.match(text, lo, hi)``.

        An ASCII text is normalised and scanned once; a window then keeps the automaton's hits that
        lie inside it and applies the whole-word tests at its own edges, as ``match`` does on the
        slice (normalising is character by character there, so the slice of the normalised text is
        the normalised slice). Other text is matched window by window.
        """
        if self._empty or not text.isascii():
            return lambda lo=0, hi=None: self.match(text, lo, hi)
        norm = _normalize(text)
        raw = self._raw(norm)
        n = len(text)

        def match(lo: int = 0, hi: int | None = None) -> list[TrackHit]:
            hi = n if hi is None else hi
            if not 0 <= lo < hi <= n:
                return self.match(text, lo, hi)
            return self._select(text, norm, raw, lo, hi, 0)

        return match

    def _raw(self, norm: str) -> list[tuple[int, int, tuple[Any, ...]]]:
        """The automaton's hits in ``norm`` in its order: (start, last index, entries)."""
        return [(end_i - len(key) + 1, end_i, entries) for end_i, (key, entries) in self._automaton.iter(norm)]

    def _select(self, text: str, norm: str, raw: list[Any], lo: int, hi: int, base: int) -> list[TrackHit]:
        """The hits of ``raw`` inside ``norm[lo:hi]``, whole words there, exclusions applied, sorted;
        ``text[base + i]`` is the character of ``norm[i]``."""
        pos_hits: list[tuple[int, int, _Entry]] = []
        excl: dict[str, list[tuple[int, int]]] = {}
        for start, end_i, entries in raw:
            if start < lo or end_i >= hi:
                continue
            if start > lo and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
                continue
            for e in entries:
                end = end_i + 1
                if e.prefix:
                    while end < hi and norm[end].isalnum():
                        end += 1
                elif end < hi and (norm[end].isalnum() or norm[end] == "_"):
                    continue
                if e.exclude:
                    excl.setdefault(e.track, []).append((start, end))
                else:
                    pos_hits.append((start, end, e))
        out: list[TrackHit] = []
        taken: dict[str, list[tuple[int, int]]] = {}
        # longest match first per track, so "inter-Korean exchange" wins over "exchange"
        for start, end, e in sorted(pos_hits, key=lambda h: (h[0], -(h[1] - h[0]))):
            if any(a <= start and end <= b for a, b in excl.get(e.track, ())):
                continue
            spans = taken.setdefault(e.track, [])
            if any(start < b and a < end for a, b in spans):
                continue
            spans.append((start, end))
            out.append(TrackHit(e.track, e.term, text[base + start : base + end], base + start, base + end))
        out.sort(key=lambda h: (h.start, h.track))
        return out


def _plurals(word: str) -> list[str]:
    if not word[-1:].isalpha():
        return []
    forms = [word + "s"]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms = [word + "es"]
    elif word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        forms = [word[:-1] + "ies"]
    return forms


def _forms(term: str) -> list[tuple[str, bool]]:
    key = _term_key(term)
    if key.endswith("*"):
        return [(key[:-1], True)]
    words = key.split(" ")
    out = [(key, False)]
    for p in _plurals(words[-1]):
        out.append((" ".join(words[:-1] + [p]), False))
    return out


# --- loading --------------------------------------------------------------------------------------


def _is_track_file(path: Path) -> bool:
    if path.suffix == FILE_SUFFIX or "track" in path.name.lower():
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    try:
        lines = head.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return False
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            return line == HEADER
    return False


def _user_files(options: Options) -> list[Path]:
    files: list[Path] = []
    for d in options.dictionaries:
        d = Path(d)
        if d.is_file():
            cands = [d]
        elif d.is_dir():
            cands = sorted(p for p in d.rglob("*") if p.is_file())
        else:
            continue  # a missing directory is reported by the actor dictionaries
        files.extend(p for p in cands if not p.name.startswith(".") and _is_track_file(p))
    return files


def load_tracks(options: Options) -> TrackDictionary:
    """The built-in tracks (unless ``options.builtin_dictionaries`` is False) plus every track file
    in ``options.dictionaries`` (a file whose name contains "track" or ends in ``.tracks``, or
    whose first line is the header). A user track with a built-in name adds to its terms."""
    files = _user_files(options)
    key = (
        options.builtin_dictionaries,
        tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files),
    )
    return _load_cached(key)


@lru_cache(maxsize=16)
def _load_cached(key: tuple[bool, tuple[tuple[str, int, int], ...]]) -> TrackDictionary:
    builtin, files = key
    tracks: list[Track] = []
    if builtin:
        tracks.extend(_builtin_tracks())
    for path, _, _ in files:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise DictionaryError(
                f"not UTF-8 text ({err.reason} at byte {err.start})",
                hint="save the track file as UTF-8",
                source=f"{p}:1",
            ) from None
        tracks.extend(parse_tracks(text, str(p)))
    return TrackDictionary(tracks)


def _builtin_tracks() -> list[Track]:
    out = []
    folder = resources.files("peacewatch") / "data" / "tracks"
    for res in sorted(folder.iterdir(), key=lambda r: r.name):
        if res.name.endswith(FILE_SUFFIX):
            out.extend(parse_tracks(res.read_text(encoding="utf-8"), f"peacewatch/data/tracks/{res.name}"))
    return out


# --- assignment -----------------------------------------------------------------------------------


def _tracks_of(hits: list[TrackHit], order: list[str]) -> list[str]:
    present = {h.track for h in hits}
    return [t for t in order if t in present]


def assign_tracks(coded: CodedArticle, tracks: TrackDictionary) -> None:
    """Set ``tracks`` on every event and quote of ``coded`` and on the article, and keep the hits
    that placed each one in ``coded.track_evidence``."""
    art = coded.article
    text = art.text or ""
    order = tracks.names
    evidence: dict[str, list[TrackHit]] = {}
    sents = sorted(coded.sentences, key=lambda s: s.start)
    by_index = {s.index: s for s in sents}
    starts = [s.start for s in sents]
    match = tracks.matcher(text)  # the text is scanned once for all its windows

    for ev in coded.events:
        s = by_index.get(ev.sentence_index)
        if s is not None and text[s.start : s.end] == ev.sentence:
            hits = match(s.start, s.end)
        else:
            at = text.find(ev.sentence) if ev.sentence else -1
            if at >= 0:
                hits = tracks.match(text, at, at + len(ev.sentence))
            else:  # the sentence is not in the text as is: offsets relative to the sentence
                hits = tracks.match(ev.sentence or "")
        ev.tracks = _tracks_of(hits, order)
        evidence[f"event:{ev.event_id}"] = hits

    for q in coded.quotes:
        lo, hi = q.start, q.end
        i = bisect.bisect_right(starts, q.start) - 1
        while 0 <= i < len(sents) and sents[i].start < q.end:
            lo, hi = min(lo, sents[i].start), max(hi, sents[i].end)
            i += 1
        hits = match(max(0, lo), min(len(text), hi))
        q.tracks = _tracks_of(hits, order)
        evidence[f"quote:{q.quote_id}"] = hits

    all_hits = match()
    placed: set[str] = set()
    for name, t in tracks.tracks.items():
        mine = [h for h in all_hits if h.track == name]
        if any(h.start < art.body_start for h in mine) or len(mine) >= t.min_count:
            placed.add(name)
    placed |= {t for ev in coded.events for t in ev.tracks}
    placed |= {t for q in coded.quotes for t in q.tracks}
    coded.tracks = [t for t in order if t in placed]
    evidence["article"] = [h for h in all_hits if h.track in placed]
    coded.track_evidence = evidence
