"""Import PETRARCH / TABARI verb dictionaries into the coder's own pattern records.

Two dialects are read (docs/PATTERNS.md, "PETRARCH / TABARI verb files"):

- TABARI / PETRARCH 1: a verb line ``VERB  [code]`` (a stem: it matches any word it begins,
  unless it ends in ``_``), an optional ``{ FORM_ FORM_ }`` line of other forms, then patterns
  ``- WORDS * WORDS  [code]``; comments start with ``;``.
- PETRARCH 2 and UniversalPetrarch ("CAMEO 2.0" format): blocks ``--- NAME  [code] ---`` holding
  verb lines (``VERB {FORMS}``, ``{}`` for none, multi-word verbs with ``+`` on the verb,
  ``KLM_NOP_+RST [002]`` with their own code) and the block's patterns, which belong to every block
  of the same NAME; synsets ``&NAME`` followed by ``+MEMBER`` lines (members may be synsets or
  ``(PHRASES)``; comment and blank lines may stand between them); pattern phrases ``(PREP NOUNS)``
  and noun phrases ``{MODIFIERS HEAD}``; ``~ ... = ...`` transformation lines; comments ``#``
  anywhere (not inside ``[...]``) and ``<!-- -->`` blocks.

Pattern items: ``*`` the verb; words (stems unless ending in ``_``; ``~`` also marks a stem);
``_`` joins items that must be consecutive; ``{ A | B C }`` alternatives; ``&NAME`` a synset;
``$`` the source actor, ``+`` the target, ``%`` a compound actor that is both, ``^`` skip an actor;
``( ... )`` groups words (PETRARCH 2's prepositional phrase; ``(BY/WITH X)``: either preposition).
Codes: CAMEO digits (``013:012`` = one code each direction), PETRARCH's own tags (``075A``, ``023?``),
and the null codes ``---`` (no event), ``###`` (discard the sentence), ``+++``.

What the coder cannot use is read and counted in ``PatternSet.stats`` under ``"ignored: <why>"``
(never an exception): a pattern naming a synset the file does not define, a code with only a
reverse half (``[:173]``), transformation lines, a line that is neither verb nor pattern, a block
of patterns with no verb. A malformed line (unbalanced brackets, a bad code, a pattern with no
``*``) raises :class:`DictionaryError` naming ``file:line``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DictionaryError
from ..petrarch_text import cut_line_comment, without_block_comments
from .inflect import regular_verb_forms
from .patterns import (
    Discard,
    PatternSet,
    PatternSyntaxError,
    Seq,
    UnknownSynset,
    VerbEntry,
    Word,
    items_to_pattern,
    lex_pattern,
    word_tokens,
)

_HEADER_RE = re.compile(r"^---\s+(.*?)\s*(?:---\s*)?$")
_CODE_AT_END_RE = re.compile(r"\[([^\[\]]*)\]\s*$")
_CODE_PART = r"(?:---|\+\+\+|###|[0-9A-Za-z]{1,5}[?!]?)"
_CODE_OK_RE = re.compile(rf"^(?:{_CODE_PART}(?::{_CODE_PART})?|:{_CODE_PART})$")
_NOT_A_VERB = set("*()$%^&|<>")

PETRARCH_MAX_GAP = 40  # TABARI lets pattern words skip any words of the sentence

IGN_UNKNOWN_SYNSET = "ignored: pattern naming a synset the file does not define (PETRARCH skips it)"
IGN_EMPTY_SYNSET = "ignored: pattern naming a synset with no member"
IGN_REVERSE_ONLY = "ignored: pattern whose code has only a reverse half [:CODE]"
IGN_REVERSE_VERB = "ignored: reverse-only code [:CODE] of a verb (the bare verb codes nothing)"
IGN_TRANSFORMATION = "ignored: transformation line '~ ... = ...' (PETRARCH 2 event transformations)"
IGN_NOT_A_VERB = "ignored: line that is neither a verb nor a pattern (no '-' before a pattern)"
IGN_PATTERNS_NO_VERB = "ignored: patterns of a block with no verb line"
IGN_DUPLICATE_VERB = "ignored: verb listed again in a block of the same name"


def _split_code(text: str, where: str) -> tuple[str, str | None]:
    """'BODY  [code]' -> (BODY, code); no code -> (text, None)."""
    if text.count("[") != text.count("]"):
        raise DictionaryError("unbalanced '[ ]' in a code", source=where)
    m = _CODE_AT_END_RE.search(text)
    if not m:
        if "[" in text:
            raise DictionaryError("a code '[...]' must end the line", source=where)
        return text.strip(), None
    code = m.group(1).strip()
    if not _CODE_OK_RE.match(code):
        raise DictionaryError(f"bad code '[{code}]'", hint="CAMEO digits such as 022 or 013:012, or ---", source=where)
    return text[: m.start()].strip(), code


def _verb_words(spec: str, where: str, *, default_stem: bool, generate: bool, main: bool = False) -> list[Seq]:
    """Word runs for a verb spec such as 'CALLED_ON', 'KLM_NOP_+RST', 'LASH OUT', 'ACT_'."""
    spec = spec.strip().rstrip("=")
    if not spec:
        raise DictionaryError("empty verb", source=where)
    parts = [p for p in re.split(r"[_\s]+", spec) if p]
    trailing_exact = spec.endswith("_")
    head = 0
    for k, p in enumerate(parts):
        if p.startswith("+"):
            head = k
    parts = [p.lstrip("+") for p in parts]
    if not parts or any(not p for p in parts):
        raise DictionaryError(f"bad verb '{spec}'", source=where)
    heads = [parts[head].lower()]
    tabari_endings = False
    if main and default_stem and trailing_exact and len(parts) == 1 and re.fullmatch(r"[a-z]+", heads[0]):
        # TABARI: a verb ending in '_' is not a stem but still takes its regular endings (DEPART_ -> departs,
        # departed, departing, and TABARI's literal -ES and -EN endings: departes, departen)
        generate = True
        tabari_endings = True
    if generate and re.fullmatch(r"[a-z]+", heads[0]):
        forms = set(regular_verb_forms(heads[0]))
        if tabari_endings:
            forms |= {heads[0] + "es", heads[0] + "en"}
        heads = sorted(forms)
    out: list[Seq] = []
    for h in heads:
        seq: list[Word] = []
        for k, p in enumerate(parts):
            word = h if k == head else p.lower()
            toks = word_tokens(word)
            if not toks:
                raise DictionaryError(f"bad verb '{spec}'", source=where)
            last_word = k == len(parts) - 1
            stem = default_stem and not (last_word and trailing_exact) and not generate
            seq.extend(Word(t, False) for t in toks[:-1])
            seq.append(Word(toks[-1], stem))
        out.append(tuple(seq))
    return out


def _pattern_text(text: str, where: str) -> str:
    """PETRARCH 2 pattern syntax brought to the lexer's: ``( ... )`` groups are checked and
    dropped (their words stay, in order); the word opening a group is its preposition, matched as
    a whole word (``(IN ...)`` is not a stem of "into"), and one written ``BY/WITH`` outside
    ``{ }`` becomes the alternatives ``{BY_ | WITH_}``."""
    depth = 0
    braces = 0
    out: list[str] = []
    word: list[str] = []
    opening = False  # the next word opens a '( )' group

    def flush() -> None:
        nonlocal opening
        w = "".join(word)
        word.clear()
        if not w:
            return
        prep = opening and braces == 0
        opening = False
        if braces == 0 and re.fullmatch(r"[A-Za-z]+(?:/[A-Za-z]+)+", w):
            out.append("{" + " | ".join(a + ("_" if prep else "") for a in w.split("/")) + "}")
        elif prep and re.fullmatch(r"[A-Za-z]+", w):
            out.append(w + "_")
        else:
            out.append(w)

    for c in text:
        if c == "(":
            depth += 1
            flush()
            out.append(" ")
            opening = True
            continue
        if c == ")":
            depth -= 1
            if depth < 0:
                raise DictionaryError("')' without '('", source=where)
            flush()
            out.append(" ")
            continue
        if c == "{":
            braces += 1
        elif c == "}":
            braces -= 1
        if c.isspace() or c in "{}|":
            flush()
            out.append(c)
            continue
        word.append(c)
    flush()
    if depth != 0:
        raise DictionaryError("'(' without ')'", source=where)
    return "".join(out)


def _member_words(member: str, exact: bool, where: str) -> list[Word]:
    """A synset member ('CEASE_FIRE', 'AUSTRIAN FLORIN', '(TO THE END)', 'CASH_') -> its words;
    the last word is a stem unless the member or its synset's name ends in '_'."""
    text = member.replace("(", " ").replace(")", " ").strip()
    exact = exact or text.endswith("_")
    words: list[Word] = []
    parts = [p for p in re.split(r"[_\s]+", text) if p]
    for part in parts:
        toks = word_tokens(part)
        words.extend(Word(t, False) for t in toks[:-1])
        if toks:
            words.append(Word(toks[-1], not exact))
    if not words:
        raise DictionaryError(f"empty synset member '+{member}'", hint="write +WORD or +WORD_WORD", source=where)
    return words


