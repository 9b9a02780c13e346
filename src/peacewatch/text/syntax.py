"""Reading the dependency parse: who is the subject of a verb, what its objects are, which clause
a word stands in and what kind of clause that is. Plain functions over spaCy tokens (labels of
spaCy's English models: nsubj, dobj, prep/pobj, agent, xcomp, ccomp, advcl, relcl, acl, conj ...),
shared by the event coder, the quote and stance stages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .words import words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
VERBAL = frozenset({"VERB", "AUX"})
NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
# relations that open a clause of its own under the word they hang from
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "csubjpass", "parataxis", "pcomp"})


def lemma(t: "Token") -> str:
    return t.lemma_.lower()


def is_verb(t: "Token") -> bool:
    return t.pos_ in VERBAL or t.tag_.startswith("VB")


def group(t: "Token") -> list["Token"]:
    """``t`` and the words coordinated with it ("South Korea and the United States"), in order."""
    out = [t, *t.conjuncts]
    out.sort(key=lambda x: x.i)
    return out


def children(t: "Token", *deps: str) -> list["Token"]:
    return [c for c in t.children if c.dep_ in deps]


def is_passive(v: "Token") -> bool:
    """A passive verb: "was condemned", "were killed"; a past participle modifying a noun ("troops
    deployed there") is passive too."""
    for c in v.children:
        if c.dep_ in ("nsubjpass", "auxpass", "csubjpass"):
            return True
    # "troops deployed there" is passive; "Khan, called Erdogan on Friday" (a misparsed subject) is not
    if v.dep_ == "acl" and v.tag_ == "VBN" and not any(c.dep_ in ("dobj", "dative") for c in v.children):
        return True
    # "51 people were reported killed", "two men were found shot": the participle under a passive
    # verb of finding or reporting is passive too (its subject is the one it was done to)
    return (v.dep_ in ("xcomp", "oprd") and v.tag_ == "VBN" and v.head.i != v.i
            and any(c.dep_ in ("nsubjpass", "auxpass") for c in v.head.children)
            and not any(c.dep_ in ("dobj", "dative", "nsubj") for c in v.children))


def agents(v: "Token") -> list["Token"]:
    """The "by X" of a passive verb (or of an event noun: "an attack by X"); for a passive whose own
    "by" the parser hung on its complement ("were banned from competing by the committee"), that one."""
    out: list[Token] = []
    for c in v.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(group(p))
    if not out and is_passive(v):
        for c in v.children:
            if c.dep_ == "prep":
                for g in c.children:
                    if g.dep_ == "pcomp":
                        for b in g.children:
                            if b.dep_ == "prep" and b.lower_ == "by":
                                out.extend(x for p in b.children if p.dep_ == "pobj" for x in group(p))
    return out


def relative_antecedent(t: "Token") -> "Token | None":
    """For a relative pronoun ("who", "which", "that") subject or object of a relative clause: the
    noun the clause modifies."""
    if t.tag_ not in RELATIVE_TAGS and t.lower_ != "that":
        return None
    v = t.head
    while v.dep_ == "conj" and v.head.i != v.i:
        v = v.head
    if v.dep_ == "relcl":
        return v.head
    return None


def subjects(v: "Token", _depth: int = 0) -> list["Token"]:
    """The subject words of verb ``v``: its own (active) subject, else the one it shares — the
    controller of an infinitive ("X agreed to meet", "urged Y to apologize" -> Y), the first verb of
    a coordination ("X met Y and signed ..."), the main clause of a participle (", saying ..."),
    the noun a relative clause or an -ing participle modifies ("troops who crossed", "a ship
    carrying aid")."""
    if _depth > 8:
        return []
    own = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
    if own:
        s = own[0]
        ante = relative_antecedent(s)
        if ante is not None and ante.lemma_.lower() in words("document-nouns") and ante.dep_ in ("dobj", "pobj"):
            # "issued a report that calls on Egypt ...": the document speaks for whoever issued it
            g = ante.head if ante.dep_ == "dobj" else ante.head.head
            if is_verb(g):
                return subjects(g, _depth + 1)
        return group(ante if ante is not None else s)
    h = v.head
    if h.i == v.i:
        return []
    dep = v.dep_
    if dep == "xcomp" or (dep == "ccomp" and v.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)):
        ctrl = controller_object(h)
        if ctrl is not None:
            return group(ctrl)
        passive = [c for c in h.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if passive:  # "X was reported to have met Y": the raised subject
            ante = relative_antecedent(passive[0])
            return group(ante if ante is not None else passive[0])
        return subjects(h, _depth + 1)  # "X is about to restore", "X agreed to meet"
    if dep == "conj" and is_verb(h):
        got = subjects(h, _depth + 1)
        if not got and any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in h.children) and h.dep_ in ("ccomp", "conj"):
            # "X said that peace is linked to ... and requested Y": the parse hung the second verb
            # on the passive one; the speaker is the one who requested
            return subjects(h.head, _depth + 1) if is_verb(h.head) else []
        return got
    if dep in ("acomp", "attr") or (not is_verb(v) and h.lemma_ == "be"):
        # a predicate adjective or noun ("talks would be possible"): the copula's subject
        return subjects(h, _depth + 1) if is_verb(h) else []
    if dep == "relcl":
        return group(h) if h.pos_ in NOMINAL else []
    if dep == "acl":
        if v.tag_ == "VB" and h.pos_ == "NOUN" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            return noun_holder(h, _depth + 1)  # "its stand to resume talks", "the plan to expel"
        if v.tag_ in ("VBG", "VBD") and h.pos_ in NOMINAL:
            return group(h)
        if v.tag_ == "VBN" and h.pos_ in NOMINAL and any(c.dep_ in ("dobj", "dative") for c in v.children):
            return group(h)  # "Khan, called Erdogan": the parser took the verb for a participle
        return []
    if dep == "advcl" and (v.tag_ in ("VBG", "VBN") or (
            v.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children))):
        # a participle clause (", saying ...", "while committing to ...") or a purpose infinitive
        # ("remains unchanged in its stand to resume ...") shares the main subject
        return subjects(h, _depth + 1) if is_verb(h) else []
    if dep == "pcomp" and h.dep_ == "prep":
        g = h.head
        if is_verb(g):
            return subjects(g, _depth + 1)
        if g.pos_ == "NOUN" and v.tag_ == "VBG":
            return noun_holder(g, _depth + 1)  # "any idea of delaying", "its intention of joining"
        return []
    return []


