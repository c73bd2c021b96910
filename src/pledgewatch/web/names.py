"""Name suggestions for the dashboard's filters: the actors, events and places the ledger knows
whose name holds what was typed, case and accents aside ("micro" finds Microsoft, "ile de
france" Île-de-France, "Choose France" Choose France 2024), then the closest names."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch.extract import gazetteer
from pledgewatch.ledger.keys import name_fold
from pledgewatch.ledger.filters import closest
from pledgewatch.ledger.store import (
    commitment_places,
    companies,
    events,
    place_parents,
    places,
)

FIELDS = ("actor", "event", "place")

MAX_NAMES: int = 10
"""Most suggestions one request returns."""


def _known(conn: Connection, field: str) -> dict[str, str]:
    """The names of ``field`` the ledger knows, each with the value its filter takes (places: those of
    its commitments and the areas containing them, by code)."""
    if field == "actor":
        return {name: name for name in conn.execute(sa.select(companies.c.name)).scalars()}
    if field == "event":
        return {name: name for name in conn.execute(sa.select(events.c.name)).scalars()}
    used = sa.select(commitment_places.c.code).distinct()
    above = conn.execute(sa.select(place_parents.c.parent).distinct().where(place_parents.c.code.in_(used))).scalars()
    known = {entry.name: entry.code for entry in map(gazetteer.lookup, above) if entry}  # the areas around them
    known.update(conn.execute(sa.select(places.c.name, places.c.code).where(places.c.code.in_(used))).all())
    return known


def suggest(conn: Connection, field: str, typed: str, limit: int = MAX_NAMES) -> tuple[list[dict], bool]:
    """Names of ``field`` for what was ``typed``: ``[{name, value}]`` (``value`` is what the filter
    takes: the name, or a place's code), best first, and whether the first one *matches* (its
    folded name holds the folded text) rather than only resembling it."""
    wanted = name_fold(typed)
    if not wanted:
        return [], False
    known = _known(conn, field)
    holding = [n for n in known if wanted in name_fold(n)]
    chosen = closest(typed, holding, limit) if holding else closest(typed, known, min(limit, 3))
    return [{"name": n, "value": known[n]} for n in chosen], bool(holding)
