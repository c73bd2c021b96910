"""Sums of commitments, aggregated in the database: per group, kind and unit, ranges and qualifiers kept.

The database selects, groups and sums (per group, kind, unit and qualifier; currencies other than
the euro also per year of announcement); Python merges the few rows of each group and converts
money to euros at the rate of the year it was announced. A caller chooses the commitments with a list of WHERE clauses on ``commitments``, so that one
more clause (single commitments only, parts left out) changes what is counted, not how.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch.extract import gazetteer
from pledgewatch.ledger.store import commitments, places

GROUPS = ("region", "department", "actor", "event", "kind", "year")
AREAS = ("region", "department")
"""Groups by area: columns of ``commitments`` that the database keeps (migration 0003's triggers)."""
SEVERAL = "*"
"""An area column's value when a commitment's places lie in several areas."""


@lru_cache(maxsize=1)
def exchange_rates() -> dict[str, dict[int, float]]:
    """Units of each currency per euro, by year (data/exchange_rates.csv, ECB yearly averages)."""
    rates: dict[str, dict[int, float]] = defaultdict(dict)
    with (resources.files("pledgewatch") / "data" / "exchange_rates.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rates[row["currency"]][int(row["year"])] = float(row["per_eur"])
    return dict(rates)


def money_units() -> tuple[str, ...]:
    """The units ``eur_equivalent`` converts: the euro and every currency with a rate."""
    return ("EUR", *sorted(unit for unit, by_year in exchange_rates().items() if by_year))


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
class Sum:
    """A running sum of figures of one unit: low and high bounds, qualifiers, EUR equivalents."""

    low: float | None = None
    high: float | None = None
    eur: float | None = None
    eur_high: float | None = None
    ranged: bool = False
    qualifiers: list[str] = field(default_factory=list)

    def add_part(self, low: float | None, high: float | None, qualifiers: list[str], eur: float | None,
                 eur_high: float | None) -> None:
        """Add a partial sum of figures: low and high bounds (a range's two, else its figure twice),
        the qualifiers of its figures and their EUR equivalents (None when not money)."""
        if low is None:
            return
        self.ranged |= "range" in qualifiers
        self.qualifiers.extend(qualifiers)
        self.low = (self.low or 0.0) + low
        self.high = (self.high or 0.0) + high
        if eur is not None:
            self.eur = (self.eur or 0.0) + eur
            self.eur_high = (self.eur_high or 0.0) + eur_high

    def merge(self, other: Sum) -> None:
        """Add the parts of ``other``."""
        self.add_part(other.low, other.high, other.qualifiers, other.eur, other.eur_high)

    def fields(self, prefix: str = "total", eur: str = "eur") -> dict:
        """``{prefix, prefix_max, eur, eur_max}``: the maxima only when a part is a range, else None."""
        return {prefix: self.low, f"{prefix}_max": self.high if self.ranged else None,
                eur: self.eur, f"{eur}_max": self.eur_high if self.ranged and self.eur is not None else None}

    @property
    def qualifier(self) -> str | None:
        """``sum_qualifier`` of the parts; None when no part has a figure."""
        return sum_qualifier(self.qualifiers) if self.qualifiers else None


@dataclass
class Group:
    """The commitments of one group, kind and unit: how many, and the sum of their figures."""

    key: str | None
    name: str | None
    kind: str
    unit: str | None
    count: int = 0
    sum: Sum = field(default_factory=Sum)


def _group_columns(by: str) -> tuple[sa.ColumnElement, ...]:
    """The columns a ``by`` group is read from, besides kind, unit and qualifier. By region or
    department they are those of the covering index (region, then department), so that SQLite
    groups in index order without sorting (the groups of departments are merged afterwards)."""
    c = commitments.c
    if by in AREAS:
        return (c.region, c.department)[:AREAS.index(by) + 1]
    if by == "actor":
        return c.actor_id, c.actor
    if by == "year":
        return (sa.func.substr(c.announced, 1, 4),)
    return () if by == "kind" else (c[by],)


def _group_of(by: str, row: sa.Row, names: dict[str, str]) -> tuple[str | None, str | None]:
    """(key, name) of the group of a row of ``group_sums``' query."""
    if by in AREAS:
        area = row[AREAS.index(by)]
        if area == SEVERAL:
            return None, f"(several {by}s)"
        return area, names.get(area) if area else None
    if by == "actor":
        return row.actor_id or row.actor, row.actor
    if by == "kind":
        return row.kind, row.kind
    return row[0], row[0]


def _area_names(conn: Connection, codes: set[str]) -> dict[str, str]:
    """Names of area codes: the gazetteer's, else the ledger's name of that place, else the code."""
    names = {code: entry.name for code in codes if (entry := gazetteer.lookup(code))}
    missing = codes - names.keys()
    if missing:
        names |= dict(conn.execute(sa.select(places.c.code, places.c.name).where(places.c.code.in_(missing))).all())
    return {code: names.get(code, code) for code in codes}


def group_sums(conn: Connection, by: str, where: list[sa.ColumnElement[bool]]) -> list[Group]:
    """The commitments ``where`` chooses, summed per ``by`` group (one of GROUPS), kind and unit.

    Each commitment counts in one group only: by region or department, one placed in several
    areas counts in a group of its own (key None, name "(several regions)"), one placed in none
    in the group (None, None). ``count`` includes commitments without a figure. The database
    sums per group, kind, unit and qualifier (currencies other than the euro also per year of
    announcement, converted here at that year's rate).
    """
    c = commitments.c
    figured = c.value.is_not(None)
    high = sa.case((figured, sa.case((c.qualifier == "range", sa.func.coalesce(c.value_max, c.value)), else_=c.value)))
    sums = (sa.func.count().label("n"), sa.func.count(c.value).label("figures"),
            sa.func.count(sa.case((figured & c.value_max.is_not(None), 1))).label("ranged"),
            sa.func.sum(c.value).label("low"), sa.func.sum(high).label("high"))
    grouping = (*_group_columns(by), c.kind, c.unit, c.qualifier)
    converted = [unit for unit in money_units() if unit != "EUR"]  # summed per year, for its rate
    year = sa.func.substr(c.announced, 1, 4).label("year")
    rows = conn.execute(sa.select(*grouping, sa.null().label("year"), *sums)
                        .where(*where, sa.or_(c.unit.is_(None), c.unit.not_in(converted)))
                        .group_by(*grouping)).all()
    rows += conn.execute(sa.select(*grouping, year, *sums).where(*where, c.unit.in_(converted))
                         .group_by(*grouping, year)).all()
    codes = {r[AREAS.index(by)] for r in rows} - {None, SEVERAL} if by in AREAS else set()
    names = _area_names(conn, codes)
    groups: dict[tuple, Group] = {}
    for r in rows:
        key, name = _group_of(by, r, names)
        group = groups.setdefault((key, name, r.kind, r.unit), Group(key, name, r.kind, r.unit))
        group.count += r.n
        ranged = r.ranged if r.qualifier == "range" else 0  # a "range" without its high bound is exact
        qualifiers = ["range"] * bool(ranged) + [r.qualifier if r.qualifier != "range" else "exact"] * bool(
            r.figures - ranged)
        at = int(r.year) if r.year else None
        group.sum.add_part(r.low, r.high, qualifiers, eur_equivalent(r.low, r.unit, at),
                           eur_equivalent(r.high, r.unit, at))
    return list(groups.values())
