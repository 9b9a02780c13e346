"""The CAMEO code table: every CAMEO 1.1b3 code with its label, root, Goldstein value, QuadClass,
five-class label and PLOVER 2021 event, mode and context.

The table is a data file (``data/cameo/cameo-codes.tsv``), versioned, validated on load; its format,
sources and deliberate choices are in docs/CODES.md.

    >>> table = load_code_table()
    >>> table.lookup("022").plover_event
    'REQUEST'
    >>> table.quad_class("190")
    4

Codes are strings and keep their leading zeros. PETRARCH/TABARI verb dictionaries use a few
other forms, handled like this (see :func:`parse_petrarch_code`):

- ``"013:012"`` (a code for each direction): ``lookup`` and ``resolve`` use the first code, the
  one for source -> target; the second is the code of the reverse direction.
- ``"---"``, ``"###"``, ``"+++"`` (null codes: the pattern matches but codes no event):
  ``lookup`` raises :class:`UnknownCode`, ``resolve`` returns ``None``, :func:`is_null_code` is true.
- a letter or mark after the digits (``"075A"``, ``"174K"``, ``"023?"``) or a code CAMEO lacks
  (``"1717"``): ``lookup`` rejects it; ``resolve`` gives the longest known leading code
  (``"075"``, ``"174"``, ``"023"``, ``"171"``) or ``None`` when there is none (``"903"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import DictionaryError, PeacewatchError

DEFAULT_SCHEME = "gdelt-root"
QUAD_SCHEMES = ("gdelt-root", "conflibert-5")
"""``gdelt-root``: QuadClass 1-4 from the root as GDELT does (01-05 verbal cooperation, 06-09
material cooperation, 10-14 verbal conflict, 15-20 material conflict). ``conflibert-5``: the
five classes 0-4 of the ConfliBERT CAMEO sentences (01-02 statement/appeal, 03-05 verbal
cooperation, 06-08 material cooperation, 09-13 and 16 verbal conflict, 14-15 and 17-20 material
conflict)."""

QUAD_CLASS_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
FIVE_CLASS_NAMES = {
    0: "statement or appeal",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

PLOVER_EVENTS = frozenset(
    """AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST
    SANCTION MOBILIZE COERCE ASSAULT""".split()
)
"""The sixteen PLOVER 2021 event categories."""

NULL_CODES = frozenset({"---", "###", "+++"})
"""PETRARCH/TABARI verb-dictionary codes that match a pattern but code no event."""

COLUMNS = (
    "code",
    "root",
    "goldstein",
    "quad_class",
    "five_class",
    "plover_event",
    "plover_mode",
    "plover_context",
    "label",
)

_CODE_RE = re.compile(r"^\d{2,4}$")
_TOKEN_RE = re.compile(r"^[a-z][a-z0-9_\-]*$")
_PETRARCH_RE = re.compile(r"^(\d{2,4})([A-Za-z?!]*)$")


def root_quad_class(root: str, scheme: str = DEFAULT_SCHEME) -> int:
    """The QuadClass (``gdelt-root``, 1-4) or five-class label (``conflibert-5``, 0-4) of a root."""
    r = int(root)
    if not 1 <= r <= 20:
        raise UnknownCode(f"'{root}' is not a CAMEO root", hint="roots run from 01 to 20")
    if scheme == "gdelt-root":
        return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4
    if scheme == "conflibert-5":
        if r <= 2:
            return 0
        if r <= 5:
            return 1
        if r <= 8:
            return 2
        if r <= 13 or r == 16:
            return 3
        return 4
    raise PeacewatchError(
        f"unknown QuadClass scheme '{scheme}'", hint=f"use one of {', '.join(QUAD_SCHEMES)}"
    )


class UnknownCode(PeacewatchError, KeyError):
    """A code that is not in the CAMEO code table (a ``KeyError`` too, so ``except KeyError`` works)."""

    def __str__(self) -> str:  # KeyError would show the repr
        return self.one_line()


@dataclass(frozen=True)
class CodeInfo:
    code: str
    label: str
    root: str
    goldstein: float
    quad_class: int
    five_class: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: list[str] = field(default_factory=list)

    def __hash__(self) -> int:  # list field: hash by code
        return hash(self.code)


@dataclass(frozen=True)
class PetrarchCode:
    """A verb-dictionary code taken apart: ``"013:012"`` -> primary ``013``, reciprocal ``012``."""

    raw: str
    primary: str | None  # digits of the source -> target code; None for a null code
    reciprocal: str | None  # digits of the target -> source code of a two-way code
    suffix: str  # letters or marks after the digits ("A" in "075A")

    @property
    def is_null(self) -> bool:
        return self.primary is None


def is_null_code(code: str) -> bool:
    return code.strip() in NULL_CODES


def parse_petrarch_code(code: str) -> PetrarchCode:
    """Take a PETRARCH/TABARI verb code apart. Raises :class:`UnknownCode` for anything else."""
    raw = code
    code = code.strip()
    if code in NULL_CODES:
        return PetrarchCode(raw, None, None, "")
    first, sep, second = code.partition(":")
    m = _PETRARCH_RE.match(first)
    if not m:
        raise UnknownCode(
            f"'{raw}' is not a CAMEO or PETRARCH code",
            hint="codes are 2-4 digits with leading zeros (022), optionally 'A:B' or a null code '---'",
        )
    reciprocal = None
    if sep:
        m2 = _PETRARCH_RE.match(second)
        if not m2:
            raise UnknownCode(f"'{raw}' has a bad second code after ':'", hint="write it as e.g. 013:012")
        reciprocal = m2.group(1)
    return PetrarchCode(raw, m.group(1), reciprocal, m.group(2))


class CodeTable:
    """All CAMEO codes of one versioned table. Build it with :func:`load_code_table`."""

    def __init__(self, rows: Iterable[CodeInfo], version: str, path: str = "") -> None:
        self._rows: dict[str, CodeInfo] = {r.code: r for r in rows}
        self.version = version
        self.path = path

    # --- access --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._rows

    def __iter__(self) -> Iterator[CodeInfo]:
        return iter(self._rows.values())

    def codes(self) -> list[str]:
        """Every code, in table order (roots before their sub-codes)."""
        return list(self._rows)

    def roots(self) -> list[str]:
        return [c for c in self._rows if len(c) == 2]

    def lookup(self, code: str) -> CodeInfo:
        """The row of a CAMEO code; ``"A:B"`` gives A's row. Raises :class:`UnknownCode`."""
        if not isinstance(code, str):
            raise UnknownCode(
                f"CAMEO code {code!r} is a {type(code).__name__}, not a string",
                hint="pass codes as strings with their leading zeros, e.g. '022'",
            )
        key = code.strip()
        row = self._rows.get(key)
        if row is not None:
            return row
        if key in NULL_CODES:
            raise UnknownCode(
                f"'{code}' is a PETRARCH null code (the pattern codes no event)",
                hint="test is_null_code() before looking a code up",
            )
        if ":" in key:
            parsed = parse_petrarch_code(key)
            assert parsed.primary is not None
            if not parsed.suffix and parsed.primary in self._rows:
                return self._rows[parsed.primary]
        if key.isdigit() and len(key) == 1:
            raise UnknownCode(f"unknown CAMEO code '{code}'", hint=f"codes keep their leading zeros: did you mean '0{key}'?")
        near = self.resolve(key) if _PETRARCH_RE.match(key.partition(":")[0]) else None
        hint = (
            f"not a CAMEO 1.1b3 code; the nearest code is '{near.code}' (CodeTable.resolve)"
            if near
            else "CAMEO 1.1b3 codes are 2-4 digits with leading zeros, e.g. '022'; see docs/CODES.md"
        )
        raise UnknownCode(f"unknown CAMEO code '{code}'", hint=hint)

    def resolve(self, code: str) -> CodeInfo | None:
        """Lenient lookup for PETRARCH-style codes: the row of the longest known leading code, or
        ``None`` (null codes, codes whose root is not CAMEO). See the module docstring."""
        try:
            parsed = parse_petrarch_code(code)
        except UnknownCode:
            return None
        if parsed.primary is None:
            return None
        digits = parsed.primary
        while len(digits) >= 2:
            row = self._rows.get(digits)
            if row is not None:
                return row
            digits = digits[:-1]
        return None

    def quad_class(self, code: str, scheme: str = DEFAULT_SCHEME) -> int:
        """QuadClass 1-4 (``gdelt-root``) or five-class label 0-4 (``conflibert-5``) of a code."""
        info = self.lookup(code)
        if scheme == "gdelt-root":
            return info.quad_class
        if scheme == "conflibert-5":
            return info.five_class
        return root_quad_class(info.root, scheme)  # raises for an unknown scheme

    def goldstein(self, code: str) -> float:
        return self.lookup(code).goldstein

    def root(self, code: str) -> str:
        return self.lookup(code).root


