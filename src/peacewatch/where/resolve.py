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
ADMIN1_PRIOR = 4.5
CAPITAL_BONUS = 1.5
EXACT_BONUS = 1.5  # English news writes a place's conventional name, GeoNames' main name
NEAR_BONUS = 6.0  # the country of a place named beside the mention
CONTEXT_CAP = 3.0
ARTICLE_WEIGHT = 1.5  # a country named as a place somewhere in the story (each time, up to the cap)
SENTENCE_WEIGHT = 3.5  # ... in the mention's own sentence
ACTOR_WEIGHT = 0.5  # an actor of that country
ACTOR_CAP = 1.5
DATELINE_WEIGHT = 3.0
NEIGHBOUR_BONUS = 0.8
SAME_NAME_CITY = 1.5  # a division named after its main town: the town, unless the text says "province"


@dataclass
class Resolution:
    row: int
    certainty: float


@dataclass
class Context:
    countries: dict[str, float] = field(default_factory=dict)
    sentences: dict[int, dict[str, float]] = field(default_factory=dict)

    def weight(self, iso3: str | None, sentence: int | None = None) -> float:
        if not iso3:
            return 0.0
        w = self.countries.get(iso3, 0.0)
        if sentence is not None:
            w = max(w, self.sentences.get(sentence, {}).get(iso3, 0.0))
        return w


def _unique_country(gaz: Gazetteer, rows: list[int]) -> str | None:
    """The country a mention surely names: a country row among its rows, or all rows in one."""
    for r in rows:
        if gaz.feature(r) == COUNTRY:
            return gaz.country_of(r)
    ccs = {gaz.country_of(r) for r in rows}
    return ccs.pop() if len(ccs) == 1 else None


def article_context(gaz: Gazetteer, parsed: "ParsedArticle", mentions: dict[int, list["Mention"]]) -> Context:
    """Country weights of the story (module docstring): places named (not as actors), the dateline,
    actors' countries a little; the countries a sentence names as places weigh more in it."""
    from .mentions import locative_preps

    ctx: dict[str, float] = {}
    per: dict[int, dict[str, float]] = {}

    def add(d: dict[str, float], c: str | None, w: float, cap: float) -> None:
        if c and len(c) == 3 and gaz.country(c) is not None:
            d[c] = min(cap, d.get(c, 0.0) + w)

    for ps in parsed.sentences:
        for m in mentions.get(ps.index, ()):
            if not m.rows:
                continue
            actor = any(ps.actor_index(k) >= 0 for k in range(m.i, m.j)) if len(ps.tok_actor) >= m.j else False
            if actor and not (ps.parsed and locative_preps(ps.doc[m.j - 1])):
                continue  # "US forces", "Iraq said": an actor's country, counted below as one
            c = _unique_country(gaz, m.rows)
            add(ctx, c, ARTICLE_WEIGHT, CONTEXT_CAP)
            add(per.setdefault(ps.index, {}), c, SENTENCE_WEIGHT, SENTENCE_WEIGHT)
    for a in parsed.actors:
        for x in (a.members or [a]):
            add(ctx, x.country, ACTOR_WEIGHT, ACTOR_CAP)
    line = parsed.article.dateline
    if line:
        for part in line.split(",")[:2]:
            part = part.strip()
            if part and not any(ch.isdigit() for ch in part):
                rows = gaz.lookup(part.title() if part.isupper() else part)
                add(ctx, _unique_country(gaz, rows), DATELINE_WEIGHT, DATELINE_WEIGHT)
    return Context(ctx, per)


def score(gaz: Gazetteer, row: int, m: "Mention", ctx: Context | None, near: set[str]) -> float:
    feat = gaz.feature(row)
    pop = gaz.population(row)
    if feat == COUNTRY:
        s = KIND_PRIOR[COUNTRY]
    elif feat == ADMIN1:
        s = ADMIN1_PRIOR + 0.3 * math.log10(pop + 1)
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
    w = ctx.weight(c, m.sent_index) if ctx else 0.0
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
    scored = []
    town_countries = {gaz.country_of(r) for r in m.rows if gaz.feature(r) == CITY and gaz.population(r) >= 10_000}
    for r in m.rows:
        s = score(gaz, r, m, ctx, near)
        if gaz.feature(r) == ADMIN1 and m.hint != "admin1" and gaz.country_of(r) in town_countries:
            s -= SAME_NAME_CITY
        scored.append((s, r))
    scored.sort(reverse=True)
    best_s, best = scored[0]
    rival = next((s for s, r in scored[1:] if gaz.country_of(r) != gaz.country_of(best)), None)
    certainty = 1.0 if rival is None else 1.0 / (1.0 + math.exp(-(best_s - rival)))
    return Resolution(best, round(certainty, 3))
