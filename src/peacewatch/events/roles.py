"""Stage 2 of the coder: roles. Who did it (source) and to whom (target), from the parse.

This is the one place where "who is the target" is decided.

A verb trigger:
- source: the pattern's ``$`` actor; else, for a passive ("was condemned by X"), the "by" agent;
  else the verb's subject — its own, or the one it shares (an infinitive's controller: "X agreed
  to meet", "urged Y to apologize" -> Y; the first verb of a coordination; the clause a
  participle hangs from; the noun a relative clause modifies);
- target: the pattern's ``+`` actor; else, for a passive, its subject ("South Korea was condemned"
  -> KOR); else the first object that names an actor (indirect before direct: "gave Kyiv aid"),
  then the object of a preposition the action reaches — with, against, toward, to, on, at, into,
  for, over, between, from — on the verb or on its object ("imposed sanctions on X"). A place
  after "in", "near", "off" is where, not whom.

A noun trigger ("talks", "an attack", "sanctions"): source from the noun's own phrase — "by X",
its possessor or an actor modifier ("U.S. sanctions", "Israeli strikes"), "between X and Y" — else
the subject of the verb it is the object of ("X held talks with Y", "X conducted strikes on Y");
target from the noun's own prepositions, then the verb's.

Each side may be several actors ("South Korea and the United States held drills"): one event a
pair. A side's words are resolved by ``text.reference.ActorFinder`` (phrases, pronouns,
"the two sides"). Reported speech needs nothing special: the reported verb has its own subject;
the speaker is kept as ``reporter``, never as the source of what it reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import ActorRef
from ..text.reference import ActorFinder
from ..text.syntax import (
    agents,
    children,
    is_passive,
    is_verb,
    lemma,
    objects,
    prep_objects,
    subjects,
)
from ..text.words import words
from .record import actor_key, flat, same_side
from .triggers import Trigger

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from ..text.layer import ParsedSentence

# prepositions in the order they are tried for a target ("met X *at* the summit *with* Y" -> Y)
_TARGET_ORDER = ("with", "against", "toward", "towards", "to", "on", "upon", "at", "into", "onto", "for", "over", "between", "among", "from")


# roots whose event, when its own clause names no actor as subject, is the position of the one who
# states it: statements, appeals, intents, demands, rejections, threats
SPEAKER_ROOTS = frozenset({"01", "02", "03", "10", "11", "12", "13"})
# roots of interaction nouns that take the subject of the clause they stand in ("during a meeting
# with X, Lee said ...")
INTERACTION_ROOTS = frozenset({"03", "04", "05", "06"})


@dataclass
class Roles:
    sources: list[ActorRef] = field(default_factory=list)
    targets: list[ActorRef] = field(default_factory=list)
    source_how: str = ""
    target_how: str = ""
    reporter: ActorRef | None = None
    reciprocal: bool = False  # a '%' pattern: the members act toward each other
    wants_antecedent: bool = False  # "welcomed the proposal": the target is the proposal's author
    notes: list[str] = field(default_factory=list)
    unresolved: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Sides the parse found but no actor codes: token range of the words ("Armed men")."""
    not_event: str = ""
    """Why the roles show the trigger is no event of its code ("troops came under fire" is not
    criticism): the coder drops it."""


