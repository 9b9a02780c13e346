"""Where each event happened, read from the parse.

For an event's trigger the candidates are, best first:

1. a place the trigger's own clause puts it in: the object of a locative preposition hanging from
   the trigger or from the words its clause climbs through ("killed *in Hilla*", "detonated at a
   market *in Suwayrah*", "In the attack ... the bomb detonated"), the place a place-taking verb acts
   on ("captured *Mosul*", "*Kabul* was shelled"), or a place modifying the event noun ("the
   *Girishk* fighting");
2. a place elsewhere in the sentence where places stand: another locative phrase ("a spokesman in
   *Bukavu* said ..."), "the capital *Baku*", "*Chechnya*'s towns";
3. any other place named in the sentence that is not one of the event's actors;
4. the story's dateline ("BAGHDAD, Iraq (AP) --"), then the place the story names most.

Within a level the phrase nearest the trigger wins, and inside one phrase the most precise place
("the West Bank town of *Jenin*"); a place that only measures distance ("50 km south of
*Baghdad*") yields to the place it locates. A country used as an actor ("*Iraq* said",
"*Syrian* troops") is never a location; with no place to read, an event has none.

Each location keeps the words it was read from, the basis and a confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from ..model import ActorRef, Event, Location
from .gazetteer import FEATURES, Gazetteer, load_gazetteer
from .mentions import (
    LOCATIVE,
    PLACE_NOUNS,
    PLACE_TAKING,
    RELATIVE_WORDS,
    Mention,
    locative_preps,
    parsed_mentions,
    phrase_path,
)
from .resolve import Context, Resolution, article_context, resolve

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from ..text.layer import ParsedArticle, ParsedSentence

# the dependency relations a clause climbs through from the trigger to the words that place it
_CLIMB = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "dobj", "nsubj", "nsubjpass", "attr",
                    "compound", "amod", "appos", "acl", "oprd", "dative", "npadvmod", "advmod", "agent", "nmod"})
# nouns for people and forces: a place modifying one names who, not where ("U.S. jets", "Iraq's president")
AGENT_NOUNS = frozenset(
    "troops forces force soldiers soldier police policemen army military officials official government authorities "
    "jets warplanes planes aircraft ships navy diplomats diplomat envoy leader leaders president minister ministry "
    "spokesman spokeswoman militants rebels fighters guards guardsmen embassy ambassador delegation team side "
    "people citizens nationals officers commander commanders prime premier regime administration parliament "
    "lawmakers opposition".split()
)
TIER_BASIS = {
    3: "prepositional phrase of the trigger",
    2: "place named where the sentence places things",
    1: "place named in the sentence",
}
SPECIFICITY = {"city": 1.5, "venue": 1.5, "admin1": 1.0, "region": 1.0, "line": 1.0, "sea": 0.8, "country": 0.0}


@dataclass
class _Read:
    """How one mention stands toward one trigger."""

    mention: Mention
    tier: int
    weight: float
    chain_pos: int
    reference: bool
    how: str
    score: float = 0.0


@dataclass
class _Story:
    """Per-article facts, computed once: mentions of every sentence, the resolution context, the
    dateline's place and the places the story names most."""

    mentions: dict[int, list[Mention]] = field(default_factory=dict)
    context: Context | None = None
    dateline: tuple[Resolution, str, int | None, int | None] | None = None
    story: list[tuple[Mention, Resolution]] = field(default_factory=list)
    event_places: list[tuple[Location, int]] = field(default_factory=list)


