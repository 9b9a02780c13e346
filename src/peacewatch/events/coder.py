"""The event coder: parsed sentences in, CAMEO events out, in four stages with one job each.

    triggers   (events.triggers)  which words express an event, with which code (patterns as data,
                                  checked against the parse)
    select     (this module)      which of those triggers are events of their own
    roles      (events.roles)     who did it, to whom — from the dependency parse
    modality   (events.modality)  negated, hypothetical (with its condition), future, historical
    record     (events.record)    the Event record: code table, date, confidence; merging

Selecting: a trigger codes unless
- a blocking pattern (code ``---``) or a longer pattern took its word in ("expressed *concern*");
- it is an event noun inside the phrase of a verb that codes ("condemned *the attack*"), or a noun
  naming what another event is about ("talks *after the shelling*") when anything else codes;
- it is a bare statement verb ("said", ``weak``) and anything else in the sentence codes — what a
  statement reports is coded, not the saying;
- it names an activity after a preposition ("cooperation in *fighting* crime").

Imported PETRARCH dictionaries keep their own rules (``events.policy``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import ActorRef, Article, Event, Modality, Sentence, Span
from ..text.layer import ParsedArticle, ParsedSentence, parse_article
from ..text.reference import ActorFinder
from ..text.syntax import agents, is_passive, is_verb, subjects
from ..text.words import words
from . import policy
from .modality import condition_clause, modality
from .patterns import PatternSet, norm_token
from .record import RecordBuilder, flat, merge_events, same_side
from .roles import SPEAKER_ROOTS, RoleFinder, Roles
from .triggers import Trigger, TriggerIndex

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

# roots whose events a group without a target has among its own members ("the two Koreas held talks")
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06"})
# relations a noun trigger may hang from inside the phrase of a verb (no clause boundary between)
_PHRASE_DEPS = frozenset({"dobj", "pobj", "prep", "compound", "amod", "conj", "appos", "nmod", "attr", "npadvmod",
                          "poss", "dative", "oprd", "cc", "det", "nummod", "quantmod", "acomp"})
_ACTIVITY_PREPS = frozenset({"in", "on", "for", "about", "toward", "towards", "regarding", "concerning"})


class Coder:
    """Codes parsed articles into Events with the patterns of a :class:`PatternSet`."""

    def __init__(self, patterns: PatternSet, *, code_table: Any = None, code_headlines: bool = True) -> None:
        self.patterns = patterns
        self.code_headlines = code_headlines
        if code_table is None:
            from .codes import load_code_table

            code_table = load_code_table()
        self.table = code_table
        self.index = TriggerIndex(patterns)
        self.records = RecordBuilder(code_table)
        self.discards = policy.Discards(patterns.discards)
        # statements' words are read only with the project's own dictionaries (not for a user's
        # PETRARCH dictionaries alone, whose records expect their own verbs only)
        self._own_patterns = any(e.flavor != "petrarch" for e in patterns.entries)
        self._voice: Any = None
        self._coding: set[int] = set()
        # words a statement judges an actor with (events.statements): their sentences are parsed too
        self._judging = words("disapproval-words") | words("disapproval-rhetoric") | words("approval-words")

    # --- which sentences to parse ---------------------------------------------------------------

    def wants(self, ps: ParsedSentence) -> bool:
        """A sentence is worth parsing when one of its words can start a trigger. (Requiring an
        actor candidate as well saved under 2% of the parsing time on KCNA: nearly every sentence
        there has a name in it; it is not worth the events it would lose.)"""
        cands = self.index.candidates
        judging = self._judging
        return any(cands(w := t.lower_.replace("\u2019", "'")) or w in judging for t in ps.doc)

    def wants_names(self, ps: ParsedSentence) -> bool:
        """After the parse: does the sentence need its names (people, places, dates from the entity
        recogniser)? When a trigger of any strength matches it: its events' roles, places and
        times, and its quotes' speakers ("said" is a weak trigger), read them; and when it names
        somebody no dictionary knows (two proper nouns in a row that are no actor, not opening the
        sentence: "Present there were Kim Ji Sok and Oleg Belaventsev"), whom a later "he" or "the
        two" may stand for. The other parsed sentences (two fifths of KCNA's words) need none, and
        the recogniser is half the parse's time."""
        return bool(self.index.find(ps, names=False)) or _unknown_name(ps)

    # --- public ----------------------------------------------------------------------------------

    def code_article(self, article: Article, sentences: list[Sentence], actors: list[ActorRef]) -> list[Event]:
        """Parse and code one article (the pipeline parses many at once and calls ``code_parsed``)."""
        return self.code_parsed(parse_article(article, sentences, actors, want=self.wants))

    def code_sentence(self, article: Article, sentence: Sentence, actors: list[ActorRef]) -> list[Event]:
        """The events of one sentence, not merged (each mention its own record)."""
        inside = [a for a in actors if a.start >= sentence.start and a.end <= sentence.end]
        return self.code_parsed(parse_article(article, [sentence], inside, want=self.wants), merge=False)

    def code_parsed(self, parsed: ParsedArticle, *, merge: bool = True, finder: ActorFinder | None = None,
                    voice: Any = None) -> list[Event]:
        """The events of a parsed article. ``voice`` (``quotes.Voice``) says who speaks where: an
        event told inside somebody's quotation is reported by them."""
        article = parsed.article
        if self.discards.story_discarded(article.text):
            return []
        finder = finder or ActorFinder(parsed)
        if voice is not None:
            finder.voice = voice
        roles = RoleFinder(finder)
        self._voice = voice
        year = _year(article.published)
        events: list[Event] = []
        for ps in parsed.sentences:
            if not ps.parsed:
                continue
            if not self.code_headlines and ps.end <= article.body_start and article.body_start > 0:
                continue
            if self.discards.sentence_discarded(ps):
                continue
            chosen = select(self.index.find(ps))
            self._coding = {t.i for t in chosen}
            for trig in chosen:
                events.extend(self._events(article, ps, trig, roles, year, events))
        if voice is not None and getattr(voice, "quotes", None) and self._own_patterns:
            from .statements import statement_events

            events.extend(statement_events(parsed, voice.quotes, events, finder, self.records))
        return merge_events(events, article.body_start) if merge else events

    # --- one trigger ---------------------------------------------------------------------------------

    def _threat(self, trig: Trigger, r: Roles, mod: Any, code: str, rf: RoleFinder) -> tuple[str, Roles] | None:
        """Force or sanctions that a speaker says will, would or could come ("if Congress passes
        the bill, the community would retaliate", he said): the speaker's threat (13x), aimed at
        the event's target, else at the subject of the condition."""
        if trig.entry.flavor == "petrarch" or code[:2] not in _THREAT or not (mod.future or mod.hypothetical):
            return None
        speaker = r.reporter
        if speaker is None:
            return None
        out = Roles(sources=[speaker], source_how="the speaker who states it (a threat)", reporter=None)
        targets = [t for t in r.targets if not same_side(t, speaker)]
        how = r.target_how
        if not targets:
            cond = condition_clause(trig)
            if cond is not None:
                for s in subjects(cond):
                    targets.extend(a for a in rf.finder.actors_of(trig.sentence, s) if not same_side(a, speaker))
                how = "subject of the condition"
        out.targets, out.target_how = targets, how
        out.notes = r.notes + [f"stated as a threat: {code} would be coded if it happened"]
        return threat_code(code), out

    def _demand(self, trig: Trigger, r: Roles, mod: Any, code: str) -> tuple[str, Roles] | None:
        """What a speaker says another actor must or should do ("Russia says Israel must end the
        attacks"): the speaker's demand (10x) or appeal (02x) to that actor, not the act itself."""
        if trig.entry.flavor == "petrarch" or not mod.hypothetical or code[:2] in _POSITION_ROOTS:
            return None
        speaker = r.reporter
        if speaker is None or not r.sources or any(same_side(s, speaker) for s in r.sources):
            return None
        modal = next((c.lower_ for c in trig.token.children
                      if c.dep_ == "aux" and c.lower_ in ("must", "should", "ought") and c.i not in trig.covered), None)
        if modal is None:
            return None
        out = Roles(sources=[speaker], source_how="the speaker who says it must be done",
                    targets=list(r.sources), target_how="the one who must do it", reporter=None)
        out.notes = r.notes + [f"{modal!r}: {code} asked of {', '.join(s.code for s in r.sources)}"]
        return (demand_code(code) if modal == "must" else appeal_code(code)), out

    def _events(self, article: Article, ps: ParsedSentence, trig: Trigger, rf: RoleFinder, year: int | None,
                earlier: list[Event]) -> list[Event]:
        r = rf.roles(trig)
        if r.not_event:
            return []
        if trig.entry.flavor == "petrarch":
            policy.petrarch_embedded(trig, r, rf.finder, self._coding)
        if trig.code[:2] in ("18", "19", "20") and _inanimate_subject(trig):
            return []  # prices, storms, sanctions "hit" without anyone using force
        if r.reporter is None and self._voice is not None:
            a, _ = ps.char_span(trig.ti, trig.tj)
            r.reporter = self._voice.speaker_at(a)
            if (r.reporter is not None and not r.sources and trig.code[:2] in SPEAKER_ROOTS and not trig.noun
                    and is_passive(trig.token) and not agents(trig.token)):
                # "they will be held accountable" inside a quotation: the speaker's own position
                r.sources, r.source_how = [r.reporter], "the speaker of the quotation (no one else named)"
        if trig.weak and not r.targets:
            return []  # a bare "said": what it reports is coded, the saying is not an event
        if r.wants_antecedent and r.sources:
            # "X welcomed the proposal": aimed at whoever last acted before (the proposal's author)
            for prev in reversed(earlier):
                if prev.source is not None and not any(same_side(prev.source, s) for s in r.sources):
                    r.targets, r.target_how = [prev.source], "the author of the proposal (the last actor before)"
                    break
        mod, condition = modality(trig, year, article.published)
        code, reverse = policy.split_code(trig.code)
        if mod.future and trig.entry.flavor != "petrarch":
            code = intent_code(code)
        threat = self._threat(trig, r, mod, code, rf)
        if threat is not None:
            code, r = threat
        else:
            demand = self._demand(trig, r, mod, code)
            if demand is not None:
                code, r = demand
                mod = Modality(future=mod.future, historical=mod.historical)
        if code[:3] == "190" and trig.entry.flavor != "petrarch":
            code = _by_weapon(trig, code)
        if code == "140" and r.sources and all(_official(s) for s in r.sources):
            code = "114"  # a state's (or its officials', an IGO's) protest is an official complaint
        pairs = _pairs(r, trig, code)
        if not pairs:
            return []
        if trig.entry.flavor == "petrarch":
            pairs = [(s, t) for s, t in pairs if policy.petrarch_allows(trig, s, t)]
        a, b = ps.char_span(trig.ti, trig.tj)
        trigger = Span(ps.text[a - ps.start : b - ps.start], a, b)
        how = {k: v for k, v in (("source", r.source_how), ("target", r.target_how)) if v}
        unresolved = {}
        for side, (i, j) in r.unresolved.items():
            if (side == "source" and not r.sources) or (side == "target" and not r.targets):
                ua, ub = ps.char_span(i, j)
                unresolved[side] = Span(ps.text[ua - ps.start : ub - ps.start], ua, ub)
        out: list[Event] = []
        for s, t in pairs:
            conf = _confidence(trig, s, t, r)
            out.append(self.records.event(article, ps.index, ps.text, code, s, t, mod, condition, trigger, trig.rule,
                                          conf, reporter=r.reporter, roles=how, unresolved=unresolved))
            if reverse and s is not None and t is not None:
                out.append(self.records.event(article, ps.index, ps.text, reverse, t, s, mod, condition, trigger,
                                              trig.rule, conf, reporter=r.reporter, roles=how))
        return out


