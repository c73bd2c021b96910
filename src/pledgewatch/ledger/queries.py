"""Queries over the ledger: facts, commitments, totals, deadlines, reconciling an event.

Every function takes a Connection and ``Filters`` (filters.py: what to select, checked) and
returns plain dicts and lists (JSON-ready), ordered the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch import settings
from pledgewatch.errors import UsageError
from pledgewatch.ledger.aggregates import GROUPS, Sum, group_sums, money_units
from pledgewatch.ledger.consolidation import CLOSING_KINDS, history_rows, is_overdue
from pledgewatch.ledger.filters import (
    Filters,
    check_choice,
    check_date,
    commitment_where,
    fact_where,
    kinds,
    overdue_clause,
    period,
)
from pledgewatch.ledger.store import (
    LedgerError,
    commitment_places,
    commitments,
    document_sources,
    documents,
    fact_places,
    facts,
    places,
)

# LIMITS -------------------------------------------------------------------------------------
MAX_LIMIT: int = 1000
"""Most rows one page of ``facts``, ``commitments`` or ``deadlines`` returns."""

BACKWARD_FROM: int = 10_000
"""A page this far in or farther, past the middle of its list, is read from the list's end."""
# --------------------------------------------------------------------------------------------

TOTAL_KEYS = GROUPS
def check_page(limit: int | None, offset: int) -> None:
    """UsageError L022 unless ``limit`` is None or 1..MAX_LIMIT and ``offset`` is 0..settings.MAX_OFFSET."""
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise UsageError("L022", name="limit", value=limit, low=1, high=MAX_LIMIT)
    if not 0 <= offset <= settings.MAX_OFFSET:
        raise UsageError("L022", name="offset", value=offset, low=0, high=settings.MAX_OFFSET)


def _rows(conn: Connection, query: sa.Select, backward: tuple, limit: int | None, offset: int,
          count: sa.Select | None = None) -> list:
    """One page of the ordered ``query`` (RowMappings). An OFFSET steps over every row before it, so
    a page BACKWARD_FROM rows in or farther and past the middle is read from the end: ``query``
    in the ``backward`` order (its exact reverse), the rows then turned round. ``count``: a
    cheaper query of how many rows ``query`` has, if there is one."""
    check_page(limit, offset)
    if limit is not None and offset >= BACKWARD_FROM:
        total = conn.execute(count).scalar_one() if count is not None else _count(conn, query)
        if offset > total // 2:
            size = min(limit, total - offset)
            if size <= 0:
                return []
            page = query.order_by(None).order_by(*backward).limit(size).offset(total - offset - size)
            return conn.execute(page).mappings().all()[::-1]
    return conn.execute(query.limit(limit).offset(offset or None)).mappings().all()


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


_FACT_ORDER = (documents.c.published.nulls_last(), documents.c.id, facts.c.ordinal)
"""Facts in order of publication (unknown last), then document and rank: a total order."""
_FACT_BACKWARD = (documents.c.published.desc().nulls_first(), documents.c.id.desc(), facts.c.ordinal.desc())


def _fact_query(where: list) -> sa.Select:
    return (sa.select(facts, documents.c.published).join(documents, documents.c.id == facts.c.document_id)
            .where(*where).order_by(*_FACT_ORDER))


