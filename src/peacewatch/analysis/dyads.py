"""What a dyad is, one meaning everywhere (``series``, ``events``, ``report``, the API, the dashboard).

An event record has two sides, its ``source`` and its ``target``. Each side stands for one or
more **known actors**: the actor itself, or each member of a compound ("the two Koreas": KOR and
PRK). An actor is *known* when its code names a country or an organisation; an actor whose
country nothing in the story gives (``---GOV``, ``---CVL``: "officials said") is *unknown* and
stands for no one. Each known actor has a **key**: its country (``KORGOV`` -> ``KOR``), or for an
organisation the first six characters of its code (``IGOUNOIAE`` -> ``IGOUNO``: the IAEA counts
with the United Nations; the same for NGO, IMG, MNC and NGM codes).

A **dyad** is two known actors: ``A-B`` either direction, ``A>B`` A acting on B. A side ``X`` of a
dyad is a key — a country (``KOR`` matches KOR, KORGOV, KORMIL ...) or an organisation
(``IGOUNO`` matches the UN and its agencies) — or else a code prefix (``KORGOV`` matches KORGOV
only, ``IGO`` every intergovernmental organisation). :func:`is_key` tells the two apart.

Which events belong to the dataset: an event whose source is missing or unknown is **incomplete**
(:func:`incomplete_record`, the record form of ``peacewatch.events.record.incomplete``); it is
kept in the store but left out of exports, series, dyads and the views unless asked for. A
complete event whose *target* is unknown belongs to the dataset but to no dyad: the views count
such events apart ("n events with an unknown side").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import QueryError

ORG_PREFIXES = ("IGO", "NGO", "IMG", "MNC", "NGM")
"""Codes that name an organisation; their key is the first six characters."""
UNKNOWN_PREFIX = "---"

_DYAD_RE = re.compile(r"^\s*([A-Za-z0-9]{2,})\s*([->])\s*([A-Za-z0-9]{2,})\s*$")
_DYAD_HINT = "give two actor codes joined by - (either direction) or > (directed), e.g. KOR-PRK or USA>PRK"


def actor_key(ref: dict[str, Any] | None) -> str | None:
    """The key of one actor record: its country, or an organisation's first six code characters;
    None for an unknown actor (``---GOV``) or no actor."""
    if not ref:
        return None
    code = str(ref.get("code") or "").upper()
    if not code or code.startswith(UNKNOWN_PREFIX):
        return None
    if code.startswith(ORG_PREFIXES):
        return code[:6]
    country = str(ref.get("country") or "").upper()
    if country and not country.startswith(UNKNOWN_PREFIX):
        return country
    return code[:3]


def side_actors(ref: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The known actors one side stands for, as ``(key, code)``: the actor itself, or each member
    of a compound; unknown actors are left out (an empty list: nobody known)."""
    if not ref:
        return []
    members = ref.get("members") or []
    out: list[tuple[str, str]] = []
    for m in members or [ref]:
        k = actor_key(m)
        if k is not None:
            pair = (k, str(m.get("code") or "").upper())
            if pair not in out:
                out.append(pair)
    return out


def actor_keys(ref: dict[str, Any] | None) -> set[str]:
    """The keys of the known actors a side stands for."""
    return {k for k, _ in side_actors(ref)}


def is_unknown(ref: dict[str, Any] | None) -> bool:
    """A side that is there but stands for no known actor (``---GOV``)."""
    return bool(ref) and not side_actors(ref)


def incomplete_record(ev: dict[str, Any]) -> bool:
    """An event record with no identified source: none, or one whose country is unknown
    (``---GOV``) and that is no compound. Such events are not events of the dataset."""
    src = ev.get("source")
    if not src:
        return True
    return str(src.get("code") or "").startswith(UNKNOWN_PREFIX) and not src.get("members")


