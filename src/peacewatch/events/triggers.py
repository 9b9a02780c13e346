"""Stage 1 of the coder: triggers. Which words of a parsed sentence can express an event, and with
which CAMEO code — the verb patterns of ``data/verbs`` (and imported PETRARCH/TABARI verb files)
matched against the sentence's tokens, checked against the parse.

    index = TriggerIndex(pattern_set)
    hits = index.find(sentence)        # at most one Trigger a token: the best pattern there

A trigger form is looked up by the token's words (every inflection a pattern's ``<verb>`` names);
the parse then says whether the token is used as what the pattern expects: a verb pattern needs a
verb (not "March" the month, "wound up", a participle used as an adjective — "the detained
vessels"), a noun pattern a noun. Pattern words are matched in order to the right of the trigger
inside the trigger's own phrase (its dependency subtree), and to its left inside its clause; an
imported PETRARCH dictionary keeps TABARI's reach (anywhere in the sentence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

from ..text.words import words
from .patterns import Element, Pattern, PatternSet, Seq, VerbEntry

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from ..text.layer import ParsedSentence

MODALS = frozenset("should would could may might must can shall will ought".split())
_VERB_POS = frozenset({"VERB"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
# a participle in these relations modifies a noun ("the detained vessels", "a missile-launching site")
_ADJECTIVAL = frozenset({"amod", "compound", "nmod"})
# relations climbed from a trigger to the clause whose words may precede it in a pattern
_CLIMB = frozenset({"xcomp", "aux", "prt", "dobj", "pobj", "prep", "compound", "amod", "acomp", "attr", "oprd",
                    "advmod", "npadvmod", "nmod", "poss"})


@dataclass
class Trigger:
    """A pattern that matched at a token. ``i`` is the head token of the trigger (the verb or the
    noun), ``ti..tj`` the trigger's tokens, ``covered`` every token the pattern matched;
    ``slots`` the actors (indices into ``sentence.actors``) that the pattern's ``$``/``+``/``%``
    markers matched."""

    sentence: "ParsedSentence"
    entry: VerbEntry
    pattern: Pattern | None
    code: str
    i: int
    ti: int
    tj: int
    covered: frozenset[int] = frozenset()
    slots: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def token(self) -> "Token":
        return self.sentence.doc[self.i]

    @property
    def noun(self) -> bool:
        return self.entry.noun or (self.entry.flavor != "petrarch" and self.token.pos_ in ("NOUN", "PROPN"))

    @property
    def weak(self) -> bool:
        return self.entry.weak

    @property
    def blocks(self) -> bool:
        return self.code in ("---", "+++", "")

    @property
    def rule(self) -> str:
        if self.pattern is not None:
            return self.pattern.id
        return f"{self.entry.id}:verb"

    @property
    def score(self) -> tuple[int, ...]:
        """Longer trigger, then more words matched, then a specific code over a 'not specified'
        one, then the longer code, then the more specific pattern."""
        code = self.code.split(":")[0]
        return (
            self.tj - self.ti,
            len(self.covered),
            1 if len(code) > 3 or (len(code) == 3 and not code.endswith("0")) else 0,
            len(code),
            (self.pattern.specificity + 1) if self.pattern else 0,
        )


class _View:
    """What the pattern matcher needs of a sentence: normalised words and where actors stand."""

    __slots__ = ("words", "actor_at", "span", "tok_actor", "n")

    def __init__(self, ps: "ParsedSentence") -> None:
        self.words = [t.lower_.replace("\u2019", "'") for t in ps.doc]
        self.n = len(self.words)
        self.tok_actor = ps.tok_actor
        self.span: list[tuple[int, int]] = [ps.actor_tokens(k) for k in range(len(ps.actors))]
        self.actor_at = {s: k for k, (s, _) in enumerate(self.span)}


def sentence_words(ps: "ParsedSentence") -> list[str]:
    return [t.lower_.replace("\u2019", "'") for t in ps.doc]


class TriggerIndex:
    """The trigger forms of a PatternSet, looked up by a token's first word."""

    def __init__(self, patterns: PatternSet) -> None:
        self.patterns = patterns
        self._exact: dict[str, list[tuple[VerbEntry, Seq]]] = {}
        self._stems: dict[str, list[tuple[VerbEntry, Seq]]] = {}
        for entry in patterns.entries:
            for form in entry.forms:
                w = form[0]
                if w.stem:
                    self._stems.setdefault(w.text[:2], []).append((entry, form))
                else:
                    self._exact.setdefault(w.text, []).append((entry, form))
        self._memo: dict[str, tuple[tuple[VerbEntry, Seq], ...]] = {}

    def candidates(self, w: str) -> tuple[tuple[VerbEntry, Seq], ...]:
        got = self._memo.get(w)
        if got is None:
            got = tuple(self._exact.get(w, ())) + tuple(
                (entry, form) for entry, form in self._stems.get(w[:2], ()) if w.startswith(form[0].text)
            )
            if len(self._memo) < 200_000:
                self._memo[w] = got
        return got

    def may_hold_event(self, words: Iterable[str]) -> bool:
        """Whether any word can start a trigger (decides which sentences are worth parsing)."""
        return any(self.candidates(w) for w in words)

    # --- finding ---------------------------------------------------------------------------------

    def find(self, ps: "ParsedSentence", *, names: bool = True) -> list[Trigger]:
        """The best trigger at each token of a parsed sentence (blocking patterns included).
        ``names=False``: the sentence's entities are not read yet (the entity recogniser runs
        after the parse, where the coder wants names): what depends on them (a month is no
        trigger, a person or a place acted on) is given the benefit of the doubt, so the triggers
        found are a superset of those found once the names are read."""
        if not ps.parsed:
            return []
        view = _View(ps)
        doc = ps.doc
        out: list[Trigger] = []
        for i in range(view.n):
            cands = self.candidates(view.words[i])
            if not cands:
                continue
            if ps.tok_actor[i] >= 0:
                continue  # no trigger inside an actor's name ("United States", "Human Rights Watch")
            tok = doc[i]
            best: Trigger | None = None
            for entry, form in cands:
                L = len(form)
                if i + L > view.n or not all(form[k].matches(view.words[i + k]) for k in range(L)):
                    continue
                usable = _usable(entry, tok, names)
                if not usable and not (entry.flavor == "petrarch" and tok.lower_ not in MODALS):
                    continue
                lo, hi = _window(entry, tok, i, i + L, view.n)
                hit = _best_pattern(ps, view, entry, i, i + L, lo, hi)
                if not usable and (hit is None or hit.pattern is None
                                   or all(e.kind != "words" for e in hit.pattern.before + hit.pattern.after)):
                    # a PETRARCH verb's form used as a noun ("their meeting") counts only where
                    # one of its patterns' words match too ("have postponed their meeting")
                    continue
                if hit is not None and (best is None or hit.score > best.score):
                    best = hit
            if best is not None:
                out.append(best)
        return out


