"""Stage 4 of the coder: the record. From a trigger, its roles and modality to ``model.Event``:
the code table's Goldstein, QuadClass and PLOVER, the event's date, a confidence; and, per
article, merging the repeated mentions of one event.

Which events belong to the dataset (exports, series, the default output of ``code``) is decided
here too, by :func:`in_dataset`: an event needs a source; negated and historical events are kept
in the record but are not events of the story's date.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ..model import ActorRef, Article, Event, Modality, Plover, Span

RELATIVE_DAY = re.compile(
    r"\b(on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today|last week|"
    r"last night|this week)\b",
    re.I,
)

_STATE_SECTORS = frozenset("GOV MIL SPY COP LEG JUD PTY".split())


# --- parties ------------------------------------------------------------------------------------


def actor_key(a: ActorRef | None) -> str:
    """Country or organisation level of an actor ("KORGOV" -> "KOR", "IGOUNO" -> "IGOUNO")."""
    if a is None:
        return ""
    code = a.code or ""
    if code[:3] in ("IGO", "NGO", "IMG", "MNC", "NGM"):
        return code[:6]
    if "/" in code:
        return code
    return a.country or code[:3]


def same_side(a: ActorRef, b: ActorRef) -> bool:
    """One party: the same actor code, or a country and one of its state organs ("North Korea" and
    "North Korean troops"). Two sectors of one country stay two parties; compounds are never one
    party with their members."""
    if a.members or b.members or not a.code or not b.code:
        return False
    if a.code.startswith("---") or b.code.startswith("---"):
        return a is b  # a country nobody knows is nobody's side
    if a.code == b.code:
        return True
    if actor_key(a) != actor_key(b) or a.code.startswith(("IGO", "NGO")):
        return False
    sa, sb = (a.sector or "")[:3], (b.sector or "")[:3]
    # a country and its state organs are one party; two organs of one state (prosecutors and the
    # governor, the army and the government) stay two, as do government and opposition
    return (not sa and (not sb or sb in _STATE_SECTORS)) or (not sb and sa in _STATE_SECTORS)


def flat(a: ActorRef) -> list[ActorRef]:
    """The actors ``a`` stands for: its members when it is a compound ("the two Koreas")."""
    return list(a.members) if a.members else [a]


# --- the dataset ---------------------------------------------------------------------------------


def incomplete(ev: Event) -> bool:
    """No identified source: the text names no one who did it ("Ten people were killed"), or only a
    sector word whose country nothing in the story gives ("officials said", ``---GOV``)."""
    return ev.source is None or (ev.source.code.startswith("---") and not ev.source.members)


def speculative(ev: Event) -> bool:
    """An action that might be taken ("could strike", "a plan to arrest", "only if Washington lifts
    the sanctions"): not an event that happened. What is hypothetical in a statement, demand, offer
    or threat (roots 01-05, 10-14) is the position itself and stays an event (a demand with its
    condition); a hypothetical material act (06-09, 15-20) is not one."""
    return ev.modality.hypothetical and ev.cameo_root not in _POSITION_ROOTS


_POSITION_ROOTS = frozenset({"01", "02", "03", "04", "05", "10", "11", "12", "13", "14"})


def in_dataset(ev: Event) -> bool:
    """An event of the story's date with an identified source (exports, series, ``code`` output)."""
    return not incomplete(ev) and not ev.modality.negated and not ev.modality.historical and not speculative(ev)


# --- building -------------------------------------------------------------------------------------


class RecordBuilder:
    def __init__(self, table: Any) -> None:
        self.table = table

    def event(
        self,
        article: Article,
        sentence_index: int,
        sentence_text: str,
        code: str,
        source: ActorRef | None,
        target: ActorRef | None,
        modality: Modality,
        condition: str | None,
        trigger: Span,
        rule: str,
        confidence: float,
        reporter: ActorRef | None = None,
        roles: dict[str, str] | None = None,
        unresolved: dict[str, Span] | None = None,
    ) -> Event:
        info = self.table.resolve(code)  # None for an odd PETRARCH tag the table cannot parse
        if info is not None:
            root = info.root
            goldstein = float(info.goldstein)
            quad = int(info.quad_class)
            plover = Plover(info.plover_event, info.plover_mode, list(info.plover_context)) if info.plover_event else None
        else:
            root = code[:2] if code[:2].isdigit() else ""
            goldstein = 0.0
            quad = 0
            plover = None
        date, basis = self.date(article, sentence_text)
        ev = Event(
            article_id=article.article_id,
            sentence_index=sentence_index,
            sentence=sentence_text,
            date=date,
            date_basis=basis,
            source=source,
            target=target,
            cameo=code,
            cameo_root=root,
            quad_class=quad,
            goldstein=goldstein,
            plover=plover,
            modality=Modality(**vars(modality)),
            condition=condition,
            trigger=trigger,
            rule=rule,
            confidence=confidence,
            code_table_version=getattr(self.table, "version", ""),
        )
        ev.language = article.language
        ev.reporter = reporter
        ev.roles = dict(roles or {})
        ev.unresolved = dict(unresolved or {})
        return ev

    def date(self, article: Article, sentence_text: str) -> tuple[str | None, str]:
        date = article.published
        basis = "article published" + (f" ({article.date_basis})" if article.date_basis else "")
        if date is None:
            return None, "no date: the article is undated"
        m = RELATIVE_DAY.search(sentence_text)
        if m:
            from ..clean import resolve_relative

            try:
                got = resolve_relative(m.group(1), _dt.date.fromisoformat(date[:10]))
            except ValueError:  # a published date that is not ISO
                got = None
            if got is not None:
                return got.isoformat(), f"'{m.group(1)}' in the sentence, relative to the article date {date}"
        return date, basis


# --- merging ---------------------------------------------------------------------------------------


def merge_events(events: list[Event], body_start: int = 0) -> list[Event]:
    """One event per sentence and (source, target, CAMEO root, negation, historical), then one per
    article and (source, target, CAMEO code, negation, historical): the repeated mentions of an
    event in the headline, the lead and a quote are counted in ``mentions``; the evidence kept is the
    best one (a body sentence over the headline, then confidence, then the more specific actors)."""
    groups: dict[tuple[Any, ...], list[Event]] = {}
    order: list[tuple[Any, ...]] = []
    # an event without a target folds into the same source's event of the same root in the same
    # sentence that has one ("pledged full backing, while committing to ... with Seoul")
    aimed = {(e.sentence_index, actor_key(e.source), e.cameo_root): e for e in events if e.target is not None and e.source is not None}
    rest: list[Event] = []
    for ev in events:
        host = aimed.get((ev.sentence_index, actor_key(ev.source), ev.cameo_root)) if ev.target is None and ev.source is not None else None
        if host is not None and host.modality.negated == ev.modality.negated and host.modality.historical == ev.modality.historical:
            host.mentions += ev.mentions
            continue
        rest.append(ev)
    # one sentence says one thing per dyad and root ("met and held talks", a pattern's reverse
    # code): keep its best reading; across sentences only the same code is the same event
    # ("called the drills a provocation" 111 and "will be held accountable" 112 are two)
    per_sentence: dict[tuple[Any, ...], Event] = {}
    for ev in rest:
        k = (ev.sentence_index, actor_key(ev.source), actor_key(ev.target), ev.cameo_root or ev.cameo,
             ev.modality.negated, ev.modality.historical)
        have = per_sentence.get(k)
        if have is None or (ev.confidence, len(ev.cameo)) > (have.confidence, len(have.cameo)):
            if have is not None:
                ev.mentions += have.mentions - 1 if have.mentions > 1 else 0
            per_sentence[k] = ev
    events = [ev for ev in rest if per_sentence.get((ev.sentence_index, actor_key(ev.source), actor_key(ev.target),
                                                     ev.cameo_root or ev.cameo, ev.modality.negated,
                                                     ev.modality.historical)) is ev]
    for ev in events:
        key = (actor_key(ev.source), actor_key(ev.target), ev.cameo, ev.modality.negated,
               ev.modality.historical, ev.source is None)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(ev)
    out: list[Event] = []
    for key in order:
        group = groups[key]

        def rank(ev: Event) -> tuple[int, float, int, int]:
            in_body = 1 if ev.trigger.start >= body_start else 0
            spec = len(ev.source.code if ev.source else "") + len(ev.target.code if ev.target else "")
            return (in_body, ev.confidence, spec, -ev.trigger.start)

        best = max(group, key=rank)
        best.mentions = sum(e.mentions for e in group)
        if best.condition is None:
            best.condition = next((e.condition for e in group if e.condition), None)
        out.append(best)
    out.sort(key=lambda e: (e.sentence_index, e.trigger.start))
    return out


def place_domestic_actors(events: list[Event]) -> None:
    """A sector word the text gave no country ("the police", "protesters": ``---COP``) takes the
    country of the event's location when its sector acts where it is (data/words: domestic-sectors),
    as ICEWS does: "the police arrested several protesters" in a story set in Washington is
    USACOP -> USACVL, and insurgents who detonated a bomb in Narathiwat are THAREB. The resolution
    says so; soldiers, governments and envoys keep no country, as they often act abroad."""
    from dataclasses import replace

    from ..text.words import words

    domestic = words("domestic-sectors")
    for ev in events:
        loc = ev.location
        country = loc.country if loc is not None else None
        if not country or loc is None:
            continue
        for role in ("source", "target"):
            a: ActorRef | None = getattr(ev, role)
            if a is None or a.members or (a.sector or "").lower() not in domestic:
                continue
            if not a.code.startswith("---") and not (
                    # the one an act is done to, given the doer's country only because the doer was
                    # the nearest country named ("Afghan warplanes killed 22 people in a Pakistani
                    # village"), is of the place where it was done
                    role == "target" and a.borrowed and ev.source is not None
                    and ev.source.country == a.country and country != a.country):
                continue
            how = (f"agent {a.text!r} ({a.sector}), not of the doer's country {a.country}" if a.borrowed
                   else a.resolution)
            placed = replace(a, code=country + a.code[3:], country=country, borrowed=False,
                             resolution=f"{how}; the country of the event's location, {loc.name!r} ({loc.basis})")
            setattr(ev, role, placed)