def unknown_side(ev: dict[str, Any]) -> bool:
    """A complete event whose target is there but unknown: in the dataset, in no dyad."""
    return not incomplete_record(ev) and is_unknown(ev.get("target"))


def is_key(spec: str) -> bool:
    """Whether a dyad side is a key (three letters naming a country; an organisation prefix and
    three more, IGOUNO) rather than a code prefix (KORGOV, IGO, US)."""
    spec = spec.upper()
    if spec.startswith(ORG_PREFIXES):
        return len(spec) == 6
    return len(spec) == 3 and spec.isalpha()


def side_matches(spec: str, ref: dict[str, Any] | None) -> bool:
    """Whether a dyad side ``spec`` (``KOR``, ``KORGOV``, ``IGOUNO``) matches an actor record: the
    key of one of its known actors is ``spec`` (:func:`is_key`), or else the code of one of them
    starts with ``spec``."""
    spec = spec.upper()
    if is_key(spec):
        return any(k == spec for k, _ in side_actors(ref))
    return any(c.startswith(spec) for _, c in side_actors(ref))


@dataclass(frozen=True)
class Dyad:
    """Two dyad sides; ``directed`` means ``a`` acts on ``b`` only."""

    a: str
    b: str
    directed: bool = False

    @property
    def label(self) -> str:
        return f"{self.a}{'>' if self.directed else '-'}{self.b}"

    def matches_event(self, ev: dict[str, Any]) -> bool:
        """Whether a complete event record is an event of this dyad."""
        if incomplete_record(ev):
            return False
        src, tgt = ev.get("source"), ev.get("target")
        if side_matches(self.a, src) and side_matches(self.b, tgt):
            return True
        return not self.directed and side_matches(self.b, src) and side_matches(self.a, tgt)

    def matches(self, sources: set[str], targets: set[str]) -> bool:
        """By keys only (kept for callers that have already reduced sides to keys)."""
        if self.a in sources and self.b in targets:
            return True
        return not self.directed and self.b in sources and self.a in targets


def parse_dyad(text: str) -> Dyad:
    """``"KOR-PRK"`` (either direction) or ``"KOR>PRK"`` (directed) -> :class:`Dyad`. A side is
    letters and digits; an unknown actor (``---``) can never be one."""
    m = _DYAD_RE.match(str(text or ""))
    if not m:
        raise QueryError(f"{text!r} is not a dyad", hint=_DYAD_HINT)
    a, arrow, b = m.groups()
    return Dyad(a.upper(), b.upper(), arrow == ">")


def involves(ev: dict[str, Any], actor: str) -> bool:
    """Whether a complete event has ``actor`` (a dyad side) on either side."""
    if incomplete_record(ev):
        return False
    return side_matches(actor, ev.get("source")) or side_matches(actor, ev.get("target"))


def event_dyads(ev: dict[str, Any]) -> set[str]:
    """The undirected dyads (``"KOR-PRK"``, keys in alphabetical order) of a complete event,
    between two different known actors."""
    return {label for label in dyad_labels(ev) if "-" in label}


def dyad_labels(ev: dict[str, Any]) -> list[str]:
    """Every dyad label that names a complete event by keys: ``A>B`` for each source key A and
    target key B (A != B) and the undirected ``A-B`` (keys in alphabetical order), as the store
    keeps them in ``event_dyads``."""
    if incomplete_record(ev):
        return []
    out: list[str] = []
    for s in sorted(actor_keys(ev.get("source"))):
        for t in sorted(actor_keys(ev.get("target"))):
            if s != t:
                for label in (f"{s}>{t}", "-".join(sorted((s, t)))):
                    if label not in out:
                        out.append(label)
    return out


def sides_rows(ev: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(role, key, code)`` rows of an event's known actors (role ``s`` source, ``t`` target),
    as the store keeps them in ``event_sides``."""
    rows = []
    for role, name in (("s", "source"), ("t", "target")):
        for k, c in side_actors(ev.get(name)):
            rows.append((role, k, c))
    return rows
