"""Queries over the ledger: facts, commitments, totals, deadlines, reconciling an event.

Every function takes a Connection and returns plain dicts and lists (JSON-ready), ordered
the same way on SQLite and PostgreSQL. Places filter hierarchically: a region includes its
departments, EPCI and communes; a country includes everything in it.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch.extract import gazetteer
from pledgewatch.ledger.consolidation import OPEN_STATUSES, is_overdue
from pledgewatch.ledger.ingest import event_key
from pledgewatch.read.reader import PARTIAL_DATE
from pledgewatch.ledger.store import (
    LedgerError,
    commitment_places,
    commitment_status,
    commitments,
    companies,
    document_sources,
    documents,
    fact_places,
    facts,
    place_parents,
    places,
)

# LIMITS -------------------------------------------------------------------------------------
MAX_LIMIT: int = 1000
"""Most rows one page of ``facts``, ``commitments`` or ``deadlines`` returns."""
# --------------------------------------------------------------------------------------------

TOTAL_KEYS = ("region", "department", "actor", "event", "kind", "year")
_END = "~"  # sorts after every digit and '-': "2027-05-13" <= "2027-05" + _END


def check_date(value: str | None) -> str | None:
    """``value`` if it is a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD), else LedgerError L016."""
    if value is None or PARTIAL_DATE.match(value):
        return value
    raise LedgerError("L016", value=value)


@dataclass(frozen=True)
class Filters:
    """What to select. Dates are partial ISO dates; ``since``/``until`` bound publication."""

    actor: str | None = None
    kind: str | None = None
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
    """The codes a place filter names: a code as given, else every place of that (folded) name."""
    if ":" in place:
        return {place}
    wanted = gazetteer.fold(place)
    codes = {e.code for e in gazetteer.search(place)}
    codes |= {code for code, name in conn.execute(sa.select(places.c.code, places.c.name))
              if gazetteer.fold(name) == wanted}
    return codes or {f"unknown:{place}"}


def _within(code_column: sa.ColumnElement, codes: set[str]) -> sa.ColumnElement[bool]:
    """``code_column`` is one of ``codes`` or lies inside one of them."""
    inside = sa.select(place_parents.c.code).where(place_parents.c.parent.in_(codes))
    return sa.or_(code_column.in_(codes), code_column.in_(inside))


def actor_keys(conn: Connection, actor: str) -> set[str]:
    """Keys of the actors named ``actor`` (any name they were reported under, or company id)."""
    wanted = gazetteer.fold(actor)
    keys = {key for key, name, company_id in conn.execute(sa.select(companies))
            if wanted in (gazetteer.fold(name), gazetteer.fold(company_id or ""))}
    keys |= {key for name, key in conn.execute(sa.select(facts.c.actor, facts.c.actor_key).distinct())
             if key and name and gazetteer.fold(name) == wanted}
    return keys or {f"unknown:{actor}"}


def _fact_where(conn: Connection, f: Filters) -> list[sa.ColumnElement[bool]]:
    where = []
    if f.actor:
        where.append(facts.c.actor_key.in_(actor_keys(conn, f.actor)))
    if f.kind:
        where.append(facts.c.kind == f.kind)
    if f.event:
        where.append(facts.c.event_key == event_key(f.event))
    if f.status:
        where.append(facts.c.status == f.status)
    if f.place:
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


def _facts(conn: Connection, where: list, limit: int | None = None, offset: int = 0) -> list[dict]:
    query = (sa.select(facts, documents.c.published).join(documents, documents.c.id == facts.c.document_id)
             .where(*where).order_by(documents.c.published.nulls_last(), facts.c.document_id, facts.c.ordinal))
    if limit is not None:
        query = query.limit(min(limit, MAX_LIMIT)).offset(offset)
    rows = conn.execute(query).mappings().all()
    codes: dict[str, list[str]] = defaultdict(list)
    if rows:
        for fact_id, code in conn.execute(
                sa.select(fact_places.c.fact_id, fact_places.c.code)
                .where(fact_places.c.fact_id.in_([r["id"] for r in rows])).order_by(fact_places.c.position)):
            codes[fact_id].append(code)
    names = _names(conn, {c for cs in codes.values() for c in cs})
    return [_fact_dict(r, codes[r["id"]], names) for r in rows]


def list_facts(conn: Connection, f: Filters, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Facts (the extraction schema's fields plus ``document_id``, ``id``, ``commitment_id``)."""
    return _facts(conn, _fact_where(conn, f), limit, offset)


