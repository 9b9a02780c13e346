"""Typed records that flow through the pipeline.

    read -> clean -> date -> sentences -> mentions -> actors -> events / quotes / tracks -> dedupe -> store

Each stage is a plain function from one of these records to the next. Records are plain dataclasses;
``to_dict()`` gives the JSON shape of the contracts in DESIGN.md.

Offsets: every ``start``/``end`` in an Article, Sentence, Mention, ActorRef, Event or Quote indexes
``Article.text`` (the cleaned text). ``Article.offsets`` maps those back to ``Article.raw_text``.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short, stable hex id from the given parts (used for article, event and quote ids)."""
    h = hashlib.sha1()
    for p in parts:
        h.update(str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


# --- read ----------------------------------------------------------------------------------------


@dataclass
class RawDocument:
    """One document as read, before cleaning.

    ``origin`` names where it came from (``path``, ``path:LINE`` for a JSONL/CSV row, ``URL``,
    ``-`` for stdin, ``archive.sgm#NEWID=12``). ``kind`` is what the reader detected: ``text``,
    ``html``, ``feed``, ``jsonl``, ``csv``, ``sgml``, ``petrarch``. ``meta`` holds fields the input
    gave explicitly (``id``, ``title``, ``published``, ``source``, ``url`` and any others).
    ``html`` keeps the markup for HTML inputs (metadata such as ``<meta property=article:published_time>``).
    """

    origin: str
    kind: str
    raw_text: str
    meta: dict[str, Any] = field(default_factory=dict)
    html: str | None = None


@dataclass
class InputFailure:
    """An input that could not be read; the batch goes on. ``error`` is the one-line message."""

    origin: str
    error: str

    @classmethod
    def of(cls, origin: str, err: BaseException) -> "InputFailure":
        """The failure of one input or record (``origin`` names it: ``file``, ``file:LINE``,
        ``feed#ITEM``) from the exception that stopped it. A :class:`PeacewatchError` gives its
        own line; a recursion limit says the record is nested too deep; anything else is named as
        an internal error to report (the batch goes on either way)."""
        from .errors import PeacewatchError

        if isinstance(err, PeacewatchError):
            line = err.one_line()
            return cls(err.source or origin, line if err.source else f"{origin}: {line}")
        if isinstance(err, RecursionError):
            return cls(origin, f"{origin}: nested too deep to read (the parser's recursion limit); "
                               "fix or remove the record")
        if isinstance(err, MemoryError):
            return cls(origin, f"{origin}: too large to read in memory; split it, or lower what one record holds")
        return cls(origin, f"{origin}: internal error {type(err).__name__}: {' '.join(str(err).split())[:200]}; "
                           "the batch went on — please report this input to the peacewatch issue tracker")


# --- clean ---------------------------------------------------------------------------------------


@dataclass
class OffsetMap:
    """Maps offsets of the cleaned text back to the raw text.

    ``segments`` are ``(clean_start, raw_start, length)`` triples sorted by ``clean_start``; cleaned
    characters inside a segment were copied from the raw text one to one. Characters between
    segments were inserted by cleaning (paragraph breaks, a headline taken from metadata) and map
    to the raw position of the next copied character.
    """

    segments: list[tuple[int, int, int]] = field(default_factory=list)

    def to_raw(self, clean_offset: int) -> int:
        if not self.segments:
            return clean_offset
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, clean_offset) - 1
        if i < 0:
            return self.segments[0][1]
        cs, rs, ln = self.segments[i]
        if clean_offset < cs + ln:
            return rs + (clean_offset - cs)
        if i + 1 < len(self.segments):
            return self.segments[i + 1][1]
        return rs + ln

    def to_list(self) -> list[list[int]]:
        return [list(s) for s in self.segments]

    @classmethod
    def from_list(cls, data: list[list[int]] | None) -> "OffsetMap":
        return cls([tuple(s) for s in (data or [])])  # type: ignore[misc]


@dataclass
class Removal:
    """A stretch of raw text that cleaning removed, and why (``"disclaimer"``, ``"dateline"``, ...)."""

    label: str
    raw_start: int
    raw_end: int
    text: str