class RoleFinder:
    def __init__(self, finder: ActorFinder) -> None:
        self.finder = finder

    def roles(self, trig: Trigger) -> Roles:
        ps = trig.sentence
        r = Roles()
        if "both" in trig.slots:
            group_ = [ps.actors[k] for k in trig.slots["both"]]
            if trig.entry.petrarch2 and all(a.start >= ps.start + trig.token.idx for a in group_):
                # PETRARCH 2: a "%" after the verb ("agrees with % ...") is each member reached by
                # the subject (PETRARCH 1 and TABARI read it as the members toward each other)
                r.targets, r.target_how = group_, "pattern % (after the verb: each member)"
            else:
                r.sources = group_
                r.reciprocal = True
                r.source_how = "pattern %"
        if "source" in trig.slots:
            r.sources = [ps.actors[k] for k in trig.slots["source"]]
            r.source_how = "pattern $"
        if "target" in trig.slots:
            r.targets = [ps.actors[k] for k in trig.slots["target"]]
            r.target_how = "pattern +"
        tok = trig.token
        if trig.noun or tok.pos_ in ("NOUN", "PROPN"):
            self._noun_roles(trig, tok, r)
        else:
            self._verb_roles(trig, tok, r)
        r.reporter = self._reporter(trig, tok)
        if not r.sources and r.reporter is not None and (
                trig.code[:2] in SPEAKER_ROOTS or (trig.noun and trig.code[:2] in INTERACTION_ROOTS)):
            # "North Korea maintained that talks would only be possible once ...": a position whose
            # subject names no actor is the speaker's
            r.sources, r.source_how = [r.reporter], "the speaker (the clause's subject names no actor)"
        _drop_own_side(r)
        if not r.targets and not trig.noun:
            r.wants_antecedent = _about_a_proposal(trig)
        return r

    # --- verbs -------------------------------------------------------------------------------------

    def _verb_roles(self, trig: Trigger, v: "Token", r: Roles) -> None:
        ps, f = trig.sentence, self.finder
        passive = is_passive(v)
        if not r.sources:
            if passive:
                words_ = agents(v)
                r.sources = [a for t in words_ for a in f.actors_of(ps, t)]
                r.source_how = "agent of the passive"
                if not words_ and v.dep_ == "ROOT" and (quoted := _headline_source(ps)):
                    # "US Plan Censured: Rodong Sinmun" ("... Flayed in S. Korea" names no doer:
                    # the story's body does)
                    r.sources, r.source_how = quoted, "the headline's attribution"
            else:
                words_ = subjects(v)
                for s in words_:
                    r.sources.extend(a for a in f.actors_of(ps, s, reach=2) if a not in r.sources)
                r.source_how = "subject" if any(c.dep_ in ("nsubj", "csubj") for c in v.children) else "shared subject"
            if not r.sources and not words_ and not passive:
                # the parser lost the subject ("Norvale leaves from Kestran": Norvale as an
                # adjective of the verb): an actor hanging from the verb before it
                for c in v.children:
                    if c.i < v.i and c.dep_ in ("amod", "npadvmod", "dep", "nmod", "compound", "advmod") and ps.tok_actor[c.i] >= 0:
                        r.sources, r.source_how = f.actors_of(ps, c), "actor before the verb (the parse lost the subject)"
                        break
            if not r.sources and not passive:
                # "came under fire by a commentary of Rodong Sinmun": a "by" phrase of an active
                # verb or of the pattern's words names who did it (a document: its author)
                for h in [v] + [ps.doc[i] for i in sorted(trig.covered) if i != v.i]:
                    for _word, p in prep_objects(h, frozenset({"by"})):
                        got = f.actors_of(ps, p)
                        if not got and lemma(p) in words("document-nouns"):
                            got = [x] if (x := f.author(ps, p)) is not None else []
                        if got:
                            r.sources, r.source_how = got, "'by' phrase (the agent)"
                            # then the subject is the one it is done to ("X came under fire by Y")
                            for s in words_:
                                r.targets.extend(a for a in (f.actors_of(ps, s) or f.phrase_actors(ps, s)[:2])
                                                 if a not in r.targets and not any(same_side(a, x) for x in got))
                            if r.targets:
                                r.target_how = "subject (the 'by' phrase names the agent)"
                            break
                    if r.sources:
                        break
            if not r.sources and words_:
                _unresolved(r, "source", words_[0])
        if not r.targets and r.source_how == "pattern $" and not passive:
            # the pattern placed the source after the verb ("received a message from $"): the
            # verb's own subject is the one it reaches
            got = [a for s in subjects(v) for a in f.actors_of(ps, s, reach=2)
                   if not any(same_side(a, x) for x in r.sources)]
            if got:
                r.targets, r.target_how = got, "subject (the pattern names the source)"
        if not r.targets:
            if passive:
                subj = children(v, "nsubjpass", "csubjpass")
                if not subj and v.dep_ in ("xcomp", "oprd"):
                    subj = children(v.head, "nsubjpass", "csubjpass")  # "51 people were reported killed"
                if subj:
                    r.targets = f.actors_of(ps, subj[0])
                elif v.dep_ == "acl":
                    subj = [v.head]
                    r.targets = f.actors_of(ps, v.head)
                r.target_how = "subject of the passive"
                if not r.targets and subj:
                    _unresolved(r, "target", subj[0])
            elif trig.weak:
                # a bare statement verb reaches only whom it addresses ("told the Council", "said to X")
                addressees = [o for o in objects(v)] + [p for _, p in prep_objects(v, frozenset({"to"}))]
                for o in addressees:
                    got = [a for a in f.actors_of(ps, o) if not any(same_side(a, s) for s in r.sources)]
                    if got:
                        r.targets, r.target_how = got, "the one addressed"
                        break
            else:
                r.targets, r.target_how = self._objects(trig, v, r.sources)
                if not r.targets:
                    obj = objects(v) or [p for _, p in prep_objects(v, frozenset(("with", "against", "on", "at", "to", "toward", "towards")))]
                    if obj and not (obj[0].i in trig.covered and ps.tok_actor[obj[0].i] < 0):
                        _unresolved(r, "target", obj[0])

    def _objects(self, trig: Trigger, v: "Token", sources: list[ActorRef]) -> tuple[list[ActorRef], str]:
        """The first object of the verb's frame that names an actor other than the source's side:
        its objects, then the objects of the prepositions an action reaches, nearest first."""
        ps, f = trig.sentence, self.finder

        own = {actor_key(m) for s in sources for m in flat(s)}

        def others(got: list[ActorRef]) -> list[ActorRef]:
            # not the source's side, nor the source group itself ("X, Y and Z welcomed their
            # resumption of ties with W": "their" is the subjects, W is the one reached)
            return [a for a in got if not any(same_side(a, s) for s in sources)
                    and not (a.members and {actor_key(m) for m in a.members} <= own)]

        for o in objects(v):
            if o.i in trig.covered and ps.tok_actor[o.i] < 0:
                # a pattern word ("expressed concern") is the object itself: look into its phrase
                got = others(f.actors_of(ps, o, reach=1)) or others(f.phrase_actors(ps, o))[:1]
                if got:
                    return got, "object's phrase"
                continue
            got = others(f.actors_of(ps, o))
            if got:
                return got, "object"
            # "demanded the release of its soldiers by Hamas": another actor of the object's phrase
            got = others(f.phrase_actors(ps, o))[:1]
            if got:
                return got, "object's phrase"
        holders = [v] + [ps.doc[i] for i in sorted(trig.covered) if i != v.i]
        holders += [o for h in list(holders) for o in objects(h)]
        # "joined an anti-Gondor parade", "took part in anti-U.S. rallies": what it is against
        for h in holders[1:] + [p for _, p in prep_objects(v, frozenset(_TARGET_ORDER) | {"in"})]:
            got = others(f.opposed(ps, h))
            if got:
                return got, "what the phrase is against ('anti-X')"
        if v.dep_ in ("acomp", "attr") and is_verb(v.head):
            # a predicate ("talks with X would only be possible once ..."): the subject's partner
            holders += [c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        # coordinated verbs share what follows the last ("met and had talks with X")
        holders += [c for c in v.children if c.dep_ == "conj" and is_verb(c)]
        holders += [o for c in v.children if c.dep_ == "conj" and is_verb(c) for o in objects(c)]
        preps = frozenset(_TARGET_ORDER)
        if trig.code[:2] in ("01", "11", "12", "05", "09"):
            # concern, criticism, rejection, praise "about/over/for" something, an inquiry "into"
            # it: its owner is judged
            preps = preps | {"about", "over", "regarding", "concerning", "for", "into"}
        if trig.code[:2] in ("06", "07"):
            preps = preps | {"in"}  # "invested in Indonesian projects", "deposited in Egypt's central bank"
        pairs = sorted({(p.i, word, p) for h in holders for word, p in prep_objects(h, preps)}, key=lambda x: x[0])
        for _, word, p in pairs:
            got = others(f.actors_of(ps, p, reach=1))
            if got:
                return got, f"object of '{word}'"
            if word in ("about", "over", "regarding", "concerning", "for", "into", "in", "to"):
                got = others(f.phrase_actors(ps, p, reach=1))[:1]
                if got:
                    return got, f"owner of what it is '{word}'"
        # the parser took "to Denmark" for an infinitive: a preposition right after the object,
        # then an actor ("passed intelligence to Denmark")
        got = others(self._linear_after(trig))
        if got:
            return got, "actor after 'to/with/against' following the verb"
        # "proposed that the two neighbours open ...", "urged that X withdraw": who is to act
        for c in v.children:
            if (c.dep_ == "ccomp" and trig.code[:2] in ("02", "03", "10") and trig.entry.flavor != "petrarch"
                    and lemma(v) not in words("content-verbs")):
                for sub in subjects(c):
                    got = others(f.actors_of(ps, sub))
                    if got:
                        return got, "subject of what is proposed or asked"
        # else the first actor of the verb's own phrase after it (not in a clause of its own, not a
        # place after "in", "near", "off" ...; an imported PETRARCH verb takes any, as TABARI did)
        got = others(self._first_after(trig, v))
        if got:
            return got, "first actor after the verb in its phrase"
        return [], ""

    def _linear_after(self, trig: Trigger) -> list[ActorRef]:
        ps = trig.sentence
        doc = ps.doc
        end = max(trig.covered) + 1 if trig.covered else trig.tj
        for i in range(end, min(len(doc) - 1, end + 3)):
            t = doc[i]
            if t.is_punct or t.dep_ in ("mark", "cc") or t.lower_ in ("that", "which", "who", "as", "while", "after", "before"):
                return []
            if t.lower_ in ("to", "with", "against", "toward", "towards", "on") and ps.tok_actor[i + 1] >= 0:
                k = ps.tok_actor[i + 1]
                if ps.actors[k].kind not in ("state",) or t.lower_ != "on":
                    return [ps.actors[k]]
        return []

    def _first_after(self, trig: Trigger, v: "Token") -> list[ActorRef]:
        """The first actor of the verb's phrase after the trigger. Not in a clause of its own
        (another verb's subject or object), not after "according to" or "on the sidelines of"; a
        place after "in", "near", "off", "outside" ... is where, not whom — unless it is an
        institution there ("rallied outside the Turkish embassy"). An imported PETRARCH verb takes
        the first actor after it anywhere in its phrase, as TABARI did."""
        ps, f = trig.sentence, self.finder
        petrarch = trig.entry.flavor == "petrarch"
        direct_stop = {"nsubj", "nsubjpass", "csubj", "agent", "punct"}
        clause_stop = set() if petrarch else {"ccomp", "advcl", "parataxis", "relcl", "acl", "npadvmod", "csubj"}
        places = words("locative-preps") | {"in", "at", "during", "since", "after", "before", "until", "by", "like", "as",
                                            "about", "over", "regarding", "concerning", "between", "among"}
        blocked: set[int] = set()
        located: set[int] = set()
        for t in v.subtree:
            if t.i <= trig.tj - 1 and t.i != v.i:
                continue
            if (t.head.i == v.i and t.dep_ in direct_stop) or (t.i != v.i and t.dep_ in clause_stop) or (
                    not petrarch and _after_no_target_phrase(t)):
                blocked.update(x.i for x in t.subtree)
            elif not petrarch and t.dep_ == "prep" and t.lower_ in places:
                located.update(x.i for x in t.subtree)
        for t in v.subtree:
            if t.i <= trig.tj - 1 or t.i in blocked:
                continue
            k = ps.tok_actor[t.i]
            if k < 0:
                continue
            a = ps.actors[k]
            if t.i in located and not (a.sector and a.kind in ("institution", "org", "")):
                continue  # a country or a city where it happened
            got = f.actors_of(ps, ps.actor_head(k) if ps.parsed else t, reach=0)
            return got or [a]
        return []

    # --- nouns ---------------------------------------------------------------------------------------

    def _noun_roles(self, trig: Trigger, n: "Token", r: Roles) -> None:
        ps, f = trig.sentence, self.finder
        root = trig.code[:2]
        if n.dep_ == "pobj" and n.head.lower_ == "under" and n.head.head.i != n.head.i and not r.targets:
            # "Japan's Claim under Fire: Minju Joson", "the plan came under criticism from X": what
            # is under fire is the target (its owner), whoever fires the source
            thing = verb = n.head.head
            if is_verb(thing):  # "the plan came under fire", "the minister is under fire"
                subj = subjects(thing)
                thing = subj[0] if subj else thing
            targets = f.actors_of(ps, thing, reach=1) or f.phrase_actors(ps, thing)[:1]
            if lemma(thing) in words("armed-things") or any((t.sector or "")[:3] in ("MIL", "COP", "REB") for t in targets):
                r.not_event = "armed ones under fire are shot at, not criticised"
                return
            r.targets, r.target_how = targets, "what is under fire"
            if not r.sources:
                frm = [a for h in (n, verb) for _w, p in prep_objects(h, frozenset({"from", "by"}))
                       for a in f.actors_of(ps, p)]
                if frm:
                    r.sources, r.source_how = frm, "'from' phrase of the noun"
                elif quoted := _headline_source(ps):
                    r.sources, r.source_how = quoted, "the headline's attribution"
            return  # (a target on the source's side is dropped with the others', in roles())
        between = [p for w, p in prep_objects(n, frozenset({"between", "among"}))]
        pair: list[ActorRef] = []
        for p in between:
            pair.extend(f.actors_of(ps, p, reach=1))
        if not r.sources:
            by = [a for t in agents(n) for a in f.actors_of(ps, t)]
            h = n.head.head if n.dep_ == "pobj" and n.head.dep_ == "prep" else None
            if not by and h is not None and is_verb(h) and not is_passive(h):
                # "died after torture by the police": the parser hung the noun's "by" on the verb
                by = [a for t in agents(h) for a in f.actors_of(ps, t)]
            if by:
                r.sources, r.source_how = by, "'by' agent of the noun"
            else:
                own = self._noun_modifier(trig, n)
                if own:
                    r.sources, r.source_how = own, "possessor or modifier of the noun"
                elif len(pair) >= 2:
                    r.sources, r.source_how = [pair[0]], "'between' X and Y"
                else:
                    of = [a for w, p in prep_objects(n, frozenset({"of"})) for a in f.actors_of(ps, p, reach=1)]
                    if of and root < "11":
                        r.sources, r.source_how = of, "'of' the noun"
                    else:
                        sup = _support_verb(n, interaction=root in INTERACTION_ROOTS)
                        if sup is not None:
                            if is_passive(sup):
                                r.sources = [a for t in agents(sup) for a in f.actors_of(ps, t)]
                                r.source_how = "agent of the verb the noun is object of"
                            else:
                                for s in subjects(sup):
                                    r.sources.extend(a for a in f.actors_of(ps, s) if a not in r.sources)
                                r.source_how = "subject of the verb the noun is object of"
        if not r.targets:
            if len(pair) >= 2 and r.source_how == "'between' X and Y":
                r.targets, r.target_how = pair[1:], "'between' X and Y"
                return
            for prep in _TARGET_ORDER:
                if prep in ("between", "among"):
                    continue
                for word, p in prep_objects(n, frozenset({prep})):
                    got = f.actors_of(ps, p, reach=1)
                    if got:
                        r.targets, r.target_how = got, f"object of '{word}' of the noun"
                        return
            if root >= "11":
                of = [a for w, p in prep_objects(n, frozenset({"of"})) for a in f.actors_of(ps, p, reach=1)]
                if of:
                    r.targets, r.target_how = of, "'of' the noun"
                    return
            sup = _support_verb(n, interaction=root in INTERACTION_ROOTS)
            if sup is not None and not is_passive(sup):
                for prep in _TARGET_ORDER:
                    for word, p in prep_objects(sup, frozenset({prep})):
                        if p.i == n.i:
                            continue
                        got = f.actors_of(ps, p, reach=1)
                        if got:
                            r.targets, r.target_how = got, f"object of '{word}' of the verb"
                            return
                for o in children(sup, "dative", "iobj"):
                    got = f.actors_of(ps, o)
                    if got:
                        r.targets, r.target_how = got, "indirect object of the verb"
                        return
            if n.dep_ == "nsubj" and is_verb(n.head):
                for o in objects(n.head):
                    got = [a for a in f.actors_of(ps, o) if not any(same_side(a, s) for s in r.sources)]
                    if got:
                        r.targets, r.target_how = got, "object of the verb the noun is subject of"
                        return
            if root == "04":
                got = [a for a in _host(trig, [n] + ([sup] if sup is not None else []), f)
                       if not any(same_side(a, s) for s in r.sources)]
                if got:
                    r.targets, r.target_how = got, "the host of the talks ('in X')"

    def _noun_modifier(self, trig: Trigger, n: "Token") -> list[ActorRef]:
        ps, f = trig.sentence, self.finder
        for c in sorted(n.children, key=lambda c: (c.dep_ != "poss", -c.i)):
            if c.dep_ not in ("poss", "compound", "amod", "nmod"):
                continue
            if c.tag_ == "PRP$":
                owner = f.pronoun(ps, c)
                if owner is not None:
                    return [owner]
                continue
            got = f.actors_of(ps, c, reach=1)
            if got:
                return got
        return []

    # --- reported speech -----------------------------------------------------------------------------

    def _reporter(self, trig: Trigger, tok: "Token") -> ActorRef | None:
        """The speaker of the statement that reports this event ("X said Y attacked Z" -> X)."""
        cur = tok
        for _ in range(8):
            if cur.head.i == cur.i:
                return None
            dep = cur.dep_
            cur = cur.head
            if dep in ("ccomp", "parataxis") and is_verb(cur) and lemma(cur) in words("speech"):
                for s in subjects(cur):
                    got = self.finder.actors_of(trig.sentence, s)
                    if got:
                        return got[0]
                return None
        return None


_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})


