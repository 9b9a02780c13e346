"""Import of PETRARCH/TABARI actor and agent dictionaries into peacewatch entries.

Actor files (``PETR.Validate.actors.txt``, Phoenix ``Phoenix.Countries.actors.txt``, ...)::

    NAME_WITH_UNDERSCORES  [CODE]          # an entry; '_' joins words
    +SYNONYM                               # more names of the entry above
        [CODE 070501-080731]               # dated codes on their own lines ...
    ALBRIGHT [USAGOV 991201-010114] [---]  # ... or several on the entry line
    [EGYGOV >140608]  [HOB <950601]        # from / before a date (YYMMDD or YYYYMMDD)

Comments: ``#`` or ``;`` to the end of a line, and ``<!-- ... -->`` blocks (which may span lines).
A name without a final underscore is a stem in TABARI (``ARGENTIN`` matches Argentina, Argentine);
with one (``AFGHANISTAN_``) it must match the whole word. Codes ``---`` (known, no code), ``###``
and ``+++`` (discard) make the name block shorter matches and code nothing; ``A/B`` is a compound.

Agent files::

    !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON   # a substitution set
    FOREIGN_MINISTER [~GOVFRM]                   # '~' is where the country code goes: KOR + GOVFRM
    HUMAN_RIGHTS_ACTIVIST [HGM~]                 # prefix agent: HGM + KOR
    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]  # explicit plural; {} = no plural form
    CONGRESS!PERSON! [~LEG]                      # expands to CONGRESSMAN, CONGRESSMEN, ...

Six-digit dates are YYMMDD with years 00-29 read as 20YY and 30-99 as 19YY.

What cannot be used is read and counted in ``PetrarchStats.ignored`` (never an exception): a name
with no code at all (an actor with neither a code on its line nor a ``[CODE]`` line under it, an
agent line without ``[...]``), a dated code whose range ends before it starts. An agent code closed
with ``}`` instead of ``]`` (``[~ENV}``, in Phoenix.agents.txt) is read as ``[~ENV]`` and counted.
Other malformed lines raise :class:`DictionaryError` naming ``file:line``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DictionaryError
from ..petrarch_text import cut_line_comment, without_block_comments
from .dictionary import Entry, Role

PET_CODE_RE = re.compile(r"^[A-Z0-9#+\-/]+$")
DATE_PART_RE = re.compile(r"^\d{6}$|^\d{8}$")
NULL_CODES = {"---", "###", "+++"}


@dataclass
class PetrarchStats:
    entries: int = 0
    synonyms: int = 0
    codes: int = 0
    dated_codes: int = 0
    substitution_sets: int = 0
    agent_forms: int = 0
    prefix_agents: int = 0
    explicit_plurals: int = 0
    files: list[str] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)  # why -> how many

    def ignore(self, why: str, n: int = 1) -> None:
        self.ignored[why] = self.ignored.get(why, 0) + n


IGN_NO_CODE = "actor name with no code (nothing to code it as)"
IGN_REVERSED = "dated code whose range ends before it starts"
IGN_AGENT_NO_CODE = "agent line without a [code]"
REPAIRED_BRACE = "agent code closed with '}' read as ']'"


class ReversedDateRange(DictionaryError):
    """A dated code ``[CODE D1-D2]`` with D2 before D1: well formed, but it can never apply."""


def _read(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return Path(path).read_text(encoding="latin-1")
    except OSError as e:
        raise DictionaryError(f"cannot read ({e.strerror})", hint="check the path", source=str(path)) from None


def _strip_comments(text: str) -> Iterator[tuple[int, str]]:
    """Yield (lineno, line) with comments removed; ``<!-- -->`` blocks may span lines."""
    for lineno, line in without_block_comments(text):
        yield lineno, cut_line_comment(line)


def _date(text: str, where: str) -> _dt.date:
    if not DATE_PART_RE.match(text):
        raise DictionaryError(
            f"bad date {text!r} in a code block",
            hint="write YYMMDD or YYYYMMDD, e.g. [KORGOV 070501-080731]",
            source=where,
        )
    try:
        if len(text) == 6:
            yy = int(text[:2])
            year = 2000 + yy if yy < 30 else 1900 + yy
            return _dt.date(year, int(text[2:4]), int(text[4:6]))
        return _dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise DictionaryError(f"no such date {text!r}", hint="write a real calendar date", source=where) from None


def parse_code_block(block: str, where: str) -> Role:
    """The inside of one ``[...]``: ``CODE``, ``CODE <D``, ``CODE >D`` or ``CODE D1-D2``."""
    s = block.strip()
    m = re.match(r"^(\S+)\s*(.*)$", s)
    if not m or not s:
        raise DictionaryError("empty code block []", hint="write [CODE] or [CODE YYMMDD-YYMMDD]", source=where)
    code, rest = m.group(1).upper(), m.group(2).strip()
    if DATE_PART_RE.match(code) or code[:1] in "<>" or not PET_CODE_RE.match(code):
        raise DictionaryError(
            f"code block [{block.strip()}] has no valid code",
            hint="put the code first: [KORGOV 070501-080731]",
            source=where,
        )
    if not rest:
        return Role(code, None, None, "", where)
    rest = rest.replace(" ", "")
    if rest.startswith("<"):
        d = _date(rest[1:], where)
        return Role(code, None, d - _dt.timedelta(days=1), "", where)
    if rest.startswith(">"):
        return Role(code, _date(rest[1:], where), None, "", where)
    if "-" in rest:
        a, b = rest.split("-", 1)
        start, end = _date(a, where), _date(b, where)
        if end < start:
            raise ReversedDateRange(f"date range {rest} ends before it starts", hint="swap the dates", source=where)
        return Role(code, start, end, "", where)
    raise DictionaryError(
        f"cannot read the date restriction {rest!r}",
        hint="write <YYMMDD, >YYMMDD or YYMMDD-YYMMDD",
        source=where,
    )


def _codes_in(text: str, where: str, st: "PetrarchStats | None" = None) -> tuple[str, list[Role]]:
    """Split ``NAME [A] [B 990101-000101]`` into the name and its code roles. With ``st``, a dated
    code whose range ends before it starts is dropped and counted instead of raising."""
    if text.count("[") != text.count("]"):
        raise DictionaryError(
            f"unbalanced brackets in {text.strip()!r}", hint="close every '[' with ']'", source=where
        )
    name = text.split("[", 1)[0]
    roles = []
    for b in re.findall(r"\[([^\]]*)\]", text):
        try:
            roles.append(parse_code_block(b, where))
        except ReversedDateRange:
            if st is None:
                raise
            st.ignore(IGN_REVERSED)
    rest = re.sub(r"\[[^\]]*\]", "", text[len(name) :]).strip()
    if rest:
        raise DictionaryError(
            f"unexpected text {rest!r} after the codes", hint="comments start with # or ;", source=where
        )
    return name.strip(), roles


STEM_MIN = 4  # a TABARI stem continues into a longer word only when its last word has this many letters


def _name(raw: str) -> tuple[str, bool]:
    """PETRARCH name -> (words joined by spaces, stem?). A name without a final ``_`` is a TABARI stem
    (ARGENTIN matches Argentina, Argentine) unless its last word is shorter than ``STEM_MIN``
    letters: ``THE_KU`` must not swallow "the Kuwait government", nor ``THE_AU`` "the Australian"."""
    n = raw.strip()
    exact = n.endswith("_") or n.endswith("=")
    n = n.rstrip("_=").replace("_", " ")
    n = re.sub(r"\s+", " ", n).strip()
    last = n.rsplit(" ", 1)[-1] if n else ""
    return n, not exact and len(last) >= STEM_MIN


def _short_stem_plural(raw: str, name: str) -> str | None:
    """The plural form a name also matches: a short TABARI stem (ENT matches "Ents") and a whole-word
    name ending in ``_`` (TABARI lets it take the regular noun ending: LIBYA_ matches "Libyas");
    a name ending in ``=`` matches exactly as written (MOUSE= does not match "Mouses")."""
    n = raw.strip()
    if n.endswith("=") or not name or name[-1:].lower() == "s" or not name[-1:].isalpha():
        return None
    if n.endswith("_") or len(name.rsplit(" ", 1)[-1]) < STEM_MIN:
        return name + "s"
    return None


def load_petrarch_actors(path: Path, stats: PetrarchStats | None = None) -> list[Entry]:
    """Read a PETRARCH/TABARI actor dictionary into entries (kind ``actor``)."""
    path = Path(path)
    text = _read(path)
    entries: list[Entry] = []
    cur: Entry | None = None
    st = stats or PetrarchStats()
    st.files.append(str(path))

    def close(e: Entry | None) -> None:
        if e is None:
            return
        if not e.roles:
            # PETRARCH keeps such a name but can code nothing with it
            st.ignore(IGN_NO_CODE)
            return
        undated = [r for r in e.roles if not r.dated]
        if undated:
            e.code = undated[0].code
        entries.append(e)
        st.entries += 1
        st.codes += len(e.roles)
        st.dated_codes += sum(1 for r in e.roles if r.dated)

    for lineno, line in _strip_comments(text):
        where = f"{path}:{lineno}"
        s = line.strip()
        if not s:
            continue
        if s.startswith("+"):
            if cur is None:
                raise DictionaryError(
                    f"synonym {s!r} before any actor", hint="put '+' synonyms under the actor they belong to", source=where
                )
            nm, roles = _codes_in(s[1:], where, st)
            if not nm:
                raise DictionaryError("empty synonym '+'", hint="write +NAME or drop the line", source=where)
            name, stem = _name(nm)
            cur.names.append(name)
            if stem:
                cur.stem.add(name)
            pl = _short_stem_plural(nm, name)
            if pl:
                cur.names.append(pl)
            cur.roles.extend(roles)
            st.synonyms += 1
            continue
        if s.startswith("["):
            if cur is None:
                raise DictionaryError(
                    f"code line {s!r} before any actor", hint="put code lines under the actor they belong to", source=where
                )
            _, roles = _codes_in(s, where, st)
            cur.roles.extend(roles)
            continue
        if s.startswith(("{", "!", "]", "~", "<", ">")):
            raise DictionaryError(
                f"cannot read {s!r} in an actor dictionary",
                hint="an actor line is NAME [CODE]; a synonym +NAME; a code line [CODE DATE]",
                source=where,
            )
        close(cur)
        nm, roles = _codes_in(s, where, st)
        name, stem = _name(nm)
        if not name:
            raise DictionaryError(f"actor line {s!r} has no name", hint="write NAME [CODE]", source=where)
        cur = Entry(kind="actor", name=name, origin=where, names=[name], roles=list(roles),
                    case_insensitive=True, source=f"PETRARCH dictionary {path.name}")
        if stem:
            cur.stem.add(name)
        pl = _short_stem_plural(nm, name)
        if pl:
            cur.names.append(pl)
    close(cur)
    return entries


def _plural(word: str) -> str:
    """English plural of the last word (PETRARCH's rule of thumb)."""
    head, _, last = word.rpartition(" ")
    lw = last.upper()
    if lw.endswith(("S", "X", "Z", "CH", "SH")):
        p = last + "ES"
    elif lw.endswith("Y") and len(lw) > 1 and lw[-2] not in "AEIOU":
        p = last[:-1] + "IES"
    elif lw.endswith("MAN"):
        p = last[:-3] + "MEN"
    else:
        p = last + "S"
    return f"{head} {p}" if head else p


def load_petrarch_agents(path: Path, stats: PetrarchStats | None = None) -> list[Entry]:
    """Read a PETRARCH/TABARI agent dictionary into entries (kind ``agent``)."""
    path = Path(path)
    text = _read(path)
    st = stats or PetrarchStats()
    st.files.append(str(path))
    subs: dict[str, list[str]] = {}
    entries: list[Entry] = []
    for lineno, line in _strip_comments(text):
        where = f"{path}:{lineno}"
        s = line.strip()
        if not s:
            continue
        m = re.match(r"^(![A-Za-z0-9]+!)\s*=\s*(.+)$", s)
        if m:
            alts = [a.strip() for a in m.group(2).split(",") if a.strip()]
            if not alts:
                raise DictionaryError(f"empty substitution set {m.group(1)}", hint="list words after '='", source=where)
            subs[m.group(1).upper()] = alts
            st.substitution_sets += 1
            continue
        if "[" not in s and "]" not in s:
            st.ignore(IGN_AGENT_NO_CODE)  # 'ISLAMIC_EXTREMIST' alone on its line
            continue
        bad_close = re.match(r"^(.*\[[^\[\]{}]*)\}\s*$", s)
        if bad_close and "]" not in s:
            s = bad_close.group(1) + "]"  # '[~ENV}'
            st.ignore(REPAIRED_BRACE)
        m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[([^\]]*)\]\s*$", s)
        if not m:
            raise DictionaryError(
                f"cannot read agent line {s!r}",
                hint="write WORD [~CODE] or WORD {PLURAL} [~CODE] (prefix agents: [CODE~])",
                source=where,
            )
        word_raw, plural_raw, code_raw = m.group(1), m.group(2), m.group(3).strip().upper()
        if code_raw.count("~") != 1:
            raise DictionaryError(
                f"agent code [{code_raw}] has no '~'",
                hint="'~' marks where the country code goes: [~GOV] (KORGOV) or [NGO~] (NGOKOR)",
                source=where,
            )
        position = "prefix" if code_raw.endswith("~") else "suffix"
        sector = code_raw.replace("~", "").strip()
        if not re.match(r"^[A-Z0-9]+$", sector):
            raise DictionaryError(f"bad agent code [{code_raw}]", hint="write [~GOV] or [NGO~]", source=where)
        # substitution sets
        markers = re.findall(r"![A-Za-z0-9]+!", word_raw)
        forms = [word_raw]
        for mk in markers:
            if mk.upper() not in subs:
                raise DictionaryError(
                    f"unknown substitution {mk}", hint=f"define it first: {mk} = WORD, WORD", source=where
                )
            forms = [f.replace(mk, alt, 1) for f in forms for alt in subs[mk.upper()]]
        names = [_name(f)[0] for f in forms]
        plurals: list[str] = []
        if plural_raw is not None:
            inner = plural_raw[1:-1].strip()
            if inner:
                plurals = [_name(p)[0] for p in re.split(r"[,\s]+", inner) if p]
                st.explicit_plurals += 1
        elif not markers:
            plurals = [_plural(n) for n in names]
        e = Entry(kind="agent", name=names[0], origin=where, names=names, code=sector, plurals=plurals,
                  position=position, case_insensitive=True, source=f"PETRARCH agents {path.name}")
        entries.append(e)
        st.entries += 1
        st.agent_forms += len(names) + len(plurals)
        if position == "prefix":
            st.prefix_agents += 1
    return entries