def _usable(entry: VerbEntry, tok: "Token", names: bool = True) -> bool:
    """Does the parse agree that the token is what the entry's trigger needs?"""
    if entry.flavor == "petrarch":
        # TABARI matched the verb's words wherever they stood; a modal is never a verb, and a word
        # the parse shows as a noun of its own ("the talks", "its leaves") is none either
        if tok.lower_ in MODALS:
            return False
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            return True
        return not any(c.dep_ in ("det", "poss") for c in tok.children)
    if names and tok.ent_type_ in ("DATE", "TIME") and tok.pos_ == "PROPN":
        return False  # "March", "May" the months
    # what the verb acts on (a verb's object: a noun use of the word acts on nothing here): "captured
    # Goma" is territory taken, "captured him" a person seized, "attacked the textile act" words;
    # places and persons are known by their names, so before those are read they pass
    if entry.acts_on and (names or entry.acts_on == "policy") and not _acts_on(tok, _OBJECT_KINDS[entry.acts_on]):
        return False
    if entry.noun:
        return tok.pos_ in _NOUN_POS or tok.tag_.startswith("NN")
    if entry.exact_trigger:
        return True
    if tok.pos_ in _NOUN_POS and tok.lower_ in words("event-gerunds"):
        return True  # "the bombing of the embassy", "a meeting on the sidelines": the verb's event
    if tok.pos_ == "NOUN" and entry.lemmas and tok.lemma_.lower() in entry.lemmas and _event_noun(tok):
        return True  # the verb's own noun: "a visit by X to Y", "after torture by the guards"
    if tok.pos_ not in _VERB_POS:
        return False
    if tok.dep_ in _ADJECTIVAL:
        return False
    if entry.intransitive and any(c.dep_ in ("dobj", "dative") for c in tok.children):
        return False  # "rally the masses", "demonstrate her sincerity": not a protest
    lemmas = entry.lemmas
    low = tok.lower_
    if lemmas and low in lemmas and tok.tag_ in ("VBD", "VBN") and tok.lemma_.lower() not in (low, *lemmas):
        return False  # "wound up" is wind up, not wound; "found" is find, not found (establish)
    return True