def _unresolved(r: Roles, side: str, t: "Token") -> None:
    """Keep the words of a side no dictionary codes ("Armed men"), for the record and for finding
    new actors; pronouns and nouns only."""
    if t.pos_ not in _NOMINAL or t.tag_ in ("WDT", "WP", "EX"):
        return
    from ..text.syntax import subtree_span

    lo, hi = subtree_span(t)
    r.unresolved[side] = (lo, hi)


def _after_no_target_phrase(t: "Token") -> bool:
    """A preposition opening "according to", "on behalf of", "on the sidelines of" ..."""
    if t.dep_ != "prep":
        return False
    doc = t.doc
    for phrase in words("no-target-phrases"):
        ws = phrase.split()
        lo = t.i - ws.index(t.lower_) if t.lower_ in ws else None
        if lo is None or lo < 0 or lo + len(ws) > len(doc):
            continue
        if [doc[lo + k].lower_ for k in range(len(ws))] == ws:
            return True
    return False


def _about_a_proposal(trig: Trigger) -> bool:
    """Is the verb's object (or what it is 'for'/'to') a proposal named without its author?"""
    v = trig.token
    proposals = words("proposal-nouns")
    holders = [v] + [trig.sentence.doc[i] for i in trig.covered]
    for h in holders:
        for o in list(objects(h)) + [p for _, p in prep_objects(h, frozenset({"for", "to", "on"}))]:
            if o.lemma_.lower() in proposals and trig.sentence.tok_actor[o.i] < 0:
                return True
    return False


