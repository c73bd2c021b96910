"""What a ledger query selects: ``Filters``, each filter value checked against what it can be
(coded errors naming the allowed values, or the closest names the ledger knows), and the WHERE
clauses they make on facts and commitments. Places filter hierarchically: a region includes its
departments, EPCI and communes; a country includes everything in it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch import langdata, settings
from pledgewatch.document import PARTIAL_DATE
from pledgewatch.errors import UsageError
from pledgewatch.extract import gazetteer
from pledgewatch.ledger import keys
from pledgewatch.ledger.consolidation import OPEN_STATUSES
from pledgewatch.ledger.store import (
    commitment_places,
    commitments,
    companies,
    documents,
    events,
    fact_places,
    facts,
    place_parents,
    places,
)

STATUSES = ("planned", "postponed", "completed", "cancelled")
PLACE_LEVELS = ("country", "region", "departement", "epci", "commune", "place")
QUALIFIERS = ("exact", "at_least", "at_most", "about", "range")
_END = "~"  # sorts after every digit and '-': "2027-05-13" <= "2027-05" + _END


@lru_cache(maxsize=1)
def kinds() -> tuple[str, ...]:
    """The fact kinds of the extraction schema, in its order."""
    schema = json.loads((resources.files("pledgewatch") / "schema" / "extraction.schema.json").read_text("utf-8"))
    return tuple(schema["properties"]["facts"]["items"]["properties"]["kind"]["enum"])


@lru_cache(maxsize=1)
def units() -> tuple[str, ...]:
    """Every unit a figure can have: the normal forms of ``lang/*/units.yml`` and ``currencies.yml``."""
    found: set[str] = set()
    for lang in settings.SUPPORTED_LANGS:
        found |= {u["unit"] for u in langdata.load(lang, "units")["units"]}
        found |= {c["unit"] for c in langdata.load(lang, "currencies")}
    return tuple(sorted(found))


@lru_cache(maxsize=65536)
def name_fold(name: str) -> str:
    """``keys.name_fold``, remembered: a filter compares every name the ledger knows, at each request."""
    return keys.name_fold(name)


def check_date(value: str | None) -> str | None:
    """``value`` if it is a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD), else UsageError L016."""
    if value is None or PARTIAL_DATE.match(value):
        return value
    raise UsageError("L016", value=value)


def check_choice(name: str, value: str | None, choices: Iterable[str]) -> str | None:
    """``value`` if it is None or one of ``choices``, else UsageError L018 naming them."""
    choices = tuple(choices)
    if value is None or value in choices:
        return value
    raise UsageError("L018", name=name, value=value, choices=", ".join(choices))


def _folded(name: str, value: str) -> str:
    """The folded form of a name filter; UsageError L019 when it folds to nothing ('!!!', '%')."""
    folded = name_fold(value)
    if not folded:
        raise UsageError("L019", name=name, value=value)
    return folded


def closest(value: str, known: Iterable[str], count: int = settings.MAX_SUGGESTIONS) -> list[str]:
    """Up to ``count`` of ``known`` nearest ``value``: names it begins or lies in first, then by likeness."""
    wanted = name_fold(value)

    def rank(name: str) -> tuple:
        folded = name_fold(name)
        return (not folded.startswith(wanted), wanted not in folded,
                -difflib.SequenceMatcher(None, wanted, folded).ratio(), name)

    return sorted(set(known), key=rank)[:count]


def unknown(name: str, value: str, known: Iterable[str]) -> UsageError:
    """The error for a filter naming nothing the ledger knows: its closest known names (L020, L021)."""
    near = closest(value, known)
    if not near:
        return UsageError("L021", name=name, value=value)
    return UsageError("L020", name=name, value=value, known="; ".join(near))


@dataclass(frozen=True)
class Filters:
    """What to select. Dates are partial ISO dates; ``since``/``until`` bound publication."""

    actor: str | None = None
    kind: str | None = None
    unit: str | None = None
    place: str | None = None
    event: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None
    overdue: bool = False
    as_of: date = field(default_factory=date.today)


def period(column: sa.ColumnElement, since: str | None, until: str | None) -> list[sa.ColumnElement[bool]]:
    """Clauses keeping partial dates whose period overlaps [since, until] (comparisons and an IN of
    the year and month that contain ``since``: an index serves them)."""
    clauses = []
    if since:
        clauses.append(sa.or_(column >= since, column.in_([since[:n] for n in (4, 7) if n < len(since)])))
    if until:
        clauses.append(column <= until + _END)
    return clauses


def place_codes(conn: Connection, place: str) -> set[str]:
    """The codes a place filter names: a code as given (LEVEL:CODE), else every place of that name.

    UsageError for a malformed code (L023), a name that folds to nothing (L019), or a name neither
    the gazetteer nor the ledger knows (L020, with the closest names the ledger holds).
    """
    if ":" in place:
        level, code = place.split(":", 1)
        if level not in PLACE_LEVELS or not code.strip():
            raise UsageError("L023", value=place, levels=", ".join(PLACE_LEVELS))
        return {place}
    wanted = _folded("place", place)
    known = conn.execute(sa.select(places.c.code, places.c.name)).all()
    codes = {e.code for e in gazetteer.search(place)}
    codes |= {code for code, name in known if name_fold(name) == wanted}
    if not codes:
        raise unknown("place", place, (name for _, name in known))
    return codes


def within(code_column: sa.ColumnElement, codes: set[str]) -> sa.ColumnElement[bool]:
    """``code_column`` is one of ``codes`` or lies inside one of them (one IN: an index serves it)."""
    return code_column.in_(sa.union_all(sa.select(places.c.code).where(places.c.code.in_(codes)),
                                        sa.select(place_parents.c.code).where(place_parents.c.parent.in_(codes))))


def actor_keys(conn: Connection, actor: str) -> set[str]:
    """Keys of the actors named ``actor`` (any name they were reported under, or company id); maybe none.

    Names compare folded (case and accents aside, other scripts as written); L019 if ``actor`` folds to nothing.
    """
    wanted = _folded("actor", actor)
    keys = {key for key, name, company_id in conn.execute(sa.select(companies))
            if wanted in (name_fold(name), name_fold(company_id or ""))}
    keys |= {key for key, name in conn.execute(sa.select(facts.c.actor_key, facts.c.actor).distinct())  # index order
             if key and name and name_fold(name) == wanted}
    return keys


def known_actor_keys(conn: Connection, actor: str) -> set[str]:
    """``actor_keys``, or UsageError L020 with the closest names when the ledger knows no such actor."""
    keys = actor_keys(conn, actor)
    if not keys:
        raise unknown("actor", actor, conn.execute(sa.select(companies.c.name)).scalars())
    return keys


def known_event_key(conn: Connection, event: str) -> str:
    """The key of a known event, or UsageError L020 with the closest events the ledger knows."""
    key = _folded("event", event)
    if conn.execute(sa.select(events.c.key).where(events.c.key == key)).first() is None:
        raise unknown("event", event, conn.execute(sa.select(events.c.name)).scalars())
    return key


def checked(f: Filters) -> None:
    """UsageError for a kind, unit, status or date that cannot be (L016, L018)."""
    check_choice("kind", f.kind, kinds())
    check_choice("unit", f.unit, units())
    check_choice("status", f.status, STATUSES)
    check_date(f.since)
    check_date(f.until)


def shared_where(conn: Connection, f: Filters, table: sa.Table) -> list[sa.ColumnElement[bool]]:
    """The checked filters that facts and commitments both hold as columns: kind, unit, event, status."""
    checked(f)
    where = []
    if f.kind:
        where.append(table.c.kind == f.kind)
    if f.unit:
        where.append(table.c.unit == f.unit)
    if f.event is not None:
        where.append(table.c.event_key == known_event_key(conn, f.event))
    if f.status:
        where.append(table.c.status == f.status)
    return where


def fact_where(conn: Connection, f: Filters) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of ``f`` on ``facts`` (checked; coded errors for values that cannot be)."""
    where = shared_where(conn, f, facts)
    if f.actor is not None:
        where.append(facts.c.actor_key.in_(known_actor_keys(conn, f.actor)))
    if f.place is not None:
        inside = sa.select(fact_places.c.fact_id).where(within(fact_places.c.code, place_codes(conn, f.place)))
        where.append(facts.c.id.in_(inside))
    if f.since or f.until:
        published = sa.select(documents.c.id).where(*period(documents.c.published, f.since, f.until))
        where.append(facts.c.document_id.in_(published))
    return where


def overdue_clause(as_of: date) -> sa.ColumnElement[bool]:
    """Open commitments whose deadline's period ends before ``as_of`` (prefix comparison)."""
    return sa.and_(commitments.c.status.in_(OPEN_STATUSES), commitments.c.deadline.is_not(None),
                   commitments.c.deadline < sa.func.substr(as_of.isoformat(), 1, sa.func.length(commitments.c.deadline)))


def commitment_where(conn: Connection, f: Filters) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of ``f`` on ``commitments`` (checked; coded errors for values that cannot be)."""
    where = shared_where(conn, f, commitments)
    if f.actor is not None:  # every fact of a commitment has its actor_key (consolidation.same_commitment)
        where.append(commitments.c.actor_key.in_(known_actor_keys(conn, f.actor)))
    if f.overdue:
        where.append(overdue_clause(f.as_of))
    if f.place is not None:
        inside = sa.select(commitment_places.c.commitment_id).where(
            within(commitment_places.c.code, place_codes(conn, f.place)))
        where.append(commitments.c.id.in_(inside))
    return where + period(commitments.c.announced, f.since, f.until)
