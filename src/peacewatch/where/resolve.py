"""Which of the places of a name a mention means: the article's context first, then population.

The context is a weight per country: countries the story names as places, the countries of its
actors ("Iraqi police", "Seoul"), its dateline; a place named beside the mention ("Hilla, Iraq",
"the West Bank town of Jenin") counts far more. A candidate's score adds

- what kind of place it is: a country name almost always means the country, our own table was
  written for news, a first-level division next, then a town by the log of its population (a
  capital a little more);
- the main name written as it is (not an alternate spelling);
- the mention's own hint ("Anbar *province*" a division, "the *town* of X" a town);
- its country's context weight, or a little when it borders a country of the context.

The best score wins; its lead over the runner-up in another country sets the certainty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from .gazetteer import ADMIN1, CITY, COUNTRY, Gazetteer

if TYPE_CHECKING:  # pragma: no cover
    from ..text.layer import ParsedArticle
    from .mentions import Mention

KIND_PRIOR = {COUNTRY: 9.0}
CUSTOM_PRIOR = 8.5
ADMIN1_PRIOR = 4.8
CAPITAL_BONUS = 1.5
EXACT_BONUS = 0.7
NEAR_BONUS = 6.0  # the country of a place named beside the mention
CONTEXT_CAP = 4.0
NEIGHBOUR_BONUS = 0.8


@dataclass
class Resolution:
    row: int
    certainty: float


@dataclass
class Context:
    countries: dict[str, float] = field(default_factory=dict)

    def weight(self, iso3: str | None) -> float:
        return self.countries.get(iso3, 0.0) if iso3 else 0.0


def _unique_country(gaz: Gazetteer, rows: list[int]) -> str | None:
    """The country a mention surely names: a country row among its rows, or all rows in one."""
    for r in rows:
        if gaz.feature(r) == COUNTRY:
            return gaz.country_of(r)
    ccs = {gaz.country_of(r) for r in rows}
    return ccs.pop() if len(ccs) == 1 else None


def article_context(gaz: Gazetteer, parsed: "ParsedArticle", mentions: dict[int, list["Mention"]]) -> Context:
    ctx: dict[str, float] = {}

    def add(c: str | None, w: float) -> None:
        if c and len(c) == 3 and gaz.country(c) is not None:
            ctx[c] = min(CONTEXT_CAP, ctx.get(c, 0.0) + w)

    for ms in mentions.values():
        for m in ms:
            if m.rows:
                add(_unique_country(gaz, m.rows), 2.0)
    for a in parsed.actors:
        for x in (a.members or [a]):
            add(x.country, 1.0)
    line = parsed.article.dateline
    if line:
        for part in line.split(",")[:2]:
            part = part.strip()
            if part and not any(ch.isdigit() for ch in part):
                rows = gaz.lookup(part.title() if part.isupper() else part)
                add(_unique_country(gaz, rows), 3.0)
    return Context(ctx)


def score(gaz: Gazetteer, row: int, m: "Mention", ctx: Context | None, near: set[str]) -> float:
    feat = gaz.feature(row)
    pop = gaz.population(row)
    if feat == COUNTRY:
        s = KIND_PRIOR[COUNTRY]
    elif feat == ADMIN1:
        s = ADMIN1_PRIOR + 0.2 * math.log10(pop + 1)
    elif feat == CITY:
        s = math.log10(pop + 10) + (CAPITAL_BONUS if gaz.is_capital(row) else 0.0)
    else:
        s = CUSTOM_PRIOR
    if any(gaz.named_exactly(row, n) for n in m.names[:1]):
        s += EXACT_BONUS
    if m.hint == "admin1":
        s += 4.0 if feat == ADMIN1 else (-1.0 if feat == CITY else 0.0)
    elif m.hint == "city":
        s += 2.0 if feat == CITY else (-1.0 if feat == ADMIN1 else -3.0 if feat == COUNTRY else 0.0)
    c = gaz.country_of(row)
    if c in near:
        s += NEAR_BONUS
    w = ctx.weight(c) if ctx else 0.0
    if w:
        s += w
    elif c and ctx and any(ctx.weight(n) >= 2.0 for n in gaz.neighbours(c)):
        s += NEIGHBOUR_BONUS
    return s


def resolve(gaz: Gazetteer, m: "Mention", ctx: Context | None, others: Iterable["Mention"] = ()) -> Resolution | None:
    """The best row for mention ``m`` (module docstring), or None when it has none. ``others``:
    the places named with it, in its own phrase."""
    if not m.rows:
        return None
    near: set[str] = set()
    for o in others:  # places named with this one: "Hilla, Iraq", "the West Bank town of Jenin"
        c = _unique_country(gaz, o.rows) if o.rows else None
        if c:
            near.add(c)
    scored = sorted(((score(gaz, r, m, ctx, near), r) for r in m.rows), reverse=True)
    best_s, best = scored[0]
    rival = next((s for s, r in scored[1:] if gaz.country_of(r) != gaz.country_of(best)), None)
    certainty = 1.0 if rival is None else 1.0 / (1.0 + math.exp(-(best_s - rival)))
    return Resolution(best, round(certainty, 3))
