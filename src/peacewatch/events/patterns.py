"""Verb patterns as data: the records both pattern formats load into, the pattern lexer, and the
loader of the project's own format (``# peacewatch verbs 1``; see docs/PATTERNS.md).

Both the project's files and imported PETRARCH/TABARI verb dictionaries become :class:`VerbEntry`
records — a trigger (the verb or phrase whose forms are looked up in the text), the entry's own code
and its :class:`Pattern` list — and run through the same matcher (``events.coder``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import DictionaryError
from .inflect import noun_forms, verb_forms

OWN_HEADER = "# peacewatch verbs"

# --- text tokens (shared by the matcher and by pattern words) ---------------------------------------

TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.N. U.S.
    r"|\w+(?=[nN]['’][tT]\b)"  # did|do|ca before n't
    r"|[nN]['’][tT]\b"
    r"|['’](?i:s|ll|re|ve|d|m)\b"
    r"|\w+(?:-\w+)*"
    r"|[^\w\s]"
)


def norm_token(text: str) -> str:
    return text.lower().replace("’", "'")


_WORD_MEMO: dict[str, list[str]] = {}


def word_tokens(text: str) -> list[str]:
    """The normalised tokens of a piece of dictionary text, cut by the same tokenizer that cuts the
    news (``peacewatch.text.nlp.tokenizer``), so "cease-fire" is the three tokens the text gives."""
    got = _WORD_MEMO.get(text)
    if got is None:
        from ..text.nlp import tokenizer

        got = [norm_token(t.text) for t in tokenizer()(text) if not t.is_space]
        if len(_WORD_MEMO) < 100_000:
            _WORD_MEMO[text] = got
    return list(got)


# --- records -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str  # normalised (lower case)
    stem: bool = False  # prefix match ("contribut" matches "contributed", "contribution")

    def matches(self, token: str) -> bool:
        return token == self.text or (self.stem and token.startswith(self.text))


Seq = tuple[Word, ...]  # consecutive words


@dataclass(frozen=True)
class Element:
    """One item of a pattern besides the trigger.

    ``kind``: ``words`` (one of ``alts``, each a run of consecutive words), ``source`` ($),
    ``target`` (+), ``both`` (% — a compound actor that is source and target at once), ``skip``
    (^ — any one actor). ``adjacent``: must touch its neighbour on the trigger side (``_``)."""

    kind: str
    alts: tuple[Seq, ...] = ()
    adjacent: bool = False

    def literal_count(self) -> int:
        return 1 if self.kind == "words" else 1

    @cached_property
    def first_words(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """A quick test for a ``words`` element: a token can start one of its alternatives only if it
        is one of these first words or starts with one of these stems."""
        return frozenset(alt[0].text for alt in self.alts), tuple(alt[0].text for alt in self.alts if alt[0].stem)


@dataclass
class Pattern:
    id: str
    code: str
    before: tuple[Element, ...]  # written order, left to right
    after: tuple[Element, ...]
    origin: str  # file:line
    text: str = ""

    @property
    def specificity(self) -> int:
        return len(self.before) + len(self.after)

    @property
    def markers(self) -> set[str]:
        return {e.kind for e in self.before + self.after if e.kind != "words"}


@dataclass
class VerbEntry:
    """A trigger and its patterns. ``forms`` are the alternative word runs that make the trigger."""

    id: str
    forms: tuple[Seq, ...]
    code: str | None  # the entry's own code when no pattern matches; None/'---' = no event
    patterns: list[Pattern] = field(default_factory=list)
    origin: str = ""
    flavor: str = "peacewatch"  # or "petrarch"
    max_gap: int = 5  # words allowed between pattern items joined by a space
    needs_source: bool = False  # PETRARCH semantics: no source actor, no event
    weak: bool = False  # a bare statement verb ("said"): used only when nothing stronger fires
    noun: bool = False  # a nominal trigger ("the meeting"): source from the clause it modifies
    exact_trigger: bool = False  # ``<=word|word>``: the words as written, whatever the parse calls them
    lemmas: frozenset[str] = frozenset()  # ``<lemma>``: the lemma a verb token must have (empty: no check)
    intransitive: bool = False  # the verb codes only without a direct object ("demonstrated", not "demonstrated resolve")
    acts_on: str = ""  # ``place``, ``person`` or ``policy``: only when what is acted on is one ("captured Goma",
    # "captured him", "attacked the act"); empty: anything
    petrarch2: bool = False  # read from a PETRARCH 2 verb file ("--- VERB [code] ---" blocks): a "%" after the verb is its target


@dataclass(frozen=True)
class Discard:
    """A PETRARCH/TABARI discard phrase: a sentence (or, ``story``, a whole story) that contains it
    codes nothing (sports results, natural disasters, ...)."""

    words: tuple[str, ...]  # normalised tokens
    story: bool
    origin: str


@dataclass
class PatternSet:
    entries: list[VerbEntry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    discards: list[Discard] = field(default_factory=list)
    # what the importers read: counts such as "verbs", "patterns", "synsets", and, under keys
    # starting "ignored: ", the constructs that were read but cannot be used, with why
    stats: dict[str, int] = field(default_factory=dict)

    def extend(self, other: "PatternSet") -> None:
        self.entries.extend(other.entries)
        self.files.extend(other.files)
        self.discards.extend(other.discards)
        for k, v in other.stats.items():
            self.stats[k] = self.stats.get(k, 0) + v

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n

    @property
    def ignored(self) -> dict[str, int]:
        """The constructs read but not used, by reason (the part of ``stats`` under "ignored: ")."""
        return {k.removeprefix("ignored: "): v for k, v in self.stats.items() if k.startswith("ignored: ")}

    @property
    def codes(self) -> set[str]:
        out: set[str] = set()
        for e in self.entries:
            if e.code:
                out.add(e.code)
            out.update(p.code for p in e.patterns)
        return out

    @property
    def pattern_count(self) -> int:
        return sum(max(1, len(e.patterns)) for e in self.entries)


# --- the pattern lexer (PETRARCH syntax, which the project's format shares) --------------------------

_WORD_STOP = set(" \t_{}|*<>")
_MARKERS = {"$": "source", "+": "target", "%": "both", "^": "skip"}


class PatternSyntaxError(ValueError):
    pass


class UnknownSynset(PatternSyntaxError):
    """A pattern names a synset the file does not define (or defines with no member). PETRARCH
    ignores such a pattern; the importer counts it."""

    def __init__(self, name: str, empty: bool = False) -> None:
        super().__init__(f"synset &{name} has no member" if empty else f"unknown synset &{name}")
        self.name = name
        self.empty = empty


MAX_BRACE_ALTERNATIVES = 5000  # a '{...}' holding synsets expands to at most this many word runs


@dataclass
class _Item:
    kind: str  # words | source | target | both | skip | verb | synset
    alts: list[list[Word]] = field(default_factory=list)
    adjacent_left: bool = False
    name: str = ""  # synset name or trigger text


def _word_items(raw: str, default_stem: bool) -> list[Word]:
    """A dictionary word -> Words (a word like DON'T splits into the tokens the text gives)."""
    stem = default_stem
    exact = False
    if raw.endswith("~"):
        raw, stem = raw[:-1], True
    if raw.endswith("="):
        raw = raw[:-1]
    toks = word_tokens(raw)
    if not toks:
        raise PatternSyntaxError(f"empty word '{raw}'")
    out = [Word(t, False) for t in toks[:-1]]
    out.append(Word(toks[-1], stem and not exact))
    return out


def lex_pattern(text: str, *, default_stem: bool, synsets: dict[str, list[list[Word]]] | None = None,
                trigger_char: str = "*") -> list[_Item]:
    """Split a pattern into items. ``_`` joins items (no gap); a trailing ``_`` makes a word exact."""
    items: list[_Item] = []
    i, n = 0, len(text)
    join = False
    while i < n:
        c = text[i]
        if c.isspace():
            join = False
            i += 1
            continue
        if c == "_":
            nxt = text[i + 1] if i + 1 < n else " "
            if nxt.isspace() or nxt in "|}":
                # trailing underscore: the previous word must match exactly
                if items and items[-1].kind == "words" and len(items[-1].alts) == 1:
                    w = items[-1].alts[0][-1]
                    items[-1].alts[0][-1] = Word(w.text, False)
                join = False
            else:
                join = True
            i += 1
            continue
        if c == "{":
            j = text.find("}", i)
            if j < 0:
                raise PatternSyntaxError("'{' without '}'")
            inner = text[i + 1 : j]
            if "{" in inner:
                raise PatternSyntaxError("nested '{'")
            alts: list[list[Word]] = []
            for part in inner.split("|"):
                sub = lex_pattern(part, default_stem=default_stem, synsets=synsets)
                # one alternative is the run of its items; a synset among them multiplies the runs
                # ("{NEW &TIETYPES RELATIONS}": new military relations, new economic relations, ...)
                seqs: list[list[Word]] = [[]]
                for it in sub:
                    if it.kind != "words":
                        raise PatternSyntaxError("only words may stand inside '{ | }'")
                    seqs = [s + list(a) for s in seqs for a in it.alts]
                    if len(seqs) > MAX_BRACE_ALTERNATIVES:
                        raise PatternSyntaxError(f"'{{ }}' expands to more than {MAX_BRACE_ALTERNATIVES} word runs")
                alts.extend(s for s in seqs if s)
            if not alts:
                raise PatternSyntaxError("empty '{ }'")
            items.append(_Item("words", alts, join))
            join = False
            i = j + 1
            continue
        if c == "}":
            raise PatternSyntaxError("'}' without '{'")
        if c == "|":
            raise PatternSyntaxError("'|' outside '{ }'")
        if c == trigger_char == "*":
            items.append(_Item("verb", adjacent_left=join))
            join = False
            i += 1
            continue
        if c == "<" and trigger_char == "<":
            j = text.find(">", i)
            if j < 0:
                raise PatternSyntaxError("'<' without '>'")
            items.append(_Item("verb", adjacent_left=join, name=text[i + 1 : j].strip()))
            join = False
            i = j + 1
            continue
        if c in "<>*":
            raise PatternSyntaxError(f"unexpected '{c}'")
        if c in _MARKERS and (i + 1 >= n or text[i + 1].isspace() or text[i + 1] in "_}|"):
            items.append(_Item(_MARKERS[c], adjacent_left=join))
            join = False
            i += 1
            continue
        if c == "&":
            # a synset name may hold '_' (&FIGHT_OF_WORDS); the longest prefix, cut at a '_', that
            # names a synset is the synset, and a '_' after it joins the next item (or, at the end
            # of the word, is the name's own trailing '_': &AUXVERB1_)
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            token = text[i + 1 : j]
            parts = token.split("_")
            name, end = "", i + 1
            for k in range(len(parts), 0, -1):
                cand = "_".join(parts[:k])
                if cand and synsets is not None and cand.upper() in synsets:
                    name, end = cand.upper(), i + 1 + len(cand)
                    break
            if not name:
                base = token.strip("_").upper()
                if not base:
                    raise PatternSyntaxError("'&' without a synset name")
                raise UnknownSynset(base)
            members = synsets[name]  # type: ignore[index]
            if not members:
                raise UnknownSynset(name, empty=True)
            items.append(_Item("words", [list(a) for a in members], join, name=name))
            join = False
            i = end
            continue
        # a word
        j = i
        while j < n and text[j] not in _WORD_STOP:
            j += 1
        raw = text[i:j]
        # "ANTI-" keeps its hyphen; "WORD~" is a stem
        words = _word_items(raw, default_stem)
        items.append(_Item("words", [words], join))
        join = False
        i = j
    return items


def items_to_pattern(items: list[_Item], *, pid: str, code: str, origin: str, text: str) -> tuple[Pattern, _Item]:
    """Split lexed items around the (one) trigger into a Pattern; returns it and the trigger item."""
    verbs = [k for k, it in enumerate(items) if it.kind == "verb"]
    if len(verbs) != 1:
        raise PatternSyntaxError("a pattern needs exactly one verb position ('*' or '<verb>')"
                                 if not verbs else "more than one verb position in a pattern")
    v = verbs[0]
    before_items, verb, after_items = items[:v], items[v], items[v + 1 :]
    before: list[Element] = []
    for k, it in enumerate(before_items):
        # adjacency toward the trigger: the item to the right is joined to this one
        right = before_items[k + 1] if k + 1 < len(before_items) else verb
        before.append(_element(it, right.adjacent_left))
    after = [_element(it, it.adjacent_left) for it in after_items]
    return Pattern(pid, code, tuple(before), tuple(after), origin, text), verb


def _element(it: _Item, adjacent: bool) -> Element:
    if it.kind == "words":
        return Element("words", tuple(tuple(a) for a in it.alts), adjacent)
    if it.kind == "synset":
        return Element("words", tuple(tuple(a) for a in it.alts), adjacent)
    return Element(it.kind, (), adjacent)


# --- the project's own format ------------------------------------------------------------------------

CODE_RE = re.compile(r"^(?:\d{2,4}|---)$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_OBJECT_FLAGS = ("place", "person", "policy")
_FLAGS = {"weak", "noun", "nogap", "intransitive", *_OBJECT_FLAGS}


def _trigger_forms(spec: str, where: str) -> tuple[tuple[Seq, ...], bool, bool, frozenset[str]]:
    """``<call>`` -> every inflection of call; ``<=talks|talk>`` exact words; ``<call_on>`` ->
    inflections of the first word followed by 'on'; ``<n:meeting>`` -> singular and plural."""
    noun = False
    exact = False
    spec = spec.strip()
    if spec.startswith("{") and spec.endswith("}"):
        spec = spec[1:-1]
    if spec.startswith("="):
        exact, spec = True, spec[1:]
    elif spec.startswith("n:"):
        noun, spec = True, spec[2:]
    alts: list[Seq] = []
    lemmas: set[str] = set()
    for alt in spec.split("|"):
        alt = alt.strip()
        if not alt:
            raise DictionaryError("empty alternative in a trigger '<...>'", source=where)
        parts = [p for p in re.split(r"[_\s]+", alt) if p]
        if any(not re.fullmatch(r"[A-Za-z][A-Za-z'\-]*", p) for p in parts):
            raise DictionaryError(f"bad trigger '<{spec}>'", hint="write <lemma>, <lemma_particle>, <=word|word> or <n:noun>", source=where)
        head, rest = parts[0], parts[1:]
        rest_words = [Word(t) for p in rest for t in word_tokens(p)]
        if exact:
            heads = {head.lower()}
        elif noun:
            heads = set(noun_forms(head.lower()))
        else:
            heads = set(verb_forms(head.lower()))
            lemmas.add(head.lower())
        for h in sorted(heads):
            toks = word_tokens(h)
            alts.append(tuple([Word(t) for t in toks] + rest_words))
    return tuple(alts), noun, exact, frozenset(lemmas)


def load_own_verbs(path: Path, text: str | None = None) -> PatternSet:
    """Load a file of the project's format. Lines: ``CODE  ID  PATTERN  [; flags]``."""
    name = str(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise DictionaryError(f"cannot read verb patterns: {err}", source=name) from None
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first.startswith(OWN_HEADER):
        raise DictionaryError(f"the first line must be '{OWN_HEADER} 1'", source=f"{name}:1")
    out = PatternSet(files=[name])
    seen: dict[str, str] = {}
    for lineno, line in enumerate(lines, 1):
        where = f"{name}:{lineno}"
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        flags: set[str] = set()
        if ";" in body:
            body, flag_text = body.split(";", 1)
            flags = {f.strip() for f in flag_text.split(",") if f.strip()}
            unknown = flags - _FLAGS
            if unknown:
                raise DictionaryError(f"unknown flag(s) {sorted(unknown)}", hint=f"flags are {sorted(_FLAGS)}", source=where)
            if len(flags & set(_OBJECT_FLAGS)) > 1:
                raise DictionaryError(f"more than one of {', '.join(_OBJECT_FLAGS)}", hint="a pattern acts on one kind of thing",
                                      source=where)
        parts = body.split(None, 2)
        if len(parts) < 3:
            raise DictionaryError("a pattern line is 'CODE  ID  PATTERN'", hint="e.g. '022  appeal.call-on  <call>_on + to'", source=where)
        code, pid, pat = parts
        if not CODE_RE.match(code):
            raise DictionaryError(f"bad code '{code}'", hint="a CAMEO code of 2-4 digits with leading zeros, or '---'", source=where)
        if not ID_RE.match(pid):
            raise DictionaryError(f"bad pattern id '{pid}'", hint="lower-case letters, digits, '.', '-', '_'", source=where)
        if pid in seen:
            raise DictionaryError(f"pattern id '{pid}' used twice (first at {seen[pid]})", source=where)
        seen[pid] = where
        try:
            items = lex_pattern(pat, default_stem=False, trigger_char="<")
            pattern, verb = items_to_pattern(items, pid=pid, code=code, origin=where, text=pat.strip())
        except PatternSyntaxError as err:
            raise DictionaryError(f"bad pattern: {err}", source=where) from None
        forms, noun, exact, lemmas = _trigger_forms(verb.name, where)
        entry = VerbEntry(
            id=pid, forms=forms, code=None, patterns=[pattern], origin=where, flavor="peacewatch",
            max_gap=0 if "nogap" in flags else 5, weak="weak" in flags, noun=noun or "noun" in flags,
            exact_trigger=exact, lemmas=lemmas, intransitive="intransitive" in flags,
            acts_on=next((f for f in _OBJECT_FLAGS if f in flags), ""),
        )
        out.entries.append(entry)
    return out


def is_own_format(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.strip():
                    return line.startswith(OWN_HEADER)
    except OSError:
        return False
    return False
