"""Queries over the ledger: facts, commitments, totals, deadlines, reconciling an event.

Every function takes a Connection and returns plain dicts and lists (JSON-ready), ordered
the same way on SQLite and PostgreSQL. Places filter hierarchically: a region includes its
departments, EPCI and communes; a country includes everything in it.
"""

from __future__ import annotations

import csv
import difflib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch import langdata, settings
from pledgewatch.errors import UsageError
from pledgewatch.extract import gazetteer
from pledgewatch.ledger.consolidation import OPEN_STATUSES, history_rows, is_overdue
from pledgewatch.ledger.ingest import name_fold
from pledgewatch.ledger.store import (
    LedgerError,
    commitment_places,
    commitments,
    companies,
    document_sources,
    documents,
    events,
    fact_places,
    facts,
    place_parents,
    places,
)
from pledgewatch.read.reader import PARTIAL_DATE

# LIMITS -------------------------------------------------------------------------------------
MAX_LIMIT: int = 1000
"""Most rows one page of ``facts``, ``commitments`` or ``deadlines`` returns."""
# --------------------------------------------------------------------------------------------

TOTAL_KEYS = ("region", "department", "actor", "event", "kind", "year")
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


def check_page(limit: int | None, offset: int) -> None:
    """UsageError L022 unless ``limit`` is None or 1..MAX_LIMIT and ``offset`` is 0..settings.MAX_OFFSET."""
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise UsageError("L022", name="limit", value=limit, low=1, high=MAX_LIMIT)
    if not 0 <= offset <= settings.MAX_OFFSET:
        raise UsageError("L022", name="offset", value=offset, low=0, high=settings.MAX_OFFSET)


def _page(query: sa.Select, limit: int | None, offset: int) -> sa.Select:
    """``query`` limited to one page; every row from ``offset`` on when ``limit`` is None."""
    check_page(limit, offset)
    return query.limit(limit).offset(offset or None)


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


