"""PETRARCH/TABARI compatibility: the rules an imported PETRARCH dictionary brings with it, in one
place (the rest of the coder does not ask which dictionary a pattern came from, except the trigger
stage, which gives an imported verb TABARI's reach — anywhere in the sentence — and never takes a
modal for a verb).

- an imported pattern codes only with both a source and a target actor (TABARI: no target, no event);
- a code ``013:012`` codes the second code from target to source too;
- discard lists: a sentence (or, ``+PHRASE``, a whole story) holding a discard phrase codes nothing;
- a verb governed by "should" that its pattern did not take in is advice, no event;
- "X asked that Y assist": when the embedded verb finds no target and the verb before "that" codes
  nothing, X is the source and Y the target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import ActorRef
from .patterns import Discard

if TYPE_CHECKING:  # pragma: no cover
    from ..text.layer import ParsedSentence
    from ..text.reference import ActorFinder
    from .roles import Roles
    from .triggers import Trigger


def split_code(code: str) -> tuple[str, str | None]:
    """``"013:012"`` -> ("013", "012"): the second is coded from target to source."""
    if ":" in code:
        a, b = code.split(":", 1)
        return a, (b or None)
    return code, None


def petrarch_allows(trig: "Trigger", source: ActorRef | None, target: ActorRef | None) -> bool:
    """TABARI/PETRARCH code an event only with both actors, and never advice ("should demand")."""
    if source is None or target is None:
        return False
    v = trig.token
    return not any(c.dep_ == "aux" and c.lower_ == "should" and c.i not in trig.covered for c in v.children)


def petrarch_embedded(trig: "Trigger", roles: "Roles", finder: "ActorFinder", coding: set[int]) -> None:
    """"X asked that Y assist": the asker acts toward the one asked, when the embedded verb has no
    target of its own and the asking verb codes nothing (``coding``: token indices of verbs that code)."""
    from ..text.syntax import subjects

    from .record import actor_key, flat

    v = trig.token
    if v.dep_ != "ccomp" or not any(c.dep_ == "mark" and c.lower_ == "that" for c in v.children):
        return
    gov = v.head
    if gov.i in coding:
        return
    askers = [a for s in subjects(gov) for a in finder.actors_of(trig.sentence, s)]
    asker_keys = {actor_key(m) for a in askers for m in flat(a)}
    if roles.targets and not all(actor_key(m) in asker_keys for t in roles.targets for m in flat(t)):
        return  # the embedded verb has a target of its own
    if askers and roles.sources:
        roles.targets, roles.target_how = roles.sources, "the one asked (PETRARCH: X asked that Y ...)"
        roles.sources, roles.source_how = askers, "the one who asked"


class Discards:
    """PETRARCH discard phrases, looked up by their first word."""

    def __init__(self, discards: list[Discard]) -> None:
        self._by_first: dict[str, list[Discard]] = {}
        for d in discards:
            self._by_first.setdefault(d.words[0], []).append(d)
        self._any_story = any(d.story for d in discards)

    def _found(self, words: list[str], story: bool) -> bool:
        if not self._by_first:
            return False
        n = len(words)
        for i in range(n):
            w = words[i]
            cands = self._by_first.get(w)
            if cands is None:
                cands = self._by_first.get(w[:-1]) if w.endswith("s") else None
                if cands is None and w.endswith("es"):
                    cands = self._by_first.get(w[:-2])
            if not cands:
                continue
            for d in cands:
                if d.story != story:
                    continue
                L = len(d.words)
                if i + L > n:
                    continue
                ok = all(words[i + k] == d.words[k] for k in range(L - 1))
                last = words[i + L - 1]
                if ok and (last == d.words[-1] or last in (d.words[-1] + "s", d.words[-1] + "es")):
                    return True
        return False

    def sentence_discarded(self, ps: "ParsedSentence") -> bool:
        if not self._by_first:
            return False
        return self._found([t.lower_.replace("\u2019", "'") for t in ps.doc], story=False)

    def story_discarded(self, text: str) -> bool:
        if not self._any_story:
            return False
        from ..text.nlp import tokenizer

        return self._found([t.lower_.replace("\u2019", "'") for t in tokenizer()(text)], story=True)