# cooperation announced for later is an intent (CAMEO 03): "will visit" 036, "will send aid" 033
_INTENT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
_INTENT_YIELD = {"0841": "0353", "0842": "0353", "085": "0354", "086": "0355", "087": "0356", "081": "0351", "082": "0352",
                 "071": "0331", "072": "0332", "073": "0333", "074": "0334", "061": "0311", "062": "0312", "063": "0313",
                 "064": "0314"}


def intent_code(code: str) -> str:
    """The CAMEO intent code (03x) of a cooperative action reported as future."""
    for k, v in _INTENT_YIELD.items():
        if code.startswith(k):
            return v
    return _INTENT.get(code[:2], code)


# what one actor says another must do is a demand (CAMEO 10), what it should do an appeal (02)
_POSITION_ROOTS = frozenset({"01", "02", "03", "10", "11", "12", "13", "14"})  # a position is asked as itself
_DEMAND = {"04": "106", "05": "102", "06": "101", "07": "103", "08": "105", "081": "1051", "082": "1052",
           "083": "104", "0841": "1053", "085": "1054", "086": "1055", "087": "1056"}
_APPEAL = {"04": "026", "05": "022", "06": "021", "07": "023", "08": "025", "081": "0251", "082": "0252",
           "083": "024", "0841": "0253", "085": "0254", "086": "0255", "087": "0256"}


