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
    if "since" in f:
        where.append(f"{alias}.date >= ?")
        args.append(_date_filter("since", f["since"]))
    if "until" in f:
        u = _date_filter("until", f["until"])
        where.append(f"substr({alias}.date, 1, ?) <= ?")
        args += [len(u), u]
    return f, where, args


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
                "tracks, record, sentence, actors, trigger_text, location_key, location_name, location_country, "
                "location_admin1, location_lat, location_lon) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(event_id) DO NOTHING",
                (e.event_id, e.article_id, e.sentence_index, e.date, str(e.cameo), str(e.cameo_root), e.quad_class,
                 e.goldstein, e.plover.event if e.plover else None, e.plover.mode if e.plover else None,
                 e.source.code if e.source else None, e.source.country if e.source else None,
                 e.source.sector if e.source else None, e.target.code if e.target else None,
                 e.target.country if e.target else None, e.target.sector if e.target else None,
                 int(e.modality.negated), int(e.modality.hypothetical), int(e.modality.future),
                 int(e.modality.historical), e.condition, e.rule, e.confidence, e.mentions,
                 _json(list(e.tracks)), _json(rec), e.sentence, _actor_search_text(e.source, e.target),
                 e.trigger.text if e.trigger else None, *_location_columns(e.location)),
            )
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

    def _insert_bands(self, rid: int, bands: Sequence[int]) -> None:
        self._conn.executemany(
            "INSERT OR IGNORE INTO lsh_buckets(band, bucket, rid) VALUES (?,?,?)",
            [(i, b, rid) for i, b in enumerate(bands)],
        )

    # --- search --------------------------------------------------------------------------------

    def search(self, query: str, *, kinds: Sequence[str] = SEARCH_KINDS, limit: int = 20,
               plain: bool = False) -> list[SearchHit]:
        """Full-text search (SQLite FTS5) over articles (title, text), events (sentence, actors,
        trigger) and quotes (text, speaker); best matches first, at most ``limit``.

        ``query`` uses FTS5 syntax: words (all must occur), ``"a phrase"``, ``OR``, ``NOT``,
        ``prefix*``, ``NEAR(a b, 5)``, ``title:word`` (articles only). With ``plain=True`` every
        word is searched literally (any text is accepted). The query is always bound as a
        parameter. A malformed query raises :class:`QueryError`.
        """
        if not isinstance(query, str) or not query.strip():
            raise QueryError("the search query is empty", hint="give one or more words to search for")
        bad = [k for k in kinds if k not in SEARCH_KINDS]
        if bad:
            raise QueryError(f"unknown search kind {bad[0]!r}", hint="use articles, events or quotes")
        limit = _int("limit", limit, 1)
        match = plain_query(query) if plain else query
        if not match:
            return []
        sqls = {
            "articles": (
                "SELECT 'article', a.article_id, a.article_id, a.title, a.published, "
                "snippet(articles_fts, -1, '[', ']', '…', 16), bm25(articles_fts, 5.0, 1.0) AS r "
                "FROM articles_fts JOIN articles a ON a.rid = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY r LIMIT ?"
            ),
            "events": (
                "SELECT 'event', e.event_id, e.article_id, a.title, e.date, "
                "snippet(events_fts, -1, '[', ']', '…', 16), bm25(events_fts, 2.0, 1.0, 1.0) AS r "
                "FROM events_fts JOIN events e ON e.rid = events_fts.rowid "
                "JOIN articles a ON a.article_id = e.article_id "
                "WHERE events_fts MATCH ? ORDER BY r LIMIT ?"
            ),
            "quotes": (
                "SELECT 'quote', q.quote_id, q.article_id, a.title, q.date, "
                "snippet(quotes_fts, -1, '[', ']', '…', 16), bm25(quotes_fts, 2.0, 1.0) AS r "
                "FROM quotes_fts JOIN quotes q ON q.rid = quotes_fts.rowid "
                "JOIN articles a ON a.article_id = q.article_id "
                "WHERE quotes_fts MATCH ? ORDER BY r LIMIT ?"
            ),
        }
        hits: list[SearchHit] = []
        for kind in dict.fromkeys(kinds):
            try:
                rows = self._conn.execute(sqls[kind], (match, limit)).fetchall()
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
        "hypothetical", "future", "historical", "article_id", "limit", "offset", "order", "country", "near",
        "place", "located",
    })
    _EVENT_ORDERS = {
        "date": "e.date IS NULL, e.date, e.rid",
        "-date": "e.date IS NULL, e.date DESC, e.rid DESC",
        "goldstein": "e.goldstein, e.rid",
        "-goldstein": "e.goldstein DESC, e.rid",
    }

    def _event_where(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        f, where, args = _filter_start("event", "e", filters, self._EVENT_FILTERS)
        if "actor" in f:
            lo, hi = _prefix_range(str(f["actor"]).strip().upper() or " ")
            where.append("((e.source_code >= ? AND e.source_code < ?) OR (e.target_code >= ? AND e.target_code < ?))")
            args += [lo, hi, lo, hi]
        if "dyad" in f:
            d = str(f["dyad"]).strip().upper()
            m = re.fullmatch(r"([A-Z0-9]+)\s*([->])\s*([A-Z0-9]+)", d)
            if not m:
                raise QueryError(f"dyad={f['dyad']!r} is not a dyad",
                                 hint="give A-B (either direction) or A>B (A acting on B), e.g. KOR-PRK")
            a, arrow, b = m.groups()

            def side(role: str, code: str) -> str:
                lo, hi = _prefix_range(code)
                args.extend([code, lo, hi])
                return f"(e.{role}_country = ? OR (e.{role}_code >= ? AND e.{role}_code < ?))"

            directed = f"({side('source', a)} AND {side('target', b)})"
            if arrow == "-":
                where.append(f"({directed} OR ({side('source', b)} AND {side('target', a)}))")
            else:
                where.append(directed)
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
            where.append("EXISTS (SELECT 1 FROM json_each(e.tracks) WHERE json_each.value = ?)")
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

    def events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """The stored event records (``Event.to_dict()``, ``mentions`` kept current), filtered.

        Filters: ``since``/``until`` (ISO dates, inclusive; partial dates allowed), ``actor`` (code
        prefix on source or target), ``dyad`` (``"KOR-PRK"`` either direction, ``"KOR>PRK"``
        directed; a side matches the actor's country or a code prefix), ``cameo`` (prefix),
        ``root``, ``quad_class``, ``plover`` (event name), ``track``, ``negated``/``hypothetical``/
        ``future``/``historical`` (bool), ``article_id``, ``country`` (ISO3 of the event's
        location), ``near`` (``"LAT,LON,KM"``: located within KM kilometres of the point),
        ``place`` (a location key), ``located`` (bool), ``limit``, ``offset``, ``order``
        (``"date"`` (default), ``"-date"``, ``"goldstein"``, ``"-goldstein"``).
        """
        where, args = self._event_where(filters)
        order = filters.get("order") or "date"
        if order not in self._EVENT_ORDERS:
            raise QueryError(f"order={order!r} is not known", hint="use date, -date, goldstein or -goldstein")
        page, pargs = self._page(filters)
        sql = f"SELECT e.record, e.mentions FROM events e{where} ORDER BY {self._EVENT_ORDERS[order]}{page}"
        for rec, mentions in self._conn.execute(sql, args + pargs):
            d = json.loads(rec)
            d["mentions"] = mentions
            yield d

    def count_events(self, **filters: Any) -> int:
        """How many events :meth:`events` would give for the same filters (ignoring limit/offset)."""
        f = {k: v for k, v in filters.items() if k not in ("limit", "offset", "order")}
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
        """Actor codes by the number of events they take part in, busiest first (ties by code):
        ``code``, ``name`` (one resolved name seen for it), ``events``, ``as_source``,
        ``as_target``. ``prefix`` keeps codes starting with it (letters and digits only);
        ``limit`` (>= 1) caps the rows. Values are bound parameters."""
        limit = _int("limit", limit, 1)
        args: list[Any] = []
        where = ""
        if prefix:
            p = str(prefix).strip().upper()
            if not p.isalnum():
                raise QueryError(f"prefix={prefix!r} is not an actor code prefix", hint="give letters and digits, e.g. PRK")
            where = "WHERE code >= ? AND code < ?"
            args += list(_prefix_range(p))
        sql = (
            "SELECT code, max(name), count(*) AS n, sum(role = 's'), sum(role = 't') FROM ("
            "SELECT source_code AS code, json_extract(record, '$.source.name') AS name, 's' AS role FROM events "
            "WHERE source_code IS NOT NULL UNION ALL "
            "SELECT target_code, json_extract(record, '$.target.name'), 't' FROM events WHERE target_code IS NOT NULL) "
            f"{where} GROUP BY code ORDER BY n DESC, code LIMIT ?"
        )
        rows = self._conn.execute(sql, args + [limit]).fetchall()
        return [{"code": r[0], "name": r[1], "events": r[2], "as_source": r[3], "as_target": r[4]} for r in rows]

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

        Counted as in the series (docs/SERIES.md): events with a full date, not historical, not
        negated, not hypothetical. ``since``/``until`` are inclusive ISO dates (partial allowed),
        bound as parameters; ``freq`` is day, week or month."""
        if freq not in self._PERIOD_KEYS:
            raise QueryError(f"freq={freq!r} is not known", hint="use day, week or month")
        where = ["historical = 0", "negated = 0", "hypothetical = 0", "length(date) >= 10"]
        args: list[Any] = []
        if since:
            where.append("date >= ?")
            args.append(_date_filter("since", since))
        if until:
            u = _date_filter("until", until)
            where.append("substr(date, 1, ?) <= ?")
            args += [len(u), u]
        sql = (f"SELECT {self._PERIOD_KEYS[freq]} AS p, quad_class, count(*) FROM events "
               f"WHERE {' AND '.join(where)} GROUP BY p, quad_class ORDER BY p, quad_class")
        return [{"period_start": p, "quad_class": q, "events": n}
                for p, q, n in self._conn.execute(sql, args) if p is not None]

    def track_names(self) -> list[str]:
        """Every track name on a stored article, event or quote, sorted."""
        rows = self._conn.execute(
            "SELECT json_each.value FROM articles, json_each(articles.tracks) UNION "
            "SELECT json_each.value FROM events, json_each(events.tracks) UNION "
            "SELECT json_each.value FROM quotes, json_each(quotes.tracks) ORDER BY 1").fetchall()
        return [r[0] for r in rows if isinstance(r[0], str)]

    def event_date_range(self) -> tuple[str | None, str | None]:
        """The first and last full date (``YYYY-MM-DD``) of the stored events, or (None, None)."""
        row = self._conn.execute(
            "SELECT min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM events WHERE length(date) >= 10").fetchone()
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
        if "since" in f:
            where.append("published >= ?")
            args.append(_date_filter("since", f["since"]))
        if "until" in f:
            u = _date_filter("until", f["until"])
            where.append("substr(published, 1, ?) <= ?")
            args += [len(u), u]
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
        (recorded exact/near copies), same_origin, sentences, actor_mentions, events, quotes,
        first/last publication date, schema_version."""
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
            "quotes": one("SELECT count(*) FROM quotes"),
            "stances": one("SELECT count(*) FROM stances"),
            "first_date": first,
            "last_date": last,
            "schema_version": self.schema_version,
        }


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