class Locator:
    """Locates the events of parsed articles against one gazetteer."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gaz = gazetteer or load_gazetteer()

    # --- public ----------------------------------------------------------------------------------

    def locate_events(self, parsed: "ParsedArticle", events: Iterable[Event]) -> None:
        """Set ``event.location`` of each event (None where the text gives no ground): first from
        each event's own sentence, then, for the rest, from the dateline and from where the story's
        other events happened."""
        events = list(events)
        if not events:
            return
        story = self._story(parsed)
        by_index = {ps.index: ps for ps in parsed.sentences}
        todo = []
        for ev in events:
            ps = by_index.get(ev.sentence_index)
            if ps is None:
                ev.location = None
                continue
            ti = ps.token_at(ev.trigger.start)
            actors = [a for a in (ev.source, ev.target) if a is not None]
            ev.location = self._in_sentence(parsed, ps, ti, actors, story)
            if ev.location is None:
                todo.append((ev, ps))
            elif ev.location.confidence >= 0.5:
                story.event_places.append((ev.location, ps.index))
        for ev, ps in todo:
            ev.location = self._from_story(story, ps)

    def locate_token(self, parsed: "ParsedArticle", ps: "ParsedSentence", ti: int | None, *,
                     actors: Sequence[ActorRef] = (), story: _Story | None = None) -> Location | None:
        """The location of the event whose trigger is token ``ti`` of sentence ``ps``."""
        story = story or self._story(parsed)
        return self._in_sentence(parsed, ps, ti, actors, story) or self._from_story(story, ps)

    def _in_sentence(self, parsed: "ParsedArticle", ps: "ParsedSentence", ti: int | None,
                     actors: Sequence[ActorRef], story: _Story) -> Location | None:
        mentions = self._mentions(story, ps)
        reads: list[_Read] = []
        if ti is not None and ps.parsed:
            t = ps.doc[ti]
            chain = _chain(t)
            for m in mentions:
                r = self._read(ps, m, t, chain, actors)
                if r is not None:
                    reads.append(r)
        else:
            for m in mentions:
                if not _overlaps_actor(m, actors):
                    reads.append(_Read(m, 2, 0.8, 0, False, "place named in the sentence"))
        resolved = {}
        for r in reads:
            res = resolved[id(r)] = resolve(self.gaz, r.mention, story.context,
                                            self._neighbours(ps, mentions, r.mention))
            r.score = r.tier * 10 + r.weight * 3 - r.chain_pos * 0.5 - (6 if r.reference else 0)
            if res is not None:
                r.score += SPECIFICITY.get(FEATURES[self.gaz.feature(res.row)], 0)
            else:
                r.score -= 2.5
        reads.sort(key=lambda r: -r.score)
        for r in reads:
            res = resolved[id(r)]
            if res is None:
                fallback = self._unresolved(ps, r, mentions, story)
                if fallback is not None:
                    return fallback
                continue
            conf = {3: 0.85, 2: 0.7, 1: 0.5}[r.tier] * (0.7 + 0.3 * min(1.0, r.weight)) * res.certainty
            if r.reference:
                conf *= 0.6
            return self._location(res, r.mention.text, r.mention.start, r.mention.end, r.how, conf)
        return None

    def _from_story(self, story: _Story, ps: "ParsedSentence") -> Location | None:
        """No place in the sentence: the dateline's, else where the story's other events happened,
        else the place the story names most in its locative phrases."""
        if story.dateline is not None:
            res, text, a, b = story.dateline
            return self._location(res, text, a, b, "the story's dateline", 0.45 * res.certainty)
        weight: dict[str, float] = {}  # confidence summed per place, by key
        first: dict[str, Location] = {}  # the first location of each place
        for loc, _idx in story.event_places:
            first.setdefault(loc.key, loc)
            weight[loc.key] = weight.get(loc.key, 0.0) + loc.confidence
        if weight:
            best = first[max(weight, key=lambda key: weight[key])]
            return Location(**{**best.to_dict(), "basis": "where the story's other events happened",
                               "confidence": round(min(0.4, best.confidence * 0.5), 2)})
        for m, res in story.story:
            if m.sent_index != ps.index:
                return self._location(res, m.text, m.start, m.end, "the place the story names most",
                                      0.3 * res.certainty)
        return None

    # --- per article -----------------------------------------------------------------------------

    def _story(self, parsed: "ParsedArticle") -> _Story:
        st = _Story()
        for ps in parsed.sentences:
            st.mentions[ps.index] = parsed_mentions(ps, self.gaz)
        st.context = article_context(self.gaz, parsed, st.mentions)
        st.dateline = self._dateline(parsed, st.context)
        # the story's places: named in a locative phrase, counted over the story, headline and lead first
        counts: dict[int, float] = {}  # by gazetteer row
        found: dict[int, tuple[Mention, Resolution]] = {}  # the first mention of each row
        for k, ps in enumerate(parsed.sentences):
            for m in st.mentions[ps.index]:
                if not _in_locative(ps, m):
                    continue
                res = resolve(self.gaz, m, st.context, [])
                if res is None:
                    continue
                found.setdefault(res.row, (m, res))
                counts[res.row] = counts.get(res.row, 0.0) + (1.0 + (0.5 if k < 3 else 0.0))
        ranked = sorted(counts, key=lambda row: -counts[row])
        st.story = [found[row] for row in ranked if counts[row] >= 1.0]
        return st

    def _mentions(self, story: _Story, ps: "ParsedSentence") -> list[Mention]:
        got = story.mentions.get(ps.index)
        if got is None:
            got = story.mentions[ps.index] = parsed_mentions(ps, self.gaz)
        return got

    def _dateline(self, parsed: "ParsedArticle", ctx: Context
                  ) -> tuple[Resolution, str, int | None, int | None] | None:
        line = parsed.article.dateline
        if not line:
            return None
        parts = [p.strip() for p in line.split(",") if p.strip()]
        if not parts:
            return None
        name = parts[0]
        if any(ch.isdigit() for ch in name):
            return None
        qual = parts[1] if len(parts) > 1 and not any(ch.isdigit() for ch in parts[1]) else None
        m = Mention(0, 0, name, 0, 0, [name.title() if name.isupper() else name], hint=None)
        m.rows = self.gaz.lookup(m.names[0])
        if not m.rows:
            return None
        near = []
        if qual:
            q = Mention(0, 0, qual, 0, 0, [qual], self.gaz.lookup(qual))
            near = [q]
        res = resolve(self.gaz, m, ctx, near)
        if res is None:
            return None
        text = parsed.article.text
        a = text.find(name)
        return (res, name, a if a >= 0 else None, a + len(name) if a >= 0 else None)

    # --- one mention toward one trigger ----------------------------------------------------------

    def _read(self, ps: "ParsedSentence", m: Mention, t: "Token", chain: list["Token"],
              actors: Sequence[ActorRef]) -> _Read | None:
        doc = ps.doc
        head = _span_head(doc, m.i, m.j)
        preps = locative_preps(head)
        reference = _is_reference(head)
        chain_ids = {c.i: k for k, c in enumerate(chain)}
        path = phrase_path(head)
        on_chain = next((chain_ids[x.i] for x in path if x.i in chain_ids), None)
        if on_chain is None and path:
            # a phrase hanging from one of the clause's own nouns ("the area around Kut is patrolled")
            top = path[-1]
            for _ in range(3):
                if top.i in chain_ids or top.head.i == top.i:
                    break
                if top.dep_ not in ("dobj", "nsubjpass", "nsubj", "pobj", "attr", "appos", "conj", "prep"):
                    break
                top = top.head
            if top.i in chain_ids and preps:
                on_chain = chain_ids[top.i] + 1
        if preps:
            weight = LOCATIVE.get(preps[0].lower_, 0.8)
            if on_chain is not None:
                return _Read(m, 3, weight, on_chain, reference, TIER_BASIS[3])
            return _Read(m, 2, weight, 0, reference, "prepositional phrase in the sentence")
        dep = head.dep_
        if reference:
            return _Read(m, 2, 0.5, 0, True, "the place the sentence measures from")
        if dep == "npadvmod" and head.head.i in chain_ids:
            # "demonstrated Baku Saturday" (a place the parser hung on the verb like a time)
            return _Read(m, 3, 0.8, chain_ids[head.head.i], reference, TIER_BASIS[3])
        if _overlaps_actor(m, actors) or self._actor_word(ps, m):
            return None
        if dep in ("dobj", "nsubjpass", "attr", "oprd") and head.head.i in chain_ids:
            if head.head.lemma_.lower() in PLACE_TAKING:
                return _Read(m, 3, 0.9, chain_ids[head.head.i], reference, "the place the trigger acts on")
        if on_chain is not None and dep in ("compound", "amod", "nmod", "poss", "pobj", "appos"):
            return _Read(m, 3, 0.8, on_chain, reference, "place named in the trigger's phrase")
        if dep == "nsubj" and head.head.pos_ in ("VERB", "AUX") and head.head.lemma_.lower() not in PLACE_TAKING:
            return None  # an actor ("Iraq said", "Baghdad accused")
        if dep == "poss":
            if head.head.lower_ in PLACE_NOUNS:
                return _Read(m, 2, 0.7, 0, reference, "place whose part the sentence names")
            return _Read(m, 1, 0.4, 0, reference, TIER_BASIS[1])
        if head.head.lower_ in PLACE_NOUNS or any(c.lower_ in PLACE_NOUNS for c in head.children):
            return _Read(m, 2, 0.7, 0, reference, "place named where the sentence places things")
        if dep in ("appos", "npadvmod", "compound") and head.head.pos_ == "NOUN":
            return _Read(m, 2, 0.6, 0, reference, "place named where the sentence places things")
        if dep in ("dobj", "nsubjpass") and head.head.lemma_.lower() in PLACE_TAKING:
            return _Read(m, 2, 0.6, 0, reference, "a place the sentence acts on")
        if any(ps.actor_index(k) >= 0 for k in range(m.i, m.j)):
            return None  # an actor anywhere else ("collaboration with Seoul") says nothing of where
        return _Read(m, 1, 0.5, 0, reference, TIER_BASIS[1])

    def _actor_word(self, ps: "ParsedSentence", m: Mention) -> bool:
        """A place name read as an actor: part of a longer actor ("the U.S. Army", "Iraqi police"),
        or an actor (a country, a capital for its government) standing where actors stand — the
        possessor or modifier of people and forces ("Japan's top police official", "U.S. jets")."""
        doc = ps.doc
        k = next((ps.actor_index(x) for x in range(m.i, m.j) if ps.actor_index(x) >= 0), -1)
        if k < 0:
            return False
        i, j = ps.actor_tokens(k)
        if i < m.i or j > m.j:
            return True
        head = _span_head(doc, m.i, m.j)
        owner = head.head
        if head.dep_ in ("poss", "compound", "amod", "nmod") and owner.i != head.i:
            return owner.lower_ in AGENT_NOUNS or ps.actor_index(owner.i) >= 0
        return False

    def _neighbours(self, ps: "ParsedSentence", mentions: list[Mention], m: Mention) -> list[Mention]:
        """The places named in ``m``'s own phrase: "Hilla, Iraq", "the West Bank town of Jenin",
        "Rawa, in the desert province of Anbar"."""
        doc = ps.doc
        out = []
        for o in mentions:
            if o is m:
                continue
            if o.i == m.j + 1 and doc[m.j].text in (",", "(") or o.i == m.j + 2 and doc[m.j].text == "," \
                    and doc[m.j + 1].lower_ == "in":
                out.append(o)
            elif ps.parsed and _same_phrase(doc, m, o):
                out.append(o)
        return out

    def _unresolved(self, ps: "ParsedSentence", r: _Read, mentions: list[Mention], story: _Story) -> Location | None:
        """A place the gazetteer does not know, in a phrase that names its country ("the Iraqi town
        of Foo", "Foo in northern Iraq"): that country, saying so."""
        doc = ps.doc
        if any(ps.actor_index(k) >= 0 for k in range(r.mention.i, r.mention.j)):
            return None  # "the North": an actor the recogniser also called a place
        head = _span_head(doc, r.mention.i, r.mention.j)
        lo, hi = head.i, head.i
        cur = head
        for _ in range(3):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                break
            lo, hi = min(lo, cur.left_edge.i), max(hi, cur.right_edge.i)
        for k in range(lo, hi + 1):
            a = ps.actor_at(k)
            if a is not None and a.country and a.kind == "state":
                row = self.gaz.country(a.country)
                if row is not None:
                    res = Resolution(row, 0.6)
                    return self._location(res, r.mention.text, r.mention.start, r.mention.end,
                                          f"'{r.mention.text}' is not in the gazetteer: the country its phrase names",
                                          0.4)
        return None

    # --- the record ------------------------------------------------------------------------------

    def _location(self, res: Resolution, text: str | None, start: int | None, end: int | None, basis: str,
                  confidence: float) -> Location:
        p = self.gaz.place(res.row)
        return Location(name=p.name, country=p.country, admin1=p.admin1, lat=p.lat, lon=p.lon,
                        geonames_id=p.geonames_id, feature=p.feature, text=text, start=start, end=end, basis=basis,
                        confidence=round(max(0.05, min(0.99, confidence)), 2), key=p.key, fips=p.fips,
                        full_name=full_name(self.gaz, res.row))


def full_name(gaz: Gazetteer, row: int) -> str:
    """ "City, Division, Country" as GDELT writes FullName."""
    p = gaz.place(row)
    parts = [p.name]
    if p.feature in ("city", "venue", "region") and p.admin1:
        a = gaz.admin1_name(p.admin1)
        if a and a != p.name:
            parts.append(a)
    if p.country and p.feature != "country":
        c = gaz.country(p.country)
        if c is not None:
            parts.append(gaz.name(c))
    return ", ".join(parts)


# --- the parse -----------------------------------------------------------------------------------


def _span_head(doc: "Doc", i: int, j: int) -> "Token":
    for t in doc[i:j]:
        if not (i <= t.head.i < j) or t.head.i == t.i:
            return t
    return doc[j - 1]


def _chain(t: "Token") -> list["Token"]:
    """The trigger and the words its clause climbs through (module docstring), nearest first;
    a reporting clause ("X said ...") ends the climb."""
    out = [t]
    cur = t
    for _ in range(8):
        if cur.dep_ == "relcl" and cur.head.i != cur.i:
            out.append(cur.head)  # "the city of Ibb, where ... were commemorating": the antecedent places it
            break
        if cur.head.i == cur.i or cur.dep_ in ("ccomp", "parataxis"):
            break
        if cur.dep_ not in _CLIMB:
            break
        cur = cur.head
        out.append(cur)
    return out


def _same_phrase(doc: "Doc", a: Mention, b: Mention) -> bool:
    """Whether two mentions stand in one noun phrase (with its prepositional phrases)."""
    ha, hb = _span_head(doc, a.i, a.j), _span_head(doc, b.i, b.j)
    up_a = {ha.i} | {x.i for x in phrase_path(ha)[:-1] if x.pos_ not in ("VERB", "AUX")}
    up_b = {hb.i} | {x.i for x in phrase_path(hb)[:-1] if x.pos_ not in ("VERB", "AUX")}
    return bool(up_a & up_b)


def _is_reference(head: "Token") -> bool:
    """ "50 km south of Baghdad", "north of the capital": the place measures where something else is."""
    p = head.head
    if head.dep_ == "pobj" and p.lower_ in ("of", "from"):
        return p.head.lower_ in RELATIVE_WORDS or any(c.lower_ in RELATIVE_WORDS for c in p.head.children)
    return False


def _in_locative(ps: "ParsedSentence", m: Mention) -> bool:
    if not ps.parsed:
        return True  # unparsed sentences only yield mentions after a locative preposition
    return bool(locative_preps(_span_head(ps.doc, m.i, m.j)))


def _overlaps_actor(m: Mention, actors: Sequence[ActorRef]) -> bool:
    return any(a.start < m.end and m.start < a.end for a in actors)