def _overdue_clause(as_of: date) -> sa.ColumnElement[bool]:
    """Open commitments whose deadline's period ends before ``as_of`` (prefix comparison)."""
    return sa.and_(commitments.c.status.in_(OPEN_STATUSES), commitments.c.deadline.is_not(None),
                   commitments.c.deadline < sa.func.substr(as_of.isoformat(), 1, sa.func.length(commitments.c.deadline)))


def _commitment_where(conn: Connection, f: Filters) -> list[sa.ColumnElement[bool]]:
    where = []
    if f.actor:
        where.append(commitments.c.id.in_(sa.select(facts.c.commitment_id).where(
            facts.c.actor_key.in_(actor_keys(conn, f.actor)))))
    if f.kind:
        where.append(commitments.c.kind == f.kind)
    if f.event:
        where.append(commitments.c.event_key == event_key(f.event))
    if f.status:
        where.append(commitments.c.status == f.status)
    if f.overdue:
        where.append(_overdue_clause(f.as_of))
    if f.place:
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
    moves: dict[str, list[dict]] = defaultdict(list)
    for move in conn.execute(sa.select(commitment_status).where(commitment_status.c.commitment_id.in_(ids))
                             .order_by(commitment_status.c.commitment_id, commitment_status.c.seq)).mappings():
        moves[move["commitment_id"]].append({k: move[k] for k in ("status", "deadline", "date", "document_id")})
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
            "announced": r["announced"], "updated": r["updated"],
            "figures": list(figures.values()),
            "history": moves[r["id"]],
            "evidence": [{"document_id": e["document_id"], "fact_id": e["id"], "text": e["evidence"]["text"],
                          "start": e["evidence"]["start"], "end": e["evidence"]["end"],
                          "published": e["published"], "status": e["status"], "value": e["value"],
                          "unit": e["unit"]} for e in evidence[r["id"]]],
        })
    return out


def list_commitments(conn: Connection, f: Filters, limit: int | None = None, offset: int = 0,
                     order: str = "announced") -> list[dict]:
    """Commitments with their places, figures, status history and evidence."""
    column = commitments.c.deadline if order == "deadline" else commitments.c.announced
    query = (sa.select(commitments).where(*_commitment_where(conn, f))
             .order_by(column.nulls_last(), commitments.c.id))
    if limit is not None:
        query = query.limit(min(limit, MAX_LIMIT)).offset(offset)
    return _commitment_dicts(conn, conn.execute(query).mappings().all(), f.as_of)


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
    """Commitments with a deadline in [after, before] (partial dates, inclusive), soonest first."""
    where = [commitments.c.deadline.is_not(None), *_period(commitments.c.deadline, after, before)]
    query = (sa.select(commitments).where(*where, *_commitment_where(conn, f))
             .order_by(commitments.c.deadline, commitments.c.id))
    if limit is not None:
        query = query.limit(min(limit, MAX_LIMIT)).offset(offset)
    return _commitment_dicts(conn, conn.execute(query).mappings().all(), f.as_of)