@dataclass
class DateEvidence:
    """One piece of evidence for the publication date."""

    kind: str  # header | identifier | html-meta | dateline | relative-weekday | input-field | ...
    value: str  # ISO date (YYYY-MM-DD) or partial (YYYY-MM)
    text: str  # the text it was read from
    weight: float = 1.0


@dataclass
class DateResolution:
    published: str | None  # ISO YYYY-MM-DD, or None when nothing dates the story
    basis: str  # human-readable: "MENAFN identifier 24092025; 'Wednesday' in text"
    conflicts: list[str] = field(default_factory=list)
    evidence: list[DateEvidence] = field(default_factory=list)


@dataclass
class Article:
    """A cleaned article.

    ``text`` is the cleaned text that all offsets index: the headline (when there is one) followed
    by a blank line and the body; ``body_start`` is where the body begins.
    """

    article_id: str
    origin: str
    kind: str
    raw_text: str
    text: str
    body_start: int = 0
    title: str | None = None
    source: str | None = None  # news source tag, e.g. "MENAFN", "KCNA", "Reuters"
    source_id: str | None = None  # syndication identifier, e.g. MENAFN24092025000045017281ID1110104440
    url: str | None = None
    dateline: str | None = None  # e.g. "Pyongyang, December 24"
    published: str | None = None
    date_basis: str = ""
    date_conflicts: list[str] = field(default_factory=list)
    offsets: OffsetMap = field(default_factory=OffsetMap)
    removed: list[Removal] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    language: str = "en"
    """ISO 639-1 code of the article's language (``text.language``); only English is coded."""
    language_basis: str = ""

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def to_record(self) -> dict[str, Any]:
        """Every field as JSON-ready values (offsets as lists), for :meth:`from_record`: what a
        partition file (``peacewatch code --out-dir``) keeps of the article."""
        d = asdict(self)
        d["offsets"] = self.offsets.to_list()
        return d

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> "Article":
        """The article :meth:`to_record` gave (unknown keys are ignored)."""
        known = {f for f in cls.__dataclass_fields__}
        kw = {k: v for k, v in d.items() if k in known}
        kw["offsets"] = OffsetMap.from_list(d.get("offsets"))
        kw["removed"] = [Removal(**r) for r in d.get("removed") or []]
        kw["date_conflicts"] = list(d.get("date_conflicts") or [])
        kw["meta"] = dict(d.get("meta") or {})
        return cls(**kw)

    def extract_record(self) -> dict[str, Any]:
        """The view ``peacewatch extract`` prints (one JSON object a line)."""
        return {
            "id": self.article_id,
            "title": self.title,
            "published": self.published,
            "date_basis": self.date_basis,
            "date_conflicts": self.date_conflicts,
            "source": self.source,
            "source_id": self.source_id,
            "url": self.url,
            "dateline": self.dateline,
            "origin": self.origin,
            "body_start": self.body_start,
            "language": self.language,
            "language_basis": self.language_basis,
            "text": self.text,
        }


# --- sentences -----------------------------------------------------------------------------------


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str


# --- mentions and actors -------------------------------------------------------------------------


@dataclass
class ActorRef:
    """An actor as it appears in a record: a resolved code plus its evidence in the text.

    ``code`` is CAMEO-style (``KORGOV``, ``PRK``, ``IGOUNO``); ``country`` the 3-letter country or
    organisation part; ``sector`` the agent part (``GOV``, ``MIL``, ...) or ``None``.
    ``resolution`` says how the text became the code (``"dictionary: person, role 2025-06-04..."``,
    ``"coreference: surname of Lee Jae Myung"``). ``members`` holds the parts of a compound actor
    ("the two Koreas": KOR and PRK).
    """

    code: str
    country: str | None
    sector: str | None
    name: str | None
    text: str
    start: int
    end: int
    resolution: str = ""
    members: list["ActorRef"] = field(default_factory=list)
    kind: str = ""
    """What the actor is, for reference inside a story (not part of the record): ``person``,
    ``state`` (a country, its capital or demonym), ``institution`` (a country's office or force),
    ``org``, ``agent`` (a sector word alone: "officials"), ``title`` ("the president"), ``group``
    (a compound: "the two Koreas")."""
    plural: bool = False
    """Written in the plural ("officials", "Iraqi troops", "the two Koreas")."""
    borrowed: bool = False
    """A sector word alone whose country is a guess from the nearest country named before it
    ("Afghan warplanes killed 22 people": the people's AFG), not part of the record."""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "name": self.name,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "resolution": self.resolution,
        }
        if self.members:
            d["members"] = [m.to_dict() for m in self.members]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ActorRef":
        """The actor of a record (:meth:`to_dict`'s keys; ``kind`` and ``plural`` are not in it)."""
        return cls(code=d["code"], country=d.get("country"), sector=d.get("sector"), name=d.get("name"),
                   text=d.get("text") or "", start=d.get("start", 0), end=d.get("end", 0),
                   resolution=d.get("resolution") or "",
                   members=[cls.from_dict(m) for m in d.get("members") or []])


