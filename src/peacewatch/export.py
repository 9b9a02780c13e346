"""Exports of stored events and quotes: JSONL, CSV, GDELT 2.0, PLOVER JSONL and Parquet.

    from peacewatch.export import export_events
    with Store.open("peacewatch.db", readonly=True) as store, open("events.tsv", "w") as out:
        result = export_events(store, "gdelt", out, dyad="KOR-PRK")

* ``jsonl``: the event/quote records of DESIGN.md exactly, one a line.
* ``csv``: flat columns (:data:`EVENT_CSV_COLUMNS`, :data:`QUOTE_CSV_COLUMNS`), with a header;
  a text cell starting with = + - @ tab or CR gets a leading apostrophe (:func:`csv_safe`).
* ``gdelt``: the 61 columns of the GDELT 2.0 event table (:data:`GDELT_COLUMNS`), tab-separated,
  no header unless asked, codes as strings with their leading zeros, what we do not produce empty.
* ``plover``: one PLOVER JSON record a line (fields of the PLOVER manual's data-fields chapter);
  events without a PLOVER category are skipped and counted.
* ``parquet``: the CSV columns with types (codes as strings, lists as list<string>).

The column-by-column mapping and its sources are in docs/EXPORTS.md.
"""

from __future__ import annotations

import csv
import io
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Sequence

from . import __version__
from .errors import QueryError
from .model import stable_hash

EVENT_FORMATS = ("jsonl", "csv", "gdelt", "plover", "parquet")
QUOTE_FORMATS = ("jsonl", "csv", "parquet")

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                 "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{f}" for f in _ACTOR_FIELDS)
    + tuple(f"Actor2{f}" for f in _ACTOR_FIELDS)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
       "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{f}" for f in _GEO_FIELDS)
    + tuple(f"Actor2Geo_{f}" for f in _GEO_FIELDS)
    + tuple(f"ActionGeo_{f}" for f in _GEO_FIELDS)
    + ("DATEADDED", "SOURCEURL")
)
"""The GDELT 2.0 event table columns in order (GDELT Event Codebook V2.0, 2015-02-19)."""
assert len(GDELT_COLUMNS) == 61

PLOVER_SPECIAL_CONTEXTS = {"historical": "historical", "future": "future", "hypothetical": "hypothetical",
                           "negated": "negation"}
"""Our modality flags as the PLOVER manual's four special contexts."""

EVENT_CSV_COLUMNS = (
    "event_id", "article_id", "sentence_index", "date", "date_basis",
    "source_code", "source_country", "source_sector", "source_name", "source_text", "source_start", "source_end",
    "target_code", "target_country", "target_sector", "target_name", "target_text", "target_start", "target_end",
    "cameo", "cameo_root", "quad_class", "quad_scheme", "goldstein",
    "plover_event", "plover_mode", "plover_context",
    "negated", "hypothetical", "future", "historical", "condition",
    "trigger_text", "trigger_start", "trigger_end", "rule", "confidence", "tracks", "mentions",
    "code_table_version", "sentence",
    "location_name", "location_country", "location_admin1", "location_lat", "location_lon", "location_geonames_id",
    "location_feature", "location_text", "location_start", "location_end", "location_basis", "location_confidence",
)
QUOTE_CSV_COLUMNS = (
    "quote_id", "article_id", "date", "text", "direct", "start", "end", "verb",
    "speaker_code", "speaker_country", "speaker_name", "speaker_text", "speaker_start", "speaker_end",
    "tracks", "sentence_index",
)
STANCE_CSV_COLUMNS = (
    "stance_id", "article_id", "date", "actor_code", "actor_country", "actor_name", "actor_text", "stance",
    "proposal", "proposal_id", "mention", "condition", "trigger_text", "evidence", "sentence_index", "event_id",
    "rule",
)
"""Flat columns of a stance record (``Database.stances_df``)."""
LIST_SEPARATOR = ";"
"""How list fields (tracks, PLOVER contexts) are joined in CSV."""


@dataclass
class ExportResult:
    written: int = 0
    skipped: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + 1


# --- article lookups -----------------------------------------------------------------------------


