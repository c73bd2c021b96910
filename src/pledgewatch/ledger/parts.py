"""Parts of a commitment: a figure given for one site of a larger pledge ("4 Md€ in France, of
which at least 2 Md€ at Petit-Landau") is a commitment of its own, linked to its whole by
``commitments.part_of``, so that sums count the money once (totals leave parts out).

A commitment is a *part* of another, its *whole*, when both are single pledges of one actor,
of one kind and unit, reported in one same document or at one same occasion (event); the part's
figure is smaller than the whole's; and the whole's places contain every most specific place of
the part while reaching further (one of the whole's most specific places is no place of the part
nor inside one: the whole is not the part's own site).
A part links to the smallest whole that contains it; a whole may itself be part of a larger one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch.extract import gazetteer
from pledgewatch.ledger.store import (
    commitment_places,
    commitments,
    facts,
)

Parents = Mapping[str, frozenset[str]]
"""The codes of the areas containing each place code (``gazetteer.ancestors``)."""


@dataclass(frozen=True)
class Pledge:
    """A commitment as the part rule sees it."""

    id: str
    value: float | None
    value_max: float | None
    unit: str | None
    event_key: str | None
    places: frozenset[str]
    documents: frozenset[str]

    @property
    def high(self) -> float | None:
        """The largest the figure can be (a range's high bound)."""
        return self.value_max if self.value_max is not None else self.value


def _leaves(codes: Iterable[str], parents: Parents) -> set[str]:
    """The most specific of ``codes``: those no other of them lies inside."""
    codes = set(codes)
    inner = {a for code in codes for a in parents.get(code, ())}
    return codes - inner


def is_part(part: Pledge, whole: Pledge, parents: Parents) -> bool:
    """Whether ``part`` is a share of ``whole`` (the rule of this module's docstring)."""
    def covers(outer: str, inner: str) -> bool:
        return outer == inner or outer in parents.get(inner, ())

    if part.id == whole.id or part.value is None or whole.high is None or part.unit != whole.unit:
        return False
    if part.high >= whole.high:
        return False
    if not (part.documents & whole.documents or (part.event_key and part.event_key == whole.event_key)):
        return False
    inside, outside = _leaves(part.places, parents), _leaves(whole.places, parents)
    if not inside or not outside:
        return False
    contained = all(any(covers(w, p) for w in whole.places) for p in inside)
    reaches_further = any(not any(covers(p, w) for p in inside) for w in outside)
    return contained and reaches_further


def whole_of(part: Pledge, pledges: Iterable[Pledge], parents: Parents) -> str | None:
    """The id of the smallest of ``pledges`` that ``part`` is a share of, if any."""
    wholes = [w for w in pledges if is_part(part, w, parents)]
    return min(wholes, key=lambda w: (w.high, w.id)).id if wholes else None


def _group(conn: Connection, actor_key: str, kind: str) -> tuple[list[Pledge], Parents]:
    """The single commitments of one actor and kind, with their places and documents; the areas
    containing those places."""
    rows = conn.execute(sa.select(commitments.c.id, commitments.c.value, commitments.c.value_max,
                                  commitments.c.unit, commitments.c.event_key, commitments.c.qualifier)
                        .where(commitments.c.actor_key == actor_key, commitments.c.kind == kind,
                               commitments.c.aggregate.is_(False))).mappings().all()
    ids = [r["id"] for r in rows]
    places: dict[str, set[str]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    if ids:
        for cid, code in conn.execute(sa.select(commitment_places.c.commitment_id, commitment_places.c.code)
                                      .where(commitment_places.c.commitment_id.in_(ids))):
            places[cid].add(code)
        for cid, doc in conn.execute(sa.select(facts.c.commitment_id, facts.c.document_id)
                                     .where(facts.c.commitment_id.in_(ids))):
            documents[cid].add(doc)
    codes = {c for cs in places.values() for c in cs}
    pledges = [Pledge(r["id"], r["value"], r["value_max"] if r["qualifier"] == "range" else None, r["unit"],
                      r["event_key"], frozenset(places[r["id"]]), frozenset(documents[r["id"]])) for r in rows]
    return pledges, {code: frozenset(gazetteer.ancestors(code)) for code in codes}


def link(conn: Connection, ids: Iterable[str]) -> None:
    """Set ``part_of`` anew on every single commitment sharing actor and kind with one of ``ids``."""
    ids = list(ids)
    if not ids:
        return
    groups = conn.execute(sa.select(commitments.c.actor_key, commitments.c.kind).distinct()
                          .where(commitments.c.id.in_(ids), commitments.c.actor_key.is_not(None),
                                 commitments.c.aggregate.is_(False))).all()
    for actor_key, kind in groups:
        link_group(conn, actor_key, kind)


def link_group(conn: Connection, actor_key: str, kind: str) -> None:
    """Set ``part_of`` on the single commitments of one actor and kind."""
    pledges, parents = _group(conn, actor_key, kind)
    update = (commitments.update().where(commitments.c.id == sa.bindparam("cid"))
              .values(part_of=sa.bindparam("whole")))
    rows = [{"cid": p.id, "whole": whole_of(p, pledges, parents)} for p in pledges]
    if rows:
        conn.execute(update, rows)


def link_all(conn: Connection) -> None:
    """Set ``part_of`` on every commitment of the ledger (a ledger made before parts were linked)."""
    for actor_key, kind in conn.execute(sa.select(commitments.c.actor_key, commitments.c.kind).distinct()
                                        .where(commitments.c.actor_key.is_not(None),
                                               commitments.c.aggregate.is_(False))).all():
        link_group(conn, actor_key, kind)