class _Block:
    def __init__(self, name: str, code: str, where: str) -> None:
        self.name = name
        self.code = code
        self.where = where
        self.verbs: list[tuple[list[Seq], str | None, str, str]] = []  # forms, code, where, name
        self.patterns: list[tuple[str, str | None, str]] = []  # text, code, where


def load_petrarch_verbs(path: Path) -> PatternSet:
    """Read a PETRARCH 1/2, UniversalPetrarch or TABARI verb dictionary into a :class:`PatternSet`."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise DictionaryError(f"cannot read the verb dictionary: {err.strerror or err}", source=name) from None
    return parse_petrarch_verbs(text, name)


def _is_header(stripped: str) -> bool:
    return stripped.startswith("---") and len(stripped) > 3 and not stripped.startswith("--- -") and bool(
        re.match(r"^---\s*\S", stripped)) and not re.fullmatch(r"-+", stripped)


def parse_petrarch_verbs(text: str, name: str = "<verbs>") -> PatternSet:
    lines = text.splitlines()
    petr2 = any(_HEADER_RE.match(ln) and ln.rstrip().endswith("---") and len(ln.strip()) > 6 for ln in lines)
    result = PatternSet(files=[name])
    synsets: dict[str, list[list[Word]]] = {}
    synset_raw: dict[str, list[tuple[str, str]]] = {}
    synset_exact: dict[str, bool] = {}
    blocks: list[_Block] = []
    block: _Block | None = None
    synset: str | None = None
    last_verb_tabari: bool = False

    for lineno, line in without_block_comments(text):
        where = f"{name}:{lineno}"
        stripped = line.strip()
        if petr2 and _is_header(stripped):
            m = _HEADER_RE.match(stripped)
            inner = cut_line_comment(m.group(1) if m else stripped[3:])
            if inner.count("[") != inner.count("]"):
                raise DictionaryError("unbalanced '[ ]' in a verb block header", source=where)
            codes = re.findall(r"\[([^\]]*)\]", inner)
            vname = re.sub(r"\[[^\]]*\]", "", inner).strip()
            if not vname:
                raise DictionaryError("a verb block header needs a verb: '--- VERB  [code] ---'", source=where)
            code = codes[0].strip() if codes else "---"
            if not _CODE_OK_RE.match(code):
                raise DictionaryError(f"bad code '[{code}]'", source=where)
            block = _Block(vname.split()[0].upper(), code, where)
            blocks.append(block)
            synset = None
            continue
        body = cut_line_comment(line).strip()
        if not body:
            # a blank or comment line: it does not end a synset (PETRARCH 2 files comment inside them)
            continue
        if body.startswith("&"):
            label = body[1:].split()[0] if body[1:].split() else ""
            sname = label.rstrip("_").upper()
            if not re.fullmatch(r"[A-Z0-9][A-Z0-9_]*", sname) or len(body[1:].split()) > 1:
                raise DictionaryError(f"bad synset name '{body}'", hint="write '&NAME' on its own line", source=where)
            synset = sname
            if sname in synset_raw:
                result.count("synsets defined twice (members merged)")
            else:
                synset_raw[sname] = []
                result.count("synsets")
            synset_exact[sname] = synset_exact.get(sname, False) or label.endswith("_")
            block = None if petr2 else block
            continue
        if body.startswith("+") and synset is not None:
            member = body[1:].strip()
            if not member:
                raise DictionaryError("empty synset member", source=where)
            synset_raw[synset].append((member, where))
            result.count("synset members")
            continue
        synset = None
        if body.startswith("~"):
            if "=" not in body:
                raise DictionaryError("a transformation line needs '='", hint="'~ a (a b ATTACK) SAY = a b 015'", source=where)
            result.count(IGN_TRANSFORMATION)
            continue
        if body.startswith("-"):
            if block is None:
                raise DictionaryError("a pattern line '- ...' before any verb", source=where)
            ptxt, pcode = _split_code(body[1:], where)
            if "*" not in ptxt:
                raise DictionaryError("a pattern needs '*' where the verb stands", hint="e.g. '- * TALKS  [031]'", source=where)
            block.patterns.append((_pattern_text(ptxt, where), pcode, where))
            continue
        if body.startswith("{"):
            # TABARI: other forms of the verb above
            if block is None or not block.verbs or not last_verb_tabari:
                raise DictionaryError("a '{ forms }' line must follow a verb line", source=where)
            if not body.endswith("}"):
                raise DictionaryError("'{' without '}'", source=where)
            forms, vcode, vwhere, vname = block.verbs[-1]
            for f in body[1:-1].split():
                forms.extend(_verb_words(f, where, default_stem=True, generate=False))
            continue
        # a verb line
        vtext, vcode = _split_code(body, where)
        extra: list[str] = []
        braces = "{" in vtext
        if "{" in vtext or "}" in vtext:
            m = re.match(r"^(.*?)\{(.*)\}\s*$", vtext)
            if not m or "{" in m.group(2) or "}" in m.group(2):
                raise DictionaryError("unbalanced '{ }' in a verb line", source=where)
            vtext, extra = m.group(1).strip(), m.group(2).split()
        if _NOT_A_VERB & set(vtext + "".join(extra)):
            # e.g. '* (TO QUESTION) [110]' (a pattern without its '-'): PETRARCH files it as a verb
            # that no word can match
            result.count(IGN_NOT_A_VERB)
            continue
        if petr2:
            if block is None:
                raise DictionaryError("a verb line outside a '--- VERB [code] ---' block", source=where)
            # 'VERB {}' names a fixed phrase: no other forms ('+ANGERED_BY {}'); forms in the braces are
            # added to the regular ones (UniversalPetrarch matches the lemma, which covers them all)
            forms = _verb_words(vtext, where, default_stem=False, generate=not (braces and not extra))
            for f in extra:
                forms.extend(_verb_words(f, where, default_stem=False, generate=False))
            block.verbs.append((forms, vcode, where, vtext))
            last_verb_tabari = False
        else:
            if vcode is None:
                vcode = "---"
            block = _Block(vtext.upper(), vcode, where)
            blocks.append(block)
            forms = _verb_words(vtext, where, default_stem=True, generate=False, main=True)
            for f in extra:
                forms.extend(_verb_words(f, where, default_stem=True, generate=False))
            block.verbs.append((forms, vcode, where, vtext))
            last_verb_tabari = True

    # resolve synsets (members may name other synsets)
    def resolve(sname: str, stack: tuple[str, ...]) -> list[list[Word]]:
        if sname in synsets:
            return synsets[sname]
        if sname in stack:
            raise DictionaryError(f"synset &{sname} includes itself", source=name)
        out: list[list[Word]] = []
        for member, mwhere in synset_raw[sname]:
            if member.startswith("&"):
                ref = member[1:].strip().rstrip("_").upper()
                if ref not in synset_raw:
                    raise DictionaryError(f"unknown synset &{ref}", source=mwhere)
                out.extend(resolve(ref, stack + (sname,)))
            else:
                out.append(_member_words(member, synset_exact.get(sname, False), mwhere))
        dedup: dict[tuple[Word, ...], list[Word]] = {}
        for words in out:
            dedup.setdefault(tuple(words), words)
        synsets[sname] = list(dedup.values())
        return synsets[sname]

    for sname in list(synset_raw):
        resolve(sname, ())

    base = Path(name).name
    # PETRARCH 2: a block's patterns belong to its name, so to the verbs of every block so named
    groups: dict[str, list[_Block]] = {}
    for blk in blocks:
        groups.setdefault(blk.name if petr2 else str(id(blk)), []).append(blk)

    for group in groups.values():
        raw_patterns = [p for blk in group for p in blk.patterns]
        verbs = [(blk, v) for blk in group for v in blk.verbs]
        if not verbs:
            if raw_patterns:
                if not petr2:
                    raise DictionaryError("a verb block with patterns but no verb line", source=group[0].where)
                result.count(IGN_PATTERNS_NO_VERB, len(raw_patterns))
            continue
        patterns = []
        for ptxt, pcode, pwhere in raw_patterns:
            if pcode is not None and pcode.startswith(":"):
                result.count(IGN_REVERSE_ONLY)
                continue
            try:
                items = lex_pattern(ptxt, default_stem=True, synsets=synsets)
                pat, _verb = items_to_pattern(items, pid=f"{base}:{pwhere.rsplit(':', 1)[1]}",
                                              code=pcode or "", origin=pwhere, text=ptxt.strip())
            except UnknownSynset as err:
                result.count(IGN_EMPTY_SYNSET if err.empty else IGN_UNKNOWN_SYNSET)
                continue
            except PatternSyntaxError as err:
                raise DictionaryError(f"bad pattern: {err}", source=pwhere) from None
            patterns.append(pat)
        seen: set[tuple[tuple[Seq, ...], str]] = set()
        for blk, (forms, vcode, vwhere, vname) in verbs:
            code = vcode or blk.code
            if code.startswith(":"):
                result.count(IGN_REVERSE_VERB)
                code = "---"
            key = (tuple(dict.fromkeys(forms)), code)
            if key in seen:
                result.count(IGN_DUPLICATE_VERB)
                continue
            seen.add(key)
            entry_patterns = []
            for p in patterns:
                if not p.code:
                    p = type(p)(p.id, code, p.before, p.after, p.origin, p.text)
                entry_patterns.append(p)
            result.entries.append(
                VerbEntry(
                    id=f"{base}:{vwhere.rsplit(':', 1)[1]}:{vname.strip().lower()}",
                    forms=tuple(dict.fromkeys(forms)),
                    code=code,
                    patterns=entry_patterns,
                    origin=vwhere,
                    flavor="petrarch",
                    max_gap=PETRARCH_MAX_GAP,
                    needs_source=True,
                    petrarch2=petr2,
                )
            )
        result.count("patterns", len(patterns))
    result.count("verbs", len(result.entries))
    if petr2:
        result.count("blocks", len(blocks))
    return result


def looks_like_petrarch_verbs(path: Path) -> bool:
    """A file's role is recognised by 'verb' in its name (PETR.Validate.verbs.txt, CAMEO.verbs.txt)."""
    return "verb" in path.name.lower()