class ArticleLookup:
    """Article facts an export needs (url, title, source, ingested_at, sentence offsets), read from
    a store once per article and kept in a small LRU cache."""

    def __init__(self, store: Any, size: int = 512):
        self.store = store
        self.size = size
        self._cache: OrderedDict[str, dict[str, Any] | None] = OrderedDict()

    def __call__(self, article_id: str) -> dict[str, Any] | None:
        if article_id in self._cache:
            self._cache.move_to_end(article_id)
            return self._cache[article_id]
        a = self.store.get_article(article_id)
        info = None
        if a is not None:
            info = {k: a.get(k) for k in ("article_id", "url", "title", "source", "ingested_at", "published", "origin")}
            info["sentences"] = {s["idx"]: (s["start"], s["end"]) for s in self.store.sentences(article_id)}
        self._cache[article_id] = info
        if len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return info


ArticleInfo = Callable[[str], "dict[str, Any] | None"]


# --- helpers -------------------------------------------------------------------------------------


def _clean_cell(v: Any) -> str:
    """A GDELT cell: text without tabs or line breaks."""
    if v is None:
        return ""
    s = str(v)
    if any(c in s for c in "\t\r\n"):
        s = " ".join(s.replace("\t", " ").split())
    return s


def _parse_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def global_event_id(event_id: str) -> int:
    """A stable positive integer (< 2**60) for an event id: its first 15 hex digits, or those of a
    hash of it when it is not hexadecimal."""
    s = str(event_id)
    try:
        int(s[:15], 16)
        head = s[:15] if len(s) >= 15 else None
    except ValueError:
        head = None
    if head is None:
        head = stable_hash("event", s)[:15]
    return int(head, 16)


def _fraction_date(d: date) -> str:
    days = 366 if (d.year % 4 == 0 and (d.year % 100 != 0 or d.year % 400 == 0)) else 365
    return f"{d.year + d.timetuple().tm_yday / days:.4f}"


def _dateadded(value: Any) -> str:
    if not value:
        return ""
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return ""
    if dt.tzinfo is not None:
        from datetime import timezone

        dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y%m%d%H%M%S")


def _gdelt_actor(ref: dict[str, Any] | None) -> list[str]:
    if not ref:
        return [""] * 10
    code = str(ref.get("code") or "").upper()
    out = dict.fromkeys(_ACTOR_FIELDS, "")
    out["Code"] = code
    out["Name"] = ref.get("name") or ref.get("text") or ""
    if code.startswith("IGO"):
        out["KnownGroupCode"] = code[3:6]
        types = ["IGO"] + [code[i:i + 3] for i in range(6, len(code), 3)]
    else:
        out["CountryCode"] = (ref.get("country") or code[:3]) or ""
        sector = ref.get("sector") or code[3:]
        types = [sector[i:i + 3] for i in range(0, len(sector or ""), 3)]
    for i, t in enumerate(types[:3], start=1):
        out[f"Type{i}Code"] = t
    return [_clean_cell(out[f]) for f in _ACTOR_FIELDS]


def gdelt_row(ev: dict[str, Any], article: dict[str, Any] | None = None) -> list[str]:
    """One event as the 61 GDELT 2.0 cells (strings; empty where we produce nothing)."""
    d = _parse_date(ev.get("date"))
    cameo = str(ev.get("cameo") or "")
    root = str(ev.get("cameo_root") or cameo[:2])
    mentions = ev.get("mentions") or 1
    goldstein = ev.get("goldstein")
    row = [
        str(global_event_id(ev["event_id"])),
        d.strftime("%Y%m%d") if d else "",
        d.strftime("%Y%m") if d else "",
        str(d.year) if d else "",
        _fraction_date(d) if d else "",
    ]
    row += _gdelt_actor(ev.get("source"))
    row += _gdelt_actor(ev.get("target"))
    si = ev.get("sentence_index")
    row += [
        "1" if si is not None and si <= 1 else "0",
        cameo,
        cameo[:3],
        root,
        str(ev.get("quad_class") or ""),
        "" if goldstein is None else f"{float(goldstein):.1f}",
        str(mentions),
        "",
        str(mentions),
        "",
    ]
    row += [""] * 16
    row += gdelt_geo(ev.get("location"))
    row += [_dateadded(article.get("ingested_at")) if article else "", _clean_cell(article.get("url")) if article else ""]
    return row


GDELT_GEO_TYPES = {"country": 1, "us_state": 2, "us_city": 3, "world_city": 4, "world_state": 5}
"""ActionGeo_Type as the GDELT codebook numbers them."""


