"""ActorDictionaries (the loaded entries plus one Aho-Corasick automaton) and mention detection."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import ahocorasick

from ..errors import DictionaryError
from .dictionary import Entry, iter_dictionary_files, parse_native

BUILTIN_DIR = Path(__file__).resolve().parents[1] / "data" / "actors"

# characters mapped one-to-one before matching (offsets are kept)
_TRANS = str.maketrans(
    {
        "-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ",
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\n": " ", "\t": " ", "\r": " ",
        "\u00a0": " ", "_": " ",
    }
)


def normalize(text: str) -> str:
    """Lower case, hyphens and line breaks to spaces, curly to straight apostrophes; same length."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two (e.g. U+0130)
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_TRANS)


def _key(surface: str) -> str:
    return re.sub(r" +", " ", normalize(surface)).strip()


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


@dataclass
class Form:
    """One way of writing an entry, as it sits in the automaton."""

    entry: Entry
    form: str  # name | demonym | demonym-plural | seat | plural | variant
    surface: str
    length: int
    word_offsets: tuple[int, ...]
    upper_words: frozenset[int]  # word indices whose first letter must be upper case
    exact: bool  # acronym: the text must equal the surface
    stem: bool  # TABARI stem: may continue into a longer word
    priority: int  # lower wins among equal spans (user files before built-in ones)


@dataclass
class Mention:
    """A dictionary match in a text: ``text[start:end]`` matched ``entry`` as ``kind``."""

    text: str
    start: int
    end: int
    kind: str  # country | demonym | seat | org | actor | person | agent | compound | reference | ignore | surname
    entry: Entry
    form: str = "name"
    possessive: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


def _kind_of(entry: Entry, form: str) -> str:
    if entry.kind == "country":
        if form.startswith("demonym"):
            return "demonym"
        if form == "seat":
            return "seat"
    return entry.kind


def _variants(name: str, kind: str) -> list[tuple[str, str]]:
    out = [(name, "name")]
    if kind == "person" and "-" in name:
        # Moon Jae-in -> Moon Jaein (hyphen and space variants normalise to the same key already)
        out.append((re.sub(r"(?<=\w)-(?=\w)", "", name), "variant"))
    return out


def _demonym_plural(d: str) -> str | None:
    low = d.lower()
    if low.endswith(("an", "i", "er", "ot", "ite")) and not low.endswith("ese"):
        return d + "s"
    return None


