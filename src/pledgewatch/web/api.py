"""The HTTP API and the dashboard: FastAPI over the ledger's queries (``create_app``).

Reads go through a read-only connection; ``POST /api/documents`` writes through a second
engine that exists only when a bearer token is configured. A small ASGI guard refuses
cross-site writes and bodies over ``MAX_BODY_BYTES`` and sets the security headers.
"""

from __future__ import annotations

import calendar
import hmac
import math
import os
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection, Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pledgewatch import settings
from pledgewatch.errors import PledgewatchError
from pledgewatch.extract import gazetteer
from pledgewatch.extract.amounts import find_quantities
from pledgewatch.ledger import queries
from pledgewatch.ledger.filters import STATUSES, actor_keys, kinds, units
from pledgewatch.ledger.keys import event_key
from pledgewatch.ledger.store import (
    LedgerError,
    companies,
    events,
    open_store,
    places,
)
from pledgewatch.web import names
from pledgewatch.web.cache import AnswerCache
from pledgewatch.web.names import FIELDS
from pledgewatch.web.outlets import origin, origins

# LIMITS -------------------------------------------------------------------------------------
MAX_BODY_BYTES: int = 1024 * 1024
"""Largest request body accepted (1 MB); larger ones get 413."""

DEFAULT_LIMIT: int = 100
"""Rows of a list endpoint when ``limit`` is not given."""

MAX_PARAM_CHARS: int = 200
"""Longest filter value accepted in a query string."""
# --------------------------------------------------------------------------------------------

LOCAL_HOSTS: tuple[str, ...] = ("localhost", "127.0.0.1", "[::1]", "::1")
"""Host names always answered: the loopback forms."""

TOTAL_HEADER = "X-Total-Count"
PAGED = {200: {"headers": {TOTAL_HEADER: {"description": "How many rows match, all pages together.",
                                          "schema": {"type": "integer"}}}}}
DATE = r"^[12]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
PAGES = ("/", "/commitments", "/commitments/{item}", "/documents/{item}", "/companies/{item:path}",
         "/events/{item:path}", "/deadlines")
_HERE = Path(__file__).parent
_PACKAGE = _HERE.parent
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class Error(BaseModel):
    """Every error response: its HTTP status and a reason a person can read."""

    status: int
    reason: str
    code: str | None = None


class NewDocument(BaseModel):
    """A news text to ingest."""

    text: str = Field(min_length=1, description="The article's plain text.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$", description="Where it was published.")
    published: str | None = Field(None, pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD.")


def _json_error(status: int, reason: str, code: str | None = None, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"status": status, "reason": reason, "code": code}, status_code=status, headers=headers)


class Guard:
    """ASGI middleware: security headers on every response; writes refused when cross-site or too big."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] in _WRITES and _cross_site(scope, headers):
            await _json_error(403, "cross-site write refused")(scope, receive, secured)
            return
        body, too_big = b"", False
        if scope["method"] in _WRITES:
            body, too_big = await _read_body(receive, headers)
        if too_big:
            await _json_error(413, f"request body over {MAX_BODY_BYTES} bytes")(scope, receive, secured)
            return
        if scope["method"] not in _WRITES:
            await self.app(scope, receive, secured)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, secured)


def _cross_site(scope: Scope, headers: dict[str, str]) -> bool:
    """A browser request sent by another site (Sec-Fetch-Site, else Origin against Host)."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return True
    origin = headers.get("origin")
    return origin is not None and origin != f"{scope['scheme']}://{headers.get('host', '')}"


async def _read_body(receive: Receive, headers: dict[str, str]) -> tuple[bytes, bool]:
    """The whole body, or (partial, True) once it is over the limit."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return b"", True
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return b"", True
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks), False


@lru_cache(maxsize=4096)
def _quantities(text: str) -> tuple:
    return tuple(find_quantities(text))


def figure_span(evidence: str, start: int, value: float | None, unit: str | None) -> dict | None:
    """Where a fact's figure lies in the document: the quantity of its evidence with its value."""
    if value is None:
        return None
    found = [q for q in _quantities(evidence) if q.value is not None and math.isclose(q.value, value)]
    best = next((q for q in found if q.unit == unit), found[0] if found else None)
    return {"start": start + best.start, "end": start + best.end} if best else None


