"""Which actor a word of the parsed text stands for.

    finder = ActorFinder(parsed)
    finder.actors_of(sentence, token)      # -> list[ActorRef] (several for "X and Y")

A word inside an actor's span is that actor. Otherwise the word's own phrase is searched for one:
its possessor, compound and adjective modifiers ("the U.S. imperialists", "Japanese
reactionaries"), an apposition ("Choummaly Sayasone, general secretary of the Lao ... Party"),
"for/of/from X" ("a spokesman for the Foreign Ministry of the DPRK", "troops from Iraq"). A
relative pronoun is the noun its clause modifies. A pronoun is resolved inside the story:

- he, she, his, her: the latest person (preferring a subject), in this sentence before it or in
  the sentences before — a person the dictionaries do not know (a name the entity recogniser
  found) counts, and then the pronoun has no actor rather than a wrong one;
- it, its: the latest state, organisation or institution in the singular;
- they, them, their: the latest group — a compound actor ("the two Koreas"), coordinated actors
  ("South Korea and Japan"), an actor in the plural ("officials", "Iraqi troops");
- "the two sides", "both countries", "the two leaders": the last two countries (or
  organisations) of the story, as a pair.

Every actor returned for a pronoun or a group noun is a new ActorRef on the word itself, whose
``resolution`` says what it refers back to.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import ActorRef
from .layer import ParsedArticle, ParsedSentence
from .syntax import SUBJECT_DEPS, group, is_verb, relative_antecedent, subtree_span
from .words import words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

LOOKBACK = 4  # sentences a pronoun may reach back
PERSON_LOOKBACK = 10  # ... and "he"/"she" for a person when no nearer one agrees
_NP_MODIFIERS = ("poss", "compound", "amod", "nmod", "nn")
_NP_PREPS = frozenset({"of", "for", "from", "by"})
# prepositions through which a phrase's other actors are reached ("allegations against the mayor",
# "troops to the mission in Lebanon")
_PHRASE_PREPS = _NP_PREPS | {"against", "on", "to", "with", "in", "into"}
_PAIR_HEADS = frozenset("side country nation government leader party state neighbour neighbor ally kore koreas".split())
_PERSON_KINDS = frozenset({"person", "title"})
_THING_KINDS = frozenset({"state", "org", "institution", "actor", "agent"})


@dataclass
class _Mention:
    sent: int  # position of the sentence in parsed.sentences
    tok: int
    actor: ActorRef | None  # None: a person no dictionary knows
    kind: str
    plural: bool
    subject: bool


_UNKNOWN_SPEAKER = object()
"""What ``ActorFinder._last_speaker`` answers when the one who spoke before is a document of an
author nobody named: a pronoun taking up its voice gets no actor rather than a wrong one."""


class ActorFinder:
    def __init__(self, parsed: ParsedArticle) -> None:
        self.parsed = parsed
        self._mentions: list[list[_Mention]] | None = None
        self._pos = {id(ps): k for k, ps in enumerate(parsed.sentences)}
        self._people: dict[str, tuple[str, str, str | None]] | None = None
        self.voice: Any = None
        """Who speaks where (``quotes.Voice``): "we" inside a quotation is its speaker."""

    # --- the public question ---------------------------------------------------------------------

    def actors_of(self, ps: ParsedSentence, tok: "Token", *, reach: int = 2) -> list[ActorRef]:
        """The actors word ``tok`` names (one per coordinated member), [] when none."""
        out: list[ActorRef] = []
        for t in group(tok) if tok.dep_ != "conj" else [tok]:
            got = self.actor_of(ps, t, reach=reach)
            if got is not None and all(got is not o for o in out):
                out.append(got)
                # coordinated modifiers of one head: "Eriadori and Calenardhon leaders"
                if ps.tok_actor[t.i] < 0:
                    for m in self._coordinated_modifiers(ps, t, got):
                        if all(m is not o for o in out):
                            out.append(m)
        if out and ps.parsed:
            out = self._listed(ps, tok, out)
        return out

    def _listed(self, ps: ParsedSentence, tok: "Token", found: list[ActorRef]) -> list[ActorRef]:
        """Actors listed in the word's own phrase ("Fornost and the evil awful Gondor", "the
        ambassadors of Arnor, Osgiliath and Gondor"), however the parser attached them: actors
        with nothing between them but commas, "and"/"or", determiners and adjectives. A sector
        named with the first ("ambassadors of Arnor") holds for each country listed after it."""
        lo, hi = subtree_span(tok, stop=frozenset({"relcl", "acl"}))
        ks = sorted({ps.tok_actor[i] for i in range(lo, hi) if ps.tok_actor[i] >= 0})
        if len(ks) < 2:
            return found
        doc = ps.doc
        runs: list[list[int]] = [[ks[0]]]
        for a, b in itertools.pairwise(ks):
            ea = ps.actor_tokens(a)[1]
            sb = ps.actor_tokens(b)[0]
            gap = doc[ea:sb]
            joined = len(gap) <= 5 and any(t.lower_ in (",", "and", "or") for t in gap) and all(
                t.lower_ in (",", "and", "or", "the") or t.tag_ in ("DT", "JJ", "JJS", "JJR", "RB")
                or (t.tag_ == "NN" and t.text.islower() and t.dep_ in ("amod", "conj", "compound")) for t in gap)
            if joined:
                runs[-1].append(b)
            else:
                runs.append([b])
        for run in runs:
            members = [ps.actors[k] for k in run]
            if len(members) < 2 or not any(m is f or (m.start, m.end) == (f.start, f.end) for m in members for f in found):
                continue
            # the list must end in "and"/"or" before its last member
            last_gap = doc[ps.actor_tokens(run[-2])[1]: ps.actor_tokens(run[-1])[0]]
            if not any(t.lower_ in ("and", "or") for t in last_gap):
                continue
            extra = [a for a in found if all(a is not m and (a.start, a.end) != (m.start, m.end) for m in members)]
            # "(Lawmakers and) officials in Egypt and Jordan": the sector of the phrase with "in/of/from
            # <country>" holds for each country listed after it, and a bare sector word listed before
            # it holds in each of those countries
            h: int | None = next((i for i, m in enumerate(members) if m.sector and m.country and not m.code.startswith("---")
                      and any(f" {w} " in f" {m.text} " for w in ("of", "in", "from"))), None)
            if h is None:
                return members + extra
            head = members[h]
            out = [head] + [_with_sector(m, head) for m in members[h + 1:]]
            countries = [o.country for o in out if o.country]
            for before in members[:h]:
                if before.code.startswith("---") and not before.members:
                    for c in countries:
                        out.append(ActorRef(c + before.code[3:], c, before.code[3:] or None, before.name, before.text,
                                            before.start, before.end,
                                            f"{before.resolution}; listed with {head.text!r}: in each country",
                                            kind=before.kind, plural=before.plural))
                else:
                    out.append(before)
            return out + extra
        return found
    def _coordinated_modifiers(self, ps: ParsedSentence, head: "Token", first: ActorRef) -> list[ActorRef]:
        out: list[ActorRef] = []
        for c in head.children:
            if c.dep_ not in _NP_MODIFIERS or ps.tok_actor[c.i] < 0 or ps.actors[ps.tok_actor[c.i]] is not first:
                continue
            for cj in c.conjuncts:
                k = ps.tok_actor[cj.i]
                if k >= 0 and ps.actors[k] is not first:
                    out.append(ps.actors[k])
        return out

    def actor_of(self, ps: ParsedSentence, tok: "Token", *, reach: int = 2) -> ActorRef | None:
        got = self._actor_of(ps, tok, reach)
        if got is None or got.members:
            return got
        if got.code.startswith("---"):
            # a sector word without its country ("vice-president", "the spokesman"): the country
            # its own phrase names ("vice-president of the Presidium of the DPRK SPA")
            return self._complete(ps, tok, got)
        if _guessed(got):
            # the actor stage took the nearest country; the parse may know better: the country of
            # the word's own phrase, else the subject of that sector just before
            bare = ActorRef("---" + (got.sector or ""), None, got.sector, got.name, got.text, got.start, got.end,
                            got.resolution, kind=got.kind, plural=got.plural)
            done = self._complete(ps, tok, bare)
            if not done.code.startswith("---"):
                return done
            k = ps.tok_actor[tok.i]
            near = self._same_sector_before(ps, ps.actor_tokens(k)[0] if k >= 0 else tok.i, got.sector or "")
            if near is not None and (near.country or near.code[:3]) != got.country:
                c = near.country or near.code[:3]
                return ActorRef(c + (got.sector or ""), c, got.sector, got.name, got.text, got.start, got.end,
                                f"parse: {got.text!r} ({got.sector}) as {near.text!r} ({near.code}) just before",
                                kind=got.kind, plural=got.plural)
        return got

    def _complete(self, ps: ParsedSentence, tok: "Token", agent: ActorRef) -> ActorRef:
        head = tok
        k = ps.tok_actor[tok.i]
        if k >= 0 and ps.parsed:
            head = ps.actor_head(k)
        for t in (head, tok):
            country = self._in_phrase(ps, t, 3, skip=agent)
            if country is None and t.head.i != t.i and t.dep_ == "appos":
                country = self._in_phrase(ps, t.head, 2, skip=agent)
            if country is not None and not country.code.startswith("---") and not country.members:
                base = country.code if country.code.startswith(("IGO", "NGO")) else (country.country or country.code[:3])
                sector = agent.code[3:]
                code = base if base.startswith(("IGO", "NGO")) else base + sector
                return ActorRef(code, base[:3] if not base.startswith(("IGO", "NGO")) else base, sector or None,
                                agent.name or country.name, agent.text, agent.start, agent.end,
                                f"{agent.resolution}; its country from its phrase: {country.text!r} ({country.code})",
                                kind=agent.kind, plural=agent.plural)
        return agent

    def _actor_of(self, ps: ParsedSentence, tok: "Token", reach: int) -> ActorRef | None:
        k = ps.tok_actor[tok.i]
        if k >= 0 and not (tok.tag_ in ("PRP", "PRP$") and len(tok) <= 5):
            a = ps.actors[k]
            if a.code.startswith("---") and tok.ent_type_ == "PERSON":
                got = self.person(ps, tok)
                if got is not None:
                    return got
            return a
        if ps.parsed and (tok.ent_type_ in ("PERSON", "ORG") or tok.pos_ == "PROPN"):
            got = self.person(ps, tok)
            if got is not None:
                return got
        if tok.tag_ in ("PRP", "PRP$"):
            return self.pronoun(ps, tok)
        ante = relative_antecedent(tok)
        if ante is not None and ante.i != tok.i:
            return self.actor_of(ps, ante, reach=reach)
        pair = self._pair(ps, tok)
        if pair is not None:
            return pair
        got = self._in_phrase(ps, tok, reach)
        if got is None:
            got = self._definite(ps, tok)
        return got

    def opposed(self, ps: ParsedSentence, tok: "Token") -> list[ActorRef]:
        """The actors a phrase is against: "an anti-Gondor parade", "anti-U.S. rallies"."""
        out: list[ActorRef] = []
        for c in tok.children:
            if c.dep_ not in _NP_MODIFIERS:
                continue
            for m in [c, *(g for g in c.children if g.dep_ in _NP_MODIFIERS)]:
                k = ps.tok_actor[m.i]
                if k >= 0 and stance_prefix(m) == "anti" and ps.actors[k] not in out:
                    out.append(ps.actors[k])
        return out

    # --- inside the phrase -------------------------------------------------------------------------

    def _in_phrase(self, ps: ParsedSentence, tok: "Token", reach: int, skip: ActorRef | None = None) -> ActorRef | None:
        """The nearest actor among the phrase's modifiers, apposition and of/for/from objects
        (``skip``: an actor not to return, the one whose country is being looked for)."""
        if reach < 0:
            return None
        if skip is not None:
            return self._in_phrase_excluding(ps, tok, reach, skip)
        kids = list(tok.children)
        # possessor and modifiers first, nearest to the head first; "pro-U.S." and "anti-Japanese"
        # say what the phrase is for or against, not whose it is
        mods = sorted((c for c in kids if c.dep_ in _NP_MODIFIERS and not stance_prefixed(c)),
                      key=lambda c: (c.dep_ != "poss", abs(c.i - tok.i)))
        for c in mods:
            k = ps.tok_actor[c.i]
            if k >= 0 and c.tag_ not in ("PRP$",):
                return ps.actors[k]
            if c.tag_ == "PRP$":
                got = self.pronoun(ps, c)
                if got is not None:
                    # "his office", "their government": the phrase is the pronoun's referent's
                    return _refer(got, ps, c, got.resolution, upto=tok.i + 1)
                continue
            got = self._in_phrase(ps, c, reach - 1)
            if got is not None:
                return got
        for c in kids:
            if c.dep_ == "appos":
                k = ps.tok_actor[c.i]
                if k >= 0:
                    return ps.actors[k]
                got = self._in_phrase(ps, c, max(reach, 2) - 1)
                if got is not None:
                    return got
        for c in sorted(kids, key=lambda c: (c.lower_ != "by", c.i)):
            if c.dep_ in ("prep", "agent") and c.lower_ in _NP_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj":
                        k = ps.tok_actor[p.i]
                        if k >= 0:
                            return ps.actors[k]
                        got = self._in_phrase(ps, p, reach - 1)
                        if got is not None:
                            return got
        return None

    def phrase_actors(self, ps: ParsedSentence, tok: "Token", reach: int = 2) -> list[ActorRef]:
        """Every actor the word's phrase names, in the order ``actor_of`` would try them (the word
        itself, its possessor and modifiers, apposition, "by", "of", "for", "from" objects)."""
        out: list[ActorRef] = []
        first = self.actor_of(ps, tok, reach=reach)
        if first is not None:
            out.append(first)
        frontier = [tok]
        for _ in range(reach + 1):
            nxt: list[Token] = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ == "acl" and c.tag_ == "VBN":
                        # "the peace plan proposed by Ukraine": its author
                        for a in c.children:
                            if a.dep_ == "agent":
                                for p in a.children:
                                    got = self.actor_of(ps, p, reach=0)
                                    if got is not None and all(got is not o for o in out):
                                        out.append(got)
                        continue
                    if c.dep_ in ("relcl", "acl", "cc", "punct", "ccomp", "advcl", "det"):
                        continue
                    if c.dep_ == "prep" and c.lower_ not in _PHRASE_PREPS:
                        continue
                    k = ps.tok_actor[c.i]
                    if k >= 0 or c.tag_ == "PRP$":
                        got = self.actor_of(ps, c, reach=0)
                        if got is not None and all(got.code != o.code or got.start != o.start for o in out):
                            out.append(got)
                    nxt.append(c)
            frontier = nxt
        return out

    def _in_phrase_excluding(self, ps: ParsedSentence, tok: "Token", reach: int, skip: ActorRef) -> ActorRef | None:
        """Breadth-first through the phrase for an actor other than ``skip``."""
        frontier = [tok]
        for _ in range(reach + 2):
            nxt: list[Token] = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ in ("relcl", "acl", "conj", "cc", "punct", "ccomp", "advcl"):
                        continue
                    k = ps.tok_actor[c.i]
                    if k >= 0:
                        a = ps.actors[k]
                        if a is not skip and (a.start, a.end) != (skip.start, skip.end) and not a.code.startswith("---") \
                                and not _guessed(a):
                            return a
                    nxt.append(c)
            frontier = nxt
        return None

    # --- documents ----------------------------------------------------------------------------------

    def author(self, ps: ParsedSentence, tok: "Token") -> ActorRef | None:
        """Who speaks through a document named without its author ("the commentary notes", "the
        statement said"): the latest news medium of the story before it, else the latest subject
        that is an organisation, a state or a person."""
        here = self._pos.get(id(ps))
        if here is None:
            return None
        mentions = self._all()
        best: _Mention | None = None
        for s_ in range(here, -1, -1):
            for m in sorted(mentions[s_], key=lambda m: -m.tok):
                if s_ == here and m.tok >= tok.i:
                    continue
                if m.actor is None or m.actor.code.startswith("---") or m.actor.members:
                    continue
                if m.actor.sector == "MED":
                    return _refer(m.actor, ps, tok, f"coreference: {tok.text!r} is by {m.actor.text!r} ({m.actor.code})", phrase=True)
                if best is None and m.subject:
                    best = m
        if best is not None and best.actor is not None:
            return _refer(best.actor, ps, tok, f"coreference: {tok.text!r} is by {best.actor.text!r} ({best.actor.code})", phrase=True)
        return None

    # --- people no dictionary knows ---------------------------------------------------------------

    def person(self, ps: ParsedSentence, tok: "Token") -> ActorRef | None:
        """A person the entity recogniser found and no dictionary knows, coded from what the story
        says of them: a title or country in their own phrase ("Belgian Trade Minister Herman De
        Croo", "Paul Channon, secretary for trade and industry"), a bare government title taking the
        story's home country, or the code of an earlier mention of the same name ("Channon")."""
        ent = next((e for e in ps.doc.ents if e.start <= tok.i < e.end and e.label_ in ("PERSON", "ORG")), None)
        reg = self._registry()
        if ent is None:
            # a surname the recogniser missed this time ("Channon made his remarks ...")
            got = reg.get(tok.lower_) if tok.pos_ == "PROPN" and tok.i + 1 < len(ps.doc) and ps.doc[tok.i + 1].pos_ != "PROPN" else None
            if got is None:
                return None
            lo, hi = tok.i, tok.i + 1
        else:
            key = ent.text.lower()
            got = reg.get(key) or reg.get(key[4:] if key.startswith("the ") else key) or reg.get(_surname(ent))
            if got is None:
                return None
            lo, hi = ent.start, ent.end
        code, how, name = got
        a, b = ps.char_span(lo, hi)
        country = code[:3] if not code.startswith(("IGO", "NGO")) else code
        kind = "org" if ent is not None and ent.label_ == "ORG" else "person"
        return ActorRef(code, country, code[3:] or None, name, ps.token_text(lo, hi), a, b, how, kind=kind)

    def _registry(self) -> dict[str, tuple[str, str, str | None]]:
        if self._people is not None:
            return self._people
        reg: dict[str, tuple[str, str, str | None]] = {}
        self._people = reg
        home = self.parsed.home
        for ps in self.parsed.sentences:
            if not ps.parsed:
                continue
            for ent in ps.doc.ents:
                if ent.label_ not in ("PERSON", "ORG"):
                    continue
                org = ent.label_ == "ORG"
                coded = [ps.actors[ps.tok_actor[t.i]] for t in ent if ps.tok_actor[t.i] >= 0]
                if any(not a.code.startswith("---") for a in coded):
                    continue  # a person or organisation the dictionaries know
                full, last = ent.text.lower(), _surname(ent)
                if full.startswith("the "):
                    full = full[4:]
                if full in reg or (last in reg and len(ent) == 1):
                    continue
                found = self._in_phrase(ps, ent.root, 3) or (self._based_in(ps, ent.root) if org else None)
                if found is None and coded:
                    found = coded[0]
                if found is not None and _guessed(found):
                    found = ActorRef("---" + (found.sector or ""), None, found.sector, found.name, found.text,
                                     found.start, found.end, found.resolution, kind=found.kind)
                if found is None or found.members:
                    continue
                name = ent.text
                if found.code.startswith("---") and org:
                    continue  # an organisation whose country nothing in its phrase gives
                if found.code.startswith("---") and (of_org := self._title_of_org(ps, found)) is not None:
                    # "chairman of the Central Standing Committee of the Korean Youth League in
                    # Japan": the officer of an organisation, of the country its name holds if any;
                    # not the story's home country's government
                    if not of_org:
                        continue
                    code, how = of_org, f"parse: {name} is {found.text!r} of an organisation in {of_org}"
                elif found.code.startswith("---"):
                    done = self._complete(ps, ent.root, found)
                    near = self._same_sector_before(ps, ent.start, found.code[3:])
                    if not done.code.startswith("---"):
                        code, how = done.code, f"parse: {name} is {found.text!r} ({done.resolution})"
                    elif near is not None:
                        code = (near.country or near.code[:3]) + found.code[3:]
                        how = f"parse: {name} is {found.text!r} ({found.code[3:]}), as {near.text!r} ({near.code}) just before"
                    elif home is not None:
                        code = home[0] + found.code[3:]
                        how = f"parse: {name} is {found.text!r} ({found.code[3:]}) of the story's home country, {home[1]}"
                    else:
                        continue
                else:
                    sector = found.sector if found.kind in ("title", "institution", "agent") or found.sector else None
                    base = found.code if found.code.startswith(("IGO", "NGO")) else (found.country or found.code[:3])
                    code = base + (sector or "") if not base.startswith(("IGO", "NGO")) else base
                    how = f"parse: {name} is described by {found.text!r} ({found.code})"
                reg[full] = (code, how, name)
                if last and last not in reg:
                    reg[last] = (code, how + f"; {last.title()} refers back to {name}", name)
        return reg

    @staticmethod
    def _title_of_org(ps: ParsedSentence, title: ActorRef) -> str | None:
        """For a title followed by "of" and a proper name ("chairman of the ... League in Japan"):
        the one country named inside that name, "" when none or several; None when the title
        is not of a named organisation."""
        k = ps.token_at(title.end - 1)
        if k is None:
            return None
        # the name after "of" is one no dictionary knows ("of the Central Standing Committee"); a
        # known one ("Prince of Dol_Amroth", "minister of Japan") is the old path's
        of = [p for p in ps.doc[k].children if p.dep_ == "prep" and p.lower_ == "of"
              and any(c.dep_ == "pobj" and c.pos_ == "PROPN" and ps.tok_actor[c.i] < 0 for c in p.children)]
        if not of:
            return None
        lo, hi = ps.char_span(of[0].left_edge.i, of[0].right_edge.i + 1)
        countries = {a.country for a in ps.actors if lo <= a.start and a.end <= hi and a.country and not a.members}
        return countries.pop() if len(countries) == 1 else ""

    def _based_in(self, ps: ParsedSentence, root: "Token") -> ActorRef | None:
        """"X headquartered in Spain", "a group based in Tokyo": the country where it is based."""
        for c in root.children:
            if c.dep_ == "acl" and c.lemma_.lower() in ("base", "headquarter", "locate", "register"):
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in ("in", "at"):
                        for o in p.children:
                            k = ps.tok_actor[o.i]
                            if k >= 0 and not ps.actors[k].code.startswith("---"):
                                return ps.actors[k]
        return None

    def _same_sector_before(self, ps: ParsedSentence, tok: int, sector: str) -> ActorRef | None:
        """The latest subject of that sector with a country, in this sentence before ``tok`` or in
        the sentence before ("A senior British official said ... Paul Channon, secretary for
        trade, said" -> the British official's country)."""
        here = self._pos.get(id(ps))
        if here is None or not sector:
            return None
        mentions = self._base()
        for s_ in range(here, max(-1, here - 2), -1):
            for m in sorted(mentions[s_], key=lambda m: -m.tok):
                if s_ == here and m.tok >= tok:
                    continue
                a = m.actor
                if (a is not None and m.subject and a.sector == sector and a.country and not a.code.startswith("---")
                        and not a.members):
                    return a
        return None

    # --- pronouns -------------------------------------------------------------------------------------

    def pronoun(self, ps: ParsedSentence, tok: "Token") -> ActorRef | None:
        w = tok.lower_
        if w in words("first-person-pronouns"):
            if self.voice is None:
                return None
            sp = self.voice.speaker_at(ps.start + tok.idx)
            if sp is None:
                return None
            return _refer(sp, ps, tok, f"coreference: {tok.text!r} in a quotation of {sp.text!r} ({sp.code})")
        if w in words("person-pronouns"):
            want = "person"
        elif w in words("thing-pronouns"):
            want = "thing"
        elif w in words("plural-pronouns"):
            want = "plural"
        else:
            return None
        here = self._pos.get(id(ps))
        if here is None:
            return None
        mentions = self._all()
        speaking = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in words("speech")
        if speaking and want in ("plural", "thing"):
            prev = self._last_speaker(here, want)
            if prev is _UNKNOWN_SPEAKER:
                return None  # "..., the statement said. It demanded ...": its author is not known
            if isinstance(prev, ActorRef):
                return _refer(prev, ps, tok, f"coreference: {tok.text!r} -> the one who spoke before, {prev.text!r} ({prev.code})")
        # "he"/"she": a person within reach first; only where there is none, an actor that may be
        # one (a dictionary entry not marked a person). "Kim Jong Il ... enjoyed a performance by
        # servicepersons of the KPA. ... The performance demonstrated ... He expressed ..." is Kim.
        person_near = self._person_before(here, tok.i, mentions) if want == "person" else None
        for s in range(here, max(-1, here - LOOKBACK - 1), -1):
            cands = [m for m in mentions[s] if s < here or m.tok < tok.i]
            if s == here:
                content = _own_content(tok)
                cands = [m for m in cands if not _same_clause_object(ps, m.tok, tok) and m.tok not in content
                         and not (tok.dep_ in ("nsubj", "nsubjpass") and _in_adjunct(ps, m.tok))]
            # subjects first, latest first; the subject of a verb of saying ("they urged") is
            # first of all the one who spoke before ("..., the organizations said")
            sent = self.parsed.sentences[s]
            if speaking:
                cands.sort(key=lambda m: (not _speaks(sent, m.tok), not m.subject, -m.tok))
            else:
                cands.sort(key=lambda m: (not m.subject, -m.tok))
            for m in cands:
                if _agrees(m, want) or (want == "person" and m.kind == "actor" and not m.plural
                                        and person_near is None and not any(_agrees(x, want) for x in cands)):
                    if m.actor is None:
                        return None  # an unknown person: no actor rather than a wrong one
                    return _refer(m.actor, ps, tok, f"coreference: pronoun {tok.text!r} -> {m.actor.text!r} ({m.actor.code})")
            if want == "plural":
                got = self._coordinated(mentions[s], ps if s == here else None, tok)
                if got is not None:
                    return _refer(got, ps, tok, f"coreference: pronoun {tok.text!r} -> {got.text!r} ({got.code})")
        if person_near is not None and person_near.actor is not None:
            # the story's person named further back: KCNA's "He ... He ... He" after one naming
            a = person_near.actor
            return _refer(a, ps, tok, f"coreference: pronoun {tok.text!r} -> {a.text!r} ({a.code}), the last person named")
        return None

    def _person_before(self, here: int, tok_i: int, mentions: list[list[_Mention]]) -> _Mention | None:
        """The latest person mention (a subject first in its sentence) within PERSON_LOOKBACK
        sentences before token ``tok_i`` of sentence ``here``."""
        for s in range(here, max(-1, here - PERSON_LOOKBACK - 1), -1):
            cands = [m for m in mentions[s] if (s < here or m.tok < tok_i) and _agrees(m, "person")]
            if cands:
                return sorted(cands, key=lambda m: (not m.subject, -m.tok))[0]
        return None

    def _last_speaker(self, here: int, want: str) -> ActorRef | object | None:
        """The subject of the nearest verb of saying in the sentences before (not a pronoun), when
        it is an organisation or a group ("..., the organizations said. ..., they urged");
        ``_UNKNOWN_SPEAKER`` when that subject is a statement or document whose author nobody
        named ("..., the statement said. It demanded ...")."""
        speech = words("speech")
        # "..., the organizations said. ... , they noted. They denounced ... They accused ...": a
        # pronoun speaker passes the voice on, so look past pronoun subjects up to four sentences
        for s in range(here - 1, max(-1, here - 5), -1):
            sent = self.parsed.sentences[s]
            if not sent.parsed:
                continue
            for v in sorted((t for t in sent.doc if is_verb(t) and t.lemma_.lower() in speech), key=lambda t: -t.i):
                subj = [c for c in v.children if c.dep_ == "nsubj"]
                if not subj or subj[0].tag_ in ("PRP", "PRP$"):
                    continue
                a = self.actor_of(sent, subj[0])
                if a is None:
                    # the one who spoke before is unknown: do not guess another
                    return _UNKNOWN_SPEAKER if subj[0].lemma_.lower() in words("document-nouns") else None
                plural = a.plural or bool(a.members) or subj[0].tag_ == "NNS"
                if (want == "plural") == plural and a.kind not in ("person", "title"):
                    return a
                return None
        return None

    def _definite(self, ps: ParsedSentence, tok: "Token") -> ActorRef | None:
        """'the organizations', 'the paper', 'this group': the latest organisation (or medium)
        before, as a pronoun would be read; plural ones also the organisations named together."""
        lem = tok.lemma_.lower()
        medium = lem in words("definite-media-nouns")
        if not (medium or lem in words("definite-org-nouns")) or tok.pos_ != "NOUN":
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that", "those") for c in tok.children):
            return None
        if any(c.dep_ in ("prep", "appos", "compound", "amod", "poss", "relcl", "acl") for c in tok.children):
            return None  # "the group of Koreans in Japan", "the ruling party": a phrase of its own
        plural = tok.tag_ == "NNS"
        here = self._pos.get(id(ps))
        if here is None:
            return None
        mentions = self._all()
        for s in range(here, max(-1, here - LOOKBACK - 1), -1):
            cands = [m for m in mentions[s] if (s < here or m.tok < tok.i) and m.actor is not None]
            cands.sort(key=lambda m: (not m.subject, -m.tok))
            if plural:
                subj = [m for m in cands if m.subject and _org_like(m.actor, medium)]
                if len(subj) >= 2:
                    pair = _pair_of([m.actor for m in subj if m.actor is not None][:4])
                    return _refer(pair, ps, tok, f"coreference: {tok.text!r} -> {pair.text!r}")
            for m in cands:
                if m.actor is None or (m.plural or m.kind == "group") != plural:
                    continue
                if _org_like(m.actor, medium) or (not medium and self._names_an_org(s, m)):
                    return _refer(m.actor, ps, tok, f"coreference: {tok.text!r} -> {m.actor.text!r} ({m.actor.code})")
        return None

    def _names_an_org(self, s: int, m: _Mention) -> bool:
        """A country's name or demonym that is part of an organisation's name no dictionary knows
        ("The south Korean Council of Christian Churches" -> KOR): the organisation is that
        country's, and "the organization" may stand for it."""
        doc = self.parsed.sentences[s].doc
        if doc is None or m.tok >= len(doc):
            return False
        if m.actor is None or m.actor.kind != "state":
            return False
        t = doc[m.tok]
        while t.dep_ in ("amod", "compound") and t.head.i != t.i:
            t = t.head
        return t.i != m.tok and t.pos_ == "PROPN" and t.ent_type_ == "ORG"

    def _coordinated(self, ms: list[_Mention], ps: ParsedSentence | None, tok: "Token") -> ActorRef | None:
        """Two or more actors coordinated as one subject ("South Korea and Japan ... they")."""
        subj = [m for m in ms if m.subject and m.actor is not None and (ps is None or m.tok < tok.i)
                and not (ps is not None and _same_clause_object(ps, m.tok, tok))]
        if len(subj) >= 2:
            return _pair_of([m.actor for m in subj if m.actor is not None][:4])
        return None

    def _pair(self, ps: ParsedSentence, tok: "Token") -> ActorRef | None:
        """'the two sides', 'both countries': the last two countries or organisations before."""
        if tok.lemma_.lower() not in _PAIR_HEADS or tok.tag_ != "NNS":
            return None
        if not any((c.dep_ == "nummod" and c.lower_ == "two") or (c.dep_ in ("det", "predet", "preconj") and c.lower_ == "both") for c in tok.children):
            return None
        here = self._pos.get(id(ps))
        if here is None:
            return None
        seen: list[ActorRef] = []
        codes: list[str] = []
        mentions = self._all()
        for s in range(here, max(-1, here - LOOKBACK - 1), -1):
            for m in sorted(mentions[s], key=lambda m: -m.tok):
                if s == here and m.tok >= tok.i:
                    continue
                a = m.actor
                if a is None or a.kind not in ("state", "org", "institution", "person", "title", "actor"):
                    continue
                key = (a.country or a.code)[:3] if not a.code.startswith(("IGO", "NGO")) else a.code
                if key not in codes:
                    codes.append(key)
                    seen.append(a)
                if len(seen) == 2:
                    pair = _pair_of(list(reversed(seen)))
                    return _refer(pair, ps, tok, f"coreference: {tok.text!r} -> the last two parties, {seen[1].text!r} and {seen[0].text!r}")
        return None

    # --- the story's mentions, in reading order --------------------------------------------------------

    def _all(self) -> list[list[_Mention]]:
        """Every mention: the dictionary's actors and the people the recogniser found."""
        if self._mentions is None:
            base = self._base()
            self._mentions = [sorted(b + self._people_of(ps), key=lambda m: m.tok) for b, ps in zip(base, self.parsed.sentences, strict=True)]
        return self._mentions

    def _base(self) -> list[list[_Mention]]:
        """The dictionary's actors only (what coding unknown people may lean on)."""
        got = self.__dict__.get("_base_mentions")
        if got is None:
            got = [self._mentions_of(ps) for ps in self.parsed.sentences]
            self.__dict__["_base_mentions"] = got
        return got

    def _people_of(self, ps: ParsedSentence) -> list[_Mention]:
        out: list[_Mention] = []
        if not ps.parsed:
            return out
        k_pos = self._pos[id(ps)]
        in_ent: set[int] = set()
        for ent in ps.doc.ents:
            if ent.label_ == "PERSON" and all(ps.tok_actor[t.i] < 0 for t in ent):
                root = ent.root
                in_ent.update(t.i for t in ent)
                # a person no dictionary knows: coded from the story where it can be (else None,
                # and a pronoun that reaches it gets no actor rather than a wrong one)
                known = self.person(ps, root)
                out.append(_Mention(k_pos, ent.start, known, "person", False, root.dep_ in SUBJECT_DEPS))
        reg = self._registry()
        for t in ps.doc:
            # a surname the recogniser missed here ("Channon said ...")
            if t.pos_ == "PROPN" and t.i not in in_ent and ps.tok_actor[t.i] < 0 and t.lower_ in reg:
                known = self.person(ps, t)
                if known is not None and known.kind == "person":
                    out.append(_Mention(k_pos, t.i, known, "person", False, t.dep_ in SUBJECT_DEPS))
        return out

    def _mentions_of(self, ps: ParsedSentence) -> list[_Mention]:
        out: list[_Mention] = []
        k_pos = self._pos[id(ps)]
        first_actor = True
        for k, a in enumerate(ps.actors):
            if a.resolution.startswith("coreference: pronoun"):
                continue
            i, j = ps.actor_tokens(k)
            if i >= j:
                continue
            if ps.parsed:
                head = ps.actor_head(k)
                top = head
                # the noun phrase the actor belongs to ("the U.S. imperialists" -> imperialists)
                while top.dep_ in ("compound", "amod", "poss", "nmod") and top.head.i != top.i:
                    top = top.head
                first = top
                while first.dep_ == "conj" and first.head.i != first.i:
                    first = first.head  # "Valdoria and Kestran condemned ...": both are subjects
                subject = first.dep_ in SUBJECT_DEPS or first.dep_ in ("nsubjpass",)
                plural = a.plural or top.tag_ in ("NNS", "NNPS")
            else:
                subject = first_actor
                plural = a.plural
            first_actor = False
            out.append(_Mention(k_pos, i, a, a.kind or _kind_of(a), plural, subject))
        out.sort(key=lambda m: m.tok)
        return out


def stance_prefix(t: "Token") -> str | None:
    """"pro" or "anti" for a word after "pro-" or "anti-" ("pro-U.S. lackeys", "anti-Japanese
    struggle"), else None."""
    doc = t.doc
    i = t.left_edge.i if t.left_edge.i < t.i else t.i
    for j in (i - 1, i - 2, t.i - 1, t.i - 2):
        if 0 <= j < len(doc) and doc[j].lower_ in ("pro", "anti", "pro-", "anti-"):
            return doc[j].lower_.rstrip("-")
    if t.lower_.startswith(("pro-", "anti-")):
        return t.lower_.split("-", 1)[0]
    return None


def stance_prefixed(t: "Token") -> bool:
    """A word after "pro-" or "anti-": it says what a phrase is for or against, not whose it is."""
    return stance_prefix(t) is not None


def _guessed(a: ActorRef) -> bool:
    """Did the actor stage give a sector word the nearest country of the story (a guess)?"""
    return a.resolution.startswith("coreference: agent") and bool(a.sector) and not a.members


def _kind_of(a: ActorRef) -> str:
    """An actor built without a kind (by a caller, not the actor stage): from how it was resolved."""
    how = a.resolution.lower()
    if "person" in how or "surname" in how:
        return "person"
    if a.members:
        return "group"
    if a.code.startswith(("IGO", "NGO")):
        return "org"
    return "institution" if a.sector else "state"


def _surname(ent: object) -> str:
    toks = [t for t in ent if not t.is_punct and t.tag_ != "POS"]  # type: ignore[attr-defined]
    return toks[-1].lower_ if toks else ""


def _in_adjunct(ps: ParsedSentence, i: int) -> bool:
    """Is token ``i`` inside a prepositional phrase ("On the matter of Valdoria, it ...")?"""
    if not ps.parsed:
        return False
    t = ps.doc[i]
    while t.dep_ in ("compound", "amod", "poss") and t.head.i != t.i:
        t = t.head
    return t.dep_ == "pobj"


def _own_content(tok: "Token") -> set[int]:
    """Tokens of what the pronoun's own verb reports ("Russia was threatened, *it* noted": Russia
    is what it noted, not who noted)."""
    v = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or v.i == tok.i:
        return set()
    out: set[int] = set()
    for c in v.children:
        if c.dep_ in ("ccomp", "parataxis", "xcomp"):
            out.update(t.i for t in c.subtree)
    return out


def _same_clause_object(ps: ParsedSentence, mtok: int, tok: "Token") -> bool:
    """A pronoun does not refer to another argument of its own verb: "X told Y about his plan" (not
    Y), "Kestran requested him to stay" (not Kestran)."""
    if not ps.parsed:
        return False
    m = ps.doc[mtok]
    while m.dep_ in ("compound", "amod", "poss") and m.head.i != m.i:
        m = m.head
    head = tok.head
    if m.head.i != head.i:
        return False
    if m.dep_ in ("dobj", "dative") and tok.dep_ in ("nsubj", "dobj"):
        return True
    return m.dep_ in ("nsubj", "nsubjpass") and tok.dep_ in ("dobj", "dative", "iobj") and not tok.lower_.endswith("self")


def _speaks(ps: ParsedSentence, i: int) -> bool:
    """Is token ``i`` of the sentence (or the phrase it heads) the subject of a verb of saying?"""
    if not ps.parsed or i >= len(ps.doc):
        return False
    t = ps.doc[i]
    while t.dep_ in ("compound", "amod", "poss", "conj", "appos") and t.head.i != t.i:
        t = t.head
    return t.dep_ == "nsubj" and t.head.lemma_.lower() in words("speech")


def _org_like(a: ActorRef | None, medium: bool) -> bool:
    """An organisation a definite noun can stand for (a medium for "the paper")."""
    if a is None or a.code.startswith("---"):
        return False
    is_medium = a.sector == "MED" or a.code.endswith("MED")
    if medium:
        return is_medium
    # a news medium is "the paper", "the agency", not "the organization": in "X denounced Y, KBS
    # reported. ... the organization demanded" the organisation is X, not the reporter
    # nor is a state's own office or force ("the U.S. forces", "the ministry") an organisation
    state_body = (a.sector or "") in ("GOV", "MIL", "COP", "JUD", "LEG", "SPY")
    return not is_medium and not state_body and (
        a.kind in ("org", "actor", "institution") or (a.sector or "") in ("LAB", "NGO", "PTY", "OPP", "EDU", "BUS"))


def _agrees(m: _Mention, want: str) -> bool:
    if want == "person":
        return m.kind in _PERSON_KINDS and not m.plural
    if want == "thing":
        return m.kind in _THING_KINDS and not m.plural
    return m.plural or m.kind == "group"


def _with_sector(country: ActorRef, head: ActorRef) -> ActorRef:
    """A bare country listed after "ambassadors of X": the ambassadors of that country too."""
    if country.sector or country.members or not head.sector or head.members or not country.country:
        return country
    if not head.text or " of " not in f" {head.text} " and " in " not in f" {head.text} " and " from " not in f" {head.text} ":
        return country
    code = country.country + head.sector
    return ActorRef(code, country.country, head.sector, country.name, country.text, country.start, country.end,
                    f"{country.resolution}; the sector of {head.text!r} holds for each country listed",
                    kind="institution", plural=head.plural)


def _pair_of(actors: list[ActorRef]) -> ActorRef:
    codes = [a.code for a in actors]
    return ActorRef("/".join(codes), None, None, None, " and ".join(a.text for a in actors),
                    actors[0].start, actors[-1].end, "group", members=list(actors), kind="group", plural=True)


def _refer(target: ActorRef, ps: ParsedSentence, tok: "Token", how: str, *, upto: int | None = None,
           phrase: bool = False) -> ActorRef:
    """A new ActorRef for ``target`` on the words of this mention: the token, up to token ``upto``,
    or (``phrase``) the token's noun phrase from its first word ("The article")."""
    i, j = tok.i, (upto if upto is not None else tok.i + 1)
    if phrase:
        i = min(tok.left_edge.i, tok.i)
    start, end = ps.char_span(i, j)
    return ActorRef(target.code, target.country, target.sector, target.name, ps.token_text(i, j),
                    start, end, how, members=list(target.members), kind=target.kind, plural=target.plural)