def gdelt_geo_type(loc: dict[str, Any]) -> int:
    """1 country, 2 US state, 3 US city or landmark, 4 world city or landmark, 5 world first-level
    division. A region GDELT gives a country code of its own (West Bank WE, Gaza GZ) is a country;
    another region is a division; a sea, line or venue is a landmark point."""
    feature = loc.get("feature")
    us = loc.get("country") == "USA"
    if feature == "country" or feature == "region" and _own_fips(loc):
        return 1
    if feature == "admin1" or feature == "region" and loc.get("country"):
        return 2 if us and feature == "admin1" else 5
    return 3 if us else 4


def _own_fips(loc: dict[str, Any]) -> bool:
    """Whether GDELT gives this place a country code of its own (data/where/places.tsv, fips)."""
    from .where import load_gazetteer

    gaz = load_gazetteer()
    row = gaz.by_key(loc.get("key") or "")
    return row is not None and row in gaz.fips_override


def gdelt_geo(loc: dict[str, Any] | None) -> list[str]:
    """The eight ActionGeo_* cells (Type, FullName, CountryCode (FIPS 10-4), ADM1Code, ADM2Code,
    Lat, Long, FeatureID) of an event's location, as GDELT fills them; all empty without one."""
    if not loc:
        return [""] * 8
    t = gdelt_geo_type(loc)
    fips = loc.get("fips") or ""
    admin1 = loc.get("admin1") or ""
    adm1 = (fips + admin1.split(".", 1)[1]) if fips and "." in admin1 else fips
    if t == 1:
        adm1 = fips
    lat, lon = loc.get("lat"), loc.get("lon")
    if t == 1:
        feature_id = fips
    elif t in (2, 5):
        feature_id = adm1
    else:
        feature_id = str(loc.get("geonames_id") or "")
    return [str(t), _clean_cell(loc.get("full_name") or loc.get("name")), fips, adm1, "",
            "" if lat is None else f"{float(lat):.4f}", "" if lon is None else f"{float(lon):.4f}",
            _clean_cell(feature_id)]


_PLOVER_FEATURES = {"country": ("A", "PCLI"), "admin1": ("A", "ADM1"), "city": ("P", "PPL"), "sea": ("H", "SEA"),
                    "region": ("L", "RGN")}