def _asked(table: dict[str, str], code: str, default: str) -> str:
    for k in sorted(table, key=len, reverse=True):
        if code.startswith(k):
            return table[k]
    return default


def demand_code(code: str) -> str:
    """The CAMEO demand (10x) for an action one actor says another must take."""
    return _asked(_DEMAND, code, "100")


def appeal_code(code: str) -> str:
    """The CAMEO appeal (02x) for an action one actor says another should take."""
    return _asked(_APPEAL, code, "020")


# force promised for later or on a condition, by the one who states it, is a threat (CAMEO 13)
_THREAT = {"14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}


_OFFICIAL_SECTORS = frozenset("GOV MIL SPY COP LEG JUD ELI".split())


def _official(a: ActorRef) -> bool:
    """A state, its government or officials, or an intergovernmental organisation — not civilians,
    the opposition, or a people named by a plural demonym ("Palestinians protested")."""
    if a.members or not a.code or a.code.startswith("---"):
        return False
    if a.code.startswith("IGO"):
        return True
    if not a.sector:
        last = (a.text or "").split()[-1:] or [""]
        people = last[0][:1].isupper() and len(last[0]) > 4 and last[0].lower().endswith(("ians", "eans", "ans", "is"))
        return bool(a.country) and not people and not a.plural
    return a.sector[:3] in _OFFICIAL_SECTORS


def _inanimate_subject(trig: Trigger) -> bool:
    """The subject of a verb of force is a price, a storm, sanctions ... (not a weapon or an actor)."""
    v = trig.token
    ps = trig.sentence
    for s_ in (c for c in v.children if c.dep_ in ("nsubj",)):
        if ps.tok_actor[s_.i] < 0 and s_.lemma_.lower() in words("inanimate-forces"):
            return True
    return False


def _by_weapon(trig: Trigger, code: str) -> str:
    """A generic use of force (190) named with its weapon: artillery 194, aerial weapons 195,
    small arms 193 — the weapon as subject ("shells hit"), object ("fired missiles") or "with"."""
    v = trig.token
    near = [c for c in v.children if c.dep_ in ("nsubj", "dobj", "nsubjpass")]
    near += [p for c in v.children if c.dep_ == "prep" and c.lower_ in ("with", "by") for p in c.children if p.dep_ == "pobj"]
    for t in near + [v]:
        w = t.lemma_.lower()
        for name, c in (("weapons-artillery", "194"), ("weapons-aerial", "195"), ("weapons-small-arms", "193")):
            ws = words(name)
            if w in ws or t.lower_ in ws:
                return c
    return code


def threat_code(code: str) -> str:
    if code.startswith("163"):
        return "1312"  # threaten to boycott, embargo or sanction
    return _THREAT.get(code[:2], "130")


def _year(published: str | None) -> int | None:
    if published and published[:4].isdigit():
        return int(published[:4])
    return None


def _pairs(r: Roles, trig: Trigger, code: str) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """One (source, target) pair per member of each side; a group that acts on itself ("the two
    Koreas held talks", a '%' pattern) gives each member toward the others."""
    sources: list[ActorRef | None] = [m for s in r.sources for m in flat(s)] or [None]
    targets: list[ActorRef | None] = [m for t in r.targets for m in flat(t)] or [None]
    root = code[:2]
    out: list[tuple[ActorRef | None, ActorRef | None]] = []
    if (r.reciprocal or (targets == [None] and root in RECIPROCAL_ROOTS)) and len(sources) >= 2:
        for s in sources:
            for t in sources:
                if s is not None and t is not None and s is not t and not same_side(s, t):
                    out.append((s, t))
        if out:
            return out
    for s in sources:
        for t in targets:
            if s is not None and t is not None and same_side(s, t):
                continue
            out.append((s, t))
    return out


def _confidence(trig: Trigger, s: ActorRef | None, t: ActorRef | None, r: Roles) -> float:
    if trig.entry.flavor == "petrarch":
        conf = 0.75 if trig.pattern is not None and trig.pattern.specificity else 0.6
    else:
        conf = 0.85 if (trig.pattern and any(e.kind == "words" for e in trig.pattern.before + trig.pattern.after)) else 0.8
    if trig.weak:
        conf = 0.45
    if s is None:
        conf -= 0.3
    elif s.resolution.startswith("coreference") or r.source_how == "shared subject":
        conf -= 0.05
    if t is None:
        conf -= 0.05
    return round(max(0.05, min(0.99, conf)), 2)


# --- selecting ---------------------------------------------------------------------------------------


def _governed_in_phrase(n: "Token", v: "Token") -> bool:
    """Is noun ``n`` inside verb ``v``'s own phrase (its object, a preposition's object ...), with no
    clause boundary between?"""
    cur = n
    for _ in range(12):
        if cur.i == v.i:
            return True
        if cur.dep_ not in _PHRASE_DEPS or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _complement_of(t: "Token", v: "Token") -> bool:
    """Is verb ``t`` the complement of verb ``v`` (infinitive, object clause, "of/to/from ...ing"),
    possibly as the second of coordinated complements?"""
    cur = t
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    for _ in range(4):
        dep = cur.dep_
        if cur.head.i == cur.i:
            return False
        if dep in ("xcomp", "ccomp"):
            cur = cur.head
        elif dep == "pcomp" and cur.head.dep_ == "prep":
            cur = cur.head.head
        else:
            return False
        if cur.i == v.i:
            return True
    return False


def _verb_above(n: "Token") -> list["Token"]:
    """The verb whose phrase the noun stands in (through objects and prepositions), if any."""
    cur = n
    for _ in range(8):
        if cur.head.i == cur.i or cur.dep_ not in _PHRASE_DEPS:
            return []
        cur = cur.head
        if is_verb(cur):
            return [cur]
    return []


def _topic(n: "Token") -> bool:
    """An event noun that names what another event is about or follows ("talks *after the
    shelling*", "concern *over the launch*")."""
    h = n.head
    return n.dep_ == "pobj" and h.dep_ in ("prep",) and h.lower_ in words("topic-preps")


def _activity(v: "Token") -> bool:
    """An -ing word naming an activity after a preposition of a noun ("cooperation in fighting
    crime", "talks on ending the war", "cooperation in trade and fighting scams")."""
    if v.tag_ != "VBG" and not v.lower_.endswith("ing"):
        return False
    doc = v.doc
    if v.i >= 2 and doc[v.i - 1].lower_ in ("and", "or") and doc[v.i - 2].dep_ == "pobj" and \
            doc[v.i - 2].head.lower_ in _ACTIVITY_PREPS and doc[v.i - 2].head.dep_ == "prep":
        return True  # "cooperation in trade and fighting scams", however the parser joined it
    cur = v
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ not in ("pcomp", "pobj"):
        return False
    p = cur.head
    return p.dep_ == "prep" and p.lower_ in _ACTIVITY_PREPS and not is_verb(p.head)


def select(trigs: list[Trigger]) -> list[Trigger]:
    """The triggers that are events of their own (module doc)."""
    if not trigs:
        return []
    blocks = [t for t in trigs if t.blocks]
    live = [t for t in trigs if not t.blocks]
    live = [t for t in live if not any(t.i in b.covered for b in blocks)]
    # a word another pattern took in is part of that pattern's event
    kept: list[Trigger] = []
    for t in live:
        if any(u is not t and t.i in u.covered and (u.i not in t.covered or u.score > t.score) for u in live):
            continue
        kept.append(t)
    live = [t for t in kept if not _activity(t.token)]
    verbs = [t for t in live if not t.noun and not t.weak]
    # what a coding verb asks, promises or threatens is not an event of its own ("urged Y to
    # withdraw", "agreed to hold talks", "accused Y of attacking")
    content = words("content-verbs")
    live = [t for t in live if t.noun or t.weak or not any(
        _complement_of(t.token, v.token) for v in verbs if v is not t and v.token.lemma_.lower() not in content)]
    verbs = [t for t in live if not t.noun and not t.weak]
    preds = [t for t in live if not t.noun and t.token.dep_ in ("acomp", "attr") and not t.weak]
    out: list[Trigger] = []
    for t in live:
        if t.noun and any(_governed_in_phrase(t.token, v.token) for v in verbs):
            continue
        if t.noun and any(_complement_of(g, v.token) for v in verbs for g in _verb_above(t.token)):
            continue  # "called on the UN to support talks with X": the talks are what is asked
        if t.noun and any(t.token.dep_ in ("nsubj", "nsubjpass") and t.token.head.i == p.token.head.i for p in preds):
            continue  # "talks would only be possible once ...": the subject of a coded predicate
        out.append(t)
    strong = [t for t in out if not t.weak]
    if len(strong) > 1:
        # a noun naming what another event is about yields to that event
        out = [t for t in out if not (t.noun and _topic(t.token) and any(u is not t and not u.weak for u in strong))]
    if any(not t.weak for t in out):
        out = [t for t in out if not t.weak]
    out.sort(key=lambda t: t.i)
    return out


def sentence_words(ps: ParsedSentence) -> list[str]:
    return [norm_token(t.text) for t in ps.doc]


def _unknown_name(ps: ParsedSentence) -> bool:
    """Two proper nouns in a row, after the first word, that no actor covers."""
    run = 0
    tok_actor = ps.tok_actor
    for t in ps.doc:
        if t.i > 0 and t.pos_ == "PROPN" and tok_actor[t.i] < 0:
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False