def _group_keys(c: dict, by: str, parents: dict[str, list[str]]) -> list[tuple[str | None, str | None]]:
    """The (key, label) groups a commitment counts in (a commitment in two regions counts in both)."""
    if by in ("region", "department"):
        level = "region" if by == "region" else "departement"
        keys = {}
        for p in c["places"]:
            for code in [p["code"], *parents.get(p["code"], [])]:
                if code.startswith(level + ":"):
                    entry = gazetteer.lookup(code)
                    keys[code] = entry.name if entry else (p["name"] if code == p["code"] else code)
        return sorted(keys.items()) or [(None, None)]
    if by == "actor":
        return [(c["actor_id"] or c["actor"], c["actor"])]
    if by == "event":
        return [(c["event"], c["event"])]
    if by == "kind":
        return [(c["kind"], c["kind"])]
    year = c["announced"][:4] if c["announced"] else None
    return [(year, year)]


def totals(conn: Connection, by: str, f: Filters) -> list[dict]:
    """Single (non-aggregate) commitments summed per group and unit, with an EUR equivalent.

    Each commitment counts once per group (its ``value``; the lower bound of a range); money is
    summed per currency, and converted at the yearly average rate of the year it was announced.
    """
    if by not in TOTAL_KEYS:
        raise LedgerError("L015", choices=", ".join(TOTAL_KEYS))
    rows = conn.execute(sa.select(commitments).where(commitments.c.aggregate.is_(False),
                                                     *_commitment_where(conn, f))).mappings().all()
    found = _commitment_dicts(conn, rows, f.as_of)
    codes = {p["code"] for c in found for p in c["places"]}
    parents: dict[str, list[str]] = defaultdict(list)
    if codes:
        for code, parent in conn.execute(sa.select(place_parents).where(place_parents.c.code.in_(codes))):
            parents[code].append(parent)
    groups: dict[tuple, dict] = {}
    for c in found:
        for key, label in _group_keys(c, by, parents):
            g = groups.setdefault((key, c["unit"]), {
                by: key, "name": label, "unit": c["unit"], "total": None, "count": 0, "eur": None})
            g["count"] += 1
            if c["value"] is not None:
                g["total"] = (g["total"] or 0.0) + c["value"]
                eur = eur_equivalent(c["value"], c["unit"], int(c["announced"][:4]) if c["announced"] else None)
                if eur is not None:
                    g["eur"] = (g["eur"] or 0.0) + eur
    return sorted(groups.values(), key=lambda g: (g[by] is None, str(g[by] or ""), str(g["unit"] or "")))


def reconcile(conn: Connection, event: str, as_of: date | None = None) -> dict:
    """An event's announced totals (its aggregate commitments) against the sum of its single ones."""
    f = Filters(event=event, as_of=as_of or date.today())
    found = list_commitments(conn, f)
    announced = [c for c in found if c["aggregate"]]
    singles = [c for c in found if not c["aggregate"]]
    rows: dict[tuple, dict] = {}
    for c in announced:
        row = rows.setdefault((c["kind"], c["unit"]), {"kind": c["kind"], "unit": c["unit"], "announced": None,
                                                       "found": None, "count": 0, "found_eur": None})
        if c["value"] is not None:
            row["announced"] = max(row["announced"] or 0.0, c["value"])
    for c in singles:
        row = rows.setdefault((c["kind"], c["unit"]), {"kind": c["kind"], "unit": c["unit"], "announced": None,
                                                       "found": None, "count": 0, "found_eur": None})
        row["count"] += 1
        if c["value"] is not None:
            row["found"] = (row["found"] or 0.0) + c["value"]
            eur = eur_equivalent(c["value"], c["unit"], int(c["announced"][:4]) if c["announced"] else None)
            if eur is not None:
                row["found_eur"] = (row["found_eur"] or 0.0) + eur
    names = {c["event"] for c in found if c["event"]}
    return {"event": min(names, key=lambda n: (len(n), n)) if names else event,
            "rows": sorted(rows.values(), key=lambda r: (r["kind"], str(r["unit"] or ""))),
            "announced": announced, "commitments": singles}
