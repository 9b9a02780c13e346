"""Stances and conditions: who supports, welcomes, rejects, opposes, conditions or proposes each
proposal or initiative named in an article, with the evidence — read from the parsed article.

    extract_stances(coded: CodedArticle) -> list[Stance]

1. Proposals. Noun phrases whose head is a proposal noun (word lists ``proposal-heads``: initiative,
   proposal, plan, offer, roadmap ...), a talks noun (``talks-heads``) or a resolution, with the
   words of their phrase ("a new initiative aimed at promoting dialogue", "any talks with outside
   powers"). Mentions corefer within the article: a definite or possessive mention ("the proposal",
   "his plan") refers to the latest proposal of its kind; an indefinite one starts a new proposal,
   except that the first body mention continues the headline's. A proposal is named by its first
   body mention (the lead).
2. From the coded events: an event whose trigger's phrase holds a proposal mention (or, failing
   that, whose sentence names one) gives its stance — CAMEO 05x (praise, endorse) ``welcomes``
   (welcome, praise, hail ...) or ``supports``; 03x ``supports``; 11x ``opposes``; 12x ``rejects``;
   an event with a ``condition`` gives ``conditions`` with that text. Negated and hypothetical
   events give no stance.
3. From the parse where no event gave it: a stance verb (word lists ``stance-*``) whose object (or
   passive subject) is a proposal mention, with its subject as the actor ("X rejected the offer",
   "the plan was welcomed by X", "X presented his plan" -> ``proposes``); a condition clause (if,
   unless, once, provided ...) attached to a clause that names a proposal -> ``conditions`` by the
   one who states it. Headlines give no such stances (the lead restates them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import ActorRef, CodedArticle, Event, Span, stable_hash
from .text.layer import ParsedArticle, ParsedSentence
from .text.reference import ActorFinder
from .text.syntax import agents, is_passive, is_verb, subjects, subtree_span
from .events.modality import condition_text
from .text.words import words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["Stance", "ProposalMention", "find_proposals", "extract_stances", "STANCES"]

STANCES = ("supports", "welcomes", "rejects", "conditions", "opposes", "proposes")
DEFINITE = {"the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "such"}
INDEFINITE = {"a", "an", "any", "another", "new"}
_MAX_MENTION_TOKENS = 14


@dataclass
class ProposalMention:
    kind: str  # proposal | talks | resolution
    text: str
    start: int
    end: int
    determiner: str | None
    cluster: int = -1
    sentence_index: int | None = None
    head: int = -1  # token index of the head noun in its sentence


@dataclass
class Stance:
    """Who takes which stance on a proposal, with the evidence."""

    article_id: str
    proposal: Span  # the proposal as the article names it first (the lead), offsets into Article.text
    mention: Span  # the mention in the evidence sentence ("the proposal")
    proposal_id: str
    actor: ActorRef
    stance: str  # supports | welcomes | rejects | conditions | opposes | proposes
    condition: str | None
    sentence_index: int
    evidence: Span  # the sentence
    trigger: Span | None = None
    event_id: str | None = None
    rule: str = ""
    date: str | None = None  # the article's publication date
    stance_id: str = ""

    def __post_init__(self) -> None:
        if not self.stance_id:
            self.stance_id = stable_hash(
                self.article_id, "stance", self.proposal_id, self.actor.code, self.stance, self.condition,
                self.sentence_index,
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "stance_id": self.stance_id,
            "article_id": self.article_id,
            "date": self.date,
            "proposal": vars(self.proposal).copy(),
            "mention": vars(self.mention).copy(),
            "proposal_id": self.proposal_id,
            "actor": self.actor.to_dict(),
            "stance": self.stance,
            "condition": self.condition,
            "sentence_index": self.sentence_index,
            "evidence": vars(self.evidence).copy(),
            "trigger": vars(self.trigger).copy() if self.trigger else None,
            "event_id": self.event_id,
            "rule": self.rule,
        }


# --- proposals ------------------------------------------------------------------------------------


_HEAD_LISTS = (("proposal", "proposal-heads"), ("talks", "talks-heads"), ("resolution", "resolution-heads"))


def _kind(t: "Token") -> str | None:
    lem = t.lemma_.lower() if t.lemma_ else t.lower_
    low = t.lower_
    for kind, name in _HEAD_LISTS:
        ws = words(name)
        if lem in ws or low in ws or (low.endswith("s") and low[:-1] in ws):
            return kind
    return None


def _mention(ps: ParsedSentence, t: "Token") -> ProposalMention | None:
    if t.pos_ not in ("NOUN", "PROPN"):  # first: most tokens are neither (the cheaper test)
        return None
    kind = _kind(t)
    if kind is None:
        return None
    if t.dep_ in ("compound", "amod") and _kind(t.head) is not None:
        return None  # "dialogue peace initiative": part of the next head
    lo, hi = subtree_span(t, stop=frozenset({"relcl", "appos", "conj", "cc", "ccomp", "advcl"}))
    hi = min(hi, t.i + _MAX_MENTION_TOKENS)
    lo = max(lo, t.i - 6)
    while hi > t.i + 1 and ps.doc[hi - 1].is_punct:
        hi -= 1
    det_tok = next((c for c in t.children if c.dep_ in ("det", "poss")), None)
    det = det_tok.lower_ if det_tok is not None else None
    if det is None and kind == "proposal" and t.lower_ not in ("proposal", "proposals", "initiative", "initiatives") and not any(
        c.dep_ in ("amod", "compound") for c in t.children
    ):
        return None  # a bare "plan", "offer", "deal": too often generic
    a, b = ps.char_span(lo, hi)
    return ProposalMention(kind, ps.text[a - ps.start : b - ps.start], a, b, det, sentence_index=ps.index, head=t.i)


def find_proposals(parsed: ParsedArticle | CodedArticle) -> list[ProposalMention]:
    """Proposal mentions of the article (parsed sentences), in text order, with coreference clusters."""
    if isinstance(parsed, CodedArticle):
        parsed = parsed.parsed
    if not isinstance(parsed, ParsedArticle):
        raise TypeError("find_proposals reads the parsed layer: code the article first")
    mentions: list[ProposalMention] = []
    for ps in parsed.sentences:
        if not ps.parsed:
            continue
        for t in ps.doc:
            pm = _mention(ps, t)
            if pm is None:
                continue
            if mentions and mentions[-1].end > pm.start and mentions[-1].sentence_index == ps.index:
                continue
            mentions.append(pm)
    _cluster(mentions, parsed.article.body_start)
    return mentions


def _key(pm: ProposalMention) -> str:
    ws = re.findall(r"[\w’'-]+", pm.text.lower())
    return " ".join(w for w in ws if w not in DEFINITE and w not in INDEFINITE)


def _cluster(mentions: list[ProposalMention], body_start: int) -> None:
    clusters: list[list[ProposalMention]] = []
    headline_cluster: dict[str, int] = {}
    for pm in mentions:
        same_kind = [i for i, c in enumerate(clusters) if c[0].kind == pm.kind]
        same_key = [i for i in same_kind if any(_key(x) == _key(pm) for x in clusters[i])]
        target = None
        if same_key:
            target = same_key[-1]
        elif pm.start >= body_start and pm.kind in headline_cluster and all(
            x.start < body_start for x in clusters[headline_cluster[pm.kind]]
        ):
            target = headline_cluster[pm.kind]  # the lead restates the headline
        elif pm.determiner in DEFINITE or (pm.determiner and pm.determiner.endswith(("'s", "’s"))) or pm.determiner is None:
            named = re.search(r"(?<!^)\b[A-Z]{2,}\b", pm.text)
            if same_kind and not named:
                target = same_kind[-1]
        if target is None:
            clusters.append([pm])
            pm.cluster = len(clusters) - 1
            if pm.start < body_start:
                headline_cluster.setdefault(pm.kind, pm.cluster)
        else:
            clusters[target].append(pm)
            pm.cluster = target


def _canonical(mentions: list[ProposalMention], cluster: int, body_start: int) -> ProposalMention:
    ms = [m for m in mentions if m.cluster == cluster]
    body = [m for m in ms if m.start >= body_start]
    return (body or ms)[0]


# --- stances --------------------------------------------------------------------------------------


def _cameo_stance(ev: Event) -> str | None:
    root = (ev.cameo_root or ev.cameo[:2])[:2]
    if root == "05":
        return "welcomes" if (ev.trigger.text or "").lower()[:5] in {w[:5] for w in words("stance-welcomes")} else "supports"
    if root == "03":
        return "supports"
    if root == "12":
        return "rejects"
    if root == "11":
        return "opposes"
    return None


def _verb_stance(v: "Token") -> str | None:
    lem = v.lemma_.lower()
    for st in ("welcomes", "supports", "rejects", "opposes", "proposes"):
        if lem in words(f"stance-{st}"):
            return st
    return None


def extract_stances(coded: CodedArticle) -> list[Stance]:
    """Stances on the proposals named in ``coded``: event-based first, then the parse."""
    parsed: ParsedArticle | None = coded.parsed
    art = coded.article
    if parsed is None or not (art.text or "").strip():
        return []
    mentions = find_proposals(parsed)
    if not mentions:
        return []
    sents = {ps.index: ps for ps in parsed.sentences}
    finder = ActorFinder(parsed)
    out: list[Stance] = []
    keys: set[tuple[Any, ...]] = set()
    by_event: set[tuple[Any, ...]] = set()
    pm: ProposalMention | None
    actor: ActorRef | None

    def mentions_in(si: int) -> list[ProposalMention]:
        return [m for m in mentions if m.sentence_index == si]

    def add(pm: ProposalMention, actor: ActorRef, stance: str, cond: str | None, si: int, trig: Span | None,
            ev: str | None, rule: str) -> None:
        key = (pm.cluster, actor.code, stance, cond)
        if key in keys:
            return
        keys.add(key)
        canon = _canonical(mentions, pm.cluster, art.body_start)
        ps = sents.get(si)
        evidence = Span(ps.text, ps.start, ps.end) if ps else Span(pm.text, pm.start, pm.end)
        out.append(Stance(
            article_id=art.article_id,
            proposal=Span(canon.text, canon.start, canon.end),
            mention=Span(pm.text, pm.start, pm.end),
            proposal_id=stable_hash(art.article_id, "proposal", canon.start, canon.end),
            actor=actor, stance=stance, condition=cond, sentence_index=si, evidence=evidence, trigger=trig,
            event_id=ev, rule=rule, date=art.published,
        ))

    # 1. from the events
    for ev in coded.events:
        if ev.source is None or ev.source.code.startswith("---") or ev.modality.negated:
            continue
        pms = mentions_in(ev.sentence_index)
        ps = sents.get(ev.sentence_index)
        if not pms or ps is None:
            continue
        pm = _mention_in_phrase(ps, pms, ev) or pms[0]
        if ev.condition:
            add(pm, ev.source, "conditions", ev.condition, ev.sentence_index, ev.trigger, ev.event_id, f"event {ev.cameo} with condition")
            by_event.add((ev.sentence_index, ev.source.code, "conditions"))
            continue
        if ev.modality.hypothetical:
            continue
        st = _cameo_stance(ev)
        if st is None:
            continue
        add(pm, ev.source, st, None, ev.sentence_index, ev.trigger, ev.event_id, f"event {ev.cameo}")
        by_event.add((ev.sentence_index, ev.source.code, st))

    # 2. from the parse
    for ps in parsed.sentences:
        if not ps.parsed or ps.end <= art.body_start:
            continue
        pms = mentions_in(ps.index)
        if not pms:
            continue
        heads = {m.head: m for m in pms}
        for v in ps.doc:
            if not is_verb(v) or any(c.dep_ == "neg" for c in v.children):
                continue
            st = _verb_stance(v)
            if st is None:
                continue
            if v.dep_ == "xcomp" and v.head.lemma_.lower() in words("object-control"):
                continue  # "called on X to support ...": a request, not X's stance
            if is_passive(v):
                objs = [c for c in v.children if c.dep_ in ("nsubjpass",)]
                who = [a for t in agents(v) for a in finder.actors_of(ps, t)]
            else:
                objs = [c for c in v.children if c.dep_ in ("dobj", "pobj")] + [
                    p for c in v.children if c.dep_ == "prep" and c.lower_ in ("to", "for") for p in c.children if p.dep_ == "pobj"]
                who = [a for s in subjects(v) for a in finder.actors_of(ps, s)]
            pm = next((heads[o.i] for o in objs if o.i in heads), None)
            if pm is None or not who:
                continue
            actor = who[0]
            if actor.code.startswith("---") or (ps.index, actor.code, st) in by_event:
                continue
            a, b = ps.char_span(v.i, v.i + 1)
            add(pm, actor, st, None, ps.index, Span(v.text, a, b), None, f"sentence: {st} verb")
        for v in ps.doc:
            mark = next((c.lower_ for c in v.children if c.dep_ == "mark"), None) if v.dep_ == "advcl" else None
            if mark not in words("condition-markers"):
                continue
            main = v.head
            pm = next((m for m in pms if m.start < ps.start + v.idx and _in_clause(ps, m, main)), None)
            if pm is None:
                continue
            actor = _stater(finder, ps, main)
            if actor is None or (ps.index, actor.code, "conditions") in by_event:
                continue
            cond = condition_text(v).strip(" .,;")
            if len(cond.split()) < 2:
                continue
            ma, mb = ps.char_span(v.i, v.i + 1)
            add(pm, actor, "conditions", cond, ps.index, Span(mark or "", ma, mb), None, "sentence: condition clause")
    out.sort(key=lambda x: (x.sentence_index, x.evidence.start, STANCES.index(x.stance)))
    return out


def _mention_in_phrase(ps: ParsedSentence, pms: list[ProposalMention], ev: Event) -> ProposalMention | None:
    k = ps.token_at(ev.trigger.start)
    if k is None or not ps.parsed:
        return None
    trig = ps.doc[k]
    sub = {t.i for t in trig.subtree}
    return next((m for m in pms if m.head in sub), None)


def _in_clause(ps: ParsedSentence, pm: ProposalMention, main: "Token") -> bool:
    return pm.head in {t.i for t in main.subtree}


def _stater(finder: ActorFinder, ps: ParsedSentence, main: "Token") -> ActorRef | None:
    """Who states a conditioned clause: the subject of the verb of saying above it, else its own."""
    cur = main
    for _ in range(4):
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.i != cur.i:
            cur = cur.head
            if cur.lemma_.lower() in words("speech"):
                for s in subjects(cur):
                    got = finder.actors_of(ps, s)
                    if got:
                        return got[0]
        else:
            break
    for s in subjects(main):
        got = finder.actors_of(ps, s)
        if got:
            return got[0]
    return None
