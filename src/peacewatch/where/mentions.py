"""Place mentions in the parsed text layer: which words of a sentence name a place, how they
stand in the parse, and which gazetteer rows they may be.

In a parsed sentence a mention is a span the entity recogniser labels GPE, LOC or FAC, or a
proper-noun phrase the gazetteer knows that stands where places stand: the object of a locative
preposition ("in Hilla"), after "the town of", before "province", as the modifier of an event
noun ("the Girishk fighting"). The recogniser often calls a small town a PERSON ("the town of
Bukavu"); the construction decides then. In a sentence the coder did not parse (it holds no
trigger word) only names right after a locative preposition count ("... clashes in Jenin").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .gazetteer import DIVISION_WORDS, Gazetteer, norm

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from ..text.layer import ParsedSentence

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOT_PLACE_LABELS = frozenset({"NORP", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# verbs whose object (or passive subject) is the place they act on
PLACE_TAKING = frozenset(
    "capture seize take retake recapture enter reenter attack bomb shell raid storm occupy invade patrol besiege hit "
    "strike target visit tour overrun liberate control surround encircle blockade bombard evacuate reach rock "
    "shake pound infiltrate cross leave flee rocket strafe ambush torch burn loot ransack sack destroy "
    "flatten devastate level hold".split()
)
# prepositions that put something somewhere, by how surely their object is where the event was
LOCATIVE = {
    "in": 1.0, "at": 1.0, "near": 0.95, "outside": 0.95, "inside": 1.0, "off": 0.95, "around": 0.9, "across": 0.9,
    "throughout": 0.9, "along": 0.9, "over": 0.8, "on": 0.8, "within": 0.9, "through": 0.8, "between": 0.7,
    "from": 0.7, "toward": 0.6, "towards": 0.6, "into": 0.7, "to": 0.55, "onto": 0.6, "outskirts": 0.9,
    "before": 0.5, "behind": 0.8, "beside": 0.9, "among": 0.6, "amid": 0.5, "upon": 0.6, "via": 0.5,
    "under": 0.6, "above": 0.8, "beyond": 0.6, "past": 0.6, "aboard": 0.8, "against": 0.5,
}
# "the battle for X", "the fight for X": the object of "for" after these nouns is where it is fought
CONTESTED = frozenset("battle battles fight fighting offensive assault campaign war siege struggle push".split())
# nouns that name a kind of place: "the town of X", "X province", "the capital Baku"
PLACE_NOUNS = frozenset(
    "town towns city cities village villages capital province provinces region regions district districts area areas "
    "governorate state county suburb suburbs neighborhood neighbourhood neighborhoods neighbourhoods outskirts port "
    "island islands border camp hamlet settlement settlements enclave territory municipality prefecture oblast "
    "republic commune locality stronghold strongholds heartland valley center centre downtown quarter countryside "
    "zone county sector square street streets road avenue thoroughfare market airport base prison hospital mosque "
    "church school university embassy compound crossing checkpoint bridge highway outpost headquarters".split()
)
CITY_NOUNS = frozenset("town city village capital port suburb hamlet".split())
ADMIN_NOUNS = frozenset("province governorate state region oblast prefecture department provinces".split())
# words that make the next place a reference point, not the place itself ("50 km south of Baghdad")
RELATIVE_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern eastern western km kilometers "
    "kilometres miles mile km. away outside from".split()
)
DIRECTION_ADJ = frozenset(
    "northern southern eastern western central northeastern northwestern southeastern southwestern north south east "
    "west upper lower greater occupied downtown coastal rural".split()
)
_STOP_NAMES = frozenset(
    "president minister police army government party forces force people union council court office ministry "
    "state states city town village province capital region monday tuesday wednesday thursday friday saturday "
    "sunday january february march april may june july august september october november december god allah "
    "jan feb mar apr jun jul aug sep sept oct nov dec republic kingdom democratic coast central north south east "
    "west northern southern eastern western international national".split()
)
_PARTICLES = frozenset("de del la las los da do dos das al el bin ibn ben van von der den du di le".split())


@dataclass
class Mention:
    """A place named in a sentence."""

    i: int  # token range [i, j) in the sentence's doc
    j: int
    text: str  # the article's own words
    start: int  # article offsets
    end: int
    names: list[str]  # strings to look up, best first ("Anbar province" -> "Anbar province", "Anbar")
    rows: list[int] = field(default_factory=list)  # gazetteer rows any of the names has
    hint: str | None = None  # "admin1" ("province"), "city" ("the town of"), "country"
    label: str = ""  # the recogniser's label, or "" when found by construction
    sent_index: int = 0


def _clean_span(doc: "Doc", i: int, j: int) -> tuple[int, int]:
    """Without a leading determiner, possessive ending or punctuation."""
    while i < j and (doc[i].lower_ in ("the", "a", "an") or doc[i].is_punct):
        i += 1
    while j > i and (doc[j - 1].tag_ == "POS" or doc[j - 1].is_punct or doc[j - 1].lower_ in ("'s", "’s")):
        j -= 1
    return i, j


def _names(ps: "ParsedSentence", i: int, j: int) -> tuple[list[str], str | None]:
    """What to look up for tokens [i, j): the words as written, then without direction adjectives
    ("northern Baghdad") and division words ("Anbar province"), each time with a hint."""
    doc = ps.doc
    hint = None
    words = [ps.token_text(k, k + 1) for k in range(i, j)]
    if words and words[-1][-2:] in ("'s", "’s") and len(words[-1]) > 3:
        words[-1] = words[-1][:-2]
    spaces = [doc[k].whitespace_ for k in range(i, j)]
    out = []

    def join(a: int, b: int) -> str:
        return "".join(words[k] + (spaces[k] if k < b - 1 else "") for k in range(a, b))

    a, b = 0, len(words)
    out.append(join(a, b))
    while a < b - 1 and words[a].lower() in DIRECTION_ADJ:
        a += 1
        out.append(join(a, b))
    while b > a + 1 and norm(words[b - 1]) in DIVISION_WORDS | {"area", "town", "village", "camp", "refugee", "zone"}:
        w = norm(words[b - 1])
        hint = hint or ("admin1" if w in ADMIN_NOUNS else "city" if w in CITY_NOUNS else None)
        b -= 1
        out.append(join(a, b))
    return list(dict.fromkeys(x for x in out if x.strip())), hint


def _propn_chain(doc: "Doc", t: "Token") -> tuple[int, int]:
    """The proper-noun phrase ending at ``t``: the capitalised words and name particles before it
    ("San Cristobal de las Casas", "Musa Qala")."""
    lo = t.i
    while lo > 0:
        p = doc[lo - 1]
        if p.pos_ == "PROPN" or (p.lower_ in _PARTICLES and lo - 2 >= 0 and doc[lo - 2].pos_ == "PROPN"):
            lo -= 1
        elif p.text in ("-",) and lo - 2 >= 0 and doc[lo - 2].pos_ == "PROPN":
            lo -= 1
        else:
            break
    return lo, t.i + 1


def locative_preps(head: "Token") -> list["Token"]:
    """The locative prepositions above a word, innermost first, while the way up stays inside noun
    phrases and "of" ("at a market in Suwayrah" -> in, at; "in the town of Jenin" -> in). Another
    preposition ends the way ("talks *with* North Korea"), and so does a verb."""
    out = []
    cur = head
    for _ in range(10):
        dep = cur.dep_
        if cur.head.i == cur.i:
            break
        word = cur.lower_
        if dep == "prep" and (word in LOCATIVE or word == "for" and cur.head.lower_ in CONTESTED):
            out.append(cur)
        elif dep == "prep" and word != "of":
            break
        elif dep != "prep" and dep not in INSIDE_PHRASE:
            break
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            break
    return out


INSIDE_PHRASE = frozenset({"pobj", "compound", "conj", "appos", "nmod", "amod", "poss", "npadvmod", "cc"})


def phrase_path(head: "Token") -> list["Token"]:
    """The words above ``head`` up to the first word outside its noun and prepositional phrases
    (that word included): where the phrase attaches."""
    out = []
    cur = head
    for _ in range(12):
        if cur.head.i == cur.i:
            break
        dep = cur.dep_
        nxt = cur.head
        out.append(nxt)
        if dep not in INSIDE_PHRASE and dep != "prep":
            break
        if nxt.pos_ in ("VERB", "AUX"):
            break
        cur = nxt
    return out


def hint_of(doc: "Doc", i: int, j: int, head: "Token") -> str | None:
    """What the construction says the place is: "the town of X", "X province", "the capital X"."""
    after = doc[j].lower_ if j < len(doc) else ""
    if after in ADMIN_NOUNS:
        return "admin1"
    if after in CITY_NOUNS:
        return "city"
    h = head.head
    if head.dep_ == "pobj" and h.lower_ == "of":
        if h.head.lower_ in CITY_NOUNS:
            return "city"
        if h.head.lower_ in ADMIN_NOUNS:
            return "admin1"
    if head.dep_ in ("appos", "compound", "npadvmod") and h.lower_ in CITY_NOUNS:
        return "city"
    return None


WELL_KNOWN_POPULATION = 50_000


def _well_known(gaz: Gazetteer, row: int) -> bool:
    """A country, division or entry of our table, or a town of some size."""
    from .gazetteer import CITY

    return gaz.feature(row) != CITY or gaz.population(row) >= WELL_KNOWN_POPULATION


def _usable(gaz: Gazetteer, names: list[str], label: str) -> list[int]:
    rows: list[int] = []
    for n in names:
        key = norm(n)
        if not key or key in _STOP_NAMES or len(key) < 3 and label not in PLACE_LABELS:
            continue
        got = gaz.lookup(n)
        if got:
            rows = got
            break
    return rows


def parsed_mentions(ps: "ParsedSentence", gaz: Gazetteer) -> list[Mention]:
    """The place mentions of a parsed sentence (module docstring), in text order."""
    doc = ps.doc
    out: list[Mention] = []
    taken = [False] * len(doc)

    def add(i: int, j: int, label: str, strict: bool = False) -> None:
        i, j = _clean_span(doc, i, j)
        if i >= j or any(taken[i:j]):
            return
        if j < len(doc) and doc[j].lower_ == "time":
            return  # "12:30 Moscow time"
        if j < len(doc) and doc[j].lower_ in ADMIN_NOUNS | {"district", "county"}:
            # "the Kursk region": the recogniser stopped before the division word a name may end with
            longer, lh = _names(ps, i, j + 1)
            if gaz.knows(longer[0]):
                j += 1
        names, h = _names(ps, i, j)
        rows = _usable(gaz, names, label)
        if not rows and label not in PLACE_LABELS:
            return
        if strict and not any(_well_known(gaz, r) for r in rows):
            return  # a proper noun in a place's position that only a hamlet's name matches
        a, b = ps.char_span(i, j)
        hint = (hint_of(doc, i, j, _head(doc, i, j)) if ps.parsed else None) or h
        out.append(Mention(i, j, ps.text[a - ps.start:b - ps.start], a, b, names, rows, hint, label, ps.index))
        for k in range(i, j):
            taken[k] = True

    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            add(ent.start, ent.end, ent.label_)
    if ps.parsed:
        other_ent = [False] * len(doc)
        for ent in doc.ents:
            if ent.label_ in NOT_PLACE_LABELS:
                for k in range(ent.start, ent.end):
                    # "November 22" (DATE), "Kazakh" (NORP as an adjective; the small model calls
                    # some towns NORP too: "in western Samarra")
                    if ent.label_ != "NORP" or doc[k].dep_ == "amod" or doc[k].tag_ in ("JJ", "NNPS"):
                        other_ent[k] = True
        for t in doc:
            if taken[t.i] or t.pos_ != "PROPN" or (t.dep_ in ("compound", "flat") and t.head.pos_ == "PROPN"):
                continue
            if other_ent[t.i]:
                continue
            h = t.head
            placed = bool(locative_preps(t))
            of_kind = t.dep_ == "pobj" and h.lower_ == "of" and h.head.lower_ in PLACE_NOUNS
            kind = t.dep_ in ("appos", "npadvmod", "compound", "poss") and h.lower_ in PLACE_NOUNS
            modifier = t.dep_ in ("compound", "nmod", "amod") and h.pos_ == "NOUN"
            named_kind = any(c.lower_ in PLACE_NOUNS and c.dep_ in ("compound", "appos") for c in t.children)
            taken_by_verb = t.dep_ in ("dobj", "nsubjpass") and h.lemma_.lower() in PLACE_TAKING
            if placed or of_kind or kind or named_kind:
                lo, hi = _propn_chain(doc, t)
                add(lo, hi, "")
            elif (modifier or taken_by_verb) and not t.text.isupper():
                lo, hi = _propn_chain(doc, t)
                add(lo, hi, "", strict=modifier or t.ent_type_ == "PERSON")
    else:
        for t in doc:
            if t.lower_ in LOCATIVE and LOCATIVE[t.lower_] >= 0.9 and t.i + 1 < len(doc):
                k = t.i + 1
                while k < len(doc) and (doc[k].lower_ in ("the", "a") or doc[k].lower_ in DIRECTION_ADJ):
                    k += 1
                m = k
                while m < len(doc) and doc[m].text[:1].isupper() and m - k < 5:
                    m += 1
                if m > k:
                    add(k, m, "")
    out.sort(key=lambda m: m.i)
    return out


def _head(doc: "Doc", i: int, j: int) -> "Token":
    """The word of tokens [i, j) whose head lies outside them."""
    for t in doc[i:j]:
        if not (i <= t.head.i < j) or t.head.i == t.i:
            return t
    return doc[j - 1]
