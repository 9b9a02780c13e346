"""How much of a PETRARCH/TABARI validation file *any* coder can find with the file's own dictionaries.

    python -m peacewatch.evaluation.ceiling RECORDS [--show N]

A validation record expects codings (source, target, event code). A coder that reads only the
dictionaries the file names can produce an event code only if the verb dictionary holds it, and an
actor code only if it can be built from the actor and agent codes of dictionary entries whose
words occur in the sentence. This module checks each expected coding against a deliberately
generous reading of those dictionaries, independent of peacewatch's own coder:

- an event code is producible if it appears in any ``[...]`` of the verb file (``[031:032]`` gives
  both codes; a trailing ``?`` or ``!`` is also accepted without it);
- an actor or agent entry counts as *present* if the first word of its name (or of any synonym)
  is the start of some word of the sentence, case-insensitive. This over-approximates what a real
  matcher finds (``THE_KU`` is "present" in every sentence with "the"), so the count is an upper
  bound;
- an actor code is producible if it can be cut into: any number of prefix agent codes (``[XXX~]``)
  of present agents, then one code of a present actor entry (any of its date-restricted codes for
  any date, any member of a ``[ELR/GAL]`` compound), the record's ``place`` attribute, or nothing /
  ``---`` / ``~``, then any number of suffix agent codes (``[~XXX]``) of present agents;
- an empty code (no target) is producible, and so is a quoted code (PETRARCH 2 writes an unknown
  actor's own words, ``"THE MINISTRY OF MAGIC"``) whose words all occur in the sentence.

Every coding that fails one of these checks cannot be produced by any coder that uses only those
dictionaries, so ``found`` can never exceed ``producible / expected``. The unproducible codings are
listed with the reason, so a reader can check each one by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from ..model import RawDocument

from ..petrarch_text import cut_line_comment, without_block_comments

_BRACKET = re.compile(r"\[([^\]]*)\]")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class DictionaryCodes:
    """The codes a coder could draw from one validation environment."""

    events: set[str] = field(default_factory=set)
    actors: list[tuple[tuple[str, ...], set[str]]] = field(default_factory=list)  # (first words, codes)
    prefixes: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # agent [XXX~]
    suffixes: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # agent [~XXX]


def _first_word(name: str) -> str:
    name = name.strip().lstrip("+-").lower()
    words = _WORD.findall(name.replace("_", " "))
    return words[0] if words else ""


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [cut_line_comment(line) for _, line in without_block_comments(text)]


def read_event_codes(path: Path) -> set[str]:
    codes: set[str] = set()
    for line in _lines(path):
        for block in _BRACKET.findall(line):
            for code in block.split(":"):
                code = code.strip()
                if code:
                    codes.add(code)
                    codes.add(code.rstrip("?!"))
    return codes


def read_actor_codes(path: Path) -> list[tuple[tuple[str, ...], set[str]]]:
    """Entries as (first words of the name and its synonyms, every code the entry can give)."""
    entries: list[tuple[list[str], set[str]]] = []
    for line in _lines(path):
        if not line.strip():
            continue
        codes = {part for c in _BRACKET.findall(line) if c.split() for part in c.split()[0].split("/")}
        head = _BRACKET.sub(" ", line).strip()
        continuation = line[:1].isspace() or not head
        if head.startswith("+") and entries:  # a synonym of the entry above
            entries[-1][0].append(_first_word(head))
            entries[-1][1].update(codes)
        elif continuation and entries:  # a date-restricted code of the entry above
            entries[-1][1].update(codes)
        elif head:
            entries.append(([_first_word(head)], set(codes)))
    return [(tuple(w for w in words if w), codes) for words, codes in entries]


def read_agent_codes(path: Path) -> tuple[list[tuple[tuple[str, ...], str]], list[tuple[tuple[str, ...], str]]]:
    prefixes, suffixes = [], []
    for line in _lines(path):
        blocks = [b.strip() for b in _BRACKET.findall(line)]
        head = _BRACKET.sub(" ", line)
        head = re.sub(r"\{[^}]*\}", " ", head).strip()
        plurals = re.findall(r"\{([^}]*)\}", line)
        words = tuple(w for w in [_first_word(head), *(_first_word(p) for p in plurals if p.strip())] if w)
        if not words:
            continue
        for b in blocks:
            if b.startswith("~"):
                suffixes.append((words, b[1:]))
            elif b.endswith("~"):
                prefixes.append((words, b[:-1]))
    return prefixes, suffixes


def load_environment(env: dict[str, str]) -> DictionaryCodes:
    out = DictionaryCodes()
    if env.get("Verbfile"):
        out.events = read_event_codes(Path(env["Verbfile"]))
    if env.get("Actorfile"):
        out.actors = read_actor_codes(Path(env["Actorfile"]))
    if env.get("Agentfile"):
        out.prefixes, out.suffixes = read_agent_codes(Path(env["Agentfile"]))
    return out


def _present(first_words: tuple[str, ...], sentence_words: list[str]) -> bool:
    return any(w and any(s.startswith(w) for s in sentence_words) for w in first_words)


@dataclass
class Present:
    """What one sentence offers a coder under the dictionaries: its words and the actor, prefix and
    suffix agent codes of the entries present in it."""

    words: list[str]
    actor_codes: set[str]
    prefixes: set[str]
    suffixes: set[str]

    def can_build(self, code: str) -> bool:
        if not code:
            return True
        if len(code) > 1 and code[0] == code[-1] == '"':  # PETRARCH 2 writes an unknown actor's own words
            return all(w in self.words for w in _WORD.findall(code.lower()))

        def suffixes_only(rest: str) -> bool:
            if not rest:
                return True
            return any(rest.startswith(s) and s and suffixes_only(rest[len(s):]) for s in self.suffixes)

        def from_actor(rest: str) -> bool:
            return any(rest.startswith(a) and suffixes_only(rest[len(a):]) for a in self.actor_codes)

        def with_prefixes(rest: str) -> bool:
            if from_actor(rest):
                return True
            return any(p and rest.startswith(p) and with_prefixes(rest[len(p):]) for p in self.prefixes)

        return with_prefixes(code)


def present_in(sentence: str, codes: DictionaryCodes, place: str = "") -> Present:
    """The codes ``sentence`` offers (generously); ``place`` is the record's TABARI ``place``
    attribute, the actor of unnamed agents."""
    words = _WORD.findall(sentence.lower())
    actor_codes = {"", "---", "~", place}
    for first, cs in codes.actors:
        if _present(first, words):
            actor_codes |= cs
    pre = {c for first, c in codes.prefixes if _present(first, words)}
    suf = {c for first, c in codes.suffixes if _present(first, words)}
    return Present(words, actor_codes, pre, suf)


def producible_actor(code: str, sentence: str, codes: DictionaryCodes, place: str = "") -> bool:
    """True if ``code`` can be built from dictionary entries present in ``sentence`` (generously)."""
    return present_in(sentence, codes, place).can_build(code)


@dataclass
class Unproducible:
    key: str
    sentence: str
    coding: str
    reasons: list[str]


@dataclass
class Ceiling:
    expected: int = 0
    producible: int = 0
    unproducible: list[Unproducible] = field(default_factory=list)

    @property
    def ceiling(self) -> float:
        return self.producible / self.expected if self.expected else 0.0


def compute(path: Path) -> Ceiling:
    """The ceiling of a records file (its records read as ``peacewatch evaluate`` reads them)."""
    from ..config import Options
    from ..ingest import read_inputs
    from ..model import RawDocument
    from .gold import petrarch_record_keys

    records = [d for d in read_inputs([str(path)], Options(progress=False))
               if isinstance(d, RawDocument) and not d.meta.get("skip")]
    return ceiling_of(zip(petrarch_record_keys(records), records, strict=True))


def ceiling_of(records: Iterable[tuple[str, RawDocument]]) -> Ceiling:
    """The ceiling over ``(key, record)`` pairs, each record checked against the dictionaries its
    ``<Environment>`` names (each environment read once)."""
    result = Ceiling()
    cache: dict[tuple[tuple[str, str], ...], DictionaryCodes] = {}
    for key, d in records:
        env = {k: str(v) for k, v in (d.meta.get("environment") or {}).items()}
        if not env:  # no dictionaries named: nothing to say about this record's codings
            n = len(d.meta.get("gold") or [])
            result.expected += n
            result.producible += n
            continue
        env_key = tuple(sorted(env.items()))
        if env_key not in cache:
            cache[env_key] = load_environment(env)
        present = present_in(d.raw_text, cache[env_key], str(d.meta.get("place") or ""))
        events = cache[env_key].events
        for g in d.meta.get("gold") or []:
            result.expected += 1
            src, tgt, ev = g.get("source") or "", g.get("target") or "", str(g.get("cameo", "")).strip()
            reasons = []
            if ev not in events:
                reasons.append(f"event code {ev} is in no [...] of the verb file")
            if not present.can_build(src):
                reasons.append(f"source {src} cannot be built from the entries present")
            if not present.can_build(tgt):
                reasons.append(f"target {tgt} cannot be built from the entries present")
            if reasons:
                result.unproducible.append(Unproducible(key, d.raw_text, f"{src} -> {tgt} {ev}", reasons))
            else:
                result.producible += 1
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m peacewatch.evaluation.ceiling", description=__doc__.split("\n")[0])
    ap.add_argument("records", type=Path)
    ap.add_argument("--show", type=int, default=1000, help="how many unproducible codings to list")
    args = ap.parse_args(argv)
    c = compute(args.records)
    print(f"{args.records}: {c.expected} expected codings, {c.producible} producible with the file's own "
          f"dictionaries; ceiling on found = {100 * c.ceiling:.1f}%")
    for u in c.unproducible[: args.show]:
        print(f"  [{u.key}] {u.coding}: {'; '.join(u.reasons)}")
        print(f"      {u.sentence[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