def _facts(conn: Connection, where: list, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Facts as dicts, in _FACT_ORDER; a page (``limit`` rows after ``offset``) is chosen first from
    the indexes alone (date, document, rank and id: no fact is read whole before its page is known)."""
    if limit is not None or offset:
        keys = (sa.select(facts.c.id).join(documents, documents.c.id == facts.c.document_id)
                .where(*where).order_by(*_FACT_ORDER))
        ids = [r["id"] for r in _rows(conn, keys, _FACT_BACKWARD, limit, offset, _fact_count(where))]
        if not ids:
            return []
        where = [facts.c.id.in_(ids)]
    rows = conn.execute(_fact_query(where)).mappings().all()
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
    return _facts(conn, fact_where(conn, f), limit, offset)


def count_facts(conn: Connection, f: Filters) -> int:
    """How many facts ``list_facts`` finds for ``f``, all pages together."""
    return conn.execute(_fact_count(fact_where(conn, f))).scalar_one()


def _fact_count(where: list) -> sa.Select:
    """How many facts ``where`` selects: one table (the period filter is a semi-join)."""
    return sa.select(sa.func.count()).select_from(facts).where(*where)


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


def _order(order: str, backward: bool = False) -> tuple[sa.ColumnElement, ...]:
    """A total order: the date (unknown last), then id, each backed by an index (migration 0003);
    ``backward``: its exact reverse."""
    c = commitments.c
    if check_choice("order", order, ORDERS) == "updated":
        return (c.updated.nulls_first(), c.id) if backward else (c.updated.desc().nulls_last(), c.id.desc())
    return (c[order].desc().nulls_first(), c.id.desc()) if backward else (c[order].nulls_last(), c.id)


def _commitment_query(conn: Connection, f: Filters, order: str = "announced") -> sa.Select:
    return sa.select(commitments).where(*commitment_where(conn, f)).order_by(*_order(order))


def list_commitments(conn: Connection, f: Filters, limit: int | None = None, offset: int = 0,
                     order: str = "announced") -> list[dict]:
    """Commitments with their places, figures, status history and evidence.

    One page as in ``list_facts``, in ``order`` (one of ORDERS; the date unknown last, then id).
    """
    rows = _rows(conn, _commitment_query(conn, f, order), _order(order, backward=True), limit, offset)
    return _commitment_dicts(conn, rows, f.as_of)


def count_commitments(conn: Connection, f: Filters) -> int:
    """How many commitments ``list_commitments`` finds for ``f``, all pages together."""
    return _count(conn, _commitment_query(conn, f))


def get_commitment(conn: Connection, commitment_id: str, as_of: date | None = None) -> dict:
    """One commitment by id; LedgerError L013 if there is none."""
    rows = conn.execute(sa.select(commitments).where(commitments.c.id == commitment_id)).mappings().all()
    if not rows:
        raise LedgerError("L013", id=commitment_id)
    return _commitment_dicts(conn, rows, as_of or date.today())[0]


def parts_of(conn: Connection, commitment_id: str, as_of: date | None = None) -> list[dict]:
    """The commitments that are shares of ``commitment_id`` ("dont 300 à Lyon"), by id, read
    together (one query each for their places, evidence and history, not one per part)."""
    rows = conn.execute(sa.select(commitments).where(commitments.c.part_of == commitment_id)
                        .order_by(commitments.c.id)).mappings().all()
    return _commitment_dicts(conn, rows, as_of or date.today())


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
    backward = (commitments.c.deadline.desc(), commitments.c.id.desc())
    rows = _rows(conn, _deadline_query(conn, f, before, after), backward, limit, offset)
    return _commitment_dicts(conn, rows, f.as_of)


def _deadline_query(conn: Connection, f: Filters, before: str | None, after: str | None) -> sa.Select:
    where = [commitments.c.deadline.is_not(None),
             *period(commitments.c.deadline, check_date(after), check_date(before))]
    return (sa.select(commitments).where(*where, *commitment_where(conn, f))
            .order_by(commitments.c.deadline, commitments.c.id))


def count_deadlines(conn: Connection, f: Filters, before: str | None = None, after: str | None = None) -> int:
    """How many commitments ``deadlines`` finds, all pages together."""
    return _count(conn, _deadline_query(conn, f, before, after))


def _counted(conn: Connection, f: Filters) -> list[sa.ColumnElement[bool]]:
    """The commitments that totals add up under ``f``: the single ones (an aggregate announced
    total, such as an event's, is the sum of others), parts left out."""
    return [commitments.c.aggregate.is_(False), commitments.c.part_of.is_(None),  # a part is in its whole (ledger/parts.py)
            *commitment_where(conn, f)]


def totals(conn: Connection, by: str, f: Filters) -> list[dict]:
    """Single (non-aggregate) commitments summed per group, kind and unit, with an EUR equivalent.

    Rows: ``{by: key, name, kind, unit, total, total_max, qualifier, eur, eur_max, count}``. Kinds
    are never summed together (jobs created and jobs cut are two rows). ``total`` sums the figures
    (a range's low bound), ``total_max`` the high bounds when a part is a range (else None); the
    ``qualifier`` follows ``sum_qualifier``. Each commitment counts in one group only (by region or
    department, one placed in several counts under "(several regions)", key None, so that the areas
    never add the same money twice); ``count`` includes
    those without a figure. Money is summed per currency and converted at the yearly average rate of
    the year it was announced. The database does the grouping and summing (``aggregates``). Rows
    are ordered by group (None last), kind as in the schema, unit, then name. UsageError L015 for
    an unknown ``by``.
    """
    if by not in TOTAL_KEYS:
        raise UsageError("L015", choices=", ".join(TOTAL_KEYS))
    out = [{by: g.key, "name": g.name, "kind": g.kind, "unit": g.unit, **g.sum.fields(),
            "qualifier": g.sum.qualifier, "count": g.count} for g in group_sums(conn, by, _counted(conn, f))]
    order = {k: i for i, k in enumerate(kinds())}
    return [{k: row[k] for k in (by, "name", "kind", "unit", "total", "total_max", "qualifier", "eur", "eur_max",
                                 "count")}
            for row in sorted(out, key=lambda g: (g[by] is None, str(g[by] or ""), order.get(g["kind"], len(order)),
                                                  str(g["unit"] or ""), g["name"] is None, str(g["name"] or "")))]


def _headline(total: Sum, money: bool) -> dict:
    """A sum as one figure: ``{value, value_max, qualifier, unit}`` (money in its EUR equivalent)."""
    fields = total.fields()
    value, value_max = (fields["eur"], fields["eur_max"]) if money else (fields["total"], fields["total_max"])
    return {"value": value or 0.0, "value_max": value_max, "unit": "EUR" if money else "jobs",
            "qualifier": total.qualifier or "exact"}


def summary(conn: Connection, f: Filters) -> dict:
    """The ledger's headline figures under ``f``: money pledged (single investments, in EUR), jobs
    created and cut, commitments, the overdue ones apart from the closures and job cuts past their
    deadline with no later news (``without_news``: likely carried out unreported, so not counted as
    late), the period announced and the documents read;
    and where the money lies on the map: in one region, across several, or placed nowhere below
    France (``placed``: {one_region, several_regions, not_placed}), each commitment counted once
    as in ``totals``."""
    where = _counted(conn, f)
    sums: dict[str, Sum] = defaultdict(Sum)
    for g in group_sums(conn, "region", [*where, commitments.c.kind.in_(("investment", "jobs_created", "jobs_cut"))]):
        if g.kind == "investment" and g.unit in money_units():
            sums["money"].merge(g.sum)
            sums["one_region" if g.key else "several_regions" if g.name else "not_placed"].merge(g.sum)
        elif g.kind != "investment" and g.unit == "jobs":
            sums[g.kind].merge(g.sum)
    chosen = commitment_where(conn, f)
    dates = sa.select(commitments.c.announced).where(*chosen)  # min and max apart: each one index step
    first, last = conn.execute(sa.select(dates.with_only_columns(sa.func.min(commitments.c.announced)).scalar_subquery(),
                                         dates.with_only_columns(sa.func.max(commitments.c.announced)).scalar_subquery())
                               ).one()
    count = sa.select(sa.func.count()).select_from(commitments)
    late = count.where(*chosen, overdue_clause(f.as_of))
    stale = conn.execute(late.where(commitments.c.kind.in_(CLOSING_KINDS))).scalar_one()
    return {
        "money": _headline(sums["money"], True),
        "jobs_created": _headline(sums["jobs_created"], False),
        "jobs_cut": _headline(sums["jobs_cut"], False),
        "commitments": conn.execute(count.where(*chosen)).scalar_one(),
        "overdue": conn.execute(late).scalar_one() - stale,
        "without_news": stale,
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

    def row(kind: str, unit: str | None) -> dict:
        return rows.setdefault((kind, unit), {
            "kind": kind, "unit": unit, "announced": None, "announced_max": None, "announced_qualifier": None,
            "count": 0, **Sum().fields("found", "found_eur"), "found_qualifier": None})

    for c in announced:
        r = row(c["kind"], c["unit"])
        if c["value"] is not None and (r["announced"] is None or c["value"] > r["announced"]):
            r["announced"], r["announced_qualifier"] = c["value"], c["qualifier"]
            r["announced_max"] = c["value_max"] if c["qualifier"] == "range" else None
    for g in group_sums(conn, "kind", _counted(conn, f)):
        row(g.kind, g.unit).update(count=g.count, **g.sum.fields("found", "found_eur"), found_qualifier=g.sum.qualifier)
    out = list(rows.values())
    names = {c["event"] for c in found if c["event"]}
    return {"event": min(names, key=lambda n: (len(n), n)) if names else event,
            "rows": sorted(out, key=lambda r: (r["kind"], str(r["unit"] or ""))),
            "announced": announced, "commitments": singles}