def _support_verb(n: "Token", *, interaction: bool = False) -> "Token | None":
    """The verb a noun trigger is the object of ("held talks", "took part in talks"); for an
    interaction noun also the verb of the clause its phrase stands in ("During a meeting with X,
    Lee asked ..." -> asked)."""
    h = n.head
    if n.dep_ in ("dobj", "attr", "oprd", "nsubjpass") and is_verb(h):
        return h
    if n.dep_ == "pobj" and h.dep_ == "prep" and is_verb(h.head) and (
        h.lower_ in ("in", "into", "to", "for", "with") or interaction
    ) and lemma(h.head) not in words("reaction-verbs"):
        return h.head  # not "responded to the attack": the attack is somebody else's
    if n.dep_ == "conj":
        first = n
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.i != n.i:
            return _support_verb(first, interaction=interaction)
    if interaction and n.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "of" and h.head.pos_ == "NOUN":
        # "after two days of talks with X": the phrase the quantity noun stands in
        q = h.head
        if q.dep_ in ("pobj", "dobj", "npadvmod", "nsubj") and not any(c.dep_ == "poss" for c in q.children):
            return _support_verb(q, interaction=True)
    return None


def _host(trig: Trigger, holders: list["Token"], f: ActorFinder) -> list[ActorRef]:
    """Where talks were held when nobody else is named: "was in Washington for talks" -> USA."""
    ps = trig.sentence
    for h in holders:
        for _, p in prep_objects(h, frozenset({"in", "to"})):
            got = f.actors_of(ps, p, reach=0)
            if got:
                return got
    return []


# --- one party ------------------------------------------------------------------------------------


def _headline_source(ps: "ParsedSentence") -> list[ActorRef]:
    """The one a headline quotes ("...: Rodong Sinmun"), who did what its passive says."""
    return [ps.actors[ps.attribution]] if ps.headline and ps.attribution >= 0 else []


def _drop_own_side(r: Roles) -> None:
    if not r.sources or not r.targets or r.reciprocal:
        return
    kept = [t for t in r.targets if not any(same_side(s, t) for s in r.sources)]
    if len(kept) != len(r.targets):
        r.notes.append("target on the source's own side dropped")
    r.targets = kept