_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def _acts_on(tok: "Token", what: Callable[["Token"], bool]) -> bool:
    """Is what the verb acts on (its object; the subject of its passive) such a thing?"""
    return any(what(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))


def _is_place(c: "Token") -> bool:
    """A place entity, or a proper name the gazetteer knows (the small model often calls a town a
    person)."""
    if c.ent_type_ in _PLACE_ENTS:
        return True
    if c.pos_ != "PROPN":
        return False
    from ..where.gazetteer import load_gazetteer

    return load_gazetteer().knows(" ".join(t.text for t in c.subtree if t.dep_ == "compound" or t.i == c.i))


def _is_policy(c: "Token") -> bool:
    """A law, plan, policy or statement (data/words: policy-nouns)."""
    return c.lemma_.lower() in words("policy-nouns")


def _is_person(c: "Token") -> bool:
    """A person or people: a personal pronoun, a named person, a word for people (data/words)."""
    if c.tag_ == "PRP" or c.ent_type_ == "PERSON":
        return not _is_place(c)
    return c.lemma_.lower() in words("people-nouns")


_OBJECT_KINDS: dict[str, Callable[["Token"], bool]] = {"place": _is_place, "person": _is_person, "policy": _is_policy}


def _event_noun(tok: "Token") -> bool:
    """A noun used for its event: with an agent or object of its own ("a visit by", "attacks on"),
    or after a determiner or possessive, or as the object of a preposition ("after torture")."""
    kids = {c.lower_ for c in tok.children if c.dep_ == "prep"}
    if kids & {"by", "on", "against", "of", "to", "with", "at", "into"}:
        return True
    if any(c.dep_ in ("det", "poss") for c in tok.children):
        return True
    return tok.dep_ == "pobj"


def _window(entry: VerbEntry, tok: "Token", vs: int, ve: int, n: int) -> tuple[int, int]:
    """Where the pattern's other items may stand: the trigger's phrase to the right, its clause to
    the left (the whole sentence for an imported PETRARCH dictionary)."""
    if entry.flavor == "petrarch":
        return 0, n
    pred = tok
    # a predicate adjective or noun ("would only be possible once ..."): the copula's phrase;
    # a subject ("Sanctions against Belarus were imposed by ..."): its verb's phrase
    while pred.dep_ in ("acomp", "attr", "oprd", "nsubj", "nsubjpass") and pred.head.i != pred.i:
        pred = pred.head
    hi = max(pred.right_edge.i + 1, ve)
    head = tok
    # to the left: the clause the trigger belongs to (its subject and what precedes the verb)
    while head.dep_ in _CLIMB and head.head.i != head.i:
        head = head.head
    lo = min(head.left_edge.i, vs)
    return lo, hi


def _best_pattern(ps: "ParsedSentence", view: _View, entry: VerbEntry, vs: int, ve: int, lo: int, hi: int) -> Trigger | None:
    best: Trigger | None = None
    for pat in entry.patterns:
        m = match_pattern(view, pat, vs, ve, lo, hi, entry.max_gap)
        if m is None:
            continue
        slots, used = m
        hit = Trigger(ps, entry, pat, pat.code, vs, vs, ve, frozenset(used) | frozenset(range(vs, ve)), slots)
        if best is None or hit.score > best.score:
            best = hit
    if best is None and entry.code and entry.code not in ("---", "+++"):
        best = Trigger(ps, entry, None, entry.code, vs, vs, ve, frozenset(range(vs, ve)))
    if best is not None and best.code in ("---", "+++", ""):
        best.code = "---"
    return best


# --- matching one pattern --------------------------------------------------------------------------


