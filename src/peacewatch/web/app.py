"""The dashboard: FastAPI + Jinja2 over a read-only store. See docs/WEB.md.

Safety: every connection is read-only (``Store.open(readonly=True)``: SQLite ``mode=ro`` and
``query_only``); every query binds its parameters; page sizes are capped at 500 and query strings
at 200 characters; all text is escaped by Jinja2 autoescape; a Content-Security-Policy allows
scripts only from this server's /static (no inline script, no CDN); plotly.min.js is served from
the installed plotly package.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..analysis.dyads import is_key
from ..analysis.series import FREQS
from ..config import Options
from ..errors import PeacewatchError, QueryError, StoreError
from ..store import Store, search_cursor
from . import data as D
from .templating import plotly_js_path, web_environment

MAX_PAGE_SIZE = 500
MAX_QUERY_CHARS = 200
MAX_DYADS = 6
DEFAULT_PAGE_SIZE = 50
SEARCH_PAGE = 50
StanceKind = Literal["supports", "welcomes", "rejects", "conditions", "opposes", "proposes"]
Dataset = Literal["complete", "incomplete", "unknown-side"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")

def Str() -> Any:  # a fresh FieldInfo per parameter (FastAPI must not share one between parameters)
    return Query(None, max_length=MAX_QUERY_CHARS)


class SecurityHeaders:
    """The security headers on every response, as a plain ASGI middleware (Starlette's
    BaseHTTPMiddleware costs a task and a stream per request, a third of a small page's time)."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in self.HEADERS}
                headers = [h for h in message.get("headers", []) if h[0].lower() not in names] + self.HEADERS
                if not any(h[0].lower() == b"cache-control" for h in headers):
                    # answers follow the database, which another process may be ingesting into: a
                    # client may keep one but must ask again before using it; an error is never kept
                    headers.append((b"cache-control", b"no-cache" if message.get("status", 200) < 400 else b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def app_from_environment() -> FastAPI:
    """The app for ``peacewatch serve --workers N``: each worker process builds its own from the
    database path the command put in ``PEACEWATCH_SERVE_DB``."""
    import os

    return create_app(os.environ["PEACEWATCH_SERVE_DB"])


def create_app(db: str | Path, *, options: Options | None = None) -> FastAPI:
    """The dashboard app for the database at ``db`` (opened read-only, one connection per thread)."""
    db_path = str(Path(db))
    Store.open(db_path, readonly=True, options=options).close()  # fail now, with the store's message
    local = threading.local()
    cache = D.SeriesCache(db_path)
    env = web_environment()
    rows_html = D.RowCache(env, cache.stamp).html
    plotly_js = plotly_js_path()

    def store() -> Store:
        s = getattr(local, "store", None)
        if s is None:
            s = local.store = Store.open(db_path, readonly=True, options=options)
        return s

    app = FastAPI(title="peacewatch dashboard API", version=__version__, docs_url=None, redoc_url=None,
                  description="The JSON API behind every page of the peacewatch dashboard (read-only). "
                              "See docs/WEB.md.")

    app.add_middleware(SecurityHeaders)

    def page(name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(name).render(request=request, path=request.url.path, version=__version__,
                                             db_name=Path(db_path).name, **ctx)
        return HTMLResponse(html, status_code=status)

    def error(request: Request, status: int, message: str) -> Response:
        """Every error: ``{"error": "one line"}`` for the API (and /static), the error page for the rest."""
        if request.url.path.startswith(("/api/", "/static/")):
            return JSONResponse({"error": message}, status_code=status)
        return page("error.html", request, status, message=message)

    @app.exception_handler(PeacewatchError)
    async def peacewatch_error(request: Request, err: PeacewatchError) -> Response:
        status = 400 if isinstance(err, QueryError) else 503 if isinstance(err, StoreError) else 500
        return error(request, status, err.one_line())

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, err: RequestValidationError) -> Response:
        return error(request, 400, validation_line(err))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "not found"
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed here; this dashboard only answers GET"
        return error(request, exc.status_code, detail)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, err: Exception) -> Response:
        return error(request, 500, f"internal error {type(err).__name__}; please report it to the peacewatch "
                                   "issue tracker with the URL you asked for")

    static_dir = resources.files("peacewatch.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static-vendor/topojson/{name}.json", include_in_schema=False)
    def topojson_file(name: str) -> FileResponse:
        # the geographic outlines plotly's maps draw, from the package (never a CDN)
        if name != "world_110m":
            raise HTTPException(404, f"no outline file {name[:40]!r} (only world_110m is shipped)")
        return FileResponse(str(resources.files("peacewatch").joinpath("data", "geo", "world_110m.json")),
                            media_type="application/json", headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/static-vendor/plotly.min.js", include_in_schema=False)
    def plotly_file() -> FileResponse:
        return FileResponse(plotly_js, media_type="application/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    # --- shared parsing ------------------------------------------------------------------------

    def event_filters(since: str | None, until: str | None, actor: str | None, dyad: str | None, cameo: str | None,
                      root: str | None, quad: int | None, plover: str | None, track: str | None,
                      modality: str, dataset: str = "complete", country: str | None = None,
                      near: str | None = None, place: str | None = None) -> dict[str, Any]:
        f: dict[str, Any] = {"since": since or None, "until": until or None, "actor": actor or None,
                             "dyad": dyad or None, "cameo": cameo or None, "root": root or None,
                             "quad_class": quad, "plover": plover or None, "track": track or None,
                             "country": country or None, "near": near or None, "place": place or None}
        if dataset == "incomplete":
            f["incomplete"] = True
        elif dataset == "unknown-side":
            f["unknown_side"] = True
        if modality == "plain":
            f.update(negated=False, hypothetical=False, future=False, historical=False)
        elif modality in ("negated", "hypothetical", "future", "historical"):
            f[modality] = True
        return {k: v for k, v in f.items() if v is not None}

    def dyad_list(dyads: str | None) -> list[str]:
        if not dyads:
            return []
        out = [d.strip().upper() for d in dyads.split(",") if d.strip()]
        if len(out) > MAX_DYADS:
            raise QueryError(f"at most {MAX_DYADS} dyads at once", hint="give fewer dyads, separated by commas")
        return out

    def default_dyads(n: int = 3) -> list[str]:
        # the busiest dyads (two known actors) over the whole database
        found: list[str] = cache.memo("dyads", lambda: [d for d, _ in store().dyad_counts(limit=n)])
        return found

    def names() -> D.ActorNames:
        got: D.ActorNames | None = getattr(local, "names", None)
        if got is None:
            from ..actors import load_dictionaries

            got = local.names = D.ActorNames(load_dictionaries(options or Options()))
        return got

    def count_events(f: dict[str, Any]) -> int:
        n: int = cache.memo(("count", tuple(sorted(f.items()))), lambda: store().count_events(**f))
        return n

    def tracks() -> list[str]:
        names: list[str] = cache.memo("tracks", lambda: D.track_names(store()))
        return names

    # --- JSON API ------------------------------------------------------------------------------

    @app.get("/api/summary", tags=["overview"])
    def api_summary() -> dict[str, Any]:
        """Counts and date range of the database."""
        summary: dict[str, Any] = cache.memo("summary", store().summary)
        return summary

    @app.get("/api/series", tags=["series"])
    def api_series(
        dyad: str | None = Str(), actor: str | None = Str(), track: str | None = Str(),
        freq: Literal["day", "week", "month"] = "month", since: str | None = Str(), until: str | None = Str(),
        include_negated: bool = False, include_hypothetical: bool = False,
    ) -> dict[str, Any]:
        """Cooperation-conflict series (docs/SERIES.md) for one or more dyads (comma-separated),
        an actor or a track. Without any, the three busiest dyads."""
        dyads = dyad_list(dyad) or ([] if (actor or track) else default_dyads())
        out = []
        params = dict(freq=freq, since=since or None, until=until or None, include_negated=include_negated,
                      include_hypothetical=include_hypothetical)
        chosen: list[str | None] = list(dyads) or [None]
        for d in chosen:
            s = cache.get(store(), dyad=d, actor=actor or None, track=track or None, **params)
            out.append(s.to_dict() | {"label": s.label})
        return {"series": out}

    @app.get("/api/overview", tags=["overview"])
    def api_overview(freq: Literal["day", "week", "month"] = "month", since: str | None = Str(),
                     until: str | None = Str()) -> dict[str, Any]:
        """Events per period and QuadClass (historical, negated, hypothetical left out)."""
        return {"freq": freq, "quad_names": D.QUAD_NAMES,
                "periods": cache.memo(("quad", freq, since, until),
                                      lambda: D.quad_counts(store(), freq, since or None, until or None))}

    @app.get("/api/events", tags=["events"])
    def api_events(
        since: str | None = Str(), until: str | None = Str(), actor: str | None = Str(), dyad: str | None = Str(),
        cameo: str | None = Str(), root: str | None = Str(), quad: int | None = Query(None, ge=1, le=4),
        plover: str | None = Str(), track: str | None = Str(),
        modality: Literal["any", "plain", "negated", "hypothetical", "future", "historical"] = "any",
        dataset: Dataset = "complete",
        country: str | None = Str(), near: str | None = Str(), place: str | None = Str(),
        order: Literal["date", "-date", "goldstein", "-goldstein"] = "-date",
        limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE), offset: int = Query(0, ge=0, le=10_000_000),
        after: str | None = Query(None, max_length=64), before: str | None = Query(None, max_length=64),
    ) -> dict[str, Any]:
        """Event records (the contract of DESIGN.md), filtered and sorted, a page at a time.

        Page with the cursors: ``next`` (give it as ``after``) and ``prev`` (as ``before``); a
        page costs the same at any depth. ``offset`` still works but reads every row it skips.
        ``dataset``: ``complete`` (the events of the dataset, the default), ``incomplete`` (no
        identified source: left out of every view and export) or ``unknown-side`` (a target whose
        country is unknown: in the dataset, in no dyad). ``dyad``: ``A-B`` either direction,
        ``A>B`` directed. ``country``: ISO3 of the event's location; ``near``: ``LAT,LON,KM``;
        ``place``: a location key (as ``/api/places`` gives it)."""
        f = event_filters(since, until, actor, dyad, cameo, root, quad, plover, track, modality, dataset,
                          country, near, place)
        s = store()
        if offset:
            return {"total": count_events(f), "limit": limit, "offset": offset, "next": None, "prev": None,
                    "events": list(s.events(**f, order=order, limit=limit, offset=offset))}
        got = s.events_page(**f, order=order, limit=limit, after=after or None, before=before or None)
        return {"total": count_events(f), "limit": limit, "offset": 0, "next": got["next"], "prev": got["prev"],
                "events": got["events"]}

    @app.get("/api/places", tags=["events"])
    def api_places(
        since: str | None = Str(), until: str | None = Str(), actor: str | None = Str(), dyad: str | None = Str(),
        cameo: str | None = Str(), root: str | None = Str(), quad: int | None = Query(None, ge=1, le=4),
        plover: str | None = Str(), track: str | None = Str(),
        modality: Literal["any", "plain", "negated", "hypothetical", "future", "historical"] = "any",
        country: str | None = Str(), near: str | None = Str(),
    ) -> dict[str, Any]:
        """Located events counted per place (the map): ``key``, ``name``, ``country``, ``lat``,
        ``lon``, ``events``, ``by_quad``; the events of one place are ``/api/events?place=KEY``."""
        f = event_filters(since, until, actor, dyad, cameo, root, quad, plover, track, modality,
                          country=country, near=near)
        s = store()
        places = cache.memo(("places", tuple(sorted(f.items()))), lambda: D.places(s, **f))
        return {"places": places, "quad_names": D.QUAD_NAMES, "located": sum(p["events"] for p in places),
                "total": s.count_events(**f)}

    @app.get("/api/events/{event_id}", tags=["events"])
    def api_event(event_id: str) -> dict[str, Any]:
        """One event with its evidence: the sentence cut into segments (source, trigger, target
        marked), the article and the rule that fired."""
        ev = D.get_event(store(), event_id[:64])
        if ev is None:
            raise HTTPException(404, f"no event {event_id[:64]!r}")
        return D.event_evidence(store(), ev)

    @app.get("/api/quotes", tags=["quotes"])
    def api_quotes(since: str | None = Str(), until: str | None = Str(), speaker: str | None = Str(),
                   track: str | None = Str(), limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
                   offset: int = Query(0, ge=0, le=10_000_000), after: str | None = Query(None, max_length=64),
                   before: str | None = Query(None, max_length=64)) -> dict[str, Any]:
        """Quote records. With ``after``/``before`` (the ``next``/``prev`` cursors of a page of
        /quotes): newest first, a keyset page. Otherwise by date, oldest first, with ``offset``."""
        f = {k: v for k, v in dict(since=since, until=until, speaker=speaker, track=track).items() if v}
        s = store()
        total = cache.memo(("quotes", tuple(sorted(f.items()))), lambda: s.count_quotes(**f))
        if after or before:
            got = s.quotes_page(**f, limit=limit, after=after or None, before=before or None)
            return {"total": total, "next": got["next"], "prev": got["prev"], "quotes": got["quotes"]}
        return {"total": total, "quotes": list(s.quotes(**f, limit=limit, offset=offset))}

    def stance_filters(since: str | None, until: str | None, actor: str | None, stance: str | None,
                       article_id: str | None) -> dict[str, Any]:
        return {k: v for k, v in dict(since=since, until=until, actor=actor, stance=stance,
                                      article_id=article_id).items() if v}

    @app.get("/api/stances", tags=["stances"])
    def api_stances(since: str | None = Str(), until: str | None = Str(), actor: str | None = Str(),
                    stance: StanceKind | None = None, article_id: str | None = Str(),
                    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
                    offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        """Stances on proposals and initiatives (who supports, welcomes, rejects, conditions,
        opposes or proposes what; the condition text; the evidence sentence with offsets), by date.
        ``actor`` is a country code or a code prefix (PRK, IGOUNO, KORGOV)."""
        f = stance_filters(since, until, actor, stance, article_id)
        s = store()
        return {"total": s.count_stances(**f), "limit": limit, "offset": offset,
                "stances": list(s.stances(**f, limit=limit, offset=offset))}

    @app.get("/api/articles", tags=["articles"])
    def api_articles(since: str | None = Str(), until: str | None = Str(), source: str | None = Str(),
                     track: str | None = Str(), limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
                     offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        """Stored articles (without their text), by publication date."""
        f = {k: v for k, v in dict(since=since, until=until, source=source, track=track).items() if v}
        rows = []
        for a in store().articles(**f, limit=limit, offset=offset):
            rows.append({k: a.get(k) for k in ("article_id", "title", "source", "published", "date_basis", "url",
                                               "copies", "tracks", "word_count")})
        return {"articles": rows, "limit": limit, "offset": offset}

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str) -> dict[str, Any]:
        """One article: cleaned text cut into segments with actors, event triggers, quotes and
        proposal mentions marked; its date basis; its events, quotes and stances (each with its
        evidence sentence as ``segments``)."""
        v = D.article_view(store(), article_id[:200])
        if v is None:
            raise HTTPException(404, f"no article {article_id[:200]!r}")
        return v

    @app.get("/api/actors", tags=["actors"])
    def api_actors(prefix: str | None = Query(None, max_length=20, pattern=r"^[A-Za-z0-9]*$"),
                   limit: int = Query(100, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
        """Known actor codes by number of events of the dataset (as source or target), each with
        the dictionary's canonical name."""
        return {"actors": D.actors_list(store(), names(), limit, prefix or None)}

    @app.get("/api/actors/{code}", tags=["actors"])
    def api_actor(code: str, freq: Literal["day", "week", "month"] = "month",
                  limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
        """One actor (a dyad side: a code, a code prefix or a country): the dictionary's canonical
        name, the entries and the people's roles with this code by date, the mention texts seen
        with counts, its latest events, quotes and stances, and its series."""
        code = _check_code(code)
        s = store()
        series = cache.get(s, actor=code, freq=freq)
        return {"code": code, **D.actor_profile(s, names(), code), "events_total": count_events({"actor": code}),
                "events": list(s.events(actor=code, order="-date", limit=limit)),
                "quotes_total": s.count_quotes(speaker=code),
                "quotes": s.quotes_page(speaker=code, limit=limit)["quotes"],
                "stances_total": s.count_stances(actor=code),
                "stances": [_plain_stance(x) for x in D.latest_stances(s, limit, actor=code)],
                "series": series.to_dict()}

    @app.get("/api/search", tags=["search"])
    def api_search(q: str = Query(..., min_length=1, max_length=MAX_QUERY_CHARS),
                   kind: Literal["all", "articles", "events", "quotes"] = "all", syntax: bool = False,
                   limit: int = Query(20, ge=1, le=100),
                   after: str | None = Query(None, max_length=120)) -> dict[str, Any]:
        """Full-text search with snippets (matched words in [brackets]). Plain words by default;
        ``syntax=true`` for FTS5 syntax (phrases, OR, NOT, prefix*). ``next`` is the cursor of
        the following page (give it as ``after``), null on the last page."""
        kinds = ("articles", "events", "quotes") if kind == "all" else (kind,)
        hits = store().search(q, kinds=kinds, limit=limit + 1, plain=not syntax, after=after or None)
        nxt = search_cursor(hits[limit - 1]) if len(hits) > limit else None
        return {"query": q, "hits": [h.to_dict() for h in hits[:limit]], "next": nxt}

    def _check_code(code: str) -> str:
        c = code.strip().upper()
        if not c or len(c) > 20 or not c.isalnum():
            raise QueryError(f"{code[:40]!r} is not an actor code", hint="give letters and digits, e.g. PRK or KORGOV")
        return c

    # --- pages ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, dyads: str | None = Str(), track: str | None = Str(),
                 freq: Literal["day", "week", "month"] = "month", since: str | None = Str(), until: str | None = Str()) -> HTMLResponse:
        s = store()
        chosen = dyad_list(dyads) or default_dyads()
        f = {k: v for k, v in dict(since=since, until=until, track=track).items() if v}
        return page("overview.html", request, summary=cache.memo("summary", s.summary), dyads=",".join(chosen),
                    track=track or "", freq=freq, freqs=FREQS, since=since or "", until=until or "", tracks=tracks(),
                    left_out_counts=cache.memo(("left-out", tuple(sorted(f.items()))), lambda: s.dataset_counts(**f)),
                    latest_events=s.events_page(order="-date", limit=10)["events"],
                    latest_quotes=D.quote_views(s, s.quotes_page(limit=10)["quotes"]),
                    latest_stances=D.latest_stances(s, 10), stances_total=s.count_stances(),
                    alerts=s.alerts(limit=5), quad_names=D.QUAD_NAMES,
                    map_params={k: v for k, v in dict(since=since, until=until, track=track).items() if v})

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(
        request: Request, since: str | None = Str(), until: str | None = Str(), actor: str | None = Str(),
        dyad: str | None = Str(), cameo: str | None = Str(), root: str | None = Str(),
        quad: str | None = Query(None, max_length=1), plover: str | None = Str(), track: str | None = Str(),
        modality: Literal["any", "plain", "negated", "hypothetical", "future", "historical"] = "any",
        dataset: Dataset = "complete",
        country: str | None = Str(), near: str | None = Str(), place: str | None = Str(),
        order: Literal["date", "-date", "goldstein", "-goldstein"] = "-date",
        after: str | None = Query(None, max_length=64), before: str | None = Query(None, max_length=64),
        size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    ) -> HTMLResponse:
        q = int(quad) if quad and quad in "1234" else None
        f = event_filters(since, until, actor, dyad, cameo, root, q, plover, track, modality, dataset,
                          country, near, place)
        s = store()
        total = count_events(f)
        got = s.events_page(**f, order=order, limit=size, after=after or None, before=before or None)
        params = {k: v for k, v in dict(since=since, until=until, actor=actor, dyad=dyad, cameo=cameo, root=root,
                                        quad=quad, plover=plover, track=track, country=country, near=near, place=place,
                                        modality=modality if modality != "any" else None,
                                        dataset=dataset if dataset != "complete" else None,
                                        order=order, size=size if size != DEFAULT_PAGE_SIZE else None).items() if v}
        return page("events.html", request, rows=got["events"], rows_html=rows_html(got["events"]), total=total,
                    next=got["next"], prev=got["prev"],
                    first_page=not (after or before), size=size, params=params, order=order, dataset=dataset,
                    quad_names=D.QUAD_NAMES, modality=modality, tracks=tracks())

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        s = store()
        ev = D.get_event(s, event_id[:64])
        if ev is None:
            raise HTTPException(404, f"no event {event_id[:64]!r}")
        return page("event.html", request, ev=D.event_evidence(s, ev), quad_names=D.QUAD_NAMES)

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, since: str | None = Str(), until: str | None = Str(), actor: str | None = Str(),
                 dyad: str | None = Str(), quad: str | None = Query(None, max_length=1),
                 country: str | None = Str(), track: str | None = Str()) -> HTMLResponse:
        params = {k: v for k, v in dict(since=since, until=until, actor=actor, dyad=dyad, quad=quad, country=country,
                                        track=track).items() if v}
        return page("map.html", request, params=params, quad_names=D.QUAD_NAMES, tracks=tracks())

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(request: Request, since: str | None = Str(), until: str | None = Str(),
                      page_no: int = Query(1, alias="page", ge=1, le=1_000_000)) -> HTMLResponse:
        s = store()
        f = {k: v for k, v in dict(since=since, until=until).items() if v}
        size = DEFAULT_PAGE_SIZE
        rows = list(s.articles(**f, limit=size + 1, offset=(page_no - 1) * size))
        return page("articles.html", request, rows=rows[:size], more=len(rows) > size, page_no=page_no,
                    since=since or "", until=until or "")

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        v = D.article_view(store(), article_id[:200])
        if v is None:
            raise HTTPException(404, f"no article {article_id[:200]!r}")
        return page("article.html", request, a=v, quad_names=D.QUAD_NAMES)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request, prefix: str | None = Query(None, max_length=20, pattern=r"^[A-Za-z0-9]*$")) -> HTMLResponse:
        return page("actors.html", request, actors=D.actors_list(store(), names(), 200, prefix or None),
                    prefix=prefix or "")

    @app.get("/actors/{code}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, code: str, freq: Literal["day", "week", "month"] = "month") -> HTMLResponse:
        c = _check_code(code)
        s = store()
        return page("actor.html", request, code=c, freq=freq, total=count_events({"actor": c}), is_key=is_key(c),
                    profile=D.actor_profile(s, names(), c),
                    events=s.events_page(actor=c, order="-date", limit=50)["events"],
                    quotes=D.quote_views(s, s.quotes_page(speaker=c, limit=20)["quotes"]),
                    quotes_total=s.count_quotes(speaker=c),
                    stances=D.latest_stances(s, 50, actor=c), stances_total=s.count_stances(actor=c),
                    quad_names=D.QUAD_NAMES)

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, since: str | None = Str(), until: str | None = Str(),
                    speaker: str | None = Str(), track: str | None = Str(),
                    after: str | None = Query(None, max_length=64),
                    before: str | None = Query(None, max_length=64)) -> HTMLResponse:
        s = store()
        f = {k: v for k, v in dict(since=since, until=until, speaker=speaker, track=track).items() if v}
        got = s.quotes_page(**f, limit=DEFAULT_PAGE_SIZE, after=after or None, before=before or None)
        total = cache.memo(("quotes", tuple(sorted(f.items()))), lambda: s.count_quotes(**f))
        return page("quotes.html", request, rows=D.quote_views(s, got["quotes"]), total=total, next=got["next"],
                    prev=got["prev"], first_page=not (after or before), params=f, tracks=tracks())

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page(request: Request, dyad: str | None = Str()) -> HTMLResponse:
        s = store()
        rows = [a | {"event_rows": s.events_by_id(a.get("event_ids") or [])} for a in s.alerts(dyad=dyad, limit=100)]
        return page("alerts.html", request, alerts=rows, dyad=dyad or "", sources=s.watch_sources(),
                    quad_names=D.QUAD_NAMES)

    @app.get("/api/alerts", tags=["alerts"])
    def api_alerts(dyad: str | None = Str(), limit: int = Query(100, ge=1, le=MAX_PAGE_SIZE)) -> dict[str, Any]:
        """Alerts raised by ``peacewatch watch`` (a dyad's daily index outside its recent band),
        latest day first, each with the events behind it; and the state of the watched sources."""
        s = store()
        return {"alerts": [a | {"events": s.events_by_id(a.get("event_ids") or [])}
                           for a in s.alerts(dyad=dyad, limit=limit)],
                "sources": s.watch_sources()}

    @app.get("/stances", response_class=HTMLResponse, include_in_schema=False)
    def stances_page(request: Request, since: str | None = Str(), until: str | None = Str(),
                     actor: str | None = Str(), stance: str | None = Query(None, max_length=20),
                     page_no: int = Query(1, alias="page", ge=1, le=1_000_000)) -> HTMLResponse:
        s = store()
        f = stance_filters(since, until, actor, stance, None)
        total = s.count_stances(**f)
        size = DEFAULT_PAGE_SIZE
        pages = max(1, -(-total // size))
        # newest first: read the page from the end of the date order
        hi = max(0, total - (page_no - 1) * size)
        lo = max(0, hi - size)
        rows = [D.stance_view(x) for x in reversed(list(s.stances(**f, limit=hi - lo, offset=lo)))] if hi else []
        return page("stances.html", request, rows=rows, total=total, page_no=page_no, pages=pages, params=f,
                    kinds=Store.STANCE_KINDS, stance_names=D.STANCE_NAMES)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str | None = Query(None, max_length=MAX_QUERY_CHARS),
                    kind: Literal["all", "articles", "events", "quotes"] = "all", syntax: bool = False,
                    after: str | None = Query(None, max_length=120)) -> HTMLResponse:
        hits: list[dict[str, Any]] = []
        nxt: str | None = None
        if q and q.strip():
            kinds = ("articles", "events", "quotes") if kind == "all" else (kind,)
            found = store().search(q, kinds=kinds, limit=SEARCH_PAGE + 1, plain=not syntax, after=after or None)
            nxt = search_cursor(found[SEARCH_PAGE - 1]) if len(found) > SEARCH_PAGE else None
            hits = [h.to_dict() | {"parts": _snippet_parts(h.snippet)} for h in found[:SEARCH_PAGE]]
        params = {k: v for k, v in dict(q=q, kind=kind if kind != "all" else None,
                                        syntax="true" if syntax else None).items() if v}
        return page("search.html", request, q=q or "", kind=kind, syntax=syntax, hits=hits, next=nxt,
                    first_page=not after, params=params)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        spec = app.openapi()
        routes = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                routes.append({"method": method.upper(), "path": path, "summary": op.get("summary"),
                               "description": op.get("description"),
                               "params": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                           "schema": p.get("schema", {})} for p in op.get("parameters", [])]})
        return page("docs.html", request, routes=routes, spec_title=spec["info"]["title"])

    return app


def validation_line(err: RequestValidationError) -> str:
    """FastAPI's list of parameter errors as one line naming each parameter and its value."""
    parts = []
    for e in err.errors()[:3]:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        name = ".".join(loc) or "request"
        given = e.get("input")
        shown = f"={given!r}" if isinstance(given, (str, int, float)) and len(str(given)) <= 60 else ""
        parts.append(f"{name}{shown}: {e.get('msg', 'is not valid')}")
    return "; ".join(parts) + "; see /docs for the parameters and their values"


def _plain_stance(st: dict[str, Any]) -> dict[str, Any]:
    """A stance record for the JSON API: the record without the page's display fields."""
    return {k: v for k, v in st.items() if k not in ("segments", "stance_label")}


def _snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """Split an FTS snippet with [matched] words into parts (text, hit) for escaping in templates."""
    parts = []
    buf = ""
    hit = False
    for ch in snippet:
        if ch == "[" and not hit:
            if buf:
                parts.append({"text": buf, "hit": False})
            buf, hit = "", True
        elif ch == "]" and hit:
            parts.append({"text": buf, "hit": True})
            buf, hit = "", False
        else:
            buf += ch
    if buf:
        parts.append({"text": buf, "hit": hit})
    return parts