def _actor_or_none(d: dict[str, Any] | None) -> ActorRef | None:
    return ActorRef.from_dict(d) if d else None


# --- events --------------------------------------------------------------------------------------


@dataclass
class Modality:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False

    def is_plain(self) -> bool:
        return not (self.negated or self.hypothetical or self.future or self.historical)


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class Plover:
    event: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass
class Location:
    """Where an event happened (``peacewatch.where``): a gazetteer place and the words that name it.

    ``basis`` says how the text gave the place ("prepositional phrase of the trigger", "the
    story's dateline", ...); ``confidence`` how sure that reading is. ``admin1`` is the GeoNames
    first-level code ("US.NY"); ``fips`` the FIPS 10-4 country code GDELT uses; ``key`` the
    gazetteer's id ("gn:5128581", "cc:IRQ", "adm1:IQ.07", "pw:east-sea").
    """

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str
    text: str | None
    start: int | None
    end: int | None
    basis: str
    confidence: float = 0.0
    key: str = ""
    fips: str | None = None
    full_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """The event record of DESIGN.md. Fields may be added; none renamed or dropped."""

    article_id: str
    sentence_index: int
    sentence: str
    date: str | None
    date_basis: str
    source: ActorRef | None
    target: ActorRef | None
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover: Plover | None
    modality: Modality
    condition: str | None
    trigger: Span
    rule: str
    confidence: float
    tracks: list[str] = field(default_factory=list)
    mentions: int = 1
    quad_scheme: str = "gdelt-root"  # which QuadClass mapping (see events/codes)
    code_table_version: str = ""
    event_id: str = ""
    reporter: ActorRef | None = None
    """Who reported the event ("X said Y attacked Z" -> X); never its source."""
    roles: dict[str, str] = field(default_factory=dict)
    """How each side was found in the parse: ``{"source": "subject", "target": "object of 'with'"}``."""
    unresolved: dict[str, Span] = field(default_factory=dict)
    """A side the parse found but no dictionary codes ("Armed men attacked ...": the source's words)."""
    language: str = "en"
    location: Location | None = None
    """Where it happened (set by ``peacewatch.where.locate_events``), or None."""

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = stable_hash(
                self.article_id,
                self.sentence_index,
                self.trigger.start,
                self.cameo,
                self.source.code if self.source else "",
                self.target.code if self.target else "",
            )

    @property
    def incomplete(self) -> bool:
        """No identified source: the rule of :func:`peacewatch.events.record.incomplete` (imported
        here when first asked for: that module imports this one). The stored ``incomplete`` column
        and :func:`peacewatch.analysis.dyads.incomplete_record` read the same rule off the record."""
        from .events.record import incomplete

        return incomplete(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "date": self.date,
            "date_basis": self.date_basis,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "quad_class": self.quad_class,
            "quad_scheme": self.quad_scheme,
            "goldstein": self.goldstein,
            "plover": asdict(self.plover) if self.plover else None,
            "modality": asdict(self.modality),
            "condition": self.condition,
            "trigger": asdict(self.trigger),
            "rule": self.rule,
            "confidence": self.confidence,
            "tracks": list(self.tracks),
            "mentions": self.mentions,
            "code_table_version": self.code_table_version,
            "reporter": self.reporter.to_dict() if self.reporter else None,
            "roles": dict(self.roles),
            "incomplete": self.incomplete,
            "unresolved": {k: asdict(v) for k, v in self.unresolved.items()},
            "language": self.language,
            "location": self.location.to_dict() if self.location else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        """The event a record describes, such that ``Event.from_dict(r).to_dict() == r`` for every
        record :meth:`to_dict` made (``incomplete`` is derived, so it is not read)."""
        plover = d.get("plover")
        loc = d.get("location")
        return cls(
            article_id=d["article_id"], sentence_index=d["sentence_index"], sentence=d["sentence"],
            date=d.get("date"), date_basis=d.get("date_basis") or "", source=_actor_or_none(d.get("source")),
            target=_actor_or_none(d.get("target")), cameo=d["cameo"], cameo_root=d["cameo_root"],
            quad_class=d["quad_class"], goldstein=d["goldstein"],
            plover=Plover(plover["event"], plover.get("mode"), list(plover.get("context") or [])) if plover else None,
            modality=Modality(**d.get("modality") or {}), condition=d.get("condition"), trigger=Span(**d["trigger"]),
            rule=d.get("rule") or "", confidence=d.get("confidence", 0.0), tracks=list(d.get("tracks") or []),
            mentions=d.get("mentions", 1), quad_scheme=d.get("quad_scheme") or "gdelt-root",
            code_table_version=d.get("code_table_version") or "", event_id=d["event_id"],
            reporter=_actor_or_none(d.get("reporter")), roles=dict(d.get("roles") or {}),
            unresolved={k: Span(**v) for k, v in (d.get("unresolved") or {}).items()},
            language=d.get("language") or "en", location=Location(**loc) if loc else None,
        )


# --- quotes --------------------------------------------------------------------------------------


@dataclass
class Quote:
    """The quote record of DESIGN.md."""

    article_id: str
    date: str | None
    text: str
    direct: bool
    start: int
    end: int
    verb: str | None
    speaker: ActorRef | None
    tracks: list[str] = field(default_factory=list)
    sentence_index: int | None = None
    quote_id: str = ""

    def __post_init__(self) -> None:
        if not self.quote_id:
            self.quote_id = stable_hash(self.article_id, self.start, self.end, self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote_id": self.quote_id,
            "article_id": self.article_id,
            "date": self.date,
            "text": self.text,
            "direct": self.direct,
            "start": self.start,
            "end": self.end,
            "verb": self.verb,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "tracks": list(self.tracks),
            "sentence_index": self.sentence_index,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Quote":
        """The quote a record describes (``Quote.from_dict(r).to_dict() == r``)."""
        return cls(article_id=d["article_id"], date=d.get("date"), text=d["text"], direct=bool(d.get("direct")),
                   start=d["start"], end=d["end"], verb=d.get("verb"), speaker=_actor_or_none(d.get("speaker")),
                   tracks=list(d.get("tracks") or []), sentence_index=d.get("sentence_index"),
                   quote_id=d["quote_id"])


# --- tracks --------------------------------------------------------------------------------------


@dataclass
class TrackHit:
    """One dictionary term that placed an event, quote or article on a track (see tracks.py).

    ``term`` is the dictionary entry, ``text`` the words matched in ``Article.text[start:end]``.
    """

    track: str
    term: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- a coded article -----------------------------------------------------------------------------


@dataclass
class CodedArticle:
    """Everything the pipeline learned about one article; what the store keeps."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    tracks: list[str] = field(default_factory=list)
    track_evidence: dict[str, list[TrackHit]] = field(default_factory=dict)
    """The words that placed each record on its tracks, keyed ``"article"``, ``"event:<event_id>"``
    and ``"quote:<quote_id>"`` (set by ``tracks.assign_tracks``)."""
    stances: list = field(default_factory=list)  # type: ignore[type-arg]
    """Stances on proposals (``peacewatch.stances.Stance``), set by ``stances.extract_stances``."""
    parsed: Any = None
    """The parsed text layer (``peacewatch.text.ParsedArticle``) the stages read; not stored."""
