"""The SQLite store: articles, sentences, actor mentions, events, quotes, copies, LSH bands, FTS5.

See docs/STORE.md for the schema, migrations, the dedupe method and the search syntax.
"""

from __future__ import annotations

import bisect
import calendar
import json
import math
import os
import re
import sqlite3
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date as _date
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterator, Literal, Sequence

from .. import dedup
from ..analysis.dyads import dyad_labels, incomplete_record, is_key, parse_dyad, sides_rows
from ..config import Options
from ..errors import QueryError, StoreError
from ..model import ActorRef, Article, CodedArticle

BUSY_TIMEOUT_MS = 10_000
"""How long one SQLite call waits for another process's lock before it reports SQLITE_BUSY."""
LOCK_WAIT = 300.0
"""How long, in all, opening, migrating or starting a write waits for other processes (retrying
after each busy timeout) before it fails with a StoreError that says so."""
MAX_NEAR_CANDIDATES = 50
"""At most this many LSH candidates (most shared bands first) are verified for one article."""
SEARCH_KINDS = ("articles", "events", "quotes")
SEARCH_CANDIDATES = 2000
"""Search ranks, for each kind, the newest this-many matches (by rowid: the last stored); a query
with fewer matches is ranked whole. Ranking every match of a word found in most of a million
rows cost hundreds of milliseconds (docs/PERFORMANCE.md); ``search(candidates=None)`` ranks all."""
_QUERY_HINT = ('FTS5 syntax: put a phrase in double quotes, use AND/OR/NOT between words and prefix* at a word\'s '
               'end; or search plain words (without --syntax / syntax=true)')


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateMatch:
    """A stored article that an incoming article duplicates."""

    article_id: str
    kind: Literal["exact", "near"]
    similarity: float


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Store.add` did.

    ``status`` is ``"new"`` (stored) or ``"duplicate"`` (only the copy was recorded). ``article_id``
    is the stored article's id (the existing one for a duplicate). ``kind`` is ``None`` for a new
    article, else ``"exact"``, ``"near"`` or ``"same-origin"`` (the same input again with other
    content). ``recorded`` is False when this very copy (origin and content) had been seen before.
    """

    status: Literal["new", "duplicate"]
    article_id: str
    kind: str | None = None
    similarity: float | None = None
    recorded: bool = True
    sentences: int = 0
    events: int = 0
    quotes: int = 0
    stances: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SearchHit:
    """One search result. ``snippet`` marks the matched words with ``[`` and ``]``. ``rank`` is
    FTS5's bm25 (more negative = better); hits come best first."""

    kind: Literal["article", "event", "quote"]
    id: str
    article_id: str
    title: str | None
    date: str | None
    snippet: str
    rank: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Prepared:
    article: Article
    hash_text: str
    content_hash: str
    body_hash: str
    words: list[str] = field(default_factory=list)
    bands: list[int] = field(default_factory=list)


# --- helpers -------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(v: Any) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False)


def _migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration file shipped with the package, in order."""
    out = []
    for entry in resources.files("peacewatch.store").joinpath("migrations").iterdir():
        m = re.fullmatch(r"(\d{4})_([\w-]+)\.sql", entry.name)
        if m:
            out.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    out.sort()
    for i, (v, name, _) in enumerate(out, start=1):
        if v != i:
            raise StoreError(f"migration {name} is out of sequence (expected number {i:04d})",
                             hint="this is a packaging bug; reinstall peacewatch")
    return out


SCHEMA_VERSION = len(_migrations())


_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def date_bound(value: Any, name: str, *, end: bool = False) -> _date:
    """A since/until bound (YYYY, YYYY-MM or YYYY-MM-DD) as the first day it covers, or with
    ``end`` the last (an until of 2024-02 is 2024-02-29). Raises QueryError naming the value for
    a malformed or impossible date (``2024-02-30``, ``2024-13``)."""
    s = str(value).strip()
    m = _DATE_RE.match(s)
    if not m:
        raise QueryError(f"{name}={value!r} is not a date", hint="give YYYY-MM-DD, YYYY-MM or YYYY")
    parts = [int(x) for x in s.split("-")]
    y = parts[0]
    if len(parts) == 1:
        return _date(y, 12, 31) if end else _date(y, 1, 1)
    if not 1 <= parts[1] <= 12 or y < 1:
        raise QueryError(f"{name}={value!r} is not a date: there is no month {parts[1]}", hint="give a month 01 to 12")
    last = calendar.monthrange(y, parts[1])[1]
    if len(parts) == 2:
        return _date(y, parts[1], last if end else 1)
    if not 1 <= parts[2] <= last:
        raise QueryError(f"{name}={value!r} is not a date: {calendar.month_name[parts[1]]} {y} has {last} days",
                         hint="give a day that exists")
    return _date(y, parts[1], parts[2])


def _date_filter(name: str, value: Any) -> str:
    """A since/until filter value as given, once :func:`date_bound` has checked it."""
    date_bound(value, name)
    return str(value).strip()


def _date_range(column: str, since: Any, until: Any, where: list[str], args: list[Any]) -> None:
    """Append the conditions of a since/until filter (ISO dates, partial ones allowed, both
    inclusive: an until of 2024-02 keeps every day of February) on ``column`` to ``where``/``args``."""
    if since is not None:
        where.append(f"{column} >= ?")
        args.append(_date_filter("since", since))
    if until is not None:
        u = _date_filter("until", until)
        where.append(f"substr({column}, 1, ?) <= ?")
        args += [len(u), u]


def _filter_start(
    kind: str, alias: str, filters: dict[str, Any], allowed: frozenset[str]
) -> tuple[dict[str, Any], list[str], list[Any]]:
    """The shared start of every filter: refuse unknown names, drop None values, and turn
    ``since``/``until`` (ISO dates, partial ones allowed) into bound conditions on ``alias.date``."""
    unknown = set(filters) - allowed
    if unknown:
        raise QueryError(f"unknown {kind} filter {sorted(unknown)[0]!r}", hint="use " + ", ".join(sorted(allowed)))
    f = {k: v for k, v in filters.items() if v is not None}
    where: list[str] = []
    args: list[Any] = []
    _date_range(f"{alias}.date", f.get("since"), f.get("until"), where, args)
    return f, where, args


def _side_sql(alias: str, spec: str, args: list[Any]) -> str:
    """SQL that an ``event_sides`` row (``alias``) matches a dyad side ``spec``: its key is ``spec``
    when ``spec`` is a key, else its code starts with it (peacewatch.analysis.dyads.side_matches).
    Appends the arguments."""
    if is_key(spec):
        args.append(spec)
        return f"{alias}.key = ?"
    lo, hi = _prefix_range(spec)
    args += [lo, hi]
    return f"({alias}.code >= ? AND {alias}.code < ?)"


def _encode_cursor(value: Any, rid: int) -> str:
    """A page cursor: the sort value of a page's edge row and its rid (``2011-05-03_4711``)."""
    return f"{value if isinstance(value, str) else repr(float(value))}_{int(rid)}"


_CURSOR_RE = re.compile(r"^([^_]{0,40})_(\d{1,12})$")  # a date as stored ('' / '~' for none) and a rid
_GCURSOR_RE = re.compile(r"^(-?\d{1,3}(?:\.\d{1,17})?(?:e-?\d+)?)_(\d{1,12})$")


def _decode_cursor(cursor: str, *, numeric: bool = False) -> tuple[Any, int]:
    m = (_GCURSOR_RE if numeric else _CURSOR_RE).match(str(cursor))
    if not m:
        raise QueryError(f"{str(cursor)[:40]!r} is not a page cursor of this list",
                         hint="follow the next/previous links (or the API's next/prev values); "
                              "a cursor belongs to one sort order")
    return (float(m.group(1)) if numeric else m.group(1)), int(m.group(2))


def search_cursor(hit: "SearchHit") -> str:
    """The cursor of a search hit: the next page starts after it (``Store.search(after=...)``)."""
    return f"{hit.rank!r}~{hit.kind}~{hit.id}"


def _decode_search_cursor(cursor: str) -> tuple[float, str, str]:
    parts = str(cursor).split("~", 2)
    try:
        if len(parts) != 3 or parts[1] not in ("article", "event", "quote") or not parts[2]:
            raise ValueError
        return float(parts[0]), parts[1], parts[2]
    except ValueError:
        raise QueryError(f"{str(cursor)[:60]!r} is not a search cursor",
                         hint="follow the 'more results' link or give the API's next value") from None


def _prefix_range(prefix: str) -> tuple[str, str]:
    """[lo, hi) such that every string starting with ``prefix`` lies in it (index friendly)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _bool(name: str, v: Any) -> int:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int) and v in (0, 1):
        return v
    if isinstance(v, str) and v.lower() in ("true", "false", "1", "0", "yes", "no"):
        return int(v.lower() in ("true", "1", "yes"))
    raise QueryError(f"{name}={v!r} is not true or false", hint=f"give {name}=true or {name}=false")


def _int(name: str, v: Any, minimum: int = 0) -> int:
    try:
        i = int(v)
    except (TypeError, ValueError):
        raise QueryError(f"{name}={v!r} is not a whole number", hint=f"give {name} as a number") from None
    if i < minimum:
        raise QueryError(f"{name}={v!r} is below {minimum}", hint=f"give {name} >= {minimum}")
    return i


def _location_columns(loc: Any) -> tuple[Any, ...]:
    """(key, name, country, admin1, lat, lon) of an event's location, or six Nones."""
    if loc is None:
        return (None,) * 6
    return (loc.key or None, loc.name, loc.country, loc.admin1, loc.lat, loc.lon)


def parse_near(value: Any) -> tuple[float, float, float]:
    """``"LAT,LON,KM"`` (or a 3-sequence) as numbers; QueryError when it is not one."""
    parts = value if isinstance(value, (list, tuple)) else str(value).split(",")
    try:
        lat, lon, km = (float(str(p).strip()) for p in parts)
    except (TypeError, ValueError):
        raise QueryError(f"near={value!r} is not LAT,LON,KM", hint="give e.g. 37.95,126.68,50 (degrees, km)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not (0 < km <= 20_038):
        raise QueryError(f"near={value!r} is out of range",
                         hint="latitude -90..90, longitude -180..180, a radius above 0 km")
    return lat, lon, km


def _km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> float | None:
    if None in (lat1, lon1, lat2, lon2):
        return None
    from ..where.gazetteer import haversine_km

    return haversine_km(lat1, lon1, lat2, lon2)


def _actor_search_text(*refs: ActorRef | None) -> str:
    parts: list[str] = []
    for r in refs:
        if r is None:
            continue
        for p in (r.code, r.name, r.text):
            if p and p not in parts:
                parts.append(p)
    return " | ".join(parts)


def _register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the migrations and queries use, so the dataset rule lives in Python once
    (peacewatch.analysis.dyads): ``pw_incomplete(record)`` 1/0, ``pw_sides(record)`` a JSON list of
    [role, key, code], ``pw_dyads(record)`` a JSON list of dyad labels."""

    def incomplete(rec: str | None) -> int:
        return int(incomplete_record(json.loads(rec))) if rec else 1

    def sides(rec: str | None) -> str:
        return json.dumps(sides_rows(json.loads(rec)) if rec else [])

    def dyads(rec: str | None) -> str:
        return json.dumps(dyad_labels(json.loads(rec)) if rec else [])

    conn.create_function("pw_incomplete", 1, incomplete, deterministic=True)
    conn.create_function("pw_sides", 1, sides, deterministic=True)
    conn.create_function("pw_dyads", 1, dyads, deterministic=True)


def _locked(err: BaseException) -> bool:
    msg = str(err).lower()
    return isinstance(err, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg)


def _retry_locked(fn: Callable[[], Any], what: str) -> Any:
    """``fn()``, called again (with a growing pause) while SQLite says the database is locked or
    busy, for at most LOCK_WAIT seconds; then a StoreError that says another process holds it."""
    deadline = time.monotonic() + LOCK_WAIT
    pause = 0.05
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as err:
            if not _locked(err):
                raise
            if time.monotonic() + pause > deadline:
                raise StoreError(f"cannot {what}: another process has held the database for over {LOCK_WAIT:g} s",
                                 hint="try again when the other ingest finishes") from None
        time.sleep(pause)
        pause = min(pause * 2, 2.0)


def _statements(sql: str) -> Iterator[str]:
    """The complete SQL statements of a migration script, one at a time (triggers whole)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            stmt = buf.strip()
            buf = ""
            if stmt.strip(" ;\n"):
                yield stmt
    if buf.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()):
        yield buf


def _immutable_ok(p: Path) -> bool:
    """Whether a read-only open may use ``immutable=1``: this process cannot write the file or its
    folder (so no one here writes it, and SQLite cannot make the -shm it needs) and no -wal
    file holds changes not yet in the database file."""
    wal = Path(str(p) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    return not os.access(p, os.W_OK) or not os.access(p.parent if str(p.parent) else Path("."), os.W_OK) \
        or _cannot_create_in(p.parent)


def _cannot_create_in(folder: Path) -> bool:
    """True when a file cannot be created in ``folder`` (an immutable or read-only-mounted folder
    refuses even root, whom os.access always answers yes)."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=folder or ".", prefix=".pw-probe-"):
            return False
    except OSError:
        return True


# --- the store -----------------------------------------------------------------------------------


class Store:
    """A peacewatch database (one SQLite file, WAL mode).

    Open with :meth:`Store.open`; use as a context manager or call :meth:`close`. One Store object
    belongs to one thread at a time; open one per thread or process (WAL lets one writer and many
    readers work at once).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool, options: Options):
        self._conn = conn
        self.path = path
        self.readonly = readonly
        self.options = options
        self._depth = 0
        self._sp = 0
        self.immutable = False
        self.lsh_num_perm = options.minhash_permutations
        self.lsh_rows = dedup.LSH_ROWS
        self.lsh_bands = max(1, self.lsh_num_perm // self.lsh_rows)
        self.shingle_k = dedup.SHINGLE_K

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, readonly: bool = False, options: Options | None = None) -> "Store":
        """Open (creating and migrating when needed) the database at ``path``.

        ``readonly=True`` opens with SQLite's ``mode=ro``: every write fails, nothing is created or
        migrated. A database this process cannot write (a read-only file or folder) with no ``-wal``
        beside it is opened with ``immutable=1`` instead, since SQLite cannot make the ``-shm`` file
        that a WAL reader needs. Raises :class:`StoreError` for a missing file (read-only), a file
        that is not a database, a database made by a newer peacewatch, or a database another
        process has kept locked for over ``LOCK_WAIT`` seconds.
        """
        options = options or Options()
        p = Path(path)
        if readonly and not p.exists():
            raise StoreError(f"no database at {p}", hint="run 'peacewatch ingest PATH --db FILE' first")
        if not readonly and p.parent and not p.parent.exists():
            raise StoreError(f"the folder {p.parent} does not exist", hint="create it or give another --db path")
        try:
            return cls._connect(p, readonly, False, options)
        except sqlite3.OperationalError as err:
            if readonly and _immutable_ok(p):
                try:
                    return cls._connect(p, readonly, True, options)
                except sqlite3.Error:
                    pass
            raise StoreError(f"cannot open database {p}: {err}", hint="check the path and its permissions") from None

    @classmethod
    def _connect(cls, p: Path, readonly: bool, immutable: bool, options: Options) -> "Store":
        mode = "?mode=ro" + ("&immutable=1" if immutable else "") if readonly else "?mode=rwc"
        uri = "file:" + urllib.parse.quote(str(p.resolve())) + mode
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
        except sqlite3.Error as err:
            raise StoreError(f"cannot open database {p}: {err}", hint="check the path and its permissions") from None
        conn.create_function("pw_km", 4, _km, deterministic=True)
        store = cls(conn, p, readonly, options)
        store.immutable = immutable
        try:
            _retry_locked(store._setup, f"open {p}")
        except (StoreError, sqlite3.OperationalError):
            conn.close()
            raise
        except sqlite3.DatabaseError as err:
            conn.close()
            raise StoreError(f"{p} is not a usable peacewatch database ({err})",
                             hint="give --db a peacewatch database or a new file name") from None
        return store

    def _setup(self) -> None:
        c = self._conn
        _register_functions(c)
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        c.execute("PRAGMA foreign_keys = ON")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this peacewatch understands ({SCHEMA_VERSION})",
                hint="upgrade peacewatch (pip install -U peacewatch)",
            )
        if self.readonly:
            c.execute("PRAGMA query_only = ON")
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has schema version {version}, this peacewatch needs {SCHEMA_VERSION}"
                    + (" (it is not a peacewatch database or is empty)" if version == 0 else ""),
                    hint="open it once for writing (e.g. peacewatch ingest) to migrate it",
                )
        else:
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"cannot switch {self.path} to WAL mode (got {mode})",
                                 hint="put the database on a local disk")
            c.execute("PRAGMA synchronous = NORMAL")
            if version < SCHEMA_VERSION:
                self._migrate()
        self._load_settings()

    def _migrate(self) -> None:
        """Apply the migrations this file lacks, all in one write transaction: the version is read
        again once the write lock is held, so two processes opening a new file at once migrate it
        once (the second finds it done), and a failed migration leaves the file as it was."""
        c = self._conn
        c.execute("BEGIN IMMEDIATE")  # waits for another process's migration (busy timeout, then retried)
        name = ""
        try:
            version = c.execute("PRAGMA user_version").fetchone()[0]
            for v, migration, sql in _migrations():
                if v <= version:
                    continue
                name = migration
                for statement in _statements(sql):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {v}")
            c.execute("COMMIT")
        except sqlite3.Error as err:
            if c.in_transaction:
                c.execute("ROLLBACK")
            if _locked(err):
                raise
            raise StoreError(f"migration {name} failed on {self.path}: {err}",
                             hint="restore a backup or start a new database") from None

    def _load_settings(self) -> None:
        rows = dict(self._conn.execute("SELECT key, value FROM settings").fetchall())
        wanted = {
            "lsh_num_perm": str(self.lsh_num_perm),
            "lsh_rows": str(self.lsh_rows),
            "lsh_bands": str(self.lsh_bands),
            "shingle_k": str(self.shingle_k),
            "dedup_version": dedup.DEDUP_VERSION,
        }
        if not rows.get("lsh_num_perm"):
            if not self.readonly:
                with self.transaction():
                    self._conn.executemany("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)",
                                           list(wanted.items()))
            return
        # an existing database keeps the LSH layout it was built with
        self.lsh_num_perm = int(rows["lsh_num_perm"])
        self.lsh_rows = int(rows["lsh_rows"])
        self.lsh_bands = int(rows["lsh_bands"])
        self.shingle_k = int(rows.get("shingle_k", dedup.SHINGLE_K))
        if rows.get("dedup_version") != dedup.DEDUP_VERSION and not self.readonly:
            self.rebuild_lsh()

    def rebuild_lsh(self) -> int:
        """Recompute every article's LSH bands with this version of peacewatch.dedup (done
        automatically when the stored dedup_version differs). Returns the number of articles."""
        self._check_writable()
        n = 0
        with self.transaction():
            self._conn.execute("DELETE FROM lsh_buckets")
            rows = self._conn.execute("SELECT rid, text, body_start FROM articles").fetchall()
            for rid, text, body_start in rows:
                w = dedup.words(dedup.dedup_text(text, body_start))
                if len(w) >= dedup.MIN_NEAR_WORDS:
                    self._insert_bands(rid, self._bands_of(w))
                n += 1
            self._conn.execute("INSERT OR REPLACE INTO settings(key, value) VALUES ('dedup_version', ?)",
                               (dedup.DEDUP_VERSION,))
        return n

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying sqlite3 connection (autocommit mode; use :meth:`transaction` to write)."""
        return self._conn

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        if self._conn is not None:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._conn.close()
            self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_writable(self) -> None:
        if self.readonly:
            raise StoreError(f"{self.path} was opened read-only", hint="open it without readonly to write")

    # --- transactions --------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """``with store.transaction(): ...`` — BEGIN IMMEDIATE ... COMMIT, ROLLBACK on an exception.

        Nested use makes a SAVEPOINT, so an inner block (one :meth:`add`) is all or nothing inside
        an outer batch.
        """
        c = self._conn
        if self._depth == 0:
            self._check_writable()
            try:
                _retry_locked(lambda: c.execute("BEGIN IMMEDIATE"), f"write to {self.path}")
            except sqlite3.OperationalError as err:
                raise StoreError(f"cannot start a write on {self.path}: {err}",
                                 hint="check the file and its folder are writable") from None
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._depth = 0
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise
            self._depth = 0
            try:
                c.execute("COMMIT")
            except sqlite3.Error as err:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise StoreError(f"cannot commit to {self.path}: {err}", hint="check disk space and permissions") from None
        else:
            self._sp += 1
            name = f"pw_sp{self._sp}"
            c.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                c.execute(f"ROLLBACK TO {name}")
                c.execute(f"RELEASE {name}")
                raise
            self._depth -= 1
            c.execute(f"RELEASE {name}")

    # --- dedupe --------------------------------------------------------------------------------

    def _bands_of(self, words: list[str]) -> list[int]:
        sig = dedup.minhash_of_words(words, self.lsh_num_perm, self.shingle_k)
        return dedup.lsh_bands(sig, self.lsh_bands, self.lsh_rows)

    def _prepare(self, article: Article) -> _Prepared:
        text = dedup.dedup_text(article.text, article.body_start)
        w = dedup.words(text)
        if w:
            chash = dedup.content_hash(text)
        else:  # nothing to compare: unique by id, never a duplicate
            chash = "empty:" + dedup.content_hash(article.article_id + "\x1f" + article.origin)
        p = _Prepared(article, text, chash, dedup.content_hash(article.body), w)
        if len(w) >= dedup.MIN_NEAR_WORDS:
            p.bands = self._bands_of(w)
        return p

    def _match(self, p: _Prepared) -> DuplicateMatch | None:
        row = self._conn.execute("SELECT article_id FROM articles WHERE content_hash = ?", (p.content_hash,)).fetchone()
        if row:
            return DuplicateMatch(row[0], "exact", 1.0)
        if not p.bands:
            return None
        counts: dict[int, int] = {}
        q = "SELECT rid FROM lsh_buckets WHERE band = ? AND bucket = ?"
        for i, b in enumerate(p.bands):
            for (rid,) in self._conn.execute(q, (i, b)):
                counts[rid] = counts.get(rid, 0) + 1
        if not counts:
            return None
        best: DuplicateMatch | None = None
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_NEAR_CANDIDATES]
        threshold = self.options.near_duplicate_threshold
        for rid, _n in ranked:
            r = self._conn.execute("SELECT article_id, text, body_start FROM articles WHERE rid = ?", (rid,)).fetchone()
            if r is None:
                continue
            ok, sim = dedup.is_near_duplicate(p.hash_text, dedup.dedup_text(r[1], r[2]), threshold, self.shingle_k)
            if ok and (best is None or sim > best.similarity):
                best = DuplicateMatch(r[0], "near", round(sim, 4))
        return best

    def find_duplicate(self, article: Article) -> DuplicateMatch | None:
        """The stored article that ``article`` duplicates, or None.

        Exact: the same :func:`peacewatch.dedup.content_hash` of the body. Near: a candidate from
        the persisted MinHash LSH buckets whose word-shingle Jaccard similarity reaches
        ``Options.near_duplicate_threshold`` with no replaced number or date
        (:func:`peacewatch.dedup.is_near_duplicate`). Bodies under ``dedup.MIN_NEAR_WORDS`` words
        match exactly only.
        """
        return self._match(self._prepare(article))

    def has_origin(self, origin: str, content_hash: str) -> bool:
        """Whether this input (``origin``) with this content hash is already stored, as an article
        or as a recorded copy. ``content_hash`` may be ``dedup.content_hash(article.body)`` or the
        store's own hash of the article."""
        row = self._conn.execute(
            "SELECT 1 FROM articles WHERE origin = ? AND (content_hash = ? OR body_hash = ?) "
            "UNION ALL SELECT 1 FROM article_copies WHERE origin = ? AND (content_hash = ? OR body_hash = ?) LIMIT 1",
            (origin, content_hash, content_hash, origin, content_hash, content_hash),
        ).fetchone()
        return row is not None

    # --- adding --------------------------------------------------------------------------------

    def add(self, coded: CodedArticle) -> AddResult:
        """Store a coded article, or record it as a copy of a stored one; all or nothing.

        New: the article, its sentences, actor mentions, events, quotes, stances
        (``coded.stances``, table ``stances``), LSH bands and FTS rows.
        Duplicate (exact or near): a row in ``article_copies`` and ``copies`` + 1 on the stored
        article (its events' ``mentions`` follow); nothing else. The same origin with the same
        content again is not counted twice (``recorded=False``); the same origin with other content
        is recorded as ``same-origin`` and not counted as another publication.
        """
        self._check_writable()  # a read-only store refuses before looking at the record
        return self.add_article(coded.article, lambda _article: coded)[0]

    def add_article(
        self, article: Article, code: Callable[[Article], CodedArticle]
    ) -> tuple[AddResult, CodedArticle]:
        """Like :meth:`add` for an article not coded yet: the duplicate check runs once, a
        duplicate is recorded without being coded, and only a new article is coded (``code``)
        and stored. Returns the result and the coded article (bare for a duplicate)."""
        self._check_writable()
        p = self._prepare(article)
        try:
            with self.transaction():
                m = self._match(p)
                if m is not None:
                    return self._record_copy(p, m), CodedArticle(article=article)
                coded = code(article)
                return self._insert(coded, p), coded
        except sqlite3.IntegrityError as err:
            if "articles.article_id" in str(err):
                raise StoreError(
                    f"article id {article.article_id!r} is already stored with different content",
                    hint="give each input a unique id", source=article.origin,
                ) from None
            raise StoreError(f"cannot store article {article.article_id!r}: {err}", source=article.origin) from None
        except sqlite3.OperationalError as err:
            raise StoreError(f"cannot write to {self.path}: {err}", hint="check disk space and permissions",
                             source=article.origin) from None

    def _record_copy(self, p: _Prepared, m: DuplicateMatch) -> AddResult:
        c = self._conn
        a = p.article
        stored = c.execute("SELECT origin, content_hash FROM articles WHERE article_id = ?", (m.article_id,)).fetchone()
        seen = (stored[0] == a.origin and stored[1] == p.content_hash) or c.execute(
            "SELECT 1 FROM article_copies WHERE origin = ? AND content_hash = ?", (a.origin, p.content_hash)
        ).fetchone() is not None
        if seen:
            return AddResult("duplicate", m.article_id, m.kind, m.similarity, recorded=False)
        same_origin = stored[0] == a.origin or c.execute(
            "SELECT 1 FROM article_copies WHERE article_id = ? AND origin = ?", (m.article_id, a.origin)
        ).fetchone() is not None
        kind = "same-origin" if same_origin else m.kind
        c.execute(
            "INSERT INTO article_copies(article_id, origin, content_hash, body_hash, similarity, kind, seen_at, "
            "copy_article_id, title, published, source) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (m.article_id, a.origin, p.content_hash, p.body_hash, m.similarity, kind, _now(), a.article_id,
             a.title, a.published, a.source),
        )
        if not same_origin:
            c.execute("UPDATE articles SET copies = copies + 1 WHERE article_id = ?", (m.article_id,))
            c.execute("UPDATE events SET mentions = (SELECT copies FROM articles WHERE article_id = ?) "
                      "WHERE article_id = ?", (m.article_id, m.article_id))
        return AddResult("duplicate", m.article_id, kind, m.similarity)

    def _insert(self, coded: CodedArticle, p: _Prepared) -> AddResult:
        c = self._conn
        a = coded.article
        cur = c.execute(
            "INSERT INTO articles(article_id, origin, kind, raw_text, text, body_start, title, source, source_id, url, "
            "dateline, published, date_basis, date_conflicts, offsets, removed, meta, content_hash, body_hash, "
            "copies, tracks, word_count, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?)",
            (a.article_id, a.origin, a.kind, a.raw_text, a.text, a.body_start, a.title, a.source, a.source_id,
             a.url, a.dateline, a.published, a.date_basis, _json(list(a.date_conflicts)),
             _json(a.offsets.to_list()), _json([asdict(r) for r in a.removed]), _json(a.meta or {}),
             p.content_hash, p.body_hash, _json(list(coded.tracks)), len(p.words), _now()),
        )
        rid = cur.lastrowid
        assert rid is not None  # an INSERT always sets it
        if p.bands:
            self._insert_bands(rid, p.bands)
        c.executemany(
            'INSERT INTO sentences(article_id, idx, start, "end", text) VALUES (?,?,?,?,?)',
            [(a.article_id, s.index, s.start, s.end, s.text) for s in coded.sentences],
        )
        starts = [s.start for s in coded.sentences]

        def sentence_of(offset: int) -> int | None:
            i = bisect.bisect_right(starts, offset) - 1
            if i >= 0 and offset < coded.sentences[i].end:
                return coded.sentences[i].index
            return None

        c.executemany(
            "INSERT INTO actor_mentions(article_id, sentence_idx, code, country, sector, name, text, start, \"end\", "
            "resolution, members) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(a.article_id, sentence_of(r.start), r.code, r.country, r.sector, r.name, r.text, r.start, r.end,
              r.resolution, _json([m.to_dict() for m in r.members]) if r.members else None) for r in coded.actors],
        )
        n_events = 0
        for e in coded.events:
            rec = e.to_dict()
            cur = c.execute(
                "INSERT INTO events(event_id, article_id, sentence_index, date, cameo, cameo_root, quad_class, goldstein, "
                "plover_event, plover_mode, source_code, source_country, source_sector, target_code, target_country, "
                "target_sector, negated, hypothetical, future, historical, condition, rule, confidence, mentions, "
                "tracks, record, sentence, actors, trigger_text, incomplete, location_key, location_name, "
                "location_country, location_admin1, location_lat, location_lon) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(event_id) DO NOTHING",
                (e.event_id, e.article_id, e.sentence_index, e.date, str(e.cameo), str(e.cameo_root), e.quad_class,
                 e.goldstein, e.plover.event if e.plover else None, e.plover.mode if e.plover else None,
                 e.source.code if e.source else None, e.source.country if e.source else None,
                 e.source.sector if e.source else None, e.target.code if e.target else None,
                 e.target.country if e.target else None, e.target.sector if e.target else None,
                 int(e.modality.negated), int(e.modality.hypothetical), int(e.modality.future),
                 int(e.modality.historical), e.condition, e.rule, e.confidence, e.mentions,
                 _json(list(e.tracks)), _json(rec), e.sentence, _actor_search_text(e.source, e.target),
                 e.trigger.text if e.trigger else None, int(incomplete_record(rec)),
                 *_location_columns(e.location)),
            )
            if cur.rowcount and cur.lastrowid is not None:
                self._insert_event_rows(cur.lastrowid, rec)
            n_events += cur.rowcount
        n_quotes = 0
        for q in coded.quotes:
            sp = q.speaker
            cur = c.execute(
                "INSERT INTO quotes(quote_id, article_id, date, speaker_code, speaker_country, speaker_name, verb, "
                "direct, text, start, \"end\", sentence_index, tracks, record, speaker) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(quote_id) DO NOTHING",
                (q.quote_id, q.article_id, q.date, sp.code if sp else None, sp.country if sp else None,
                 sp.name if sp else None, q.verb, int(q.direct), q.text, q.start, q.end, q.sentence_index,
                 _json(list(q.tracks)), _json(q.to_dict()), _actor_search_text(sp)),
            )
            n_quotes += cur.rowcount
        n_stances = self._insert_stances(coded)
        return AddResult("new", a.article_id, None, None, True, len(coded.sentences), n_events, n_quotes,
                         n_stances)

    def _insert_stances(self, coded: CodedArticle) -> int:
        """Rows of ``stances`` from ``coded.stances`` (``peacewatch.stances.Stance`` objects or their
        ``to_dict()`` records). A stance id already stored is passed over."""
        a = coded.article
        n = 0
        for st in getattr(coded, "stances", None) or []:
            rec = st.to_dict() if hasattr(st, "to_dict") else dict(st)
            actor = rec.get("actor") or {}
            proposal = rec.get("proposal") or {}
            if not rec.get("stance_id") or not actor.get("code"):
                raise StoreError(f"a stance of article {a.article_id!r} has no stance_id or no actor code",
                                 hint="give Stance records made by peacewatch.stances.extract_stances",
                                 source=a.origin)
            rec.setdefault("date", a.published)
            cur = self._conn.execute(
                "INSERT INTO stances(stance_id, article_id, sentence_index, date, actor_code, actor_country, "
                "actor_name, stance, proposal, proposal_id, condition, event_id, rule, record) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(stance_id) DO NOTHING",
                (rec["stance_id"], rec.get("article_id") or a.article_id, rec.get("sentence_index"),
                 rec.get("date"), actor.get("code"), actor.get("country"), actor.get("name"), rec.get("stance"),
                 proposal.get("text") or "", rec.get("proposal_id") or "", rec.get("condition"),
                 rec.get("event_id"), rec.get("rule"), _json(rec)),
            )
            n += cur.rowcount
        return n

    def _insert_event_rows(self, rid: int, rec: dict[str, Any]) -> None:
        """The ``event_sides``, ``event_dyads`` and ``event_tracks`` rows of one stored event (see
        the 0004 migration)."""
        c = self._conn
        c.executemany("INSERT OR IGNORE INTO event_sides(key, role, rid, code) VALUES (?,?,?,?)",
                      [(key, role, rid, code) for role, key, code in sides_rows(rec)])
        c.executemany("INSERT OR IGNORE INTO event_dyads(dyad, rid) VALUES (?,?)",
                      [(d, rid) for d in dyad_labels(rec)])
        c.executemany("INSERT OR IGNORE INTO event_tracks(track, rid) VALUES (?,?)",
                      [(t, rid) for t in dict.fromkeys(rec.get("tracks") or []) if isinstance(t, str)])

    def _insert_bands(self, rid: int, bands: Sequence[int]) -> None:
        self._conn.executemany(
            "INSERT OR IGNORE INTO lsh_buckets(band, bucket, rid) VALUES (?,?,?)",
            [(i, b, rid) for i, b in enumerate(bands)],
        )

    # --- search --------------------------------------------------------------------------------

    def optimize_search(self, *, after: int | None = None) -> bool:
        """Merge each full-text index into one segment (FTS5 ``optimize``): a store filled by many
        small transactions keeps thousands of segments, and a frequent word's search read them all
        (at 100,000 events: 15-20 ms a kind before, 3-9 ms after; 1.8 s to merge). With ``after``
        (articles just added) it runs only when they are at least 1,000 and 5% of the store
        (``ingest`` and ``load`` call it so at their end). Returns whether it ran."""
        self._check_writable()
        if after is not None:
            total = int(self._conn.execute("SELECT count(*) FROM articles").fetchone()[0])
            if after < 1000 or after * 20 < total:
                return False
        with self.transaction():
            for t in ("articles_fts", "events_fts", "quotes_fts"):
                self._conn.execute(f"INSERT INTO {t}({t}) VALUES ('optimize')")
        return True

    def search(self, query: str, *, kinds: Sequence[str] = SEARCH_KINDS, limit: int = 20,
               plain: bool = False, after: str | None = None,
               candidates: int | None = SEARCH_CANDIDATES) -> list[SearchHit]:
        """Full-text search (SQLite FTS5) over articles (title, text), events (sentence, actors,
        trigger) and quotes (text, speaker); best matches first, at most ``limit``. ``after`` (the
        :func:`search_cursor` of the last hit of a page) gives the next page: the hits that rank
        after it.

        ``query`` uses FTS5 syntax: words (all must occur), ``"a phrase"``, ``OR``, ``NOT``,
        ``prefix*``, ``NEAR(a b, 5)``, ``title:word`` (articles only). With ``plain=True`` every
        word is searched literally (any text is accepted). The query is always bound as a
        parameter. A malformed query raises :class:`QueryError`. ``candidates``: how many of each
        kind's newest matches are ranked (:data:`SEARCH_CANDIDATES`; None: every match).
        """
        if not isinstance(query, str) or not query.strip():
            raise QueryError("the search query is empty", hint="give one or more words to search for")
        bad = [k for k in kinds if k not in SEARCH_KINDS]
        if bad:
            raise QueryError(f"unknown search kind {bad[0]!r}", hint="use articles, events or quotes")
        limit = _int("limit", limit, 1)
        n_cand = -1 if candidates is None else max(limit, _int("candidates", candidates, 1))
        match = plain_query(query) if plain else query
        if not match:
            return []
        cursor = _decode_search_cursor(after) if after else None
        # kind -> (FTS table, bm25 weights, table, alias, key column, the hit's columns, joins)
        shapes = {
            "articles": ("articles_fts", "5.0, 1.0", "articles", "a", "article_id",
                         "'article', a.article_id, a.article_id, a.title, a.published", ""),
            "events": ("events_fts", "2.0, 1.0, 1.0", "events", "e", "event_id",
                       "'event', e.event_id, e.article_id, a.title, e.date",
                       " JOIN articles a ON a.article_id = e.article_id"),
            "quotes": ("quotes_fts", "2.0, 1.0", "quotes", "q", "quote_id",
                       "'quote', q.quote_id, q.article_id, a.title, q.date",
                       " JOIN articles a ON a.article_id = q.article_id"),
        }
        hits: list[SearchHit] = []
        for kind in dict.fromkeys(kinds):
            fts, weights, table, t, key, cols, joins = shapes[kind]
            # The newest ``candidates`` matches are ranked on the index alone (bm25); the rows that
            # can be on the page (ranked no worse than the limit-th, ties included) are joined for
            # their ids, ordered by (rank, id) as the cursor is (ties of a replicated story are
            # common: which of them LIMIT keeps must not be SQLite's choice), and only the page's
            # rows are cut into snippets (a snippet for every match cost more than the ranking).
            params: list[Any] = [match, limit, n_cand]
            if cursor:  # keyset: (rank, kind, id) after the cursor's
                params += list(cursor)
                after_edge = "WHERE r > ?4 "
                after_pool = f"c.r >= ?4 AND (c.r, '{kind[:-1]}', x.{key}) > (?4, ?5, ?6) AND "
            else:
                after_edge = after_pool = ""
            sql = (f"WITH cand AS MATERIALIZED (SELECT rowid AS id, bm25({fts}, {weights}) AS r FROM {fts} "
                   f"WHERE {fts} MATCH ?1 ORDER BY rowid DESC LIMIT ?3), "
                   f"edge AS (SELECT r FROM cand {after_edge}ORDER BY r LIMIT 1 OFFSET ?2 - 1), "
                   f"top AS (SELECT c.id, c.r, x.{key} AS k FROM cand c JOIN {table} x ON x.rid = c.id "
                   f"WHERE {after_pool}c.r <= ifnull((SELECT r FROM edge), 1e308) ORDER BY c.r, x.{key} LIMIT ?2) "
                   f"SELECT {cols}, snippet({fts}, -1, '[', ']', '…', 16), top.r "
                   f"FROM top CROSS JOIN {fts} ON {fts}.rowid = top.id JOIN {table} {t} ON {t}.rid = top.id{joins} "
                   f"WHERE {fts} MATCH ?1 ORDER BY top.r, top.k")
            try:
                rows = self._conn.execute(sql, params).fetchall()
            except sqlite3.OperationalError as err:
                msg = str(err)
                if _locked(err) or "disk i/o" in msg.lower() or "unable to open" in msg:
                    raise StoreError(f"search failed on {self.path}: {msg}", hint="try again") from None
                # anything else SQLite says about a query the user wrote is about the query
                detail = " ".join(msg.replace("fts5: ", "").split())
                raise QueryError(f"cannot read the search query {query[:80]!r} ({detail})", hint=_QUERY_HINT) from None
            hits.extend(SearchHit(*r) for r in rows)
        hits.sort(key=lambda h: (h.rank, h.kind, h.id))
        return hits[:limit]

    # --- reading -------------------------------------------------------------------------------

    _EVENT_FILTERS = frozenset({
        "since", "until", "actor", "dyad", "cameo", "root", "quad_class", "plover", "track", "negated",
        "hypothetical", "future", "historical", "article_id", "limit", "offset", "order", "incomplete",
        "unknown_side", "country", "near", "place", "located",
    })
    _EVENT_ORDERS = {  # order -> (sort key, direction); ties by rid in the same direction
        "date": ("ifnull(e.date, '~')", "ASC"),  # undated last
        "-date": ("ifnull(e.date, '')", "DESC"),  # undated last
        "goldstein": ("e.goldstein", "ASC"),
        "-goldstein": ("e.goldstein", "DESC"),
    }

    def _event_where(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        f, where, args = _filter_start("event", "e", filters, self._EVENT_FILTERS)
        inc = f.get("incomplete", False)
        if not (isinstance(inc, str) and inc.lower() == "any"):
            where.append("e.incomplete = ?")
            args.append(_bool("incomplete", inc))
        if "unknown_side" in f:
            where.append(("" if _bool("unknown_side", f["unknown_side"]) else "NOT ") +
                         "(e.target_code IS NOT NULL AND NOT EXISTS "
                         "(SELECT 1 FROM event_sides x WHERE x.rid = e.rid AND x.role = 't'))")
        if "actor" in f:
            spec = str(f["actor"]).strip().upper() or " "
            if is_key(spec) and self._frequent_key(spec):
                # a frequent actor: test each row walked in page order (a list of all its events
                # would cost more than the page); a rare one: the list (walking would cost more)
                where.append("EXISTS (SELECT 1 FROM event_sides x WHERE x.rid = e.rid AND x.key = ?)")
                args.append(spec)
            else:
                where.append(f"e.rid IN (SELECT x.rid FROM event_sides x WHERE {_side_sql('x', spec, args)})")
        if "dyad" in f:
            dy = parse_dyad(str(f["dyad"]))
            if is_key(dy.a) and is_key(dy.b) and dy.a != dy.b:  # one index lookup
                where.append("e.rid IN (SELECT d.rid FROM event_dyads d WHERE d.dyad = ?)")
                args.append(dy.label if dy.directed else "-".join(sorted((dy.a, dy.b))))
            else:

                def pair(a: str, b: str) -> str:
                    cond_s = _side_sql("s", a, args)
                    cond_t = _side_sql("t", b, args)
                    return ("SELECT s.rid FROM event_sides s JOIN event_sides t ON t.rid = s.rid AND t.role = 't' "
                            f"WHERE s.role = 's' AND {cond_s} AND {cond_t}")

                sub = pair(dy.a, dy.b) + ("" if dy.directed else " UNION " + pair(dy.b, dy.a))
                where.append(f"e.rid IN ({sub})")
        if "cameo" in f:
            lo, hi = _prefix_range(str(f["cameo"]).strip() or " ")
            where.append("(e.cameo >= ? AND e.cameo < ?)")
            args += [lo, hi]
        if "root" in f:
            r = str(f["root"]).strip()
            if not r.isdigit():
                raise QueryError(f"root={f['root']!r} is not a CAMEO root", hint="give 01 to 20")
            where.append("e.cameo_root = ?")
            args.append(r.zfill(2))
        if "quad_class" in f:
            where.append("e.quad_class = ?")
            args.append(_int("quad_class", f["quad_class"]))
        if "plover" in f:
            where.append("upper(e.plover_event) = ?")
            args.append(str(f["plover"]).strip().upper())
        if "track" in f:
            where.append("e.rid IN (SELECT tr.rid FROM event_tracks tr WHERE tr.track = ?)")
            args.append(str(f["track"]))
        for flag in ("negated", "hypothetical", "future", "historical"):
            if flag in f:
                where.append(f"e.{flag} = ?")
                args.append(_bool(flag, f[flag]))
        if "article_id" in f:
            where.append("e.article_id = ?")
            args.append(str(f["article_id"]))
        self._where_filters(f, where, args)
        return (" WHERE " + " AND ".join(where)) if where else "", args

    def _frequent_key(self, key: str, share: float = 0.02) -> bool:
        """Whether events with this actor key are more than ``share`` of all (a query-plan choice
        only: the results are the same either way). Counted once per state of the database."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        cached = getattr(self, "_key_counts", None)
        if cached is None or cached[0] != version:
            counts = dict(self._conn.execute("SELECT key, count(DISTINCT rid) FROM event_sides GROUP BY key"))
            total = self._conn.execute("SELECT count(*) FROM events").fetchone()[0]
            cached = self._key_counts = (version, counts, total)
        return bool(cached[1].get(key, 0) > share * max(cached[2], 1))

    @staticmethod
    def _where_filters(f: dict[str, Any], where: list[str], args: list[Any]) -> None:
        """``country`` (ISO3 of the location), ``near`` ("LAT,LON,KM": within KM of the point),
        ``place`` (a location key), ``located`` (bool)."""
        if "country" in f:
            c = str(f["country"]).strip().upper()
            if not re.fullmatch(r"[A-Z]{3}", c):
                raise QueryError(f"country={f['country']!r} is not an ISO3 code", hint="give e.g. KOR, PRK, USA")
            where.append("e.location_country = ?")
            args.append(c)
        if "near" in f:
            lat, lon, km = parse_near(f["near"])
            dlat = km / 111.0
            where.append("e.location_lat BETWEEN ? AND ?")
            args += [lat - dlat, lat + dlat]
            coslat = math.cos(math.radians(lat))
            dlon = km / (111.32 * coslat) if coslat > 1e-6 else 360.0
            if lon - dlon >= -180 and lon + dlon <= 180:
                where.append("e.location_lon BETWEEN ? AND ?")
                args += [lon - dlon, lon + dlon]
            where.append("pw_km(?, ?, e.location_lat, e.location_lon) <= ?")
            args += [lat, lon, km]
        if "place" in f:
            where.append("e.location_key = ?")
            args.append(str(f["place"]))
        if "located" in f:
            where.append("e.location_key IS NOT NULL" if _bool("located", f["located"]) else "e.location_key IS NULL")

    @staticmethod
    def _page(filters: dict[str, Any]) -> tuple[str, list[Any]]:
        limit, offset = filters.get("limit"), filters.get("offset")
        if limit is None and offset is None:
            return "", []
        return " LIMIT ? OFFSET ?", [-1 if limit is None else _int("limit", limit), _int("offset", offset or 0)]

    def _event_order(self, filters: dict[str, Any]) -> tuple[str, str]:
        order = filters.get("order") or "date"
        if order not in self._EVENT_ORDERS:
            raise QueryError(f"order={order!r} is not known", hint="use date, -date, goldstein or -goldstein")
        return self._EVENT_ORDERS[order]

    def events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """The stored event records (``Event.to_dict()``, ``mentions`` kept current), filtered.

        Only events of the dataset by default: ``incomplete`` events (no identified source) are
        left out unless ``incomplete=True`` (only them) or ``incomplete="any"``.

        Filters: ``since``/``until`` (ISO dates, inclusive; partial dates allowed), ``actor`` (a
        dyad side on source or target: ``PRK`` matches PRK and PRKGOV, ``IGOUNO`` the UN and its
        agencies), ``dyad`` (``"KOR-PRK"`` either direction, ``"KOR>PRK"`` directed; the rule of
        :mod:`peacewatch.analysis.dyads`), ``cameo`` (prefix), ``root``, ``quad_class``,
        ``plover`` (event name), ``track``, ``negated``/``hypothetical``/``future``/``historical``
        (bool), ``unknown_side`` (bool: the target is there but its country unknown),
        ``article_id``, ``country`` (ISO3 of the event's location), ``near`` (``"LAT,LON,KM"``:
        located within KM kilometres of the point), ``place`` (a location key), ``located``
        (bool), ``limit``, ``offset``, ``order`` (``"date"`` (default), ``"-date"``,
        ``"goldstein"``, ``"-goldstein"``; undated events last). For pages of a view use
        :meth:`events_page` (keyset: as fast on page 400 as on page 1).
        """
        where, args = self._event_where(filters)
        key, direction = self._event_order(filters)
        page, pargs = self._page(filters)
        order = f"{key} {direction}, e.rid {direction}"
        dated = None
        if page and where == " WHERE e.incomplete = ?" and filters.get("order", "date") in ("date", "-date"):
            # every event of the dataset (or every incomplete one) in date order: start from the
            # per-date counts instead of skipping OFFSET rows
            dated = self._date_page(filters.get("order") or "date", int(args[0]), int(pargs[0]), int(pargs[1]))
        if dated is not None:
            sql, args, pargs = dated[0], dated[1], []
        elif page:  # find the page's rows on the index first, then read only their records
            sql = (f"SELECT e.record, e.mentions FROM events e JOIN (SELECT e.rid AS rid, {key} AS k FROM events e"
                   f"{where} ORDER BY {order}{page}) p ON e.rid = p.rid ORDER BY p.k {direction}, p.rid {direction}")
        else:
            sql = f"SELECT e.record, e.mentions FROM events e{where} ORDER BY {order}"
        for rec, mentions in self._conn.execute(sql, args + pargs):
            d = json.loads(rec)
            d["mentions"] = mentions
            yield d

    def _date_page(self, order: str, incomplete: int, limit: int, offset: int) -> tuple[str, list[Any]] | None:
        """A page (``limit``, ``offset``) of every event with this ``incomplete`` flag in date order
        (``date`` or ``-date``, undated last) without skipping ``offset`` rows one by one: the
        per-date counts (``event_days``, kept at write time) give the date the page starts on, and
        the query reads the page index from there. The same rows as :meth:`events` would give; None
        for a page that runs from dated into undated events (read the plain way)."""
        newest = order == "-date"
        key, direction = self._EVENT_ORDERS[order]
        dated = int(self._conn.execute("SELECT ifnull(sum(events), 0) FROM event_days WHERE incomplete = ? AND date != ''",
                                       (incomplete,)).fetchone()[0])
        end = offset + (limit if limit >= 0 else 1 << 62)
        inner = "SELECT e.rid AS rid, {key} AS k FROM events e WHERE e.incomplete = ? AND {cond} ORDER BY {key} {d}, e.rid {d} LIMIT ? OFFSET ?"
        outer = ("SELECT e.record, e.mentions FROM events e JOIN ({inner}) p ON e.rid = p.rid "
                 "ORDER BY p.k {d}, p.rid {d}")
        if end > dated and offset < dated:
            return None
        if self._conn.execute("SELECT 1 FROM events WHERE date = '' LIMIT 1").fetchone():
            return None  # a date stored as '' sorts apart from an undated event's, which event_days joins
        if offset >= dated:  # the undated tail (last in both orders): the sort key is the sentinel
            sql = outer.format(inner=inner.format(key=key, cond=f"{key} = ?", d=direction), d=direction)
            return sql, [incomplete, "" if newest else "~", limit, offset - dated]
        row = self._conn.execute(
            f"SELECT date, before FROM (SELECT date, sum(events) OVER (ORDER BY date {'DESC' if newest else 'ASC'} "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before, events FROM event_days "
            "WHERE incomplete = ? AND date != '') "
            "WHERE ifnull(before, 0) + events > ? ORDER BY date " + ("DESC" if newest else "ASC") + " LIMIT 1",
            (incomplete, offset)).fetchone()
        if row is None:
            return None
        day, before = row[0], int(row[1] or 0)
        cond = f"{key} {'<=' if newest else '>='} ?"
        sql = outer.format(inner=inner.format(key=key, cond=cond, d=direction), d=direction)
        return sql, [incomplete, day, limit, offset - before]

    def events_page(self, *, limit: int = 50, after: str | None = None, before: str | None = None,
                    **filters: Any) -> dict[str, Any]:
        """One page of :meth:`events` by keyset: ``{"events": [...], "next": cursor | None,
        "prev": cursor | None}``. Give ``after=next`` for the following page and ``before=prev``
        for the one before; a cursor is opaque text (the sort value and row id of a page's edge
        row). The cost of a page does not grow with its depth."""
        f = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
        where, args = self._event_where(f)
        key, direction = self._event_order(f)
        rows, nxt, prev = self._keyset("events", "e", "e.record, e.mentions", key, direction, where, args, limit,
                                       after, before, numeric=(f.get("order") or "").endswith("goldstein"))
        events = []
        for rec, mentions in rows:
            ev = json.loads(rec)
            ev["mentions"] = mentions
            events.append(ev)
        return {"events": events, "next": nxt, "prev": prev}

    def _keyset(self, table: str, alias: str, columns: str, key: str, direction: str, where: str, args: list[Any],
                limit: int, after: str | None, before: str | None, *, numeric: bool = False,
                ) -> tuple[list[tuple[Any, ...]], str | None, str | None]:
        """Rows (``columns``) of one keyset page of ``table`` ordered by ``key`` then rid in
        ``direction``, after or before a cursor; with the next and previous cursors. The page's rids
        are found on the index first (``key``, rid), then only their rows are read."""
        if after and before:
            raise QueryError("give after or before, not both", hint="after=CURSOR pages forward, before=CURSOR back")
        limit = _int("limit", limit, 1)
        cursor = after or before
        back = before is not None
        d = direction if not back else ("ASC" if direction == "DESC" else "DESC")
        if cursor:
            value, rid = _decode_cursor(cursor, numeric=numeric)
            op = "<" if d == "DESC" else ">"
            # a range on the sort key (an index seek) narrowed by the tie on rid
            where = ((where + " AND " if where else " WHERE ")
                     + f"{key} {op}= ? AND ({key} {op} ? OR {alias}.rid {op} ?)")
            args = args + [value, value, rid]
        sql = (f"SELECT {columns}, p.k, p.rid FROM {table} {alias} JOIN (SELECT {alias}.rid AS rid, {key} AS k "
               f"FROM {table} {alias}{where} ORDER BY {key} {d}, {alias}.rid {d} LIMIT ?) p ON {alias}.rid = p.rid "
               f"ORDER BY p.k {d}, p.rid {d}")
        rows = self._conn.execute(sql, args + [limit + 1]).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        if back:
            rows.reverse()
        first = _encode_cursor(rows[0][-2], rows[0][-1]) if rows else None
        last = _encode_cursor(rows[-1][-2], rows[-1][-1]) if rows else None
        if back:
            nxt, prev = last, (first if more else None)
        else:
            nxt, prev = (last if more else None), (first if cursor else None)
        return [r[:-2] for r in rows], nxt, prev

    def count_events(self, **filters: Any) -> int:
        """How many events :meth:`events` would give for the same filters (ignoring limit/offset)."""
        f = {k: v for k, v in filters.items() if k not in ("limit", "offset", "order", "after", "before")}
        where, args = self._event_where(f)
        return int(self._conn.execute(f"SELECT count(*) FROM events e{where}", args).fetchone()[0])

    def place_counts(self, **filters: Any) -> list[dict[str, Any]]:
        """Located events (with a point) counted per place and QuadClass, for maps: ``key``,
        ``name``, ``country``, ``lat``, ``lon``, ``quad_class``, ``events``; busiest first. Takes
        the filters of :meth:`events` (without paging)."""
        f = {k: v for k, v in filters.items() if k not in ("limit", "offset", "order")}
        where, args = self._event_where(f)
        where = (where + " AND " if where else " WHERE ") + "e.location_lat IS NOT NULL"
        sql = ("SELECT e.location_key, min(e.location_name), min(e.location_country), min(e.location_lat), "
               f"min(e.location_lon), e.quad_class, count(*) FROM events e{where} "
               "GROUP BY e.location_key, e.quad_class ORDER BY count(*) DESC, e.location_key, e.quad_class")
        return [{"key": r[0], "name": r[1], "country": r[2], "lat": r[3], "lon": r[4], "quad_class": r[5],
                 "events": r[6]} for r in self._conn.execute(sql, args)]

    _QUOTE_FILTERS = frozenset({"since", "until", "speaker", "track", "article_id", "direct", "limit", "offset"})

    def _quote_where(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        f, where, args = _filter_start("quote", "q", filters, self._QUOTE_FILTERS)
        if "speaker" in f:
            lo, hi = _prefix_range(str(f["speaker"]).strip().upper() or " ")
            where.append("(q.speaker_code >= ? AND q.speaker_code < ?)")
            args += [lo, hi]
        if "track" in f:
            where.append("EXISTS (SELECT 1 FROM json_each(q.tracks) WHERE json_each.value = ?)")
            args.append(str(f["track"]))
        if "article_id" in f:
            where.append("q.article_id = ?")
            args.append(str(f["article_id"]))
        if "direct" in f:
            where.append("q.direct = ?")
            args.append(_bool("direct", f["direct"]))
        return (" WHERE " + " AND ".join(where)) if where else "", args

    def quotes(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """The stored quote records (``Quote.to_dict()``) by date, filtered by ``since``, ``until``,
        ``speaker`` (code prefix), ``track``, ``article_id``, ``direct``, ``limit``, ``offset``."""
        where, args = self._quote_where(filters)
        page, pargs = self._page(filters)
        sql = f"SELECT q.record FROM quotes q{where} ORDER BY q.date IS NULL, q.date, q.rid{page}"
        for (rec,) in self._conn.execute(sql, args + pargs):
            yield json.loads(rec)

    def quotes_page(self, *, limit: int = 50, after: str | None = None, before: str | None = None,
                    **filters: Any) -> dict[str, Any]:
        """One page of quotes, newest first (undated last), by keyset: ``{"quotes": [...], "next",
        "prev"}`` as :meth:`events_page`. Filters as :meth:`quotes`."""
        f = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
        where, args = self._quote_where(f)
        rows, nxt, prev = self._keyset("quotes", "q", "q.record", "ifnull(q.date, '')", "DESC", where, args, limit,
                                       after, before)
        return {"quotes": [json.loads(r[0]) for r in rows], "next": nxt, "prev": prev}

    def count_quotes(self, **filters: Any) -> int:
        f = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
        where, args = self._quote_where(f)
        return int(self._conn.execute(f"SELECT count(*) FROM quotes q{where}", args).fetchone()[0])

    _STANCE_FILTERS = frozenset({"since", "until", "actor", "stance", "article_id", "limit", "offset"})
    STANCE_KINDS = ("supports", "welcomes", "rejects", "conditions", "opposes", "proposes")

    def _stance_where(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        f, where, args = _filter_start("stance", "s", filters, self._STANCE_FILTERS)
        if "actor" in f:
            code = str(f["actor"]).strip().upper() or " "
            lo, hi = _prefix_range(code)
            where.append("(s.actor_country = ? OR (s.actor_code >= ? AND s.actor_code < ?))")
            args += [code, lo, hi]
        if "stance" in f:
            st = str(f["stance"]).strip().lower()
            if st not in self.STANCE_KINDS:
                raise QueryError(f"stance={f['stance']!r} is not a stance", hint="use " + ", ".join(self.STANCE_KINDS))
            where.append("s.stance = ?")
            args.append(st)
        if "article_id" in f:
            where.append("s.article_id = ?")
            args.append(str(f["article_id"]))
        return (" WHERE " + " AND ".join(where)) if where else "", args

    def stances(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """The stored stance records (``Stance.to_dict()``) by date, then article and sentence.

        Filters: ``since``/``until`` (inclusive ISO dates, partial dates allowed), ``actor`` (the
        actor's country code, or a code prefix: ``PRK`` matches PRK, PRKGOV; ``IGOUNO`` the UN),
        ``stance`` (supports, welcomes, rejects, conditions, opposes, proposes), ``article_id``,
        ``limit``, ``offset``. A bad value or unknown filter raises :class:`QueryError`.
        """
        where, args = self._stance_where(filters)
        page, pargs = self._page(filters)
        sql = (f"SELECT s.record FROM stances s{where} "
               f"ORDER BY s.date IS NULL, s.date, s.article_id, s.sentence_index, s.rid{page}")
        for (rec,) in self._conn.execute(sql, args + pargs):
            yield json.loads(rec)

    def count_stances(self, **filters: Any) -> int:
        """How many stances :meth:`stances` would give for the same filters (ignoring limit/offset)."""
        f = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
        where, args = self._stance_where(f)
        return int(self._conn.execute(f"SELECT count(*) FROM stances s{where}", args).fetchone()[0])

    # --- reading for views (the dashboard, the report) -----------------------------------------

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One stored event record (as :meth:`events` gives it, ``mentions`` current) by its
        ``event_id``, or None. The id is a bound parameter."""
        row = self._conn.execute("SELECT record, mentions FROM events WHERE event_id = ?",
                                 (str(event_id),)).fetchone()
        if row is None:
            return None
        d: dict[str, Any] = json.loads(row[0])
        d["mentions"] = row[1]
        return d

    def actor_mentions(self, article_id: str) -> list[dict[str, Any]]:
        """The actor mentions stored for one article, in text order: ``code``, ``country``,
        ``sector``, ``name``, ``text``, ``start``, ``end`` (offsets into ``articles.text``),
        ``resolution``, ``sentence_idx``. The article id is a bound parameter."""
        cols = ("code", "country", "sector", "name", "text", "start", "end", "resolution", "sentence_idx")
        rows = self._conn.execute(
            'SELECT code, country, sector, name, text, start, "end", resolution, sentence_idx FROM actor_mentions '
            "WHERE article_id = ? ORDER BY start, id", (str(article_id),)).fetchall()
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def actor_counts(self, *, limit: int = 200, prefix: str | None = None) -> list[dict[str, Any]]:
        """Known actor codes by the number of events of the dataset they take part in (a compound's
        members each), busiest first (ties by code): ``code``, ``events``, ``as_source``,
        ``as_target``. ``prefix`` keeps codes starting with it (letters and digits only);
        ``limit`` (>= 1) caps the rows. Unknown actors (``---GOV``) are no actors and not listed.
        Values are bound parameters."""
        limit = _int("limit", limit, 1)
        args: list[Any] = []
        where = ""
        if prefix:
            p = str(prefix).strip().upper()
            if not p.isalnum():
                raise QueryError(f"prefix={prefix!r} is not an actor code prefix", hint="give letters and digits, e.g. PRK")
            where = "AND x.code >= ? AND x.code < ? "
            args += list(_prefix_range(p))
        sql = ("SELECT x.code, count(DISTINCT x.rid), count(DISTINCT CASE WHEN x.role = 's' THEN x.rid END), "
               "count(DISTINCT CASE WHEN x.role = 't' THEN x.rid END) FROM event_sides x "
               f"JOIN events e ON e.rid = x.rid AND e.incomplete = 0 {where}"
               "GROUP BY x.code ORDER BY 2 DESC, x.code LIMIT ?")
        rows = self._conn.execute(sql, args + [limit]).fetchall()
        return [{"code": r[0], "events": r[1], "as_source": r[2], "as_target": r[3]} for r in rows]

    def actor_mention_texts(self, code: str, *, limit: int = 30) -> list[dict[str, Any]]:
        """How stories wrote an actor code: each mention text (case aside: "He" and "he" are one)
        with its count, the number of articles and the first and last publication date, most
        frequent first."""
        rows = self._conn.execute(
            "SELECT min(m.text), count(*), count(DISTINCT m.article_id), min(a.published), max(a.published) "
            "FROM actor_mentions m JOIN articles a ON a.article_id = m.article_id WHERE m.code = ? "
            "GROUP BY lower(m.text) ORDER BY 2 DESC, 1 LIMIT ?", (str(code), _int("limit", limit, 1))).fetchall()
        return [{"text": r[0], "mentions": r[1], "articles": r[2], "first": r[3], "last": r[4]} for r in rows]

    def actor_names_by_date(self, code: str, *, limit: int = 30) -> list[dict[str, Any]]:
        """Who a code stood for in the stories: each resolved name (a person holding the role, an
        organisation, a country) with the first and last publication date and the count of
        mentions, earliest first."""
        rows = self._conn.execute(
            "SELECT m.name, min(a.published), max(a.published), count(*), count(DISTINCT m.article_id) "
            "FROM actor_mentions m JOIN articles a ON a.article_id = m.article_id "
            "WHERE m.code = ? AND m.name IS NOT NULL GROUP BY m.name ORDER BY 2, m.name LIMIT ?",
            (str(code), _int("limit", limit, 1))).fetchall()
        return [{"name": r[0], "first": r[1], "last": r[2], "mentions": r[3], "articles": r[4]} for r in rows]

    def dyad_counts(self, *, since: str | None = None, until: str | None = None,
                    limit: int = 10) -> list[tuple[str, int]]:
        """The busiest undirected dyads (``"KOR-PRK"``, keys in alphabetical order) by events of the
        series (complete, not historical, negated or hypothetical) between two different known
        actors, most first (ties by name); ``since``/``until`` inclusive ISO dates."""
        _f, where, args = _filter_start("event", "e", {"since": since, "until": until},
                                        frozenset({"since", "until"}))
        where += ["e.incomplete = 0", "e.historical = 0", "e.negated = 0", "e.hypothetical = 0"]
        sql = ("SELECT min(s.key, t.key) || '-' || max(s.key, t.key) AS d, count(DISTINCT e.rid) AS n "
               "FROM events e JOIN event_sides s ON s.rid = e.rid AND s.role = 's' "
               "JOIN event_sides t ON t.rid = e.rid AND t.role = 't' AND t.key != s.key "
               f"WHERE {' AND '.join(where)} GROUP BY d ORDER BY n DESC, d LIMIT ?")
        return [(d, n) for d, n in self._conn.execute(sql, args + [_int("limit", limit, 1)])]

    def dyads_on_days(self, days: Sequence[str]) -> dict[str, list[str]]:
        """For each day given (``YYYY-MM-DD``), the undirected dyads with events of the series on
        it (as :meth:`dyad_counts`), busiest first."""
        out: dict[str, list[str]] = {}
        days = [_date_filter("day", d) for d in days]
        for i in range(0, len(days), 500):
            chunk = days[i:i + 500]
            sql = ("SELECT substr(e.date, 1, 10) AS day, min(s.key, t.key) || '-' || max(s.key, t.key) AS d, "
                   "count(DISTINCT e.rid) AS n FROM events e JOIN event_sides s ON s.rid = e.rid AND s.role = 's' "
                   "JOIN event_sides t ON t.rid = e.rid AND t.role = 't' AND t.key != s.key "
                   "WHERE e.incomplete = 0 AND e.historical = 0 AND e.negated = 0 AND e.hypothetical = 0 "
                   f"AND substr(e.date, 1, 10) IN ({','.join('?' * len(chunk))}) GROUP BY day, d ORDER BY day, n DESC, d")
            for day, d, _n in self._conn.execute(sql, chunk):
                out.setdefault(day, []).append(d)
        return out

    def dataset_counts(self, **filters: Any) -> dict[str, int]:
        """What the views leave out, for the same event filters (dates, track, ...; not dyad or
        actor): ``events`` of the dataset, ``incomplete`` (no identified source: not in the
        dataset) and ``unknown_side`` (in the dataset, target's country unknown: in no dyad)."""
        f = {k: v for k, v in filters.items() if k not in ("dyad", "actor", "incomplete", "unknown_side")}
        return {"events": self.count_events(**f), "incomplete": self.count_events(**f, incomplete=True),
                "unknown_side": self.count_events(**f, unknown_side=True)}

    _PERIOD_KEYS = {
        "day": "substr(date, 1, 10)",
        "month": "substr(date, 1, 7)",
        "week": "strftime('%Y-%m-%d', date, '-' || ((CAST(strftime('%w', date) AS INTEGER) + 6) % 7) || ' days')",
    }

    def quad_class_counts(self, freq: str = "month", *, since: str | None = None,
                          until: str | None = None) -> list[dict[str, Any]]:
        """Counted events per period and QuadClass, by SQL: ``period_start`` (``YYYY-MM-DD`` for
        a day, the Monday of the ISO week for a week, ``YYYY-MM`` for a month), ``quad_class``,
        ``events``; ordered by period then QuadClass; periods without events are absent.

        Counted as in the series (docs/SERIES.md): events of the dataset with a full date, not
        historical, not negated, not hypothetical. ``since``/``until`` are inclusive ISO dates (partial allowed),
        bound as parameters; ``freq`` is day, week or month."""
        if freq not in self._PERIOD_KEYS:
            raise QueryError(f"freq={freq!r} is not known", hint="use day, week or month")
        where = ["incomplete = 0", "historical = 0", "negated = 0", "hypothetical = 0", "length(date) >= 10"]
        args: list[Any] = []
        _date_range("date", since or None, until or None, where, args)
        sql = (f"SELECT {self._PERIOD_KEYS[freq]} AS p, quad_class, count(*) FROM events "
               f"WHERE {' AND '.join(where)} GROUP BY p, quad_class ORDER BY p, quad_class")
        return [{"period_start": p, "quad_class": q, "events": n}
                for p, q, n in self._conn.execute(sql, args) if p is not None]

    def series_days(self, dyad: str, *, since: str | None = None,
                    until: str | None = None) -> list[tuple[str, int, int, int, float, float, int]]:
        """The daily sums of one dyad label (``KOR-PRK`` with its keys in alphabetical order, or
        ``KOR>PRK``; two keys, as in ``event_dyads``) that the store keeps at write time (table
        ``series_days``, migration 0006): (date, quad_class, flags 1 historical | 2 negated |
        4 hypothetical, events, Goldstein sum, sum of |Goldstein|, mentions), by date. Only
        complete events are in them. ``since``/``until`` narrow the dates as :meth:`events` does
        (an undated event is then left out)."""
        where: list[str] = ["dyad = ?", "events > 0"]
        args: list[Any] = [str(dyad).upper()]
        if since or until:
            where.append("date != ''")
        _date_range("date", since or None, until or None, where, args)
        return [tuple(r) for r in self._conn.execute(
            "SELECT date, quad_class, flags, events, goldstein_sum, goldstein_abs, mentions FROM series_days "
            f"WHERE {' AND '.join(where)} ORDER BY date", args)]

    def track_names(self) -> list[str]:
        """Every track name on a stored article, event or quote, sorted."""
        rows = self._conn.execute(
            "SELECT json_each.value FROM articles, json_each(articles.tracks) UNION "
            "SELECT track FROM event_tracks UNION "
            "SELECT json_each.value FROM quotes, json_each(quotes.tracks) ORDER BY 1").fetchall()
        return [r[0] for r in rows if isinstance(r[0], str)]

    def event_date_range(self) -> tuple[str | None, str | None]:
        """The first and last full date (``YYYY-MM-DD``) of the events of the dataset, or (None, None)."""
        row = self._conn.execute(
            "SELECT min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM events "
            "WHERE incomplete = 0 AND length(date) >= 10").fetchone()
        return row[0], row[1]

    _ARTICLE_JSON = ("date_conflicts", "offsets", "removed", "meta", "tracks")
    _ARTICLE_COLUMNS = ("article_id", "origin", "kind", "text", "body_start", "title", "source", "source_id", "url",
                        "dateline", "published", "date_basis", "date_conflicts", "offsets", "removed", "meta",
                        "content_hash", "copies", "tracks", "word_count", "ingested_at")
    _ARTICLE_FILTERS = frozenset({"since", "until", "source", "track", "origin", "limit", "offset", "with_raw_text"})

    def _article_dict(self, row: sqlite3.Row | tuple[Any, ...], cols: Sequence[str]) -> dict[str, Any]:
        d = dict(zip(cols, row, strict=True))
        for k in self._ARTICLE_JSON:
            if k in d and d[k] is not None:
                d[k] = json.loads(d[k])
        return d

    def articles(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Stored articles (columns of ``articles``, JSON decoded; ``raw_text`` only with
        ``with_raw_text=True``) by publication date. Filters: ``since``, ``until``, ``source``,
        ``track``, ``origin``, ``limit``, ``offset``."""
        unknown = set(filters) - self._ARTICLE_FILTERS
        if unknown:
            raise QueryError(f"unknown article filter {sorted(unknown)[0]!r}",
                             hint="use " + ", ".join(sorted(self._ARTICLE_FILTERS)))
        f = {k: v for k, v in filters.items() if v is not None}
        cols = list(self._ARTICLE_COLUMNS) + (["raw_text"] if f.get("with_raw_text") else [])
        where: list[str] = []
        args: list[Any] = []
        _date_range("published", f.get("since"), f.get("until"), where, args)
        if "source" in f:
            where.append("source = ?")
            args.append(str(f["source"]))
        if "origin" in f:
            where.append("origin = ?")
            args.append(str(f["origin"]))
        if "track" in f:
            where.append("EXISTS (SELECT 1 FROM json_each(articles.tracks) WHERE json_each.value = ?)")
            args.append(str(f["track"]))
        page, pargs = self._page(f)
        w = (" WHERE " + " AND ".join(where)) if where else ""
        sql = f"SELECT {', '.join(cols)} FROM articles{w} ORDER BY published IS NULL, published, rid{page}"
        for row in self._conn.execute(sql, args + pargs):
            yield self._article_dict(row, cols)

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """One stored article with every column (``raw_text`` included) and the copies seen
        (``copies_seen``: origin, kind, similarity, seen_at, ...), or None."""
        cols = list(self._ARTICLE_COLUMNS) + ["raw_text"]
        row = self._conn.execute(f"SELECT {', '.join(cols)} FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        d = self._article_dict(row, cols)
        ccols = ("origin", "kind", "similarity", "seen_at", "copy_article_id", "title", "published", "source")
        d["copies_seen"] = [
            dict(zip(ccols, r, strict=True)) for r in self._conn.execute(
                f"SELECT {', '.join(ccols)} FROM article_copies WHERE article_id = ? ORDER BY id", (article_id,))
        ]
        return d

    def sentences(self, article_id: str) -> list[dict[str, Any]]:
        """The stored sentences of one article, in order."""
        return [
            {"idx": r[0], "start": r[1], "end": r[2], "text": r[3]}
            for r in self._conn.execute(
                'SELECT idx, start, "end", text FROM sentences WHERE article_id = ? ORDER BY idx', (article_id,))
        ]

    def summary(self) -> dict[str, Any]:
        """Counts and date range: articles, copies (publications incl. duplicates), duplicates
        (recorded exact/near copies), same_origin, sentences, actor_mentions, events (all stored),
        events_incomplete (of those, the ones with no identified source, outside the dataset),
        quotes, first/last publication date, schema_version."""
        c = self._conn
        def one(sql: str) -> Any:
            return c.execute(sql).fetchone()[0]

        first, last = c.execute("SELECT min(published), max(published) FROM articles").fetchone()
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "copies": one("SELECT coalesce(sum(copies), 0) FROM articles"),
            "duplicates": one("SELECT count(*) FROM article_copies WHERE kind != 'same-origin'"),
            "exact_duplicates": one("SELECT count(*) FROM article_copies WHERE kind = 'exact'"),
            "near_duplicates": one("SELECT count(*) FROM article_copies WHERE kind = 'near'"),
            "same_origin": one("SELECT count(*) FROM article_copies WHERE kind = 'same-origin'"),
            "sentences": one("SELECT count(*) FROM sentences"),
            "actor_mentions": one("SELECT count(*) FROM actor_mentions"),
            "events": one("SELECT count(*) FROM events"),
            "events_incomplete": one("SELECT count(*) FROM events WHERE incomplete = 1"),
            "quotes": one("SELECT count(*) FROM quotes"),
            "stances": one("SELECT count(*) FROM stances"),
            "first_date": first,
            "last_date": last,
            "schema_version": self.schema_version,
        }

    # --- watch state and alerts (peacewatch.watch; migration 0005) ------------------------------

    _WATCH_FIELDS = ("kind", "last_poll", "last_ok", "failures", "next_try", "last_error", "items")

    def watch_source(self, source: str) -> dict[str, Any] | None:
        """What watch remembers of one source (columns of ``watch_sources``), or None."""
        row = self._conn.execute(f"SELECT {', '.join(self._WATCH_FIELDS)} FROM watch_sources WHERE source = ?",
                                 (source,)).fetchone()
        return None if row is None else dict(zip(self._WATCH_FIELDS, row, strict=True))

    def watch_sources(self) -> list[dict[str, Any]]:
        cols = ("source",) + self._WATCH_FIELDS
        return [dict(zip(cols, r, strict=True)) for r in
                self._conn.execute(f"SELECT {', '.join(cols)} FROM watch_sources ORDER BY source")]

    def set_watch_source(self, source: str, **fields: Any) -> None:
        """Insert or update the watch state of ``source`` (only the fields given)."""
        self._check_writable()
        bad = set(fields) - set(self._WATCH_FIELDS)
        if bad:
            raise QueryError(f"unknown watch field {sorted(bad)[0]!r}", hint="use " + ", ".join(self._WATCH_FIELDS))
        with self.transaction():
            self._conn.execute("INSERT OR IGNORE INTO watch_sources(source, kind) VALUES (?, ?)",
                               (source, fields.get("kind") or "unknown"))
            if fields:
                sets = ", ".join(f"{k} = ?" for k in fields)
                self._conn.execute(f"UPDATE watch_sources SET {sets} WHERE source = ?", [*fields.values(), source])

    def file_unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        """Whether watch has read this file with this size and modification time already."""
        row = self._conn.execute("SELECT size, mtime_ns FROM watch_files WHERE path = ?", (path,)).fetchone()
        return row is not None and row[0] == size and row[1] == mtime_ns

    def mark_file(self, path: str, size: int, mtime_ns: int) -> None:
        self._check_writable()
        with self.transaction():
            self._conn.execute("INSERT OR REPLACE INTO watch_files(path, size, mtime_ns, seen_at) VALUES (?,?,?,?)",
                               (path, size, mtime_ns, _now()))

    def add_alert(self, alert: dict[str, Any], *, post: bool = False) -> bool:
        """Store an alert record (``alert_id``, ``dyad``, ``day``, ``direction``, ``value``,
        ``events``, ``event_ids``, ...), to be delivered (and POSTed when ``post``); False when that
        alert was raised before."""
        self._check_writable()
        with self.transaction():
            cur = self._conn.execute(
                "INSERT OR IGNORE INTO alerts(alert_id, raised_at, dyad, day, direction, value, events, event_ids, "
                "record, delivered, posted) VALUES (?,?,?,?,?,?,?,?,?,0,?)",
                (alert["alert_id"], alert.get("raised_at") or _now(), alert["dyad"], alert["day"], alert["direction"],
                 alert["value"], alert["events"], _json(list(alert.get("event_ids") or [])), _json(alert),
                 0 if post else 1))
        return cur.rowcount == 1

    def undelivered_alerts(self, column: Literal["delivered", "posted"]) -> list[dict[str, Any]]:
        """Alerts not yet written out (``delivered``) or not yet POSTed (``posted``), oldest first."""
        if column not in ("delivered", "posted"):
            raise QueryError(f"unknown alert state {column!r}", hint="use delivered or posted")
        return [json.loads(r[0]) for r in self._conn.execute(
            f"SELECT record FROM alerts WHERE {column} = 0 ORDER BY raised_at, day, alert_id")]

    def mark_alert(self, alert_id: str, column: Literal["delivered", "posted"]) -> None:
        self._check_writable()
        if column not in ("delivered", "posted"):
            raise QueryError(f"unknown alert state {column!r}", hint="use delivered or posted")
        with self.transaction():
            self._conn.execute(f"UPDATE alerts SET {column} = 1 WHERE alert_id = ?", (alert_id,))

    def setting(self, key: str) -> str | None:
        """A value of the ``settings`` table (watch keeps its progress there), or None."""
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        self._check_writable()
        with self.transaction():
            self._conn.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", (key, str(value)))

    def event_days_since(self, rid: int) -> tuple[list[str], int]:
        """The full dates of the dataset's events stored after row ``rid``, and the last rid (for
        watch: which days new events touched)."""
        last = self._conn.execute("SELECT ifnull(max(rid), 0) FROM events").fetchone()[0]
        days = [r[0] for r in self._conn.execute(
            "SELECT DISTINCT substr(date, 1, 10) FROM events WHERE rid > ? AND rid <= ? AND incomplete = 0 "
            "AND length(date) >= 10 ORDER BY 1", (int(rid), last))]
        return days, last

    def alerts(self, *, dyad: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Stored alert records, the latest day first (then the latest raised)."""
        args: list[Any] = []
        where = ""
        if dyad:
            where = " WHERE dyad = ?"
            args.append(str(dyad).upper())
        sql = f"SELECT record FROM alerts{where} ORDER BY day DESC, raised_at DESC, alert_id LIMIT ?"
        return [json.loads(r[0]) for r in self._conn.execute(sql, args + [_int("limit", limit, 1)])]

    def get_alert(self, alert_id: str) -> dict[str, Any] | None:
        row = self._conn.execute("SELECT record FROM alerts WHERE alert_id = ?", (str(alert_id),)).fetchone()
        return None if row is None else json.loads(row[0])

    def events_by_id(self, event_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The stored event records with these ids (``mentions`` current), in the order given;
        ids not stored are passed over."""
        ids = [str(i) for i in event_ids][:1000]
        if not ids:
            return []
        rows = self._conn.execute(
            f"SELECT event_id, record, mentions FROM events WHERE event_id IN ({','.join('?' * len(ids))})",
            ids).fetchall()
        found = {eid: json.loads(rec) | {"mentions": m} for eid, rec, m in rows}
        return [found[i] for i in ids if i in found]

    def sentence_texts(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
        """Stored sentences by (article_id, idx): ``{(article_id, idx): {"start", "end", "text"}}``."""
        out: dict[tuple[str, int], dict[str, Any]] = {}
        for aid, idx in dict.fromkeys((str(a), int(i)) for a, i in keys if i is not None):
            row = self._conn.execute('SELECT start, "end", text FROM sentences WHERE article_id = ? AND idx = ?',
                                     (aid, idx)).fetchone()
            if row:
                out[(aid, idx)] = {"start": row[0], "end": row[1], "text": row[2]}
        return out


def plain_query(text: str) -> str:
    """The FTS5 query that means ``text`` read as plain words, as the CLI and the dashboard search
    by default: every word is required; words joined by punctuation (``six-party``, ``U.S.``) and
    words inside double quotes (``"three pillars"``) must stand together, in that order; every
    other character (``*``, ``(``, ``AND``, ``:``) is only text. Returns '' when ``text`` has no
    word characters."""
    parts: list[str] = []
    for m in re.finditer(r'"([^"]*)"?|(\S+)', text):
        chunk = m.group(1) if m.group(1) is not None else m.group(2)
        words = re.findall(r"\w+", chunk, flags=re.UNICODE)
        if words:
            parts.append('"' + " ".join(w.replace('"', '""') for w in words) + '"')
    return " ".join(parts)