def plover_location(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    """An event's location as the PLOVER manual's location object (the GeoNames dump's field
    names: geonameid, name, latitude, longitude, feature class/code, country code, cc3, admin1
    code, population), plus our evidence: text, start, end, basis, confidence."""
    if not loc:
        return None
    fclass, fcode = _PLOVER_FEATURES.get(loc.get("feature") or "", (None, None))
    admin1 = loc.get("admin1") or ""
    iso2 = admin1.split(".", 1)[0] if "." in admin1 else _iso2(loc.get("country"))
    return {
        "geonameid": loc.get("geonames_id"),
        "name": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "feature class": fclass,
        "feature code": fcode,
        "country code": iso2,
        "cc3": loc.get("country"),
        "admin1 code": admin1.split(".", 1)[1] if "." in admin1 else None,
        "text": loc.get("text"),
        "start": loc.get("start"),
        "end": loc.get("end"),
        "basis": loc.get("basis"),
        "confidence": loc.get("confidence"),
    }


def _iso2(iso3: str | None) -> str | None:
    """The ISO2 code of a location's ISO3 country, from the gazetteer that gave the location."""
    if not iso3:
        return None
    from .where import load_gazetteer

    return load_gazetteer().iso2_of(iso3)


def _plover_actor(ref: dict[str, Any]) -> dict[str, Any]:
    code = str(ref.get("code") or "").upper()
    top: str | None
    if code.startswith("IGO"):
        top, sector = "IGO", (code[6:9] or None)
    else:
        top = (ref.get("country") or code[:3]) or None
        sector = ref.get("sector") or (code[3:] or None)
    return {
        "code": top,
        "sector": sector,
        "actor_text": ref.get("text"),
        "entity_text": ref.get("text"),
        "identifier_text": ref.get("name"),
        "country": ref.get("country"),
        "cameo_code": code or None,
        "start": ref.get("start"),
        "end": ref.get("end"),
    }


def plover_record(ev: dict[str, Any], article: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """One event as a PLOVER JSON record, or None when it has no PLOVER category."""
    pl = ev.get("plover") or None
    if not pl or not pl.get("event"):
        return None
    contexts = list(pl.get("context") or [])
    for flag, name in PLOVER_SPECIAL_CONTEXTS.items():
        if (ev.get("modality") or {}).get(flag) and name not in contexts:
            contexts.append(name)
    trig = ev.get("trigger") or {}
    si = ev.get("sentence_index")
    start = end = None
    if article and si is not None:
        start, end = article.get("sentences", {}).get(si, (None, None))
    rec = {
        "id": ev["event_id"],
        "has_event": True,
        "date": ev.get("date"),
        "source": [_plover_actor(ev["source"])] if ev.get("source") else [],
        "recipient": [_plover_actor(ev["target"])] if ev.get("target") else [],
        "event": [pl["event"]],
        "mode": [pl["mode"]] if pl.get("mode") else [],
        "context": contexts,
        "event_text": [trig.get("text")] if trig.get("text") else [],
        "quad_code": ev.get("quad_class"),
        "event_loc": plover_location(ev.get("location")),
        "text": ev.get("sentence"),
        "text_info": {
            "sequence": si,
            "sentence": ev.get("sentence"),
            "start": start,
            "end": end,
            "event_start": trig.get("start"),
            "event_end": trig.get("end"),
        },
        "cite_info": {
            "citation": ev.get("article_id"),
            "article_id": ev.get("article_id"),
            "url": article.get("url") if article else None,
            "title": article.get("title") if article else None,
            "publication": article.get("source") if article else None,
            "source": article.get("source") if article else None,
            "language": "en",
            "coder": f"peacewatch {__version__}",
            "codebook": f"peacewatch CAMEO table {ev.get('code_table_version') or '?'} (PLOVER 2021 mapping)",
        },
        "coder": f"peacewatch {__version__}",
        "cameo": ev.get("cameo"),
        "goldstein": ev.get("goldstein"),
        "condition": ev.get("condition"),
        "tracks": list(ev.get("tracks") or []),
        "mentions": ev.get("mentions", 1),
    }
    return rec


def event_csv_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One event as the flat :data:`EVENT_CSV_COLUMNS` (typed values; lists kept as lists)."""
    row: dict[str, Any] = {k: ev.get(k) for k in ("event_id", "article_id", "sentence_index", "date", "date_basis")}
    for role in ("source", "target"):
        ref = ev.get(role) or {}
        for k in ("code", "country", "sector", "name", "text", "start", "end"):
            row[f"{role}_{k}"] = ref.get(k)
    for k in ("cameo", "cameo_root", "quad_class", "quad_scheme", "goldstein"):
        row[k] = ev.get(k)
    pl = ev.get("plover") or {}
    row["plover_event"] = pl.get("event")
    row["plover_mode"] = pl.get("mode")
    row["plover_context"] = list(pl.get("context") or [])
    mod = ev.get("modality") or {}
    for k in ("negated", "hypothetical", "future", "historical"):
        row[k] = bool(mod.get(k))
    row["condition"] = ev.get("condition")
    trig = ev.get("trigger") or {}
    row["trigger_text"], row["trigger_start"], row["trigger_end"] = trig.get("text"), trig.get("start"), trig.get("end")
    for k in ("rule", "confidence"):
        row[k] = ev.get(k)
    row["tracks"] = list(ev.get("tracks") or [])
    row["mentions"] = ev.get("mentions", 1)
    row["code_table_version"] = ev.get("code_table_version")
    row["sentence"] = ev.get("sentence")
    loc = ev.get("location") or {}
    for k in ("name", "country", "admin1", "lat", "lon", "geonames_id", "feature", "text", "start", "end", "basis",
              "confidence"):
        row[f"location_{k}"] = loc.get(k)
    return row


def quote_csv_row(q: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {k: q.get(k) for k in ("quote_id", "article_id", "date", "text", "direct", "start", "end", "verb")}
    sp = q.get("speaker") or {}
    for k in ("code", "country", "name", "text", "start", "end"):
        row[f"speaker_{k}"] = sp.get(k)
    row["tracks"] = list(q.get("tracks") or [])
    row["sentence_index"] = q.get("sentence_index")
    return row


def stance_csv_row(st: dict[str, Any]) -> dict[str, Any]:
    """One stance record (``Stance.to_dict()``) as the flat :data:`STANCE_CSV_COLUMNS`."""
    actor = st.get("actor") or {}
    row: dict[str, Any] = {k: st.get(k) for k in ("stance_id", "article_id", "date")}
    for k in ("code", "country", "name", "text"):
        row[f"actor_{k}"] = actor.get(k)
    row["stance"] = st.get("stance")
    row["proposal"] = (st.get("proposal") or {}).get("text")
    row["proposal_id"] = st.get("proposal_id")
    row["mention"] = (st.get("mention") or {}).get("text")
    row["condition"] = st.get("condition")
    row["trigger_text"] = (st.get("trigger") or {}).get("text")
    row["evidence"] = (st.get("evidence") or {}).get("text")
    for k in ("sentence_index", "event_id", "rule"):
        row[k] = st.get(k)
    return row


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""A CSV text cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV
injection"); :func:`csv_safe` puts an apostrophe before it."""


def csv_safe(s: str) -> str:
    """A text cell that a spreadsheet will show as text: a leading ``'`` when it starts with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (docs/EXPORTS.md). Other text is unchanged."""
    return "'" + s if s.startswith(FORMULA_PREFIXES) else s


def _csv_value(v: Any) -> Any:
    """A CSV cell: lists joined with ``;``, booleans true/false, None empty; text guarded by
    :func:`csv_safe` (numbers are written as numbers, so -7.0 stays -7.0)."""
    if isinstance(v, list):
        v = LIST_SEPARATOR.join(str(x) for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return ""
    if isinstance(v, str):
        return csv_safe(v)
    return v


# --- writers -------------------------------------------------------------------------------------


def _open_text(out: IO[str] | str | Path) -> tuple[IO[str], bool]:
    if isinstance(out, (str, Path)):
        return open(out, "w", encoding="utf-8", newline=""), True
    return out, False


def _parquet_schema(kind: str) -> Any:
    import pyarrow as pa

    s, i, f, b, ls = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.list_(pa.string())
    if kind == "events":
        types = {c: s for c in EVENT_CSV_COLUMNS}
        types.update({k: i for k in ("sentence_index", "source_start", "source_end", "target_start", "target_end",
                                     "quad_class", "trigger_start", "trigger_end", "mentions")})
        types.update({"goldstein": f, "confidence": f, "plover_context": ls, "tracks": ls, "location_lat": f,
                      "location_lon": f, "location_confidence": f, "location_geonames_id": i, "location_start": i,
                      "location_end": i})
        types.update({k: b for k in ("negated", "hypothetical", "future", "historical")})
        cols: tuple[str, ...] = EVENT_CSV_COLUMNS
    else:
        types = {c: s for c in QUOTE_CSV_COLUMNS}
        types.update({k: i for k in ("start", "end", "speaker_start", "speaker_end", "sentence_index")})
        types.update({"direct": b, "tracks": ls})
        cols = QUOTE_CSV_COLUMNS
    return pa.schema([(c, types[c]) for c in cols])


def _write_parquet(rows: Iterable[dict[str, Any]], kind: str, out: Any, result: ExportResult,
                   batch: int = 50_000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(kind)
    string_cols = {f.name for f in schema if pa.types.is_string(f.type)}
    if not isinstance(out, (str, Path)) and not hasattr(out, "write"):
        raise QueryError("Parquet needs a file to write to", hint="give --out FILE.parquet")
    writer = pq.ParquetWriter(out if isinstance(out, (str, Path)) else pa.PythonFile(out, mode="w"), schema)
    try:
        buf: list[dict[str, Any]] = []

        def flush() -> None:
            if buf:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                buf.clear()

        for r in rows:
            for c in string_cols:
                if r.get(c) is not None and not isinstance(r[c], str):
                    r[c] = str(r[c])
            buf.append(r)
            result.written += 1
            if len(buf) >= batch:
                flush()
        flush()
    finally:
        writer.close()


def _write_jsonl(fh: IO[str], records: Iterable[dict[str, Any]], result: "ExportResult") -> None:
    for rec in records:
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        result.written += 1


def _write_csv(
    fh: IO[str], rows: Iterable[dict[str, Any]], columns: Sequence[str], header: bool | None, result: "ExportResult"
) -> None:
    w = csv.writer(fh, lineterminator="\r\n")  # RFC 4180; a CR inside a cell is then quoted
    if header is not False:
        w.writerow(columns)
    for r in rows:
        w.writerow([_csv_value(r[c]) for c in columns])
        result.written += 1


def write_events(
    events: Iterable[dict[str, Any]],
    fmt: str,
    out: IO[str] | IO[bytes] | str | Path,
    *,
    header: bool | None = None,
    article_info: ArticleInfo | None = None,
) -> ExportResult:
    """Write event records in ``fmt`` to ``out`` (a path or an open file: text, binary for
    Parquet). ``header``: GDELT has none unless True; CSV has one unless False.
    ``article_info(article_id)`` supplies URL, date added and sentence offsets (GDELT, PLOVER)."""
    if fmt not in EVENT_FORMATS:
        raise QueryError(f"unknown event format {fmt!r}", hint="use " + ", ".join(EVENT_FORMATS))
    result = ExportResult()
    info = article_info or (lambda _aid: None)
    if fmt == "parquet":
        _write_parquet((event_csv_row(e) for e in events), "events", out, result)
        return result
    fh, close = _open_text(out)  # type: ignore[arg-type]
    try:
        if fmt == "jsonl":
            _write_jsonl(fh, events, result)
        elif fmt == "csv":
            _write_csv(fh, (event_csv_row(e) for e in events), EVENT_CSV_COLUMNS, header, result)
        elif fmt == "gdelt":
            if header:
                fh.write("\t".join(GDELT_COLUMNS) + "\n")
            for e in events:
                fh.write("\t".join(gdelt_row(e, info(str(e.get("article_id") or "")))) + "\n")
                result.written += 1
        elif fmt == "plover":
            for e in events:
                rec = plover_record(e, info(str(e.get("article_id") or "")))
                if rec is None:
                    result.skip("no PLOVER category")
                    continue
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                result.written += 1
    finally:
        if close:
            fh.close()
        else:
            fh.flush()
    return result


def write_quotes(
    quotes: Iterable[dict[str, Any]], fmt: str, out: IO[str] | IO[bytes] | str | Path, *, header: bool | None = None,
) -> ExportResult:
    """Write quote records as ``jsonl`` (the contract records), ``csv`` or ``parquet``."""
    if fmt not in QUOTE_FORMATS:
        raise QueryError(f"unknown quote format {fmt!r}", hint="use " + ", ".join(QUOTE_FORMATS))
    result = ExportResult()
    if fmt == "parquet":
        _write_parquet((quote_csv_row(q) for q in quotes), "quotes", out, result)
        return result
    fh, close = _open_text(out)  # type: ignore[arg-type]
    try:
        if fmt == "jsonl":
            _write_jsonl(fh, quotes, result)
        else:
            _write_csv(fh, (quote_csv_row(q) for q in quotes), QUOTE_CSV_COLUMNS, header, result)
    finally:
        if close:
            fh.close()
        else:
            fh.flush()
    return result


def export_events(store: Any, fmt: str, out: Any, *, header: bool | None = None, **filters: Any) -> ExportResult:
    """``write_events(store.events(**filters), ...)`` with article facts from the store."""
    if fmt not in EVENT_FORMATS:
        raise QueryError(f"unknown event format {fmt!r}", hint="use " + ", ".join(EVENT_FORMATS))
    lookup = ArticleLookup(store) if fmt in ("gdelt", "plover") else None
    return write_events(store.events(**filters), fmt, out, header=header, article_info=lookup)


def export_quotes(store: Any, fmt: str, out: Any, *, header: bool | None = None, **filters: Any) -> ExportResult:
    if fmt not in QUOTE_FORMATS:
        raise QueryError(f"unknown quote format {fmt!r}", hint="use " + ", ".join(QUOTE_FORMATS))
    return write_quotes(store.quotes(**filters), fmt, out, header=header)


def read_gdelt(text: str) -> list[list[str]]:
    """Rows of a GDELT export (tab-separated, no quoting), for checks and round trips."""
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [row for row in reader if row]


__all__ = [
    "EVENT_FORMATS", "QUOTE_FORMATS", "GDELT_COLUMNS", "EVENT_CSV_COLUMNS", "QUOTE_CSV_COLUMNS",
    "ArticleLookup", "ExportResult", "export_events", "export_quotes", "gdelt_row", "gdelt_geo", "plover_location",
    "plover_record", "event_csv_row", "quote_csv_row", "stance_csv_row", "STANCE_CSV_COLUMNS", "csv_safe",
    "write_events", "write_quotes", "global_event_id",
    "read_gdelt", "QueryError",
]
