"""Actor dictionaries: entries, dated roles, the project's own file format and loading.

The format (documented in docs/DICTIONARIES.md, "## Actors") is line oriented::

    # peacewatch actors 1
    [person] Lee Jae Myung
    names: Lee Jae Myung | Lee Jae-myung
    surname: Lee
    role: KOROPP 2022-05-10..2025-06-03 | Democratic Party, opposition
    role: KORGOV 2025-06-04.. | President of South Korea
    source: public record

An entry starts with ``[kind] Canonical name``; the ``key: value`` lines below it belong to it.
``#`` starts a comment line. Every problem is a :class:`DictionaryError` naming ``file:line``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..errors import DictionaryError

FORMAT_HEADER = "# peacewatch actors"

KINDS = {
    "country",  # a state: names, demonyms (with plurals), seats of power (-> CODE+GOV)
    "org",  # an organisation with a fixed code (IGOUNO, IGOWSTNAT, ...)
    "actor",  # any other named actor with a fixed or dated code (a ministry, a news agency, ...)
    "person",  # a person with dated roles
    "agent",  # a sector word (government, troops, foreign minister) -> a CAMEO sector code
    "compound",  # several actors at once ("the two Koreas")
    "reference",  # a word that refers back (he, his office, the organization)
    "ignore",  # a name that is not an actor and must block shorter matches (Korean Peninsula)
}

KEYS = {
    "names", "demonyms", "seats", "code", "role", "surname", "context", "members", "source",
    "note", "plural", "title", "refers", "default", "position", "home",
}

CODE_RE = re.compile(r"^(?:---|[A-Z0-9]{3})[A-Z0-9]*$")
SECTOR_RE = re.compile(r"^(?:[A-Z0-9]{3})+$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
REFERS = {"person", "person-office", "organisation", "country"}


# --- records ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """One code an entry has over a date range (``None`` = open)."""

    code: str
    start: _dt.date | None = None
    end: _dt.date | None = None
    label: str = ""
    origin: str = ""  # file:line

    def covers(self, day: _dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def span_text(self) -> str:
        a = self.start.isoformat() if self.start else ""
        b = self.end.isoformat() if self.end else ""
        return f"{a}..{b}" if self.dated else "undated"


@dataclass
class Entry:
    """One dictionary entry (a country, organisation, person, agent word, ...)."""

    kind: str
    name: str
    origin: str  # file:line of the entry's first line
    names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)
    code: str | None = None  # the undated / default code (for an agent: its sector, e.g. GOV)
    roles: list[Role] = field(default_factory=list)
    surname: str | None = None
    context: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    source: str = ""
    note: str = ""
    plurals: list[str] = field(default_factory=list)
    title: bool = False  # an agent word naming one office holder (president, foreign minister)
    home: bool = False  # an agent naming a domestic institution: alone, it is the story's home country's
    refers: str | None = None  # for kind "reference"
    default: str | None = None  # for an agent: the code it has alone (Secretary-General -> IGOUNO)
    position: str = "suffix"  # agent code after the country (KOR+GOV) or before it (NGO~ -> NGO+KOR)
    case_insensitive: bool = False  # PETRARCH/TABARI names match in any case
    stem: set[str] = field(default_factory=set)  # names that also match longer words (TABARI stems)

    # --- codes on a date ---

    def code_on(self, day: _dt.date | None) -> tuple[str | None, Role | None, str]:
        """The code of this entry on ``day`` and why: (code, the role used, explanation).

        Dated roles are tried in file order (the first that covers the day wins, as in
        PETRARCH); then the undated code. Without a date: the undated code, else the role with the
        latest start.
        """
        if day is not None:
            for r in self.roles:
                if r.dated and r.covers(day):
                    return r.code, r, f"role {r.span_text()}" + (f" ({r.label})" if r.label else "")
            for r in self.roles:
                if not r.dated:
                    return r.code, r, "undated code" + (f" ({r.label})" if r.label else "")
            if self.code:
                return self.code, None, "undated code"
            return None, None, f"no role on {day.isoformat()}"
        undated = [r for r in self.roles if not r.dated]
        if undated:
            return undated[0].code, undated[0], "undated code (story has no date)"
        if self.code:
            return self.code, None, "undated code (story has no date)"
        if self.roles:
            latest = max(self.roles, key=lambda r: r.start or _dt.date.min)
            return latest.code, latest, f"latest role {latest.span_text()} (story has no date)" + (
                f" ({latest.label})" if latest.label else ""
            )
        return None, None, "no code"

    def countries(self) -> set[str]:
        out = set()
        for c in [self.code] + [r.code for r in self.roles]:
            if c and not c.startswith("---"):
                out.add(c[:3])
        return out


# --- parsing helpers --------------------------------------------------------------------------------


def parse_date(text: str, *, end: bool, where: str) -> _dt.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a partial date is the first (``end=False``) or last
    day of its period."""
    m = DATE_RE.match(text)
    if not m:
        raise DictionaryError(
            f"bad date {text!r}", hint="write YYYY, YYYY-MM or YYYY-MM-DD", source=where
        )
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if mo is None:
            return _dt.date(y, 12, 31) if end else _dt.date(y, 1, 1)
        mo_i = int(mo)
        if d is None:
            if end:
                nxt = _dt.date(y + (mo_i == 12), mo_i % 12 + 1, 1)
                return nxt - _dt.timedelta(days=1)
            return _dt.date(y, mo_i, 1)
        return _dt.date(y, mo_i, int(d))
    except ValueError:
        raise DictionaryError(
            f"no such date {text!r}", hint="write a real calendar date", source=where
        ) from None