def looks_like_petrarch_discards(path: Path) -> bool:
    """A PETRARCH discard list is recognised by 'discard' in its name (PETR.Validate.discards.txt)."""
    return "discard" in path.name.lower()


def load_petrarch_discards(path: Path) -> PatternSet:
    """Read a PETRARCH discard list: one phrase a line (``_`` or spaces between words), ``+PHRASE``
    discards the whole story, a plain phrase the sentence; ``#`` / ``;`` comments and ``<!-- -->``
    blocks. A phrase matches whole words, case-insensitively; its last word may take a plural
    ending (TYPHOON matches "typhoons")."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise DictionaryError(f"cannot read the discard list: {err.strerror or err}", source=name) from None
    out = PatternSet(files=[name])
    for lineno, line in without_block_comments(text):
        where = f"{name}:{lineno}"
        body = cut_line_comment(line).strip()
        if not body:
            continue
        story = body.startswith("+")
        phrase = body[1:].strip() if story else body
        if "[" in phrase or "]" in phrase:
            raise DictionaryError(f"a discard line holds a phrase, not a code: {body!r}",
                                  hint="write the phrase alone; '+PHRASE' discards the whole story", source=where)
        toks = tuple(word_tokens(phrase.replace("_", " ")))
        if not toks:
            raise DictionaryError("empty discard phrase", hint="write a phrase or drop the line", source=where)
        out.discards.append(Discard(toks, story, where))
    out.count("discards", len(out.discards))
    return out


# --- PETRARCH 2 / UniversalPetrarch side files: the internal coding ontology and the issues list --------

_PICO_LINE = re.compile(r"^(---|[0-9]{2,4}[A-Za-z]?)\s*:\s*(.+)$")
_PICO_EXPR = re.compile(r"^-?(?:0x[0-9A-Fa-f]+|0)(?:\s*[+-]\s*(?:0x[0-9A-Fa-f]+|0))*$")


def looks_like_petrarch_pico(path: Path) -> bool:
    """UniversalPetrarch's internal coding ontology (PETR_Validate_Internal_Coding_Ontology_1_01.txt)."""
    low = path.name.lower()
    return "ontology" in low or "pico" in low


