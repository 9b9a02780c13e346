"""Scorers: pure functions over produced events and gold records. No I/O, no coding.

Three event-level views, each with precision, recall and F1:

``events``   a gold event is found when a produced event of the same sentence matches its source,
             target and code (its family: prefix, or exactly, as the gold says)
``roots``    root codes per sentence, actors ignored
``triples``  (source, target, root) per sentence

Matching is one to one and greedy in gold order: required gold events first, then optional ones;
a produced event matched to an optional gold event is neither a hit nor an extra.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from .gold import GoldEvent

_ORG_PREFIXES = ("IGO", "NGO", "MNC", "IMG", "NGM", "UIS")


@dataclass(frozen=True)
class Produced:
    """What the scorers need of one produced event (built from ``model.Event`` by the runner)."""

    key: str  # the sentence / unit it belongs to
    source: str | None
    target: str | None
    cameo: str
    confidence: float = 1.0
    rule: str = ""
    sentence: str = ""
    plover: str | None = None
    condition: str | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    source_members: tuple[str, ...] = ()
    target_members: tuple[str, ...] = ()
    trigger: str = ""

    @property
    def root(self) -> str:
        return self.cameo[:2]

    def describe(self) -> str:
        return f"{self.source or '-'} -> {self.target or '-'} {self.cameo}"


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Score:
    prf: PRF
    matched: list[tuple[str, GoldEvent, Produced]] = field(default_factory=list)
    misses: list[tuple[str, GoldEvent]] = field(default_factory=list)
    extras: list[Produced] = field(default_factory=list)
    optional_matched: list[tuple[str, GoldEvent, Produced]] = field(default_factory=list)


# --- actor and code comparison -------------------------------------------------------------------


def actor_level(code: str) -> str:
    """Country/organisation level of an actor code: ``KORGOV`` -> ``KOR``, ``IGOUNO`` -> ``IGOUNO``
    (organisations keep their 6-letter code: IGOUNO and IGOEU are different actors)."""
    code = code.upper()
    if code.startswith(_ORG_PREFIXES):
        return code[:6]
    return code[:3]


def actor_matches(gold: str | None, produced: str | None, members: Sequence[str] = (), how: str = "prefix") -> bool:
    """Does a produced actor fit the gold one?

    ``prefix`` (seed, JSONL gold): both at country/organisation level and the produced code
    starts with the gold code's level (gold ``KOR`` accepts ``KORGOV``; gold ``KORGOV`` accepts
    ``KOR``-anything, since the seed matches at country level). A compound produced actor fits
    when one of its members does. ``exact``: the codes are equal (PETRARCH records).
    ``None`` gold means no actor: only a produced ``None`` fits.
    """
    if gold is None or produced is None:
        return gold is None and produced is None
    if how == "exact":
        return gold == produced
    g = actor_level(gold)
    for cand in (produced, *members):
        if actor_level(cand) == g:
            return True
    return False


def code_matches(gold: GoldEvent, cameo: str) -> bool:
    if gold.code_match == "exact":
        return cameo in gold.codes
    return any(cameo.startswith(c) for c in gold.codes)


def root_matches(gold: GoldEvent, cameo: str) -> bool:
    return cameo[:2] in gold.roots


def _matcher(code_test: Callable[[GoldEvent, str], bool], actors: str) -> Callable[[GoldEvent, Produced], bool]:
    def m(g: GoldEvent, p: Produced) -> bool:
        return (
            code_test(g, p.cameo)
            and actor_matches(g.source, p.source, p.source_members, actors)
            and actor_matches(g.target, p.target, p.target_members, actors)
        )

    return m


def event_matcher(actors: str) -> Callable[[GoldEvent, Produced], bool]:
    """Source, target and the event code itself."""
    return _matcher(code_matches, actors)


def triple_matcher(actors: str) -> Callable[[GoldEvent, Produced], bool]:
    """Source, target and the root of the code."""
    return _matcher(root_matches, actors)


def root_matcher(g: GoldEvent, p: Produced) -> bool:
    return root_matches(g, p.cameo)


# --- scoring -------------------------------------------------------------------------------------


def score(
    gold: Mapping[str, Sequence[GoldEvent]],
    produced: Iterable[Produced],
    match: Callable[[GoldEvent, Produced], bool],
) -> Score:
    """Score produced events against gold events grouped by unit key.

    Produced events whose key has no gold entry are extras too (the unit expected nothing)."""
    by_key: dict[str, list[Produced]] = {}
    for p in produced:
        by_key.setdefault(p.key, []).append(p)
    result = Score(PRF())
    keys = list(gold) + [k for k in by_key if k not in gold]
    for key in keys:
        pool = list(by_key.get(key, []))
        golds = list(gold.get(key, []))
        for g in [g for g in golds if not g.optional]:
            hit = next((p for p in pool if match(g, p)), None)
            if hit is None:
                result.misses.append((key, g))
                result.prf.fn += 1
            else:
                pool.remove(hit)
                result.matched.append((key, g, hit))
                result.prf.tp += 1
        for g in [g for g in golds if g.optional]:
            hit = next((p for p in pool if match(g, p)), None)
            if hit is not None:
                pool.remove(hit)
                result.optional_matched.append((key, g, hit))
        result.extras.extend(pool)
        result.prf.fp += len(pool)
    return result


def score_all(
    gold: Mapping[str, Sequence[GoldEvent]], produced: Sequence[Produced], actors: str = "prefix"
) -> dict[str, Score]:
    """The three views: events, roots, triples."""
    return {
        "events": score(gold, produced, event_matcher(actors)),
        "roots": score(gold, produced, root_matcher),
        "triples": score(gold, produced, triple_matcher(actors)),
    }


def petrarch_found_extra(s: Score) -> dict[str, Any]:
    """PETRARCH's figures: found = expected codings produced exactly (% of expected); extra =
    produced codings not expected (% of expected)."""
    expected = s.prf.tp + s.prf.fn
    return {
        "expected": expected,
        "found": s.prf.tp,
        "extra": s.prf.fp,
        "found_pct": round(100.0 * s.prf.tp / expected, 2) if expected else 0.0,
        "extra_pct": round(100.0 * s.prf.fp / expected, 2) if expected else 0.0,
    }


# --- classification (five classes) ---------------------------------------------------------------


@dataclass
class Classification:
    labels: tuple[int, ...]
    gold: list[int]
    predicted: list[int | None]  # None: abstained (no event)

    @property
    def n(self) -> int:
        return len(self.gold)

    @property
    def accuracy(self) -> float:
        return sum(1 for g, p in zip(self.gold, self.predicted, strict=True) if g == p) / self.n if self.n else 0.0

    @property
    def coverage(self) -> float:
        return sum(1 for p in self.predicted if p is not None) / self.n if self.n else 0.0

    def per_class(self) -> dict[int, PRF]:
        out = {c: PRF() for c in self.labels}
        for g, p in zip(self.gold, self.predicted, strict=True):
            if p == g:
                out[g].tp += 1
            else:
                out[g].fn += 1  # abstaining is a miss for the gold class
                if p is not None:
                    out.setdefault(p, PRF()).fp += 1
        return out

    @property
    def macro_f1(self) -> float:
        pc = self.per_class()
        return sum(pc[c].f1 for c in self.labels) / len(self.labels) if self.labels else 0.0

    def confusion(self) -> list[list[int]]:
        """Rows: gold class; columns: predicted class, then a last column for abstentions."""
        idx = {c: i for i, c in enumerate(self.labels)}
        m = [[0] * (len(self.labels) + 1) for _ in self.labels]
        for g, p in zip(self.gold, self.predicted, strict=True):
            m[idx[g]][idx[p] if p is not None else len(self.labels)] += 1
        return m

    def to_dict(self) -> dict[str, Any]:
        pc = self.per_class()
        return {
            "sentences": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "coverage": round(self.coverage, 4),
            "per_class": {str(c): pc[c].to_dict() for c in self.labels},
            "confusion": {"rows": "gold class", "columns": [str(c) for c in self.labels] + ["none"],
                          "matrix": self.confusion()},
        }


def classify(events: Sequence[Produced], label_of: Callable[[str], int | None]) -> int | None:
    """The predicted class of a sentence: the label of its highest-confidence event (first on a
    tie); ``None`` (abstain) when it has no event with a known label."""
    best: Produced | None = None
    for e in events:
        if label_of(e.cameo) is None:
            continue
        if best is None or e.confidence > best.confidence:
            best = e
    return label_of(best.cameo) if best is not None else None
