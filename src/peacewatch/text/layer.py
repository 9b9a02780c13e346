"""The parsed text layer: one parsed article that events, quotes, stances, tracks and places read.

    parsed = parse_articles([(article, sentences, actors)], want=...)[0]
    for sent in parsed.sentences:          # every sentence of the article, in order
        sent.doc                           # spaCy Doc of the sentence: tokens always; tags, lemmas,
                                           # dependencies and entities when ``sent.parsed``
        sent.actor_at(i)                   # the actor (ActorRef) token i belongs to, or None
        sent.char_span(i, j)               # article offsets of tokens [i, j)

Each sentence is tokenised by the pipeline's tokenizer; a sentence is parsed (tagger, parser,
lemmatizer, entities) when ``want(doc)`` says a stage can use it — the coder asks for sentences
that hold a trigger word — and it is not absurdly long. Sentences of many articles are parsed
together in ``nlp.pipe`` batches.

Headlines in title case or capitals ("Kim Jong Il Congratulates Lao President", "IRAQ SAYS IT
HIT SHIP") mislead a tagger trained on running text, so such a sentence is parsed in a recased
copy: actor names keep their capitals, other words are lower-cased. The copy has the same length,
so offsets are unchanged; ``token.text`` then shows the recased word (the article text is the
evidence).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ..model import ActorRef, Article, Sentence
from .nlp import load_nlp
from .words import words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

MAX_PARSE_TOKENS = 220
"""Longer "sentences" (tables, lists, run-on junk) are tokenised but not parsed."""
PIPE_BATCH = 128


@dataclass
class ParsedSentence:
    sentence: Sentence
    doc: "Doc"
    parsed: bool
    actors: list[ActorRef] = field(default_factory=list)
    """The actors inside the sentence, longest first where they nest (each token belongs to at most one)."""
    tok_actor: list[int] = field(default_factory=list)
    recased: bool = False
    headline: bool = False
    """A headline (before the body, or shouting, with no full stop): headlinese rules apply."""
    attribution: int = -1
    """In a headline that ends by naming who says it ("US Plan Censured: Rodong Sinmun", "... --
    KCNA"), that actor's index: the doer of the headline's passive; -1 when none."""

    @property
    def index(self) -> int:
        return self.sentence.index

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end

    @property
    def text(self) -> str:
        return self.sentence.text

    def __len__(self) -> int:
        return len(self.doc)

    def actor_at(self, i: int) -> ActorRef | None:
        k = self.tok_actor[i]
        return self.actors[k] if k >= 0 else None

    def actor_index(self, i: int) -> int:
        return self.tok_actor[i]

    def actor_tokens(self, k: int) -> tuple[int, int]:
        """Token range [i, j) of actor ``k``."""
        a = self.actors[k]
        lo = bisect.bisect_left(self._tok_starts, a.start - self.start)
        i = lo
        while i < len(self.doc) and self.tok_actor[i] != k:
            i += 1
        j = i
        while j < len(self.doc) and self.tok_actor[j] == k:
            j += 1
        return i, j

    def actor_head(self, k: int) -> "Token":
        """The syntactic head of actor ``k``'s tokens (the last token when unparsed)."""
        i, j = self.actor_tokens(k)
        doc = self.doc
        if not self.parsed:
            return doc[j - 1]
        for t in doc[i:j]:
            if not (i <= t.head.i < j) or t.head.i == t.i:
                return t
        return doc[j - 1]

    def char_span(self, i: int, j: int) -> tuple[int, int]:
        """Article offsets of tokens [i, j)."""
        doc = self.doc
        return self.start + doc[i].idx, self.start + doc[j - 1].idx + len(doc[j - 1])

    def token_text(self, i: int, j: int) -> str:
        """The article's own words for tokens [i, j) (not the recased copy)."""
        a, b = self.char_span(i, j)
        return self.text[a - self.start : b - self.start]

    def token_at(self, offset: int) -> int | None:
        """The token holding article offset ``offset``."""
        rel = offset - self.start
        k = bisect.bisect_right(self._tok_starts, rel) - 1
        if k < 0:
            return None
        t = self.doc[k]
        return k if rel < t.idx + len(t) else None

    @property
    def _tok_starts(self) -> list[int]:
        s = self.__dict__.get("_starts")
        if s is None:
            s = [t.idx for t in self.doc]
            self.__dict__["_starts"] = s
        return s


@dataclass
class ParsedArticle:
    article: Article
    sentences: list[ParsedSentence]
    actors: list[ActorRef]
    home: tuple[str, str] | None = None
    """The story's home country and why (``actors.home_country``): where a title with no country
    of its own ("secretary for trade", "the defence minister") belongs."""

    def sentence_at(self, offset: int) -> ParsedSentence | None:
        starts = [s.start for s in self.sentences]
        k = bisect.bisect_right(starts, offset) - 1
        if k < 0:
            return None
        s = self.sentences[k]
        return s if offset < s.end else None

    @property
    def plain_sentences(self) -> list[Sentence]:
        return [s.sentence for s in self.sentences]


# --- recasing headlines ----------------------------------------------------------------------------


_LOWER_IN_TITLES = frozenset(
    "and the for of to in on at by but nor yet "
    "about above across after against along amid among around before behind below beside between beyond "
    "despite down during from inside into like near onto over past since than that their them then there "
    "these they this those through toward towards under until upon versus while with within without".split()
)


def _shouting(text: str) -> bool:
    """Title case or capitals: most longer words start with a capital, and no longer word but a
    preposition or pronoun is in lower case ("Abu Zubaydah was captured in Faisalabad on Sunday." is
    a sentence rich in names: its verb is written small)."""
    words = [w for w in text.split() if len(w) > 3 and w[:1].isalpha()]
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    if caps < 0.75 * len(words):
        return False
    return all(w[:1].isupper() or w.lower().strip(".,;:!?-\"'") in _LOWER_IN_TITLES for w in words)


def _recase(text: str, base: int, actors: Sequence[ActorRef]) -> str:
    """Lower-case every word outside an actor's span (same length, so offsets hold); an actor in
    capitals becomes title case ("IRAN" -> "Iran"). Dotted abbreviations ("U.S.") stay, and so do
    acronyms in a title-case headline ("KPA"); the first word keeps its capital."""
    chars = list(text)
    inside = [False] * len(text)
    for a in actors:
        for p in range(max(0, a.start - base), min(len(text), a.end - base)):
            inside[p] = True
    letters = [c for c in text if c.isalpha()]
    all_caps = bool(letters) and sum(1 for c in letters if c.isupper()) >= 0.8 * len(letters)
    i, n = 0, len(text)
    first = True
    while i < n:
        if not text[i].isalpha():
            i += 1
            continue
        j = i
        while j < n and (text[j].isalpha() or text[j] in "'’.-"):
            j += 1
        word = text[i:j]
        if inside[i]:
            if all_caps and len(word.replace(".", "")) > 3:
                chars[i + 1 : j] = list(word[1:].lower())
        elif word.count(".") >= 2 or (word.isupper() and not all_caps and len(word) >= 2):
            pass
        else:
            low = word.lower()
            if first:
                low = low[:1].upper() + low[1:]
            chars[i:j] = list(low)
        first = False
        i = j
    return "".join(chars)


# --- building ----------------------------------------------------------------------------------------


def _place_actors(ps: ParsedSentence, actors: Iterable[ActorRef]) -> None:
    """Map actors to tokens: longest first, each token to at most one actor; an actor whose
    span cuts a token in two keeps the tokens it covers whole, or the token it starts in."""
    doc = ps.doc
    n = len(doc)
    ps.tok_actor = [-1] * n
    starts = ps._tok_starts
    ends = [t.idx + len(t) for t in doc]
    inside = [a for a in actors if a.start >= ps.start and a.end <= ps.end and a.end > a.start]
    inside.sort(key=lambda a: (-(a.end - a.start), a.start))
    placed: list[ActorRef] = []
    for a in inside:
        rs, re_ = a.start - ps.start, a.end - ps.start
        i = bisect.bisect_right(starts, rs) - 1
        if i < 0:
            i = 0
        if ends[i] <= rs:
            i += 1
        j = bisect.bisect_left(ends, re_)
        j = min(j + 1, n)
        while j > i and starts[j - 1] >= re_:
            j -= 1
        if j <= i or any(ps.tok_actor[k] >= 0 for k in range(i, j)):
            continue
        k = len(placed)
        placed.append(a)
        for t in range(i, j):
            ps.tok_actor[t] = k
    # number actors in text order
    order = sorted(range(len(placed)), key=lambda k: placed[k].start)
    remap = {old: new for new, old in enumerate(order)}
    ps.actors = [placed[k] for k in order]
    ps.tok_actor = [remap[k] if k >= 0 else -1 for k in ps.tok_actor]


Want = Callable[["ParsedSentence"], bool]


def parse_articles(
    items: Sequence[tuple[Article, list[Sentence], list[ActorRef]]],
    want: Want | None = None,
    skip: Callable[[Article], bool] | None = None,
    names: Want | None = None,
) -> list[ParsedArticle]:
    """The parsed layer of each article; the sentences ``want`` accepts (all when None) are parsed,
    all articles' sentences in shared ``nlp.pipe`` batches; an article ``skip`` accepts (a language
    the English pipeline cannot read) is tokenised only. With ``names``, the entity recogniser
    runs after the parse, only on the parsed sentences ``names`` accepts (it reads the parse: the
    coder's triggers); the others have no entities. The recogniser reads no other component's
    output, so a sentence's entities are the same either way."""
    nlp = load_nlp()
    tok = nlp.tokenizer
    out: list[ParsedArticle] = []
    todo: list[ParsedSentence] = []
    body_start: list[int] = []  # of each todo sentence's article: a sentence before it is a headline
    for article, sentences, actors in items:
        sorted_actors = sorted(actors, key=lambda a: a.start)
        a_starts = [a.start for a in sorted_actors]
        psents: list[ParsedSentence] = []
        for s in sentences:
            lo = bisect.bisect_left(a_starts, s.start)
            hi = bisect.bisect_left(a_starts, s.end)
            here = sorted_actors[lo:hi]
            text = s.text
            recased = _shouting(text)
            if recased:
                text = _recase(text, s.start, here)
            doc = tok(text)
            ps = ParsedSentence(sentence=s, doc=doc, parsed=False, recased=recased)
            _place_actors(ps, here)
            psents.append(ps)
            if len(doc) and len(doc) <= MAX_PARSE_TOKENS and (want is None or want(ps)) and not (skip and skip(article)):
                todo.append(ps)
                body_start.append(article.body_start)
        out.append(ParsedArticle(article=article, sentences=psents, actors=list(actors)))
    if todo:
        # names (the entity recogniser, half the parse's time) only where ``names`` wants them
        disable = ["ner"] if names is not None and "ner" in nlp.pipe_names else []
        for ps, doc in zip(todo, nlp.pipe((p.doc for p in todo), batch_size=PIPE_BATCH, disable=disable),
                           strict=True):
            ps.doc = doc
            ps.parsed = True
        if names is not None and disable:
            named = [ps for ps in todo if names(ps)]
            ner: Any = nlp.get_pipe("ner")  # a trainable pipe: it has pipe(), which spaCy's stubs do not say
            for ps, doc in zip(named, ner.pipe((p.doc for p in named), batch_size=PIPE_BATCH), strict=True):
                ps.doc = doc
        for ps, body in zip(todo, body_start, strict=True):
            _drop_adjectives(ps)
            if (ps.recased or ps.end <= body) and not ps.text.rstrip().endswith(
                    (".", "!", "?", '"', "'")):
                ps.headline = True
                _headline_passive(ps)  # a headline (no full stop), not a sentence rich in names
    return out


def _headline_passive(ps: ParsedSentence) -> None:
    """Headlinese: a headline's past participle with no auxiliary and no object is a passive ("US
    Forces' Crimes Denounced", "Withdrawal of U.S. Troops Demanded": they were denounced, demanded),
    as headlines tell what somebody did in the present tense ("KCNA Denounces ..."). The parser
    reads the bare participle as an active past with the noun as its doer; relabel its subject.
    So too a participle of asking with its infinitive ("S. Korean Authorities Urged to Stop
    Drills": they were urged). An actor that ends the headline after a colon or dash ("...
    Censured: Rodong Sinmun") is who says it (``attribution``), not an object of the verb."""
    doc = ps.doc
    attribution_tokens = _attribution(ps)
    for v in doc:
        if v.dep_ != "ROOT" or v.tag_ not in ("VBD", "VBN") or v.pos_ != "VERB":
            continue
        kids = [c for c in v.children if c.i not in attribution_tokens]
        asking = v.lemma_.lower() in words("headline-asking-verbs")
        blocking = ("aux", "auxpass", "dobj", "dative", "ccomp", "attr", "acomp", "oprd") + (() if asking else ("xcomp",))
        if any(c.dep_ in blocking for c in kids):
            continue
        subj = [c for c in kids if c.dep_ == "nsubj" and c.i < v.i]
        if len(subj) == 1:
            subj[0].dep_ = "nsubjpass"
            for i in attribution_tokens:
                if doc[i].head.i == v.i:
                    doc[i].dep_ = "dep"  # not the verb's object: the headline's source


def _attribution(ps: ParsedSentence) -> set[int]:
    """Tokens of an actor that ends a headline after ":" or "--" (the medium or person quoted);
    sets ``ps.attribution``."""
    doc = ps.doc
    n = len(doc)
    j = n
    while j > 0 and doc[j - 1].is_punct:
        j -= 1
    if j == 0 or ps.tok_actor[j - 1] < 0:
        return set()
    k = ps.tok_actor[j - 1]
    i = j
    while i > 0 and ps.tok_actor[i - 1] == k:
        i -= 1
    if i == 0 or doc[i - 1].text not in (":", "--", "-", "\u2014", "\u2013"):
        return set()
    ps.attribution = k
    return set(range(i, j))


def _drop_adjectives(ps: ParsedSentence) -> None:
    """A sector word used as an adjective is no actor: "a criminal case", "military drills",
    "the military demarcation line", "remains firm" (the parse tells; "the military" alone stays an
    actor). Only a sector word alone: with no country, or with one the actor stage guessed."""
    for k, a in enumerate(ps.actors):
        bare = a.code.startswith("---") or a.resolution.startswith("coreference: agent")
        if not bare or a.members:
            continue
        toks = [t for t in ps.doc if ps.tok_actor[t.i] == k]
        if toks and all(t.tag_ in ("JJ", "JJR", "JJS") for t in toks) and toks[-1].dep_ in ("amod", "compound", "acomp", "oprd"):
            for t in toks:
                ps.tok_actor[t.i] = -1


def parse_article(article: Article, sentences: list[Sentence], actors: list[ActorRef], want: Want | None = None) -> ParsedArticle:
    return parse_articles([(article, sentences, actors)], want)[0]