@lru_cache(maxsize=1)
def exchange_rates() -> dict[str, dict[int, float]]:
    """Units of each currency per euro, by year (data/exchange_rates.csv, ECB yearly averages)."""
    rates: dict[str, dict[int, float]] = defaultdict(dict)
    with (resources.files("pledgewatch") / "data" / "exchange_rates.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rates[row["currency"]][int(row["year"])] = float(row["per_eur"])
    return dict(rates)


def eur_equivalent(value: float | None, unit: str | None, year: int | None) -> float | None:
    """``value`` in euros at ``year``'s average rate (nearest year listed); None if not money."""
    if value is None or unit is None:
        return None
    if unit == "EUR":
        return value
    by_year = exchange_rates().get(unit)
    if not by_year:
        return None
    years = sorted(by_year)
    chosen = min(max(year or years[-1], years[0]), years[-1])
    return value / by_year[chosen]


def _period(column: sa.ColumnElement, since: str | None, until: str | None) -> list[sa.ColumnElement[bool]]:
    """Clauses keeping partial dates whose period overlaps [since, until]."""
    clauses = []
    if since:
        clauses.append(sa.or_(column >= since, sa.literal(since).startswith(column)))
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


def _within(code_column: sa.ColumnElement, codes: set[str]) -> sa.ColumnElement[bool]:
    """``code_column`` is one of ``codes`` or lies inside one of them."""
    inside = sa.select(place_parents.c.code).where(place_parents.c.parent.in_(codes))
    return sa.or_(code_column.in_(codes), code_column.in_(inside))


def actor_keys(conn: Connection, actor: str) -> set[str]:
    """Keys of the actors named ``actor`` (any name they were reported under, or company id); maybe none.

    Names compare folded (case and accents aside, other scripts as written); L019 if ``actor`` folds to nothing.
    """
    wanted = _folded("actor", actor)
    keys = {key for key, name, company_id in conn.execute(sa.select(companies))
            if wanted in (name_fold(name), name_fold(company_id or ""))}
    keys |= {key for name, key in conn.execute(sa.select(facts.c.actor, facts.c.actor_key).distinct())
             if key and name and name_fold(name) == wanted}
    return keys


def _actor_keys(conn: Connection, actor: str) -> set[str]:
    """``actor_keys``, or UsageError L020 with the closest names when the ledger knows no such actor."""
    keys = actor_keys(conn, actor)
    if not keys:
        raise unknown("actor", actor, conn.execute(sa.select(companies.c.name)).scalars())
    return keys


def _event_key(conn: Connection, event: str) -> str:
    """The key of a known event, or UsageError L020 with the closest events the ledger knows."""
    key = _folded("event", event)
    if conn.execute(sa.select(events.c.key).where(events.c.key == key)).first() is None:
        raise unknown("event", event, conn.execute(sa.select(events.c.name)).scalars())
    return key


def _checked(f: Filters) -> None:
    """UsageError for a kind, unit, status or date that cannot be (L016, L018)."""
    check_choice("kind", f.kind, kinds())
    check_choice("unit", f.unit, units())
    check_choice("status", f.status, STATUSES)
    check_date(f.since)
    check_date(f.until)


def _shared_where(conn: Connection, f: Filters, table: sa.Table) -> list[sa.ColumnElement[bool]]:
    """The checked filters that facts and commitments both hold as columns: kind, unit, event, status."""
    _checked(f)
    where = []
    if f.kind:
        where.append(table.c.kind == f.kind)
    if f.unit:
        where.append(table.c.unit == f.unit)
    if f.event is not None:
        where.append(table.c.event_key == _event_key(conn, f.event))
    if f.status:
        where.append(table.c.status == f.status)
    return where


def _fact_where(conn: Connection, f: Filters) -> list[sa.ColumnElement[bool]]:
    where = _shared_where(conn, f, facts)
    if f.actor is not None:
        where.append(facts.c.actor_key.in_(_actor_keys(conn, f.actor)))
    if f.place is not None:
        inside = sa.select(fact_places.c.fact_id).where(_within(fact_places.c.code, place_codes(conn, f.place)))
        where.append(facts.c.id.in_(inside))
    return where + _period(documents.c.published, f.since, f.until)


def _names(conn: Connection, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(conn.execute(sa.select(places.c.code, places.c.name).where(places.c.code.in_(codes))).all())


def _fact_dict(row: sa.RowMapping, codes: list[str], names: dict[str, str]) -> dict:
    return {
        "id": row["id"], "document_id": row["document_id"], "published": row["published"],
        "kind": row["kind"], "actor": row["actor"], "actor_id": row["actor_id"],
        "aggregate": bool(row["aggregate"]), "value": row["value"], "value_max": row["value_max"],
        "unit": row["unit"], "qualifier": row["qualifier"],
        "places": [{"code": c, "name": names.get(c, c)} for c in codes],
        "deadline": row["deadline"], "status": row["status"], "event": row["event"],
        "detail": row["detail"],
        "evidence": {"text": row["evidence_text"], "start": row["evidence_start"], "end": row["evidence_end"]},
        "commitment_id": row["commitment_id"],
    }


def _count(conn: Connection, query: sa.Select) -> int:
    """How many rows ``query`` selects, paging aside."""
    return conn.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()


def _fact_query(where: list) -> sa.Select:
    return (sa.select(facts, documents.c.published).join(documents, documents.c.id == facts.c.document_id)
            .where(*where).order_by(documents.c.published.nulls_last(), facts.c.document_id, facts.c.ordinal))


def _facts(conn: Connection, where: list, limit: int | None = None, offset: int = 0) -> list[dict]:
    rows = conn.execute(_page(_fact_query(where), limit, offset)).mappings().all()
    codes: dict[str, list[str]] = defaultdict(list)
    if rows:
        for fact_id, code in conn.execute(
                sa.select(fact_places.c.fact_id, fact_places.c.code)
                .where(fact_places.c.fact_id.in_([r["id"] for r in rows])).order_by(fact_places.c.position)):
            codes[fact_id].append(code)
    names = _names(conn, {c for cs in codes.values() for c in cs})
    return [_fact_dict(r, codes[r["id"]], names) for r in rows]


def list_facts(conn: Connection, f: Filters, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Facts (the extraction schema's fields plus ``document_id``, ``id``, ``commitment_id``).

    One page of at most ``limit`` rows (every row when None) after ``offset``; UsageError for bad
    filters or paging values. The order (publication, document, rank) is stable.
    """
    return _facts(conn, _fact_where(conn, f), limit, offset)


def count_facts(conn: Connection, f: Filters) -> int:
    """How many facts ``list_facts`` finds for ``f``, all pages together."""
    return _count(conn, _fact_query(_fact_where(conn, f)))


def _overdue_clause(as_of: date) -> sa.ColumnElement[bool]:
    """Open commitments whose deadline's period ends before ``as_of`` (prefix comparison)."""
    return sa.and_(commitments.c.status.in_(OPEN_STATUSES), commitments.c.deadline.is_not(None),
                   commitments.c.deadline < sa.func.substr(as_of.isoformat(), 1, sa.func.length(commitments.c.deadline)))


def _commitment_where(conn: Connection, f: Filters) -> list[sa.ColumnElement[bool]]:
    where = _shared_where(conn, f, commitments)
    if f.actor is not None:
        where.append(commitments.c.id.in_(sa.select(facts.c.commitment_id).where(
            facts.c.actor_key.in_(_actor_keys(conn, f.actor)))))
    if f.overdue:
        where.append(_overdue_clause(f.as_of))
    if f.place is not None:
        inside = sa.select(commitment_places.c.commitment_id).where(
            _within(commitment_places.c.code, place_codes(conn, f.place)))
        where.append(commitments.c.id.in_(inside))
    return where + _period(commitments.c.announced, f.since, f.until)


def _commitment_dicts(conn: Connection, rows: list[sa.RowMapping], as_of: date) -> list[dict]:
    ids = [r["id"] for r in rows]
    if not ids:
        return []
    codes: dict[str, list[str]] = defaultdict(list)
    for cid, code in conn.execute(sa.select(commitment_places.c.commitment_id, commitment_places.c.code)
                                  .where(commitment_places.c.commitment_id.in_(ids))
                                  .order_by(commitment_places.c.position)):
        codes[cid].append(code)
    names = _names(conn, {c for cs in codes.values() for c in cs})
    evidence: dict[str, list[dict]] = defaultdict(list)
    for fact in _facts(conn, [facts.c.commitment_id.in_(ids)]):
        evidence[fact["commitment_id"]].append(fact)
    moves = history_rows(conn, ids)
    out = []
    for r in rows:
        figures: dict[tuple, dict] = {}
        for e in evidence[r["id"]]:
            if e["value"] is not None:
                key = (e["value"], e["value_max"], e["unit"], e["qualifier"])
                figures.setdefault(key, {"value": e["value"], "value_max": e["value_max"], "unit": e["unit"],
                                         "qualifier": e["qualifier"], "reports": 0})["reports"] += 1
        out.append({
            "id": r["id"], "actor": r["actor"], "actor_id": r["actor_id"], "kind": r["kind"],
            "aggregate": bool(r["aggregate"]), "value": r["value"], "value_max": r["value_max"],
            "unit": r["unit"], "qualifier": r["qualifier"],
            "places": [{"code": c, "name": names.get(c, c)} for c in codes[r["id"]]],
            "deadline": r["deadline"], "status": r["status"],
            "overdue": is_overdue(r["status"], r["deadline"], as_of),
            "event": r["event"], "detail": r["detail"], "conflicting": bool(r["conflicting"]),
            "ambiguous": bool(r["ambiguous"]),
            "announced": r["announced"], "updated": r["updated"], "part_of": r["part_of"],
            "figures": list(figures.values()),
            "history": moves[r["id"]],
            "evidence": [{"document_id": e["document_id"], "fact_id": e["id"], "text": e["evidence"]["text"],
                          "start": e["evidence"]["start"], "end": e["evidence"]["end"],
                          "published": e["published"], "status": e["status"], "value": e["value"],
                          "value_max": e["value_max"], "unit": e["unit"], "qualifier": e["qualifier"]}
                         for e in evidence[r["id"]]],
        })
    return out


ORDERS = ("updated", "announced", "deadline")
"""Orders of ``list_commitments``: by latest report, newest first; by announcement or deadline, earliest first."""


def _order(order: str) -> tuple[sa.ColumnElement, ...]:
    """A total order: the date (unknown last), then id, each backed by an index (migration 0003)."""
    c = commitments.c
    if check_choice("order", order, ORDERS) == "updated":
        return c.updated.desc().nulls_last(), c.id.desc()
    return c[order].nulls_last(), c.id


def _commitment_query(conn: Connection, f: Filters, order: str = "announced") -> sa.Select:
    return sa.select(commitments).where(*_commitment_where(conn, f)).order_by(*_order(order))


def list_commitments(conn: Connection, f: Filters, limit: int | None = None, offset: int = 0,
                     order: str = "announced") -> list[dict]:
    """Commitments with their places, figures, status history and evidence.

    One page as in ``list_facts``, in ``order`` (one of ORDERS; the date unknown last, then id).
    """
    query = _page(_commitment_query(conn, f, order), limit, offset)
    return _commitment_dicts(conn, conn.execute(query).mappings().all(), f.as_of)


def count_commitments(conn: Connection, f: Filters) -> int:
    """How many commitments ``list_commitments`` finds for ``f``, all pages together."""
    return _count(conn, _commitment_query(conn, f))


def get_commitment(conn: Connection, commitment_id: str, as_of: date | None = None) -> dict:
    """One commitment by id; LedgerError L013 if there is none."""
    rows = conn.execute(sa.select(commitments).where(commitments.c.id == commitment_id)).mappings().all()
    if not rows:
        raise LedgerError("L013", id=commitment_id)
    return _commitment_dicts(conn, rows, as_of or date.today())[0]


def get_document(conn: Connection, document_id: str) -> dict:
    """One document: its text, title, date, sources and facts with offsets; L014 if unknown."""
    row = conn.execute(sa.select(documents).where(documents.c.id == document_id)).mappings().first()
    if row is None:
        raise LedgerError("L014", id=document_id)
    sources = conn.execute(sa.select(document_sources.c.source).where(
        document_sources.c.document_id == document_id).order_by(document_sources.c.source)).scalars().all()
    return {**dict(row), "sources": sorted(sources),
            "facts": _facts(conn, [facts.c.document_id == document_id])}


def deadlines(conn: Connection, f: Filters, before: str | None = None, after: str | None = None,
              limit: int | None = None, offset: int = 0) -> list[dict]:
    """Commitments with a deadline in [after, before] (partial dates, inclusive), soonest first; paged
    as ``list_facts``."""
    query = _page(_deadline_query(conn, f, before, after), limit, offset)
    return _commitment_dicts(conn, conn.execute(query).mappings().all(), f.as_of)


def _deadline_query(conn: Connection, f: Filters, before: str | None, after: str | None) -> sa.Select:
    where = [commitments.c.deadline.is_not(None),
             *_period(commitments.c.deadline, check_date(after), check_date(before))]
    return (sa.select(commitments).where(*where, *_commitment_where(conn, f))
            .order_by(commitments.c.deadline, commitments.c.id))


def count_deadlines(conn: Connection, f: Filters, before: str | None = None, after: str | None = None) -> int:
    """How many commitments ``deadlines`` finds, all pages together."""
    return _count(conn, _deadline_query(conn, f, before, after))


def _group_keys(c: dict, by: str, parents: dict[str, list[str]]) -> list[tuple[str | None, str | None]]:
    """The (key, label) group a commitment counts in, once: a commitment whose places lie in several
    regions (departments) counts in none of them but in one group beside them, keyed None."""
    if by in ("region", "department"):
        level = "region" if by == "region" else "departement"
        keys = {}
        for p in c["places"]:
            for code in [p["code"], *parents.get(p["code"], [])]:
                if code.startswith(level + ":"):
                    entry = gazetteer.lookup(code)
                    keys[code] = entry.name if entry else (p["name"] if code == p["code"] else code)
        if len(keys) > 1:
            return [(None, f"(several {by}s)")]
        return sorted(keys.items()) or [(None, None)]
    if by == "actor":
        return [(c["actor_id"] or c["actor"], c["actor"])]
    if by == "event":
        return [(c["event"], c["event"])]
    if by == "kind":
        return [(c["kind"], c["kind"])]
    year = c["announced"][:4] if c["announced"] else None
    return [(year, year)]


def sum_qualifier(parts: Iterable[str]) -> str:
    """The qualifier of a sum of figures, from its parts' qualifiers (the schema's words).

    All parts exact: exact. Otherwise the non-exact parts decide: when they all share one
    qualifier, the sum has it (one range part makes a range: low sum to high sum; one at_least
    part makes the sum at_least its low sum); at_least mixed with range stays at_least (the low
    sum is still a lower bound); any other mix (about with anything, at_most with at_least or a
    range) is about.
    """
    hedged = set(parts) - {"exact"}
    if not hedged:
        return "exact"
    if len(hedged) == 1:
        return hedged.pop()
    return "at_least" if hedged == {"at_least", "range"} else "about"


@dataclass
class _Sum:
    """A running sum of figures of one unit: low and high bounds, qualifiers, EUR equivalents."""

    low: float | None = None
    high: float | None = None
    eur: float | None = None
    eur_high: float | None = None
    ranged: bool = False
    qualifiers: list[str] = field(default_factory=list)

    def add(self, c: dict) -> None:
        """Add commitment ``c``'s figure (its range's bounds when it is a range)."""
        if c["value"] is None:
            return
        is_range = c["qualifier"] == "range" and c["value_max"] is not None
        high = c["value_max"] if is_range else c["value"]
        self.ranged |= is_range
        self.qualifiers.append(c["qualifier"] if is_range or c["qualifier"] != "range" else "exact")
        self.low = (self.low or 0.0) + c["value"]
        self.high = (self.high or 0.0) + high
        year = int(c["announced"][:4]) if c["announced"] else None
        eur = eur_equivalent(c["value"], c["unit"], year)
        if eur is not None:
            self.eur = (self.eur or 0.0) + eur
            self.eur_high = (self.eur_high or 0.0) + eur_equivalent(high, c["unit"], year)

    def fields(self, prefix: str = "total", eur: str = "eur") -> dict:
        """``{prefix, prefix_max, eur, eur_max}``: the maxima only when a part is a range, else None."""
        return {prefix: self.low, f"{prefix}_max": self.high if self.ranged else None,
                eur: self.eur, f"{eur}_max": self.eur_high if self.ranged and self.eur is not None else None}

    @property
    def qualifier(self) -> str | None:
        """``sum_qualifier`` of the parts; None when no part has a figure."""
        return sum_qualifier(self.qualifiers) if self.qualifiers else None


def _singles(conn: Connection, f: Filters) -> tuple[list[dict], dict[str, list[str]]]:
    """The single (non-aggregate) commitments ``f`` selects, parts left out (their whole holds them:
    ledger/parts.py), and the areas above each of their places."""
    rows = conn.execute(sa.select(commitments).where(commitments.c.aggregate.is_(False),
                                                     commitments.c.part_of.is_(None),  # a part is in its whole
                                                     *_commitment_where(conn, f))).mappings().all()
    found = _commitment_dicts(conn, rows, f.as_of)
    codes = {p["code"] for c in found for p in c["places"]}
    parents: dict[str, list[str]] = defaultdict(list)
    if codes:
        for code, parent in conn.execute(sa.select(place_parents).where(place_parents.c.code.in_(codes))):
            parents[code].append(parent)
    return found, parents


def totals(conn: Connection, by: str, f: Filters) -> list[dict]:
    """Single (non-aggregate) commitments summed per group, kind and unit, with an EUR equivalent.

    Rows: ``{by: key, name, kind, unit, total, total_max, qualifier, eur, eur_max, count}``. Kinds
    are never summed together (jobs created and jobs cut are two rows). ``total`` sums the figures
    (a range's low bound), ``total_max`` the high bounds when a part is a range (else None); the
    ``qualifier`` follows ``sum_qualifier``. Each commitment counts in one group only (by region or
    department, one placed in several counts under "(several regions)", key None, so that the areas
    never add the same money twice); ``count`` includes
    those without a figure. Money is summed per currency and converted at the yearly average rate of
    the year it was announced. UsageError L015 for an unknown ``by``.
    """
    if by not in TOTAL_KEYS:
        raise UsageError("L015", choices=", ".join(TOTAL_KEYS))
    found, parents = _singles(conn, f)
    groups: dict[tuple, dict] = {}
    sums: dict[tuple, _Sum] = defaultdict(_Sum)
    for c in found:
        for key, label in _group_keys(c, by, parents):
            group = (key, label, c["kind"], c["unit"])
            groups.setdefault(group, {by: key, "name": label, "kind": c["kind"], "unit": c["unit"], "count": 0})
            groups[group]["count"] += 1
            sums[group].add(c)
    out = []
    for group, g in groups.items():
        total = sums[group].fields()
        out.append({by: g[by], "name": g["name"], "kind": g["kind"], "unit": g["unit"], "total": total["total"],
                    "total_max": total["total_max"], "qualifier": sums[group].qualifier, "eur": total["eur"],
                    "eur_max": total["eur_max"], "count": g["count"]})
    order = {k: i for i, k in enumerate(kinds())}
    return sorted(out, key=lambda g: (g[by] is None, str(g[by] or ""), order.get(g["kind"], len(order)),
                                      str(g["unit"] or "")))


def _headline(total: _Sum, money: bool) -> dict:
    """A sum as one figure: ``{value, value_max, qualifier, unit}`` (money in its EUR equivalent)."""
    fields = total.fields()
    value, value_max = (fields["eur"], fields["eur_max"]) if money else (fields["total"], fields["total_max"])
    return {"value": value or 0.0, "value_max": value_max, "unit": "EUR" if money else "jobs",
            "qualifier": total.qualifier or "exact"}


def summary(conn: Connection, f: Filters) -> dict:
    """The ledger's headline figures under ``f``: money pledged (single investments, in EUR), jobs
    created and cut, commitments and overdue ones, the period announced and the documents read;
    and where the money lies on the map: in one region, across several, or placed nowhere below
    France (``placed``: {one_region, several_regions, not_placed}), each commitment counted once
    as in ``totals``."""
    found, parents = _singles(conn, f)
    sums: dict[str, _Sum] = defaultdict(_Sum)
    for c in found:
        if c["kind"] == "investment" and eur_equivalent(c["value"], c["unit"], None) is not None:
            sums["money"].add(c)
            [(region, label)] = _group_keys(c, "region", parents)
            sums["one_region" if region else "several_regions" if label else "not_placed"].add(c)
        elif c["kind"] in ("jobs_created", "jobs_cut") and c["unit"] == "jobs":
            sums[c["kind"]].add(c)
    first, last = conn.execute(sa.select(sa.func.min(commitments.c.announced), sa.func.max(commitments.c.announced))
                               .where(*_commitment_where(conn, f))).one()
    return {
        "money": _headline(sums["money"], True),
        "jobs_created": _headline(sums["jobs_created"], False),
        "jobs_cut": _headline(sums["jobs_cut"], False),
        "commitments": count_commitments(conn, f),
        "overdue": count_commitments(conn, replace(f, overdue=True)),
        "period": {"first": first, "last": last},
        "documents": conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one(),
        "placed": {key: _headline(sums[key], True) for key in ("one_region", "several_regions", "not_placed")},
    }


def reconcile(conn: Connection, event: str, as_of: date | None = None) -> dict:
    """An event's announced totals (its aggregate commitments) against the sum of its single ones.

    Rows per kind and unit: ``announced`` (the largest announced figure), ``announced_max`` (its
    high bound when it is a range), ``announced_qualifier``; ``found`` (the sum of the single
    commitments' figures, low bounds), ``found_max`` (high bounds, when a part is a range),
    ``found_qualifier`` (``sum_qualifier``), ``found_eur``, ``found_eur_max``, ``count``.
    UsageError L020 (with the closest known events) when the ledger knows no such event.
    """
    f = Filters(event=event, as_of=as_of or date.today())
    found = list_commitments(conn, f)
    announced = [c for c in found if c["aggregate"]]
    singles = [c for c in found if not c["aggregate"]]
    rows: dict[tuple, dict] = {}
    sums: dict[tuple, _Sum] = defaultdict(_Sum)

    def row(c: dict) -> dict:
        return rows.setdefault((c["kind"], c["unit"]), {
            "kind": c["kind"], "unit": c["unit"], "announced": None, "announced_max": None,
            "announced_qualifier": None, "count": 0})

    for c in announced:
        r = row(c)
        if c["value"] is not None and (r["announced"] is None or c["value"] > r["announced"]):
            r["announced"], r["announced_qualifier"] = c["value"], c["qualifier"]
            r["announced_max"] = c["value_max"] if c["qualifier"] == "range" else None
    for c in singles:
        if c["part_of"] is None:  # a part is counted in its whole
            row(c)["count"] += 1
            sums[(c["kind"], c["unit"])].add(c)
    out = [{**r, **sums[key].fields("found", "found_eur"), "found_qualifier": sums[key].qualifier}
           for key, r in rows.items()]
    names = {c["event"] for c in found if c["event"]}
    return {"event": min(names, key=lambda n: (len(n), n)) if names else event,
            "rows": sorted(out, key=lambda r: (r["kind"], str(r["unit"] or ""))),
            "announced": announced, "commitments": singles}
