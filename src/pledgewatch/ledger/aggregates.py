"""Sums of commitments, aggregated in the database: per group, kind and unit, ranges and qualifiers kept.

The database selects, groups and sums; Python merges the few partial sums of each group (one
per qualifier, and per year of announcement for currencies other than the euro) and converts
money to euros. A caller chooses the commitments with a list of WHERE clauses on
``commitments``, so that one more clause (single commitments only, parts left out) changes
what is counted without touching the sums.
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

    def add_part(self, low: float | None, high: float | None, qualifier: str, unit: str | None,
                 year: int | None) -> None:
        """Add figures (one, or a partial sum) of one qualifier: a range's are its low and high bounds."""
        if low is None:
            return
        self.ranged |= qualifier == "range"
        self.qualifiers.append(qualifier)
        self.low = (self.low or 0.0) + low
        self.high = (self.high or 0.0) + high
        eur = eur_equivalent(low, unit, year)
        if eur is not None:
            self.eur = (self.eur or 0.0) + eur
            self.eur_high = (self.eur_high or 0.0) + eur_equivalent(high, unit, year)

    def add(self, c: dict) -> None:
        """Add commitment ``c``'s figure (its range's bounds when it is a range)."""
        is_range = c["qualifier"] == "range" and c["value_max"] is not None
        qualifier = c["qualifier"] if is_range or c["qualifier"] != "range" else "exact"
        year = int(c["announced"][:4]) if c["announced"] else None
        self.add_part(c["value"], c["value_max"] if is_range else c["value"], qualifier, c["unit"], year)

    def merge(self, other: Sum) -> None:
        """Add the parts of ``other``."""
        if other.low is None:
            return
        self.ranged |= other.ranged
        self.qualifiers.extend(other.qualifiers)
        self.low = (self.low or 0.0) + other.low
        self.high = (self.high or 0.0) + other.high
        if other.eur is not None:
            self.eur = (self.eur or 0.0) + other.eur
            self.eur_high = (self.eur_high or 0.0) + other.eur_high

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


def _grouped(by: str) -> tuple[sa.ColumnElement, sa.ColumnElement]:
    """(key, label) of grouping commitments by ``by``. By area (a column the database keeps: the one
    area a commitment's places lie in, SEVERAL, or NULL), the label is 0 (placed in none), 1 (in
    one: the key; names come later) or 2 (in several: key NULL)."""
    c = commitments.c
    if by in AREAS:
        area = c[by]
        return sa.case((area == SEVERAL, None), else_=area), sa.case((area == SEVERAL, 2), (area.is_(None), 0), else_=1)
    if by == "actor":
        return sa.func.coalesce(sa.func.nullif(c.actor_id, ""), c.actor), c.actor
    if by == "year":
        year = sa.func.substr(c.announced, 1, 4)
        return year, year
    return c[by], c[by]


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
    in the group (None, None). ``count`` includes commitments without a figure.
    """
    c = commitments.c
    key, label = _grouped(by)
    is_range = sa.and_(c.qualifier == "range", c.value_max.is_not(None))
    qualifier = sa.case((c.value.is_(None), None), (c.qualifier == "range", sa.case((is_range, "range"), else_="exact")),
                        else_=c.qualifier)
    converted = [unit for unit in money_units() if unit != "EUR"]
    year = sa.case((c.unit.in_(converted), sa.func.substr(c.announced, 1, 4)))
    grouping = (key.label("g_key"), label.label("g_label"), c.kind, c.unit, qualifier.label("g_qualifier"),
                year.label("g_year"))
    rows = conn.execute(sa.select(*grouping, sa.func.count().label("n"), sa.func.sum(c.value).label("low"),
                                  sa.func.sum(sa.case((is_range, c.value_max), else_=c.value)).label("high"))
                        .where(*where).group_by(*grouping)).all()
    names = _area_names(conn, {r.g_key for r in rows if r.g_key is not None}) if by in AREAS else {}
    groups: dict[tuple, Group] = {}
    for r in rows:
        name = {0: None, 1: names.get(r.g_key), 2: f"(several {by}s)"}[r.g_label] if by in AREAS else r.g_label
        group = groups.setdefault((r.g_key, name, r.kind, r.unit), Group(r.g_key, name, r.kind, r.unit))
        group.count += r.n
        group.sum.add_part(r.low, r.high, r.g_qualifier, r.unit, int(r.g_year) if r.g_year else None)
    return list(groups.values())