def parse_role(value: str, where: str) -> Role:
    """``CODE [FROM..TO] [| label]``."""
    body, _, label = value.partition("|")
    parts = body.split()
    if not parts or len(parts) > 2:
        raise DictionaryError(
            f"bad role {value!r}",
            hint="write 'role: CODE FROM..TO | what the role is', e.g. 'role: KORGOV 2025-06-04.. | President'",
            source=where,
        )
    code = parts[0].upper()
    check_code(code, where)
    start = end = None
    if len(parts) == 2:
        rng = parts[1]
        if ".." not in rng:
            raise DictionaryError(
                f"bad date range {rng!r}",
                hint="write FROM..TO with '..' (either side may be empty), e.g. 2017-01-01..2026-12-31",
                source=where,
            )
        a, b = rng.split("..", 1)
        start = parse_date(a, end=False, where=where) if a else None
        end = parse_date(b, end=True, where=where) if b else None
        if start and end and end < start:
            raise DictionaryError(
                f"date range {rng!r} ends before it starts", hint="swap the two dates", source=where
            )
    return Role(code, start, end, label.strip(), where)


def check_code(code: str, where: str) -> None:
    if not CODE_RE.match(code):
        raise DictionaryError(
            f"bad actor code {code!r}",
            hint="a code is a 3-letter country or organisation part followed by 3-letter parts, "
            "e.g. KOR, KORGOV, IGOUNO (--- for an unknown country)",
            source=where,
        )


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def is_native_file(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.strip():
                    return line.strip().lower().startswith(FORMAT_HEADER)
    except OSError:
        return False
    return False


def parse_native(path: Path, text: str | None = None) -> list[Entry]:
    """Parse one file of the project's own format."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise DictionaryError(
                f"not UTF-8 text ({e.reason})", hint="save the dictionary as UTF-8", source=str(path)
            ) from None
    entries: list[Entry] = []
    cur: Entry | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        where = f"{path}:{lineno}"
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            m = re.match(r"^\[([a-z]+)\]\s*(.*)$", line)
            if not m:
                raise DictionaryError(
                    f"bad entry line {line!r}",
                    hint="an entry starts with '[kind] Name', e.g. '[person] Lee Jae Myung'",
                    source=where,
                )
            kind, name = m.group(1), m.group(2).strip()
            if kind not in KINDS:
                raise DictionaryError(
                    f"unknown kind [{kind}]", hint=f"use one of {', '.join(sorted(KINDS))}", source=where
                )
            if not name:
                raise DictionaryError("entry without a name", hint="write '[kind] Name'", source=where)
            if cur is not None:
                _finish(cur)
                entries.append(cur)
            cur = Entry(kind=kind, name=name, origin=where)
            continue
        m = re.match(r"^([a-z]+)\s*:\s*(.*)$", line)
        if not m:
            raise DictionaryError(
                f"cannot read {line!r}",
                hint="write 'key: value' under an entry, '[kind] Name' to start one, or '#' for a comment",
                source=where,
            )
        key, value = m.group(1), m.group(2).strip()
        if cur is None:
            raise DictionaryError(
                f"'{key}:' before any entry", hint="start an entry with '[kind] Name' first", source=where
            )
        if key not in KEYS:
            raise DictionaryError(
                f"unknown key {key!r}", hint=f"use one of {', '.join(sorted(KEYS))}", source=where
            )
        if not value:
            raise DictionaryError(f"'{key}:' has no value", hint="write a value or drop the line", source=where)
        _apply(cur, key, value, where)
    if cur is not None:
        _finish(cur)
        entries.append(cur)
    return entries


def _apply(e: Entry, key: str, value: str, where: str) -> None:
    if key == "names":
        e.names.extend(split_list(value))
    elif key == "demonyms":
        e.demonyms.extend(split_list(value))
    elif key == "seats":
        e.seats.extend(split_list(value))
    elif key == "plural":
        e.plurals.extend(split_list(value))
    elif key == "code":
        parts = value.split()
        code = parts[0].upper() if len(parts) == 1 else value
        if e.kind == "agent":
            if not SECTOR_RE.match(code):
                raise DictionaryError(
                    f"bad sector code {code!r}",
                    hint="an agent's code is one or more 3-letter sector codes, e.g. GOV, MIL, GOVMED",
                    source=where,
                )
        elif e.kind == "compound":
            raise DictionaryError(
                "a compound takes 'members:', not 'code:'", hint="write 'members: KOR PRK'", source=where
            )
        else:
            check_code(code, where)
        e.code = code
    elif key == "role":
        e.roles.append(parse_role(value, where))
    elif key == "surname":
        e.surname = value
    elif key == "context":
        codes = tuple(c.upper() for c in value.replace(",", " ").split())
        for c in codes:
            check_code(c, where)
        e.context = codes
    elif key == "members":
        codes = tuple(c.upper() for c in value.replace(",", " ").split())
        if len(codes) < 2:
            raise DictionaryError("a compound needs two or more members", hint="write 'members: KOR PRK'", source=where)
        for c in codes:
            check_code(c, where)
        e.members = codes
    elif key == "source":
        e.source = value
    elif key == "note":
        e.note = (e.note + " " + value).strip()
    elif key == "title":
        if value.lower() not in ("yes", "no"):
            raise DictionaryError(f"bad title value {value!r}", hint="write 'title: yes' or 'title: no'", source=where)
        e.title = value.lower() == "yes"
    elif key == "home":
        if value.lower() not in ("yes", "no"):
            raise DictionaryError(f"bad home value {value!r}", hint="write 'home: yes' or 'home: no'", source=where)
        e.home = value.lower() == "yes"
    elif key == "refers":
        if value not in REFERS:
            raise DictionaryError(
                f"bad refers value {value!r}", hint=f"use one of {', '.join(sorted(REFERS))}", source=where
            )
        e.refers = value
    elif key == "default":
        code = value.split()[0].upper()
        check_code(code, where)
        e.default = code
    elif key == "position":
        if value not in ("prefix", "suffix"):
            raise DictionaryError(
                f"bad position {value!r}", hint="write 'position: suffix' (KOR+GOV) or 'position: prefix'", source=where
            )
        e.position = value


def _finish(e: Entry) -> None:
    where = e.origin
    if e.name and e.name not in e.names and e.kind not in ("reference",):
        e.names.insert(0, e.name)
    if e.kind == "reference" and not e.names:
        e.names.append(e.name)
    if e.kind in ("country", "org", "actor") and not e.code and not e.roles:
        raise DictionaryError(
            f"[{e.kind}] {e.name} has no code", hint="add 'code: XXX' or 'role: XXX FROM..TO'", source=where
        )
    if e.kind == "country" and e.code and len(e.code) != 3:
        raise DictionaryError(
            f"country code {e.code!r} is not 3 letters", hint="a country code is ISO/CAMEO 3 letters", source=where
        )
    if e.kind == "person" and not e.roles and not e.code:
        raise DictionaryError(
            f"[person] {e.name} has no role", hint="add 'role: CODE FROM..TO | office'", source=where
        )
    if e.kind == "agent" and not e.code:
        raise DictionaryError(f"[agent] {e.name} has no code", hint="add 'code: GOV' (a sector)", source=where)
    if e.kind == "compound" and not e.members:
        raise DictionaryError(f"[compound] {e.name} has no members", hint="add 'members: KOR PRK'", source=where)
    if e.kind == "reference" and not e.refers:
        raise DictionaryError(
            f"[reference] {e.name} does not say what it refers to",
            hint=f"add 'refers: ' one of {', '.join(sorted(REFERS))}",
            source=where,
        )
    if e.kind == "person" and not e.surname:
        e.surname = e.name.split()[-1]


def iter_dictionary_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """The actor/agent files among ``paths`` (files or directories, recursively), with their role:
    ``native``, ``petrarch-actors`` or ``petrarch-agents``. Files of other roles (verbs, discards,
    tracks) are skipped."""
    out: list[tuple[Path, str]] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file())
        elif p.is_file():
            files = [p]
        else:
            raise DictionaryError(
                "no such dictionary file or directory", hint="check the --dictionaries path", source=str(p)
            )
        for f in files:
            role = classify_file(f)
            if role:
                out.append((f, role))
    return out


def classify_file(f: Path) -> str | None:
    if f.suffix.lower() in (".gz", ".zip", ".pyc", ".db", ".sqlite"):
        return None
    if is_native_file(f):
        return "native"
    low = f.name.lower()
    if "agent" in low:
        return "petrarch-agents"
    if "actor" in low:
        return "petrarch-actors"
    return None