HOLDER_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON"})


def noun_holder(n: "Token", _depth: int = 0) -> list["Token"]:
    """Whose intention, plan or stand a noun is, for the action that complements it: its
    possessor ("its stand to resume"), a named modifier ("the U.S. plan to"), else the subject of
    the verb it is the object of ("officials ruled out any idea of delaying")."""
    if _depth > 8:
        return []
    poss = [c for c in n.children if c.dep_ == "poss"]
    if poss:
        return group(poss[0])
    named = [c for c in n.children if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in HOLDER_ENTS]
    if named:
        return group(named[-1])
    h = n.head
    if n.dep_ in ("dobj", "attr") and is_verb(h):
        return subjects(h, _depth + 1)
    if n.dep_ == "pobj" and h.dep_ == "prep" and h.head.i != h.i:
        g = h.head
        if is_verb(g):
            return subjects(g, _depth + 1)
        if g.pos_ == "NOUN":
            return noun_holder(g, _depth + 1)  # "an iota of intention to"
    return []


def controller_object(v: "Token") -> "Token | None":
    """The object of an object-control verb ("urged Japan to", "called on the UN to") or None."""
    if lemma(v) not in words("object-control"):
        return None
    for c in v.children:
        if c.dep_ in ("dobj", "dative", "iobj"):
            return c
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to", "for"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def objects(v: "Token") -> list["Token"]:
    """Direct and indirect objects of ``v`` (indirect first: "gave Kyiv aid" -> Kyiv, aid)."""
    out = [c for c in v.children if c.dep_ in ("dative", "iobj")]
    out += [c for c in v.children if c.dep_ == "dobj"]
    return out


def prep_objects(t: "Token", preps: frozenset[str] | None = None) -> Iterator[tuple[str, "Token"]]:
    """(preposition, object) pairs hanging from ``t``: "talks with X" -> ("with", X); compound
    prepositions keep their last word ("in front of" -> "of")."""
    for c in t.children:
        if c.dep_ not in ("prep", "agent"):
            continue
        word = c.lower_
        if preps is not None and word not in preps:
            continue
        for p in c.children:
            if p.dep_ == "pobj":
                yield word, p
            elif p.dep_ == "prep":  # "out of", "because of"
                for q in p.children:
                    if q.dep_ == "pobj":
                        yield p.lower_, q


def clause_head(t: "Token") -> "Token":
    """The verb (or the root) of the clause ``t`` stands in."""
    cur = t
    seen = 0
    while seen < 40:
        seen += 1
        if is_verb(cur) and cur.dep_ not in ("aux", "auxpass", "amod", "compound"):
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def governors(v: "Token") -> Iterator["Token"]:
    """The verbs that govern ``v`` without a clause boundary that changes its speaker: up through
    infinitives, coordinations and participles ("refused to attend", "said it would attend")."""
    cur = v
    for _ in range(12):
        if cur.dep_ not in ("xcomp", "conj", "ccomp", "advcl", "pcomp", "prep") or cur.head.i == cur.i:
            return
        cur = cur.head
        yield cur


def clause_marker(v: "Token") -> str | None:
    """The subordinator that opens the clause of verb ``v`` ("if", "unless", "that", "because")."""
    for c in v.children:
        if c.dep_ == "mark":
            return c.lower_
    return None


def subtree_span(t: "Token", *, stop: frozenset[str] = frozenset({"relcl", "acl", "appos"})) -> tuple[int, int]:
    """Token range [i, j) of ``t``'s phrase without relative clauses, participles and appositions."""
    lo = hi = t.i
    stack = [t]
    while stack:
        x = stack.pop()
        lo = min(lo, x.i)
        hi = max(hi, x.i)
        for c in x.children:
            if c.dep_ in stop or c.dep_ == "punct" and c.i > t.i:
                continue
            stack.append(c)
    return lo, hi + 1


def in_subtree(t: "Token", root: "Token") -> bool:
    """Whether ``t`` lies under ``root`` (or is it)."""
    cur = t
    for _ in range(60):
        if cur.i == root.i:
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def path_up(t: "Token", root: "Token") -> list["Token"]:
    """The tokens from ``t`` up to (not including) ``root``; empty when ``root`` is not above ``t``."""
    out: list[Token] = []
    cur = t
    for _ in range(60):
        if cur.i == root.i:
            return out
        out.append(cur)
        if cur.head.i == cur.i:
            return []
        cur = cur.head
    return []