# --- loading ---------------------------------------------------------------------------------------

DEFAULT_TABLE_NAME = "cameo-codes.tsv"


def default_table_path() -> Path:
    return Path(str(resources.files("peacewatch") / "data" / "cameo" / DEFAULT_TABLE_NAME))


def load_code_table(path: Path | str | None = None) -> CodeTable:
    """Load and validate a code table (the package's own when ``path`` is None; that one is cached).

    Raises :class:`DictionaryError` naming ``file:line`` for a malformed row."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _load_default() -> CodeTable:
    return _load(default_table_path())


def _load(path: Path) -> CodeTable:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DictionaryError(f"code table {path} does not exist", hint="give the path of a code table TSV") from None
    except (OSError, UnicodeDecodeError) as err:
        raise DictionaryError(f"cannot read code table {path}: {err}", hint="the table must be UTF-8 text") from None
    return parse_code_table(text, str(path))


def parse_code_table(text: str, name: str = "<code table>") -> CodeTable:
    version: str | None = None
    header_seen = False
    rows: dict[str, CodeInfo] = {}
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        where = f"{name}:{lineno}"
        if not line.strip():
            continue
        if line.startswith("#"):
            m = re.match(r"#\s*version:\s*(\S+)", line)
            if m:
                if version is not None:
                    raise DictionaryError("a second version line", hint="keep one '# version:' line", source=where)
                version = m.group(1)
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != COLUMNS:
                raise DictionaryError(
                    "the header row is not the expected one",
                    hint="the first non-comment line must be: " + " TAB ".join(COLUMNS),
                    source=where,
                )
            header_seen = True
            continue
        if len(cells) != len(COLUMNS):
            raise DictionaryError(
                f"{len(cells)} tab-separated cells, expected {len(COLUMNS)}",
                hint="separate the columns with single tabs; write '-' in an empty cell",
                source=where,
            )
        info = _parse_row([c.strip() for c in cells], where)
        if info.code in rows:
            raise DictionaryError(
                f"duplicate code '{info.code}' (first on line {first_line[info.code]})",
                hint="each code appears once",
                source=where,
            )
        rows[info.code] = info
        first_line[info.code] = lineno
    if version is None:
        raise DictionaryError("the code table has no '# version: ...' line", hint="add one at the top", source=f"{name}:1")
    if not rows:
        raise DictionaryError("the code table has no rows", source=f"{name}:1")
    for code, info in rows.items():
        if len(code) > 2 and info.root not in rows:
            raise DictionaryError(
                f"code '{code}' has root '{info.root}' but the table has no row for that root",
                hint="add the root's row",
                source=f"{name}:{first_line[code]}",
            )
        if len(code) == 4 and code[:3] not in rows:
            raise DictionaryError(
                f"code '{code}' has no parent row '{code[:3]}'", hint="add the parent code", source=f"{name}:{first_line[code]}"
            )
    return CodeTable(rows.values(), version, name)


def _parse_row(cells: list[str], where: str) -> CodeInfo:
    code, root, gold, quad, five, pev, pmode, pctx, label = cells
    if not _CODE_RE.match(code):
        raise DictionaryError(
            f"bad code '{code}'", hint="codes are 2-4 digits with leading zeros, e.g. 022", source=where
        )
    if not (root.isdigit() and len(root) == 2 and 1 <= int(root) <= 20):
        raise DictionaryError(f"unknown root '{root}'", hint="roots are 01 to 20", source=where)
    if code[:2] != root:
        raise DictionaryError(f"code '{code}' does not start with its root '{root}'", source=where)
    try:
        goldstein = float(gold)
    except ValueError:
        raise DictionaryError(f"bad Goldstein value '{gold}'", hint="a number from -10 to 10", source=where) from None
    if not -10.0 <= goldstein <= 10.0 or goldstein != goldstein:
        raise DictionaryError(f"Goldstein value {gold} is outside -10..10", source=where)
    try:
        quad_i, five_i = int(quad), int(five)
    except ValueError:
        raise DictionaryError(f"bad quad_class '{quad}' or five_class '{five}'", hint="integers", source=where) from None
    if quad_i != root_quad_class(root, "gdelt-root"):
        raise DictionaryError(
            f"quad_class {quad_i} disagrees with root {root} (gdelt-root gives {root_quad_class(root)})", source=where
        )
    if five_i != root_quad_class(root, "conflibert-5"):
        raise DictionaryError(
            f"five_class {five_i} disagrees with root {root} (conflibert-5 gives {root_quad_class(root, 'conflibert-5')})",
            source=where,
        )
    event = None if pev == "-" else pev
    if event is not None and event not in PLOVER_EVENTS:
        raise DictionaryError(
            f"unknown PLOVER event '{pev}'", hint="use one of " + ", ".join(sorted(PLOVER_EVENTS)) + " or '-'", source=where
        )
    mode = None if pmode == "-" else pmode
    if mode is not None and not _TOKEN_RE.match(mode):
        raise DictionaryError(f"bad PLOVER mode '{pmode}'", hint="lower-case word or '-'", source=where)
    context = [] if pctx == "-" else [c.strip() for c in pctx.split(",")]
    for c in context:
        if not _TOKEN_RE.match(c):
            raise DictionaryError(f"bad PLOVER context '{c}'", hint="lower-case words joined with ','", source=where)
    if event is None and (mode or context):
        raise DictionaryError("a PLOVER mode or context without a PLOVER event", source=where)
    if not label:
        raise DictionaryError(f"code '{code}' has no label", source=where)
    return CodeInfo(code, label, root, goldstein, quad_i, five_i, event, mode, context)


# --- comparison with the published lookups -------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One way the table differs from a published reference file."""

    code: str
    field: str  # missing | extra | goldstein | plover_event | plover_mode | plover_context | plover_missing_code
    ours: str
    theirs: str
    reference: str  # file name

    def __str__(self) -> str:
        return f"{self.code} {self.field}: ours={self.ours!r} {self.reference}={self.theirs!r}"