def looks_like_petrarch_issues(path: Path) -> bool:
    """A PETRARCH issues list (Phoenix.IssueCoding.txt, *.issues.*.txt)."""
    return "issue" in path.name.lower()


def _read_side_file(path: Path, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise DictionaryError(f"cannot read the {what}: {err.strerror or err}", source=str(path)) from None


def parse_petrarch_pico(text: str, name: str = "<pico>") -> dict[str, int]:
    """``CODE:HEX`` lines (``010:0x1000``, ``1221:-0xFFFF+0x2045+0x300``; ``#`` comments) -> the
    value of each CAMEO code in PETRARCH's internal ontology (PICO). PETRARCH 2 adds these values
    to combine a verb's code with a pattern's; peacewatch codes CAMEO directly and only reads them."""
    out: dict[str, int] = {}
    for lineno, line in without_block_comments(text):
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        where = f"{name}:{lineno}"
        m = _PICO_LINE.match(body)
        if not m or not _PICO_EXPR.match(m.group(2).strip()):
            raise DictionaryError(f"cannot read {body!r} as 'CODE:0xHEX'", hint="e.g. '013:0x1001' or '121:-0xFFFF+0x0070'", source=where)
        value = 0
        for sign, num in re.findall(r"([+-]?)\s*(0x[0-9A-Fa-f]+|0)", m.group(2)):
            v = int(num, 16) if num.startswith("0x") else 0
            value += -v if sign == "-" else v
        out[m.group(1)] = value
    return out


def load_petrarch_pico(path: Path) -> PatternSet:
    """Read (and check) a PICO file; nothing of it is used by the coder, its codes are counted."""
    path = Path(path)
    codes = parse_petrarch_pico(_read_side_file(path, "internal coding ontology"), str(path))
    out = PatternSet(files=[str(path)])
    out.count("pico codes", len(codes))
    out.count("ignored: internal coding ontology codes (peacewatch codes CAMEO directly)", len(codes))
    return out


_ISSUE_OPEN = re.compile(r"^<ISSUE\b([^>]*)>$", re.I)
_ISSUE_CLOSE = re.compile(r"^</ISSUE\s*>$", re.I)


def load_petrarch_issues(path: Path) -> PatternSet:
    """Read a PETRARCH issues list: ``<ISSUE CATEGORY="..." TYPE="...">`` sections of ``phrase
    [CODE]`` lines (``n:`` noun and ``v:`` verb forms, ``+`` space or hyphen), ``~phrase`` (no issue
    in a sentence holding it) and ``~~phrase`` (nor in the story); ``#`` comments. peacewatch codes
    no issues: the phrases are checked and counted."""
    path = Path(path)
    name = str(path)
    text = _read_side_file(path, "issues list")
    out = PatternSet(files=[name])
    for lineno, line in without_block_comments(text):
        where = f"{name}:{lineno}"
        body = cut_line_comment(line).strip()
        if not body:
            continue
        if _ISSUE_OPEN.match(body):
            out.count("issue categories")
            continue
        if _ISSUE_CLOSE.match(body):
            continue
        if body.startswith("~"):
            phrase = body.lstrip("~").strip()
            if not word_tokens(phrase.replace("+", " ")):
                raise DictionaryError("empty exclusion phrase after '~'", source=where)
            out.count("issue exclusions")
            continue
        if "[" not in body and "]" not in body:
            out.count("ignored: issue phrase without a [code] (PETRARCH skips it)")
            continue
        m = re.match(r"^([^\[\]]*)\[([^\[\]]*)\]\s*$", body)
        if not m:
            raise DictionaryError(f"cannot read issue line {body!r}", hint="write 'phrase [CODE]'", source=where)
        phrase, code = m.group(1).strip(), m.group(2).strip()
        if not code or not re.fullmatch(r"[A-Za-z0-9_\-]+", code):
            raise DictionaryError(f"bad issue code [{code}]", hint="a code such as [FOREIGN_AID]", source=where)
        words = re.sub(r"\b[nv]:", "", phrase, flags=re.I).replace("+", " ")
        if not word_tokens(words):
            raise DictionaryError("an issue line without a phrase", source=where)
        out.count("issue phrases")
    out.count("ignored: issue phrases and exclusions (peacewatch codes no issues)",
              out.stats.get("issue phrases", 0) + out.stats.get("issue exclusions", 0))
    return out