@dataclass
class ActorDictionaries:
    """All actor entries in force, with the automaton built once (lazily)."""

    entries: list[Entry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    petrarch_stats: dict[str, Any] = field(default_factory=dict[str, Any])
    _automaton: object | None = field(default=None, repr=False)
    _by_code: dict[str, Any] | None = field(default=None, repr=False)

    # --- building ---

    @classmethod
    def from_paths(cls, paths: Sequence[Path], *, builtin: bool = True) -> "ActorDictionaries":
        """Entries from the given files/directories (native or PETRARCH/TABARI), user's first, then
        the built-in ones unless ``builtin`` is False."""
        from .petrarch import PetrarchStats, load_petrarch_actors, load_petrarch_agents

        entries: list[Entry] = []
        files: list[str] = []
        stats = PetrarchStats()
        for f, role in iter_dictionary_files(paths):
            if role == "native":
                entries.extend(parse_native(f))
            elif role == "petrarch-actors":
                entries.extend(load_petrarch_actors(f, stats))
            elif role == "petrarch-agents":
                entries.extend(load_petrarch_agents(f, stats))
            files.append(str(f))
        if builtin:
            for f in sorted(BUILTIN_DIR.glob("*.txt")):
                entries.extend(parse_native(f))
                files.append(str(f))
        if not entries:
            raise DictionaryError(
                "no actor dictionary found",
                hint="point --dictionaries at a directory with actor/agent files, or keep the built-in ones",
                source=", ".join(str(p) for p in paths) or None,
            )
        d = cls(entries=entries, files=files)
        if stats.files:
            d.petrarch_stats = {k: v for k, v in stats.__dict__.items() if k != "files"}
        return d

    @property
    def automaton(self) -> Any:
        if self._automaton is None:
            self._build()
        return self._automaton

    def _build(self) -> None:
        A = ahocorasick.Automaton()
        table: dict[str, dict[int, Form]] = {}
        for prio, e in enumerate(self.entries):
            surfaces: list[tuple[str, str]] = []
            for n in e.names:
                surfaces.extend(_variants(n, e.kind))
            for p in e.plurals:
                surfaces.append((p, "plural"))
            if e.kind == "agent" and not e.plurals and not e.case_insensitive:
                from .petrarch import _plural

                for n in e.names:
                    if n[:1].islower() and not n.endswith("s"):
                        surfaces.append((_plural(n).lower() if n.islower() else _plural(n), "plural"))
            for d in e.demonyms:
                surfaces.append((d, "demonym"))
                pl = _demonym_plural(d)
                if pl:
                    surfaces.append((pl, "demonym-plural"))
            for s in e.seats:
                surfaces.append((s, "seat"))
            for surface, form in surfaces:
                key = _key(surface)
                if not key:
                    continue
                words = key.split(" ")
                offs, pos = [], 0
                for w in words:
                    offs.append(pos)
                    pos += len(w) + 1
                sw = re.sub(r" +", " ", surface.replace("-", " ").replace("_", " ")).strip().split(" ")
                upper: frozenset[int]
                if e.case_insensitive:
                    upper, exact = frozenset(), False
                else:
                    upper = frozenset(i for i, w in enumerate(sw) if w[:1].isupper())
                    exact = _is_acronym(surface)
                f = Form(e, form, surface, len(key), tuple(offs), upper, exact,
                         surface in e.stem or (form == "name" and e.name in e.stem and surface == e.name),
                         prio)
                slot = table.setdefault(key, {})
                old = slot.get(id(e))
                if old is not None:
                    # same key twice in one entry (Kim Jong Un / Kim Jong-un): the looser case wins
                    if old.exact and not f.exact:
                        slot[id(e)] = f
                    elif old.exact == f.exact:
                        old.upper_words = old.upper_words & f.upper_words
                    continue
                slot[id(e)] = f
        for key, slot in table.items():
            A.add_word(key, (key, sorted(slot.values(), key=lambda f: f.priority)))
        A.make_automaton()
        self._automaton = A
        self._by_code = None

    # --- lookups ---

    def by_code(self) -> dict[str, list[Entry]]:
        if self._by_code is None:
            idx: dict[str, list[Entry]] = {}
            for e in self.entries:
                for c in {e.code, *(r.code for r in e.roles)}:
                    if c:
                        idx.setdefault(c, []).append(e)
            self._by_code = idx
        return self._by_code

    def country_name(self, code: str) -> str | None:
        for e in self.by_code().get(code, []):
            if e.kind in ("country", "org"):
                return e.name
        return None

    def lookup(self, name: str) -> list[Entry]:
        """Entries that have ``name`` as one of their forms (case-insensitive)."""
        key = _key(name)
        got = self.automaton.get(key, None)
        if not got:
            return []
        return [f.entry for f in got[1]]

    def summary(self) -> dict[str, Any]:
        """Counts of what the dictionaries hold."""
        kinds = Counter(e.kind for e in self.entries)
        people_with_roles = sum(1 for e in self.entries if e.kind == "person" and e.roles)
        dated = sum(1 for e in self.entries for r in e.roles if r.dated)
        synonyms = sum(max(0, len(e.names) - 1) for e in self.entries if e.kind != "agent")
        agents = kinds.get("agent", 0)
        out = {
            "files": len(self.files),
            "entries": len(self.entries),
            "actors": len(self.entries) - agents - kinds.get("reference", 0) - kinds.get("ignore", 0),
            "countries": kinds.get("country", 0),
            "organisations": kinds.get("org", 0),
            "people": kinds.get("person", 0),
            "people_with_roles": people_with_roles,
            "other_actors": kinds.get("actor", 0),
            "compounds": kinds.get("compound", 0),
            "agents": agents,
            "agent_forms": sum(len(e.names) + len(e.plurals) for e in self.entries if e.kind == "agent"),
            "prefix_agents": sum(1 for e in self.entries if e.kind == "agent" and e.position == "prefix"),
            "references": kinds.get("reference", 0),
            "ignored_names": kinds.get("ignore", 0),
            "synonyms": synonyms,
            "demonyms": sum(len(e.demonyms) for e in self.entries),
            "seats_of_power": sum(len(e.seats) for e in self.entries),
            "roles": sum(len(e.roles) for e in self.entries),
            "date_restricted_codes": dated,
            "distinct_codes": len(self.by_code()),
        }
        return out


def _possessive_after(text: str, end: int) -> bool:
    nxt = text[end : end + 2]
    return nxt in ("'s", "\u2019s") or (nxt[:1] in ("'", "\u2019") and not nxt[1:2].isalpha())


def find_mentions(text: str, dicts: ActorDictionaries) -> list[Mention]:
    """Every dictionary mention in ``text``: longest match first, whole words, case-aware, sorted."""
    A = dicts.automaton
    ntext = normalize(text)
    n = len(ntext)
    cands: list[tuple[int, int, int, Form]] = []
    for end_idx, (key, forms) in A.iter(ntext):
        length = len(key)
        start = end_idx - length + 1
        end = end_idx + 1
        if start > 0 and (ntext[start - 1].isalnum()):
            continue
        right_ok = end >= n or not ntext[end].isalnum()
        for f in forms:
            if not right_ok and not f.stem:
                continue
            if f.exact:
                if text[start:end] != f.surface and text[start:end].replace("\u2019", "'") != f.surface:
                    continue
            elif f.upper_words:
                ok = True
                for i in f.upper_words:
                    c = text[start + f.word_offsets[i]]
                    if not c.isupper():
                        ok = False
                        break
                if not ok:
                    continue
            stem_end = end
            if not right_ok:
                while stem_end < n and ntext[stem_end].isalnum():
                    stem_end += 1
            cands.append((start, stem_end, f.priority, f))
            break  # forms are sorted by priority: the first that passes wins
    if not cands:
        return []
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[tuple[int, int, Form]] = []
    for s, e, _, f in cands:
        i = bisect.bisect_left(starts, s)
        if i > 0 and ends[i - 1] > s:
            continue
        if i < len(starts) and starts[i] < e:
            continue
        starts.insert(i, s)
        ends.insert(i, e)
        chosen.append((s, e, f))
    chosen.sort(key=lambda c: c[0])
    return [
        Mention(text[s:e], s, e, _kind_of(f.entry, f.form), f.entry, f.form, _possessive_after(text, e))
        for s, e, f in chosen
    ]