def _elem_at(view: _View, el: Element, k: int, hi: int) -> tuple[int, tuple[int, ...] | None] | None:
    """Does element ``el`` match starting at token k? -> (end, actors or None)."""
    if el.kind == "words":
        words = view.words
        w0 = words[k]
        for alt in el.alts:
            first = alt[0]
            if not (w0 == first.text or (first.stem and w0.startswith(first.text))):
                continue
            L = len(alt)
            if k + L <= hi and (L == 1 or all(alt[j].matches(words[k + j]) for j in range(1, L))):
                return k + L, None
        return None
    a = view.actor_at.get(k)
    if a is None:
        return None
    if el.kind == "both":
        group = _group_right(view, a)
        return view.span[group[-1]][1], tuple(group)
    return view.span[a][1], (a,)


_LINK = frozenset({",", "and", "or", "nor", "the", "both"})


def _linked(view: _View, x: int, y: int) -> bool:
    between = view.words[view.span[x][1] : view.span[y][0]]
    return bool(between) and len(between) <= 3 and all(w in _LINK for w in between) and any(w in ("and", "or", "nor", ",") for w in between)


def _group_right(view: _View, a: int) -> list[int]:
    group = [a]
    while group[-1] + 1 < len(view.span) and _linked(view, group[-1], group[-1] + 1):
        group.append(group[-1] + 1)
    return group


def _group_left(view: _View, a: int) -> list[int]:
    group = [a]
    while group[0] > 0 and _linked(view, group[0] - 1, group[0]):
        group.insert(0, group[0] - 1)
    return group


def _elem_ending_at(view: _View, el: Element, end: int, lo: int) -> tuple[int, tuple[int, ...] | None] | None:
    """Does element ``el`` match ending at token ``end`` (exclusive)? -> (start, actors)."""
    if el.kind == "words":
        for alt in el.alts:
            L = len(alt)
            s = end - L
            if s >= lo and all(alt[j].matches(view.words[s + j]) for j in range(L)):
                return s, None
        return None
    if end - 1 < lo or end - 1 >= len(view.tok_actor):
        return None
    a = view.tok_actor[end - 1]
    if a < 0 or view.span[a][1] != end or view.span[a][0] < lo:
        return None
    if el.kind == "both":
        group = [g for g in _group_left(view, a) if view.span[g][0] >= lo]
        return view.span[group[0]][0], tuple(group)
    return view.span[a][0], (a,)


def match_pattern(view: _View, pat: Pattern, vs: int, ve: int, lo: int, hi: int,
                  max_gap: int) -> tuple[dict[str, tuple[int, ...]], set[int]] | None:
    """Match ``pat`` around the trigger at [vs, ve) inside [lo, hi) -> (slots, used tokens) or None."""
    slots: dict[str, tuple[int, ...]] = {}
    used: set[int] = set()
    pos = ve
    words = view.words
    actor_at = view.actor_at
    for el in pat.after:
        limit = pos if el.adjacent else min(hi - 1, pos + max_gap)
        got = None
        if el.kind == "words":
            exact, stems = el.first_words
            for k in range(pos, min(limit + 1, hi)):
                w0 = words[k]
                if w0 in exact or (stems and w0.startswith(stems)):
                    r = _elem_at(view, el, k, hi)
                    if r is not None:
                        got = (k, r)
                        break
        else:
            for k in range(pos, min(limit + 1, hi)):
                if k in actor_at:
                    r = _elem_at(view, el, k, hi)
                    if r is not None:
                        got = (k, r)
                        break
        if got is None:
            return None
        k, (end, actors) = got
        if actors is not None and el.kind in ("source", "target", "both"):
            if el.kind in slots:
                return None
            slots[el.kind] = actors
        used.update(range(k, end))
        pos = end
    pos = vs
    for el in reversed(pat.before):
        limit = pos if el.adjacent else max(lo, pos - max_gap)
        got2 = None
        for end in range(pos, limit - 1, -1):
            if end <= lo:
                break
            r2 = _elem_ending_at(view, el, end, lo)
            if r2 is not None:
                got2 = (end, r2)
                break
        if got2 is None:
            return None
        end, (start, actors) = got2
        if actors is not None and el.kind in ("source", "target", "both"):
            if el.kind in slots:
                return None
            slots[el.kind] = actors
        used.update(range(start, end))
        pos = start
    return slots, used