def read_reference_codes(path: Path) -> dict[str, str]:
    """A ``code TAB value`` file with a header row (CAMEO.eventcodes.txt, CAMEO.goldsteinscale.txt)."""
    out: dict[str, str] = {}
    text = path.read_bytes().decode("utf-8", errors="replace")
    for line in text.splitlines()[1:]:
        if not line.strip():
            continue
        code, _, value = line.partition("\t")
        out.setdefault(code.strip(), value.strip())
    return out


def read_reference_plover(path: Path) -> dict[str, tuple[str, str | None, list[str]]]:
    """The CAMEO-to-PLOVER 2021 conversion file: ``code: EVENT, mode, context[; context] # note``.
    The first row of a code counts when a code appears twice."""
    out: dict[str, tuple[str, str | None, list[str]]] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"^(\d+):\s*([^#]*)", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")] + ["", ""]
        context = [c.strip() for c in parts[2].split(";") if c.strip()]
        out.setdefault(m.group(1), (parts[0], parts[1] or None, context))
    return out


def compare_with_references(
    table: CodeTable,
    *,
    eventcodes: Path | None = None,
    goldstein: Path | None = None,
    plover: Path | None = None,
) -> list[Difference]:
    """Every difference between ``table`` and the published files given (None: not compared)."""
    diffs: list[Difference] = []
    if eventcodes is not None:
        ref = read_reference_codes(eventcodes)
        for code in ref:
            if code not in table:
                diffs.append(Difference(code, "missing", "", code, eventcodes.name))
        for code in table.codes():
            if code not in ref:
                diffs.append(Difference(code, "extra", code, "", eventcodes.name))
    if goldstein is not None:
        ref = read_reference_codes(goldstein)
        for code, value in ref.items():
            if code not in table:
                diffs.append(Difference(code, "missing", "", value, goldstein.name))
                continue
            ours = table.lookup(code).goldstein
            try:
                same = abs(float(value) - ours) < 1e-9
            except ValueError:
                same = False
            if not same:
                diffs.append(Difference(code, "goldstein", f"{ours:.1f}", value, goldstein.name))
    if plover is not None:
        ref_p = read_reference_plover(plover)
        for code, (event, mode, context) in ref_p.items():
            if code not in table:
                diffs.append(Difference(code, "plover_missing_code", "", event, plover.name))
                continue
            info = table.lookup(code)
            if (info.plover_event or "") != event:
                diffs.append(Difference(code, "plover_event", info.plover_event or "", event, plover.name))
            if (info.plover_mode or "") != (mode or ""):
                diffs.append(Difference(code, "plover_mode", info.plover_mode or "", mode or "", plover.name))
            if info.plover_context != context:
                diffs.append(
                    Difference(code, "plover_context", ",".join(info.plover_context), ",".join(context), plover.name)
                )
        for info in table:
            if info.code not in ref_p and info.plover_event is not None:
                diffs.append(Difference(info.code, "plover_event", info.plover_event, "", plover.name))
    return diffs


__all__ = [
    "CodeInfo",
    "CodeTable",
    "Difference",
    "PetrarchCode",
    "UnknownCode",
    "DEFAULT_SCHEME",
    "QUAD_SCHEMES",
    "QUAD_CLASS_NAMES",
    "FIVE_CLASS_NAMES",
    "PLOVER_EVENTS",
    "NULL_CODES",
    "load_code_table",
    "parse_code_table",
    "parse_petrarch_code",
    "is_null_code",
    "root_quad_class",
    "compare_with_references",
    "default_table_path",
]
