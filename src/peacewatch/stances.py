"""Stances and conditions: who supports, welcomes, rejects, opposes, conditions or proposes each
proposal or initiative named in an article, with the evidence.

    extract_stances(coded: CodedArticle) -> list[Stance]

1. Proposals. Noun phrases headed by a proposal noun (``initiative``, ``proposal``, ``plan``,
   ``offer``, ``roadmap``, ...), a talks noun (``talks``, ``dialogue``, ``negotiations``) or a
   ``resolution``, with their modifiers and determiner ("a new initiative", "the END initiative",
   "his plan", "any talks with outside powers"). Mentions corefer within the article: a definite
   or possessive mention ("the proposal", "his plan") refers to the latest proposal of its kind; an
   indefinite one starts a new proposal, except that the first body mention continues the
   headline's. A proposal is named by its first mention in the body (the lead).
2. From the coded events, when present: CAMEO 05x (praise, endorse) -> ``welcomes`` (trigger
   welcome/praise/hail) or ``supports``; 03x (intent to cooperate) -> ``supports``; 11x ->
   ``opposes``; 12x -> ``rejects``; an event with a ``condition`` -> ``conditions`` with that text.
   The event's sentence must name a proposal (or, for a condition, anything conditioned); negated
   and hypothetical events give no stance.
3. Sentence rules where no event gives the same stance: a stance verb whose subject is an actor
   and whose object is a proposal mention ("X rejected the offer", "the plan was welcomed by X",
   "X presented his plan" -> ``proposes``); a condition marker ("only once", "on condition that",
   "provided that", "unless", ...) after a proposal mention -> ``conditions`` by the speaker of the
   sentence, the condition being the clause after the marker. Headlines give no rule stances (the
   lead restates them).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from .model import ActorRef, CodedArticle, Event, Sentence, Span, stable_hash
from .quotes import _Ctx, _trie, subject_for_verb

__all__ = ["Stance", "ProposalMention", "find_proposals", "extract_stances", "STANCES"]

STANCES = ("supports", "welcomes", "rejects", "conditions", "opposes", "proposes")

HEADS = {
    "proposal": r"initiatives?|proposals?|plans?|offers?|road\s?maps?|blueprints?|visions?|ideas?|packages?|frameworks?|deals?|formulas?",
    "talks": r"talks|dialogues?|negotiations?",
    "resolution": r"resolutions?",
}
HEAD_RE = re.compile(
    r"(?<![\w-])(?:(?P<proposal>" + HEADS["proposal"] + r")|(?P<talks>" + HEADS["talks"] + r")|(?P<resolution>"
    + HEADS["resolution"] + r"))(?![\w-])",
    re.I,
)
DEFINITE = {"the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "such"}
INDEFINITE = {"a", "an", "any", "another", "new"}
DETERMINERS = DEFINITE | {"a", "an", "any", "another"}
STOP = set(
    "to of in on at by for with from into about as and or but than then that which who whom whose is are was were be been "
    "being has have had do does did will would shall should can could may might must not no nor so if once when while "
    "after before during under over called urged asked wants want wanted welcomed rejected backed supported support "
    "presented proposed unveiled offered said says told it he she they we you i offers proposes unveils presents "
    "wants seeks backs rejects welcomes supports launches accepts accepted".split()
) | {"toward", "towards", "against", "between", "among", "through", "via", "without", "within", "upon", "across", "beyond", "behind", "despite", "amid"}
OBJECT_TAIL = re.compile(
    r"\s+(?:aimed\s+at|cent(?:er|re)d\s+on|designed\s+to|with|on|of|to(?!\s+be\b)(?=\s+\w))(?:\s+(?:[\w’'-]|\.(?=\w))+){1,6}?(?=[,.;:]|\s+(?:and|but|would|will|was|were|is|are|as|which|that|while)\b|$)",
    re.I,
)

TRIGGERS: dict[str, str] = {
    "welcomes": r"welcom\w*|hail(?:ed|s|ing)?|prais\w*|applaud\w*|laud(?:ed|s|ing)?|spoke\s+highly\s+of|appreciat\w*",
    "supports": r"support(?:ed|s|ing)?|back(?:ed|s|ing)|endors\w*|pledg\w*\s+(?:\w+\s+){0,3}?(?:support|backing)|express\w*\s+support|voic\w*\s+support|committ?\w*\s+to",
    "rejects": r"reject\w*|dismiss\w*|refus\w*|turn\w*\s+down|spurn\w*|rul\w*\s+out|brush\w*\s+(?:aside|off)|repudiat\w*",
    "opposes": r"oppos(?:ed|es|ing)|criticiz\w*|criticis\w*|condemn\w*|denounc\w*|slam(?:med|s)?|object\w*\s+to|protest\w*",
    "proposes": r"propos(?:ed|es|ing)|present(?:ed|s|ing)|unveil\w*|put\s+(?:forward|forth)|launch(?:ed|es|ing)|offer(?:ed|s|ing)|float(?:ed|s)|tabled",
}
TRIGGER_RE = re.compile(
    "|".join(rf"(?P<{k}>(?<![\w-])(?:{v})(?![\w-]))" for k, v in TRIGGERS.items()), re.I
)
CONDITION_RE = re.compile(
    r"(?<![\w-])(?:only\s+(?:be\s+(?:possible|held|considered|resumed)\s+|take\s+place\s+|happen\s+|resume\s+|proceed\s+)?"
    r"(?:once|if|when|after|on\s+condition\s+that)|on\s+(?:the\s+)?condition\s+that|provided\s+(?:that\s+)?|as\s+long\s+as|unless|"
    r"(?:as\s+a\s+)?pre-?condition\s+(?:that|for\s+\w+\s+is\s+that)|in\s+exchange\s+for)(?![\w-])",
    re.I,
)
SPEECH_RE = re.compile(r"(?<![\w-])(?:said|says|maintained|maintains|insisted|insists|stated|declared|argued|reiterated|stressed|made\s+clear)(?![\w-])", re.I)


@dataclass
class ProposalMention:
    kind: str  # proposal | talks | resolution
    text: str
    start: int
    end: int
    determiner: str | None
    cluster: int = -1
    sentence_index: int | None = None


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


def _mention_at(text: str, m: re.Match[str], lo: int, hi: int) -> ProposalMention | None:
    kind = m.lastgroup or "proposal"
    head_start, head_end = m.start(), m.end()
    # walk back over modifiers to a determiner
    start = head_start
    det = None
    words = 0
    for w in reversed(list(re.finditer(r"[\w’'.-]+", text[lo:head_start]))):
        ws, we = lo + w.start(), lo + w.end()
        if text[we:start].strip():  # punctuation between: stop
            break
        word = w.group(0)
        lw = word.lower().rstrip(".")
        if lw in DETERMINERS or re.fullmatch(r"[A-Z][\w.-]*['’]s", word):
            det = lw
            start = ws
            break
        if lw in STOP or words >= 4 or (lw.endswith("ing") and lw not in ("ongoing", "upcoming")):
            break
        start = ws
        words += 1
    after = text[head_end : head_end + 4]
    if det is None and kind == "proposal" and words == 0 and not m.group(0).lower().startswith("proposal"):
        return None  # bare "plan", "offer", "deal": too often a verb or generic
    if det is None and re.match(r"\s+to\s+\w", after) and kind == "proposal" and words == 0:
        return None
    end = head_end
    tail = OBJECT_TAIL.match(text, head_end, hi)
    if tail:
        first = tail.group(0).split()[0].lower()
        if (kind == "talks" and first in ("with", "on")) or (
            kind == "proposal" and first in ("aimed", "centered", "centred", "designed", "to", "of")
        ):
            end = tail.end()
    return ProposalMention(kind, text[start:end], start, end, det)


# The letters every HEAD_RE match starts with, in lower case (one per alternative of HEADS).
_HEAD_WORDS = _trie(sorted(
    "initiative proposal plan offer road blueprint vision idea package framework deal formula talks dialogue "
    "negotiation resolution".split()
))
_HEAD_HINT = re.compile(rf"[^\w-]{_HEAD_WORDS}")  # after a non-word character, as HEAD_RE's look-behind wants
_HEAD_HINT_AT_0 = re.compile(_HEAD_WORDS)


def _head_hints(text: str) -> list[int] | None:
    """Where a HEAD_RE match may start in an ASCII ``text`` (a superset, in order), found once so that
    sentences with none are not scanned; None for other text (every sentence is scanned)."""
    if not text.isascii():
        return None
    low = text.lower()
    hints = [m.start() + 1 for m in _HEAD_HINT.finditer(low)]
    if _HEAD_HINT_AT_0.match(low):
        hints.insert(0, 0)
    return hints


def find_proposals(coded: CodedArticle) -> list[ProposalMention]:
    """Proposal mentions of the article, in text order, with coreference clusters assigned."""
    text = coded.article.text
    sents = sorted(coded.sentences, key=lambda s: s.start) or [Sentence(0, 0, len(text), text)]
    mentions: list[ProposalMention] = []
    hints = _head_hints(text)
    for s in sents:
        if hints is not None:
            i = bisect.bisect_left(hints, s.start)
            if i == len(hints) or hints[i] >= s.end:
                continue  # no head noun can start in this sentence
        taken_until = s.start
        for m in HEAD_RE.finditer(text, s.start, s.end):
            if m.start() < taken_until:
                continue
            pm = _mention_at(text, m, s.start, s.end)
            if pm is None:
                continue
            if mentions and mentions[-1].end > pm.start:  # "dialogue" inside "dialogue initiative" etc.
                continue
            # a noun used as a modifier ("dialogue peace initiative") is part of the next head
            nxt = re.match(r"(?:\s+[\w-]+){0,2}?\s+(?:" + HEADS["proposal"] + r")(?![\w-])", text[m.end() : s.end], re.I)
            if nxt is not None and m.lastgroup != "proposal" or (nxt is not None and not re.search(r"\s(?:and|or|to|of)\s", nxt.group(0))):
                continue
            pm.sentence_index = s.index
            mentions.append(pm)
            taken_until = pm.end
    _cluster(mentions, coded.article.body_start)
    return mentions


def _key(pm: ProposalMention) -> str:
    words = re.findall(r"[\w’'-]+", pm.text.lower())
    return " ".join(w for w in words if w not in DETERMINERS and w not in INDEFINITE)


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
    trig = (ev.trigger.text or "").lower()
    if root == "05":
        return "welcomes" if re.search(r"welcom|prais|hail|applaud|laud|appreciat", trig) else "supports"
    if root == "03":
        return "supports"
    if root == "12":
        return "rejects"
    if root == "11":
        return "opposes"
    return None


def _condition_text(text: str, lo: int, hi: int) -> str:
    while hi > lo and text[hi - 1] in " .;:!?\"”’\n":
        hi -= 1
    m = re.search(r",\s+(?:but|while|whereas|and\s+(?:said|added|urged))\b|;", text[lo:hi])
    if m:
        hi = lo + m.start()
    return text[lo:hi].strip()


def extract_stances(coded: CodedArticle) -> list[Stance]:
    """Stances on the proposals named in ``coded``: event-based first, then sentence rules."""
    art = coded.article
    text = art.text or ""
    if not text.strip():
        return []
    mentions = find_proposals(coded)
    if not mentions:
        return []
    sents = {s.index: s for s in coded.sentences}
    ctx = _Ctx(art, coded.sentences, coded.actors)
    out: list[Stance] = []
    keys: set[tuple[Any, ...]] = set()
    by_event: set[tuple[Any, ...]] = set()

    def mentions_in(si: int) -> list[ProposalMention]:
        return [m for m in mentions if m.sentence_index == si]

    def add(pm: ProposalMention, actor: ActorRef, stance: str, cond: str | None, si: int, trig: Span | None, ev: str | None, rule: str) -> None:
        key = (pm.cluster, actor.code, stance, cond)
        if key in keys:
            return
        keys.add(key)
        canon = _canonical(mentions, pm.cluster, art.body_start)
        s = sents.get(si)
        evidence = Span(s.text, s.start, s.end) if s else Span(pm.text, pm.start, pm.end)
        out.append(
            Stance(
                article_id=art.article_id,
                proposal=Span(canon.text, canon.start, canon.end),
                mention=Span(pm.text, pm.start, pm.end),
                proposal_id=stable_hash(art.article_id, "proposal", canon.start, canon.end),
                actor=actor,
                stance=stance,
                condition=cond,
                sentence_index=si,
                evidence=evidence,
                trigger=trig,
                event_id=ev,
                rule=rule,
                date=art.published,
            )
        )

    def nearest(pms: list[ProposalMention], pos: int) -> ProposalMention:
        after = [m for m in pms if m.start >= pos]
        return after[0] if after else pms[-1]

    # 1. from the events
    for ev in coded.events:
        if ev.source is None or ev.modality.negated or ev.modality.hypothetical:
            continue
        pms = mentions_in(ev.sentence_index)
        if not pms:
            continue
        if ev.condition:
            cond_at = text.find(ev.condition, sents[ev.sentence_index].start) if ev.sentence_index in sents else -1
            before = [m for m in pms if cond_at < 0 or m.end <= cond_at]
            pm = before[0] if before else pms[0]
            add(pm, ev.source, "conditions", ev.condition, ev.sentence_index, ev.trigger, ev.event_id, f"event {ev.cameo} with condition")
            by_event.add((ev.sentence_index, ev.source.code, "conditions"))
            continue
        st = _cameo_stance(ev)
        if st is None:
            continue
        pm = nearest(pms, ev.trigger.start)
        add(pm, ev.source, st, None, ev.sentence_index, ev.trigger, ev.event_id, f"event {ev.cameo}")
        by_event.add((ev.sentence_index, ev.source.code, st))

    # 2. sentence rules
    for s in sorted(coded.sentences, key=lambda x: x.start):
        if s.end <= art.body_start:
            continue
        pms = mentions_in(s.index)
        if not pms:
            continue
        for m in TRIGGER_RE.finditer(text, s.start, s.end):
            st = m.lastgroup
            if st is None or ctx_in_pm(pms, m.start()):
                continue
            if re.search(r"(?<![\w-])to\s+$", text[max(s.start, m.start() - 4) : m.start()]):
                continue  # "called on X to support ...": a request, not X's stance
            if re.search(r"(?<![\w-])(?:not|never|n't)\s+$", text[max(s.start, m.start() - 7) : m.start()]):
                continue
            # the proposal: the object after the trigger, or the passive subject before it
            by = re.match(r"\s+by\s+", text[m.end() : s.end])
            passive = by if by and re.search(
                r"(?:was|were|been|be|is|are)\s+(?:\w+ly\s+)?$", text[s.start : m.start()]) else None
            if passive:
                obj = [x for x in pms if x.end <= m.start()]
                if not obj:
                    continue
                pm = obj[-1]
                by_at = m.end() + passive.end()
                cands = [a for a in ctx.actors_in(by_at, s.end) if a.start - by_at < 40]
                actor = cands[0] if cands else None
            else:
                obj = [x for x in pms if x.start >= m.end() and len(text[m.end() : x.start].split()) <= 6 and not re.search(r"[.;]", text[m.end() : x.start])]
                if not obj:
                    continue
                pm = obj[0]
                actor = subject_for_verb(ctx, m.start(), m.group(0).lower().endswith("ing"))
            if actor is None:
                continue
            if (s.index, actor.code, st) in by_event:
                continue
            add(pm, actor, st, None, s.index, Span(m.group(0), m.start(), m.end()), None, f"sentence: {st} verb")
        for c in CONDITION_RE.finditer(text, s.start, s.end):
            before = [x for x in pms if x.end <= c.start()]
            if not before:
                continue
            pm = before[0]
            sp = [x for x in SPEECH_RE.finditer(text, s.start, pm.start)]
            actor = subject_for_verb(ctx, sp[-1].start()) if sp else subject_for_verb(ctx, pm.start, True)
            if actor is None or (s.index, actor.code, "conditions") in by_event:
                continue
            cond = _condition_text(text, c.end(), s.end)
            if len(cond.split()) < 2:
                continue
            add(pm, actor, "conditions", cond, s.index, Span(c.group(0), c.start(), c.end()), None, "sentence: condition marker")
            break
    out.sort(key=lambda x: (x.sentence_index, x.evidence.start, STANCES.index(x.stance)))
    return out


def ctx_in_pm(pms: list[ProposalMention], pos: int) -> bool:
    return any(m.start <= pos < m.end for m in pms)