def _with_figures(items: list[dict]) -> list[dict]:
    """Facts or evidence items with a ``figure`` span added."""
    for item in items:
        ev = item["evidence"] if isinstance(item.get("evidence"), dict) else item
        item["figure"] = figure_span(ev["text"], ev["start"], item["value"], item["unit"])
    return items


def _as_of(value: str | None) -> date:
    """The date deadlines are checked against: a partial date's first day (a day past the month's end
    counts as its last), else today."""
    if value is None:
        return date.today()
    year, month, day = (int(part) for part in (value + "-01-01")[:10].split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


Text = Annotated[str | None, Query(max_length=MAX_PARAM_CHARS)]
DateParam = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD.")]
Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT, description=f"At most {queries.MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=settings.MAX_OFFSET)]


Kind = Annotated[Literal[kinds()] | None, Query(description="A fact kind.")]  # type: ignore[valid-type]
Unit = Annotated[Literal[units()] | None, Query(description="A unit: jobs, EUR, MW...")]  # type: ignore[valid-type]
Status = Annotated[Literal[STATUSES] | None, Query(description="A commitment's status.")]  # type: ignore[valid-type]
Order = Annotated[Literal[queries.ORDERS], Query(description="updated (newest report first), announced or deadline.")]  # type: ignore[valid-type]


def filters(actor: Text = None, kind: Kind = None, unit: Unit = None, place: Text = None, event: Text = None,
            since: DateParam = None, until: DateParam = None, status: Status = None,
            as_of: DateParam = None) -> queries.Filters:
    """The command line's filters, from the query string (checked by the queries: 422 when bad)."""
    return queries.Filters(actor=actor, kind=kind, unit=unit, place=place, event=event, since=since, until=until,
                           status=status, as_of=_as_of(as_of))


def connection(request: Request) -> Iterator[Connection]:
    """A connection of the read-only engine."""
    with request.app.state.reader.connect() as conn:
        yield conn


bearer = HTTPBearer(auto_error=False, description="The server's PLEDGEWATCH_TOKEN.")


def writer(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Engine:
    """The writable engine, for a request bearing the token; 403 when writing is off, else 401."""
    state = request.app.state
    if state.writer is None:
        raise HTTPException(403, "writing is off: start the server with PLEDGEWATCH_TOKEN set")
    given = credentials.credentials.encode() if credentials else b""
    if not hmac.compare_digest(given, state.token.encode()):
        raise HTTPException(401, "a valid bearer token is needed", headers={"WWW-Authenticate": "Bearer"})
    return state.writer


Conn = Annotated[Connection, Depends(connection)]
F = Annotated[queries.Filters, Depends(filters)]
Writer = Annotated[Engine, Depends(writer)]


def _page(response: Response, items: list[dict], total: int, limit: int, offset: int) -> dict:
    """One page of a list: its items, the true total (also in the X-Total-Count header) and the paging."""
    response.headers[TOTAL_HEADER] = str(total)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


_DASHBOARD_PAGE = (_HERE / "dashboard" / "index.html").read_text(encoding="utf-8")
"""The dashboard's one HTML page: its script shows the page the URL names."""

MACHINE_PATHS = ("/api/", "/geo/", "/static/", "/openapi.json")
"""Paths for programs: a 404 there is the API's JSON error, elsewhere the dashboard's own page."""


def _errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and not request.url.path.startswith(MACHINE_PATHS):
            return HTMLResponse(_DASHBOARD_PAGE, 404)  # a page of the dashboard: it says "not found"
        reason = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return _json_error(exc.status_code, reason, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        reason = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        error = PledgewatchError("L100", reason=reason or "malformed")
        return _json_error(422, str(error).split("] ", 1)[-1], error.code)

    @app.exception_handler(PledgewatchError)
    async def ledger_error(_: Request, exc: PledgewatchError) -> JSONResponse:
        status = 404 if exc.code in ("L013", "L014") else 422
        return _json_error(status, str(exc).split("] ", 1)[-1], exc.code)

    @app.exception_handler(sa.exc.DataError)
    async def bad_value(_: Request, exc: sa.exc.DataError) -> JSONResponse:
        return _json_error(422, "a value cannot be used in a query")

    @app.exception_handler(Exception)
    async def crash(_: Request, exc: Exception) -> JSONResponse:
        return _json_error(500, "internal error")


def _reads(app: FastAPI) -> None:
    @app.get("/api/facts", tags=["ledger"], responses=PAGED)
    def list_facts(c: Conn, f: F, response: Response, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
        """Stored facts, each with its document and evidence span; ``total`` counts every page."""
        return _page(response, queries.list_facts(c, f, limit, offset), queries.count_facts(c, f), limit, offset)

    @app.get("/api/commitments", tags=["ledger"], responses=PAGED)
    def list_commitments(c: Conn, f: F, response: Response, overdue: bool = False,
                         order: Order = "updated", limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
        """Commitments (pledges merged across articles) with places, figures, history and evidence;
        newest report first (then id) unless ``order`` says otherwise."""
        f = replace(f, overdue=overdue)
        return _page(response, queries.list_commitments(c, f, limit, offset, order),
                     queries.count_commitments(c, f), limit, offset)

    @app.get("/api/commitments.csv", tags=["ledger"],
             responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
    def commitments_csv(c: Conn, f: F, overdue: bool = False, order: Order = "updated") -> Response:
        """Every commitment the filters select (all pages) as CSV, one plain value a cell."""
        from pledgewatch.ledger.exporting import (
            readable_csv,  # with pyarrow: loaded for an export only
        )

        rows = queries.list_commitments(c, replace(f, overdue=overdue), None, 0, order)
        return Response(readable_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="commitments.csv"'})

    @app.get("/api/commitments/{commitment_id}", tags=["ledger"])
    def commitment(c: Conn, commitment_id: str, as_of: DateParam = None) -> dict:
        """One commitment; each evidence item with the ``figure`` span in its document and where that
        document comes from (``title``, ``outlet``, ``url``); ``parts``: the commitments that are shares of it."""
        found = queries.get_commitment(c, commitment_id, _as_of(as_of))
        _with_figures(found["evidence"])
        known = origins(c, (e["document_id"] for e in found["evidence"]))
        for e in found["evidence"]:
            e.update({k: known[e["document_id"]][k] for k in ("title", "outlet", "url")})
        found["parts"] = queries.parts_of(c, commitment_id, _as_of(as_of))
        return found

    @app.get("/api/documents/{document_id}", tags=["ledger"])
    def document(c: Conn, document_id: str) -> dict:
        """One document: text, title, sources and facts with offsets (evidence and figure spans);
        ``origin``: the title to show (the first line when untitled), its outlet and public link."""
        found = queries.get_document(c, document_id)
        _with_figures(found["facts"])
        found["origin"] = origin(found["title"], found["text"], found["sources"])
        return found

    @app.get("/api/suggest", tags=["ledger"])
    def suggest(c: Conn, field: Literal[FIELDS], q: Annotated[str, Query(max_length=MAX_PARAM_CHARS)]) -> dict:  # type: ignore[valid-type]
        """Names of actors, events or places the ledger knows for what was typed: those holding it (case
        and accents aside) best first, ``matched`` true; else the closest, ``matched`` false. Each has
        the ``value`` its filter takes (a place's code)."""
        items, matched = names.suggest(c, field, q)
        return {"field": field, "q": q, "items": items, "matched": matched}

    @app.get("/api/totals", tags=["ledger"])
    def totals(request: Request, c: Conn, f: F, by: Literal[queries.TOTAL_KEYS] = "kind") -> dict:  # type: ignore[valid-type]
        """Single commitments summed per group, kind and unit (never across kinds), with their EUR
        equivalent; ``total_max``/``eur_max`` when a part is a range, the sum's ``qualifier``."""
        items = request.app.state.answers.answer(c, ("totals", by, f), lambda: queries.totals(c, by, f))
        return {"by": by, "items": items}

    @app.get("/api/summary", tags=["ledger"])
    def summary(request: Request, c: Conn, f: F) -> dict:
        """Headline figures: money pledged, jobs created and cut, commitments, overdue ones (``overdue``)
        and closures and cuts past their deadline with no later news (``without_news``, not in
        ``overdue``), the period announced, the documents read, and where the money lies (one region,
        several, none)."""
        return request.app.state.answers.answer(c, ("summary", f), lambda: queries.summary(c, f))

    @app.get("/api/deadlines", tags=["ledger"], responses=PAGED)
    def deadlines(c: Conn, f: F, response: Response, before: DateParam = None, after: DateParam = None,
                  overdue: bool = False, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
        """Commitments by deadline, soonest first, ``overdue`` marked."""
        f = replace(f, overdue=overdue)
        return _page(response, queries.deadlines(c, f, before, after, limit, offset),
                     queries.count_deadlines(c, f, before, after), limit, offset)

    @app.get("/api/companies/{company:path}", tags=["ledger"])
    def company(c: Conn, company: str, limit: Limit = queries.MAX_LIMIT, as_of: DateParam = None) -> dict:
        """A company (by name or id, e.g. Microsoft or MSFT): its commitments and totals by kind."""
        keys = actor_keys(c, company)
        rows = c.execute(sa.select(companies).where(companies.c.key.in_(keys))).mappings().all()
        if not rows:
            raise HTTPException(404, f"unknown company {company!r}")
        f = queries.Filters(actor=company, as_of=_as_of(as_of))
        return {"id": company, "name": min((r["name"] for r in rows), key=lambda n: (len(n), n)),
                "company_id": next((r["company_id"] for r in rows if r["company_id"]), None),
                "commitments": queries.list_commitments(c, f, limit), "totals": queries.totals(c, "kind", f)}

    @app.get("/api/places/{code:path}", tags=["ledger"])
    def place(c: Conn, code: str, limit: Limit = queries.MAX_LIMIT, as_of: DateParam = None) -> dict:
        """A place (code such as region:11, departement:68, or an official name): what lies there."""
        entry = gazetteer.lookup(code) if ":" in code else next(iter(gazetteer.search(code)), None)
        row = c.execute(sa.select(places).where(places.c.code == code)).mappings().first()
        if entry is None and row is None:
            raise HTTPException(404, f"unknown place {code!r}")
        code = entry.code if entry else row["code"]
        f = queries.Filters(place=code, as_of=_as_of(as_of))
        return {"code": code, "name": entry.name if entry else row["name"], "level": code.split(":", 1)[0],
                "parents": [{"code": p, "name": gazetteer.lookup(p).name} for p in gazetteer.parents(code)],
                "commitments": queries.list_commitments(c, f, limit), "totals": queries.totals(c, "kind", f)}

    @app.get("/api/events/{event:path}", tags=["ledger"])
    def event(c: Conn, event: str, as_of: DateParam = None) -> dict:
        """A named occasion (e.g. Choose France 2024): announced totals against the commitments found."""
        row = c.execute(sa.select(events).where(events.c.key == event_key(event))).mappings().first()
        if row is None:
            raise HTTPException(404, f"unknown event {event!r}")
        return {"key": row["key"], "year": row["year"], **queries.reconcile(c, row["name"], _as_of(as_of))}


def _writes(app: FastAPI) -> None:
    lock = threading.Lock()

    @app.post("/api/documents", tags=["ledger"], status_code=201,
              responses={200: {"description": "Already known"}, 400: {"model": Error}, 401: {"model": Error},
                         403: {"model": Error}, 413: {"model": Error}})
    def post_document(body: NewDocument, engine: Writer) -> JSONResponse:
        """Ingest one text (extract, store, consolidate); returns its id and facts."""
        from pledgewatch.extract.extraction import extract
        from pledgewatch.ledger.ingest import Summary, ingest_one
        from pledgewatch.read.reader import content_hash, read_text

        document = read_text(body.text, body.url or "api", "", body.published, body.title)
        doc_id = content_hash(document.text)  # of the text as read (NULs removed), as ingest hashes it
        document = replace(document, id=doc_id, source=body.url or f"api:{doc_id}")
        summary = Summary()
        with lock:
            ingest_one(engine, document, extract, summary)
        if summary.failures:
            raise summary.failures[0].error
        with engine.connect() as c:
            stored = queries.get_document(c, doc_id)
        return JSONResponse({"id": doc_id, "new": bool(summary.new), "facts": _with_figures(stored["facts"])},
                            status_code=201 if summary.new else 200)


def _dashboard(app: FastAPI) -> None:
    page = _DASHBOARD_PAGE
    app.mount("/static", StaticFiles(directory=_HERE / "dashboard"), name="static")
    app.mount("/geo", StaticFiles(directory=_PACKAGE / "data" / "geo"), name="geo")

    def show() -> HTMLResponse:
        return HTMLResponse(page)

    for path in PAGES:
        app.add_api_route(path, show, methods=["GET", "HEAD"], include_in_schema=False,
                          response_class=HTMLResponse)


def _engines(db_url: str | None, token: str | None) -> tuple[Engine, Engine | None]:
    """(read-only engine, writable engine or None); the database is created and migrated first."""
    writable = open_store(db_url)
    if not token:
        writable.dispose()
        writable = None
    try:
        return open_store(db_url, read_only=True), writable
    except LedgerError:
        if writable is not None:
            writable.dispose()
        raise


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    for engine in (app.state.reader, app.state.writer):
        if engine is not None:
            engine.dispose()


def allowed_hosts(extra: list[str] | None = None) -> list[str]:
    """The Host names the API answers: the loopback forms, ``extra`` and $PLEDGEWATCH_ALLOWED_HOSTS."""
    configured = [h.strip() for h in os.environ.get(settings.ALLOWED_HOSTS_ENV, "").split(",") if h.strip()]
    return list(dict.fromkeys([*LOCAL_HOSTS, *(extra or []), *configured]))


GZIP_MIN_BYTES = 1000
"""Responses at least this large are sent gzip-compressed to clients that accept it."""


def create_app(db_url: str | None, token: str | None, hosts: list[str] | None = None) -> FastAPI:
    """The API and dashboard over the ledger at ``db_url``; POST needs ``token`` (writes off if None).

    Only requests whose Host is one of ``allowed_hosts(hosts)`` are answered (400 otherwise), against
    DNS rebinding. No Swagger page (its CDN scripts would break the CSP): the API is /openapi.json.
    """
    errors: dict[int | str, dict[str, Any]] = {404: {"model": Error}, 422: {"model": Error}}
    app = FastAPI(title="pledgewatch", version="1", responses=errors, lifespan=_lifespan,
                  docs_url=None, redoc_url=None,
                  description="The ledger of commitments found in the news: facts, commitments, totals, "
                              "deadlines, with the evidence of every figure.")
    app.state.reader, app.state.writer = _engines(db_url, token)
    app.state.token = token
    app.state.answers = AnswerCache()
    _errors(app)
    _reads(app)
    _writes(app)
    _dashboard(app)
    app.add_middleware(Guard)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)  # lists and outlines are hundreds of KB
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(hosts))
    return app
