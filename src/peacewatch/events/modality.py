"""Stage 3 of the coder: modality. Did the event happen, might it, will it, or is it history?

From the parse of the trigger's clause and the clauses that govern it:

- negated: "not"/"n't"/"never" on the trigger or on a verb governing it through an infinitive
  ("did not agree to meet"); a governing verb that denies its complement ("refused to attend",
  "failed to") unless the pattern itself coded that verb (then "refused" is the event: a
  rejection); "from ...ing" after a verb of preventing ("barred X from entering"); "without ...ing";
  an object or subject quantified by no/none ("made no concessions", "no one was injured");
- hypothetical: a modal (would, could, might, may, should, must, can) on the trigger or a
  governing verb; the trigger inside a condition (if, unless, whether, once + present) however
  deep; a condition attached to it, kept as the record's ``condition`` ("talks would only be
  possible once its status as a nuclear state is formally recognized");
- future: will/shall/'ll, "be going to", or a governing verb of planning ("plans to visit",
  "vowed to retaliate") that the pattern did not code itself;
- historical: a time phrase of the trigger's own clause that lies before the story's year ("in
  1950", "in the 1950s", "last year", "decades ago", "during the Korean War").
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Iterator

from ..model import Modality
from ..text.syntax import clause_marker, is_verb, lemma
from ..text.words import words
from .triggers import Trigger

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)(s?)\b")
_AGO_RE = re.compile(r"\b(years?|decades?|centur(?:y|ies))\s+ago\b", re.I)
_LAST_RE = re.compile(r"\blast\s+(year|decade|century)\b", re.I)
_PAST_TERM_RE = re.compile(r"\b(during|in)\s+(his|her|their|its)\s+(first|previous|earlier|former|last)\s+(term|tenure|presidency|mandate|administration)\b", re.I)
_PAST_WAR_RE = re.compile(r"\b(during|since|after|before|in)\s+the\s+([A-Z][\w-]*\s+){0,3}(War|war|Armistice|armistice)\b")
# relations through which a governing verb's modality reaches its complement: an infinitive
# ("refused to attend"), a coordinated verb ("would meet and sign"), the noun of a support verb
# ("did not hold talks"); not a participle or an adverbial clause, which are clauses of their own
_CHAIN = frozenset({"xcomp", "conj", "pcomp", "prep", "dobj", "pobj", "attr", "oprd", "acomp", "nsubjpass", "nsubj"})


def _chain(v: "Token") -> Iterator["Token"]:
    """The trigger, then the verbs above it in its own clause, stopping at a clause boundary
    (ccomp, advcl, relcl, acl)."""
    yield v
    cur = v
    for _ in range(10):
        if cur.head.i == cur.i or cur.dep_ not in _CHAIN:
            return
        if cur.dep_ in ("nsubj", "nsubjpass") and is_verb(cur):
            return
        if cur.dep_ in ("nsubj", "nsubjpass") and lemma(cur.head) not in words("light-verbs") | {"be"}:
            return  # "their pressure will get them nowhere": the pressure is not what will come
        if cur.dep_ == "prep" and lemma(cur.head) in words("reaction-verbs"):
            return  # "must respond to the attack": the attack is not what must happen
        cur = cur.head
        if is_verb(cur):
            yield cur


def _xcomp_governors(v: "Token") -> list["Token"]:
    """Verbs that govern ``v`` as their infinitive or -ing complement ("plans to visit")."""
    out: list[Token] = []
    cur = v
    for _ in range(6):
        if cur.dep_ == "xcomp" and cur.head.i != cur.i:
            cur = cur.head
            out.append(cur)
        elif cur.dep_ in ("dobj", "pobj", "prep") and not is_verb(cur) and cur.head.i != cur.i:
            cur = cur.head  # the noun of a support verb: "plans to hold talks"
        else:
            break
    return out


def _has_child(t: "Token", deps: tuple[str, ...], wordset: frozenset[str]) -> bool:
    return any(c.dep_ in deps and c.lower_ in wordset for c in t.children)


def _quantified_no(t: "Token") -> bool:
    if t.lower_ in words("no-quantifiers") or (t.lower_ == "one" and any(c.lower_ == "no" for c in t.children)):
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in t.children)


def _alleged(v: "Token") -> bool:
    """Is ``v`` what an allegation noun says: "charges of bombing", "claims that X attacked"?"""
    nouns = words("allegation-nouns")
    h = v.head
    if v.dep_ == "pcomp" and h.dep_ == "prep" and h.lower_ == "of":
        return lemma(h.head) in nouns
    if v.dep_ in ("acl", "ccomp") and not is_verb(h):
        return lemma(h) in nouns
    return False


def modality(trig: Trigger, story_year: int | None, published: str | None = None) -> tuple[Modality, str | None]:
    v = trig.token
    m = Modality()
    condition: str | None = None
    covered = trig.covered
    chain = list(_chain(v))
    neg_words = words("negation-words")

    # --- negation -------------------------------------------------------------------------------
    for k, g in enumerate(chain):
        if g.i in covered and k > 0:
            break  # the pattern took that verb in: "refused to meet" is the refusal itself
        # a negation the pattern matched is part of the event ("will not yield" is 124, a refusal)
        if any(c.dep_ == "neg" and c.i not in covered for c in g.children) or any(
                c.dep_ in ("advmod", "det") and c.lower_ == "never" and c.i not in covered for c in g.children):
            m.negated = True
    for g in _xcomp_governors(v):
        if g.i in covered:
            break
        if lemma(g) in words("negating-verbs"):
            m.negated = True
    if v.dep_ == "pcomp" and v.head.lower_ == "from" and lemma(v.head.head) in words("preventing-verbs"):
        m.negated = True
    if v.dep_ == "pcomp" and v.head.lower_ == "without":
        m.negated = True
    for c in v.children:
        if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and _quantified_no(c):
            m.negated = True
    if trig.noun and any(c.dep_ == "det" and c.lower_ in ("no",) for c in v.children):
        m.negated = True
    if v.i > 0 and v.doc[v.i - 1].lower_ in neg_words and v.doc[v.i - 1].dep_ in ("neg", "det") and v.i - 1 not in covered:
        m.negated = True

    # --- hypothetical, future ---------------------------------------------------------------------
    hypo_modals = words("modal-hypothetical")
    fut_modals = words("modal-future")
    for k, g in enumerate(chain):
        if k > 0 and g.i in covered:
            break
        for c in g.children:
            if c.dep_ in ("aux", "auxpass"):
                w = c.lower_
                if w in hypo_modals:
                    m.hypothetical = True
                elif w in fut_modals:
                    m.future = True
                elif w == "going" or (c.lemma_ == "go" and c.tag_ == "VBG"):
                    m.future = True
    for g in _xcomp_governors(v):
        if g.i in covered:
            break
        if lemma(g) in words("plan"):
            m.future = True
    # an infinitive that says what a thing is for ("a plan to arrest", "efforts to stop"): not done
    # and a purpose ("stands firm to resume talks", "sent troops to deter an attack"): an aim
    if v.dep_ in ("acl", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        # ... except what one came or went somewhere to do, told in the past: "came to Pyongyang to
        # pay her respects" was done (an errand, not an aim)
        g = v.head
        if not (v.dep_ == "advcl" and lemma(g) in words("errand-verbs") and g.tag_ == "VBD"):
            m.hypothetical = True
    # what an allegation says ("denied charges of bombing", "accusations that X attacked"): not
    # the story's fact; the accusation is the event
    if _alleged(v):
        m.hypothetical = True
    # an event noun that is what somebody demands ("Withdrawal of U.S. Troops Demanded", "called
    # for the withdrawal", "a demand for its withdrawal"): wanted, not done
    if trig.noun and _wanted(v):
        m.hypothetical = True
    # an event noun that somebody prevents ("to deter an attack", "averted a clash"): not done
    if trig.noun and v.dep_ == "dobj" and lemma(v.head) in words("averting-verbs"):
        m.negated = True
    # inside a condition, however deep: "talks are possible only if X withdraws" -> the withdrawal
    cur = v
    for _ in range(12):
        # (a ROOT too: a fragment "If Washington imposes tariffs ..." is a condition, nothing done)
        if is_verb(cur) and cur.dep_ in ("advcl", "ccomp", "conj", "csubj", "ROOT"):
            mark = clause_marker(cur)
            if mark in words("condition-markers") and not (mark == "once" and cur.tag_ in ("VBD", "VBN")):
                if not (mark == "if" and _as_if(cur)):
                    m.hypothetical = True
                    break
        if cur.head.i == cur.i:
            break
        cur = cur.head
    # a condition attached to the trigger's clause
    cond = condition_clause(trig)
    if cond is not None:
        condition = condition_text(cond)
        m.hypothetical = True

    # --- historical -------------------------------------------------------------------------------
    if story_year is not None:
        m.historical = _historical(trig, chain, story_year, _story_day(published))
    return m, condition


def _wanted(n: "Token") -> bool:
    wanting = words("wanting-words")
    h = n.head
    if n.dep_ in ("dobj", "nsubjpass") and lemma(h) in wanting:
        return True
    return n.dep_ == "pobj" and h.lower_ == "for" and lemma(h.head) in wanting


def condition_clause(trig: Trigger) -> "Token | None":
    """The verb of a condition attached to the trigger's clause or to the statement that reports
    it ("said if Congress passed the bill, the community would retaliate" -> passed)."""
    v = trig.token
    own = list(_chain(v))[:3]
    speech: list[Token] = []
    cur = own[-1]
    for _ in range(2):  # the statement around it: "said [if ...], X would ..."
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.i != cur.i:
            cur = cur.head
            speech.append(cur)
    for g in own + speech:
        for c in g.children:
            mark = clause_marker(c) if c.dep_ == "advcl" else None
            if mark in words("condition-markers") and not (mark == "once" and c.tag_ == "VBD"):
                if mark == "if" and _as_if(c):
                    continue
                if g in speech and c.i > v.i:
                    continue  # a condition after the statement is the statement's, not the event's
                return c
    return None


def _as_if(v: "Token") -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "if" and c.i > 0 and c.doc[c.i - 1].lower_ == "as" for c in v.children)


def condition_text(c: "Token") -> str:
    """The words of a condition clause without its subordinator ("if", "once", "only")."""
    toks = [t for t in c.subtree if not (t.dep_ == "mark" and t.head.i == c.i) and not (t.dep_ == "advmod" and t.lower_ == "only" and t.head.i == c.i and t.i < c.i)]
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        return ""
    doc = c.doc
    a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
    return doc.text[a:b]


def _time_phrases(trig: Trigger, chain: list["Token"]) -> Iterator[str]:
    """Texts of the time phrases that belong to the trigger's own clause."""
    doc = trig.sentence.doc
    heads = {g.i for g in chain}
    if trig.noun:
        heads.add(trig.i)
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "EVENT"):
            continue
        h = ent.root
        # climb to the verb (or noun trigger) the phrase hangs from, through prepositions
        cur = h
        for _ in range(6):
            if cur.i in heads:
                yield ent.text
                break
            if cur.head.i == cur.i or cur.dep_ in ("ccomp", "relcl", "acl", "advcl", "xcomp", "conj", "appos") and cur.i != h.i:
                break
            cur = cur.head
    # "during the Korean War", "since the war" attached to the trigger's clause
    for g in chain[:2]:
        for c in g.children:
            if c.dep_ == "prep" and c.lower_ in ("during", "since", "in", "after", "before"):
                a, b = c.left_edge.idx, c.right_edge.idx + len(c.right_edge)
                yield doc.text[a:b]
    for g in chain[:2]:
        for c in g.children:
            if c.dep_ in ("advmod", "npadvmod") and c.lower_ in words("historical-phrases"):
                yield c.lower_ + " ago" if c.lower_ == "ago" else "formerly"


def _story_day(published: str | None) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(published[:10]) if published and len(published) >= 10 else None
    except ValueError:
        return None


_MONTHS = {m[:3]: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTH_RE = re.compile(
    r"\b(?:(early|mid|late|end of)[\s-]+)?(?:(\d{1,2})\s+)?(january|february|march|april|may|june|july|august|"
    r"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?(?:\s+(\d{1,2})\b)?",
    re.I)
BACKGROUND_DAYS = 21
"""A time phrase that puts an event more than three weeks before the story's date makes it
background ("the talks of early February" in a story of 5 March); a late report of the story's
own news (KCNA often reports a foreign party's statement a week or two later) stays news."""


def _month_day(text: str, story: _dt.date) -> _dt.date | None:
    """The latest date, not after the story's, that a phrase with a month name can mean ("4
    December", "early February", "Feb. 3"); the month's last day when no day is given."""
    found = list(_MONTH_RE.finditer(text))
    if not found or _YEAR_RE.search(text):
        return None  # (a year is read by the year rules)
    m = found[-1]  # a period ("the June 25-July 27 month") is judged by its end
    when, d1, name, d2 = m.group(1), m.group(2), m.group(3).lower(), m.group(4)
    if name == "may" and not (d1 or d2 or when):
        return None  # "may" the modal, or May the month with nothing to pin it: no judgement
    month = _MONTHS[name[:3]]
    year = story.year if month <= story.month else story.year - 1
    last = (_dt.date(year + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1)).day
    day = int(d1 or d2 or 0)
    if not 1 <= day <= last:
        day = {"early": 10, "mid": 20}.get((when or "").lower(), last)
    got = _dt.date(year, month, day)
    if got > story:  # "5 March" in a story of 3 March: last year's, or a date ahead; no judgement
        return None
    return got


def _adverbial_date(trig: Trigger, text: str) -> bool:
    """Is the date phrase a time of the event ("on 4 December"), not of a noun ("an October deadline")?"""
    return any(e.text == text and e.label_ == "DATE" and e.root.dep_ in ("pobj", "npadvmod", "tmod", "advmod")
               for e in trig.sentence.doc.ents)


def _historical(trig: Trigger, chain: list["Token"], story_year: int, story: _dt.date | None = None) -> bool:
    v = chain[0]
    if any(c.dep_ == "mark" and c.lower_ in ("after", "since") for c in v.children) and any(
            c.dep_ == "npadvmod" and lemma(c) in ("year", "decade", "century") for c in v.children):
        return True  # "five years after crowds burned down its embassy": the burning is years back
    phrases = list(_time_phrases(trig, chain))
    now = words("now-phrases")
    if any(any(w in now for w in p.lower().split()) or p.lower() in now for p in phrases):
        return False  # "attacked China on Tuesday, the first such attack since 1945"
    for text in phrases:
        low = text.lower()
        if any(w in low.split() for w in ("today", "now", "this", "tonight", "currently")):
            continue
        for m in _YEAR_RE.finditer(text):
            year = int(m.group(1))
            if m.group(2):  # a decade: "the 1950s"
                if year + 9 < story_year:
                    return True
            elif year < story_year:
                return True
        if _AGO_RE.search(text) or _LAST_RE.search(text) or low == "formerly":
            return True
        if story is not None and any(g.tag_ in ("VBD", "VBN") for g in chain[:2]) and _adverbial_date(trig, text):
            # (told in the past tense, and a time of the event, not a noun's: "gave an October
            # deadline", "will sign by November 15" look ahead)
            day = _month_day(text, story)
            if day is not None and (story - day).days > BACKGROUND_DAYS:
                return True
        if _PAST_WAR_RE.search(text) or _PAST_TERM_RE.search(text):
            return True
    return False
