"""Consolidation: facts of several documents that report one pledge become one commitment.

Two facts of different documents *match* when they have the same kind, the same actor
(its company id, else its folded name), compatible places (one names a place inside or equal
to one the other names, or one names none, or both have figures and name one same place or
were announced at one occasion), figures within ``FIGURE_TOLERANCE`` (or one is absent), deadlines within ``DEADLINE_TOLERANCE_YEARS`` and, both being plans, publication
dates within ``REPORTING_WINDOW_MONTHS``. A commitment is a connected set of matching facts:
the same whatever order the documents come in. ``update`` is incremental: a new fact merges
only the commitments it matches, which are rebuilt from their facts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch.extract import gazetteer
from pledgewatch.ledger import parts
from pledgewatch.ledger.store import (
    commitment_places,
    commitment_status,
    commitment_updates,
    commitments,
    documents,
    fact_places,
    facts,
)

# LIMITS -------------------------------------------------------------------------------------
FIGURE_TOLERANCE: float = 0.25
"""Largest relative gap between two figures of one commitment (|a - b| / max(|a|, |b|))."""

DEADLINE_TOLERANCE_YEARS: int = 2
"""Largest gap, in years, between two deadlines of one commitment (a postponement included)."""

REPORTING_WINDOW_MONTHS: int = 12
"""Largest gap between the publication dates of two articles reporting one plan."""
# --------------------------------------------------------------------------------------------

LEVEL_ORDER = {"place": 0, "commune": 1, "epci": 2, "departement": 3, "region": 4, "country": 5}
OPEN_STATUSES = ("planned", "postponed")
CLOSING_KINDS = ("site_closure", "jobs_cut")
"""Kinds of a closure or cut plan, which a liquidation completes."""
PROGRESS_STEPS = ("works_started", "permit_granted")
"""Status news that mark progress and leave the commitment's status as it is."""
_YEARLESS = re.compile(r" (19|20)\d\d$")


@dataclass(frozen=True)
class Member:
    """A stored fact, as consolidation sees it."""

    id: str
    document_id: str
    ordinal: int
    published: str | None
    kind: str
    actor: str | None
    actor_id: str | None
    actor_key: str | None
    aggregate: bool
    value: float | None
    value_max: float | None
    unit: str | None
    qualifier: str
    deadline: str | None
    status: str
    event: str | None
    event_key: str | None
    detail: str | None
    commitment_id: str | None
    places: tuple[str, ...]
    step: str | None = None
    """The status news the fact reports (extract/status.py), None for a plain fact."""
    evidence_text: str = ""

    @property
    def order(self) -> tuple:
        """Chronological order: publication date (unknown last), then document and rank."""
        return (self.published is None, self.published or "", self.document_id, self.ordinal)


def leaves(codes: tuple[str, ...]) -> set[str]:
    """The most specific codes of a fact: those no other of its codes lies inside."""
    inner = {a for code in codes for a in gazetteer.ancestors(code)}
    return {code for code in codes if code not in inner}


def _inside(outer: str, inner: str, through_country: bool) -> bool:
    return outer == inner or (outer in gazetteer.ancestors(inner) and (through_country or not outer.startswith("country:")))


def places_compatible(a: tuple[str, ...], b: tuple[str, ...], both_figured: bool = False) -> bool:
    """Whether two facts' places can be those of one commitment.

    With figures on both sides: one names no place, or a most specific place of one lies in one
    of the other (or equals it), or both name one same place. Otherwise (a fact without a
    figure could join any pledge nearby): their most specific places must pair up both ways,
    each inside or equal to one of the other's, France alone containing nothing.
    """
    la, lb = leaves(a), leaves(b)
    if both_figured:
        return (not a or not b or not set(a).isdisjoint(b)
                or any(_inside(x, y, True) or _inside(y, x, True) for x in la for y in lb))
    return la == lb or bool(la and lb) and _pair_up(la, lb) and _pair_up(lb, la)


def _pair_up(xs: set[str], ys: set[str]) -> bool:
    """Every place of ``xs`` lies in, or contains, one of ``ys`` (France containing nothing)."""
    return all(any(_inside(x, y, False) or _inside(y, x, False) for y in ys) for x in xs)


def figures_compatible(a: Member, b: Member) -> bool:
    """True when a figure is absent, or both have one unit and are within FIGURE_TOLERANCE."""
    if a.value is None or b.value is None:
        return True
    if a.unit != b.unit:
        return False
    largest = max(abs(a.value), abs(b.value))
    return largest == 0 or abs(a.value - b.value) / largest <= FIGURE_TOLERANCE


def events_compatible(a: str | None, b: str | None, strict: bool) -> bool:
    """Same occasion, or one unnamed (unless ``strict``), or one named without its year."""
    if a == b:
        return True
    if a is None or b is None:
        return not strict
    return _YEARLESS.sub("", a) == _YEARLESS.sub("", b) and (not _YEARLESS.search(a) or not _YEARLESS.search(b))


def _months(value: str) -> int:
    return int(value[:4]) * 12 + (int(value[5:7]) - 1 if len(value) >= 7 else 0)


def same_commitment(a: Member, b: Member) -> bool:
    """Whether facts ``a`` and ``b`` (of different documents) report one commitment."""
    if a.document_id == b.document_id:
        return False
    if (a.kind, a.actor_key, a.aggregate) != (b.kind, b.actor_key, b.aggregate):
        return False
    if not events_compatible(a.event_key, b.event_key, a.actor_key is None):
        return False
    both_figured = a.value is not None and b.value is not None
    bare = a if a.value is None else b
    if (a.value is None) != (b.value is None) and bare.status == "planned" and not bare.deadline:
        return False  # a plan with neither figure nor date tells nothing of a figured pledge
    same_occasion = both_figured and a.event_key is not None and b.event_key is not None
    if not figures_compatible(a, b) or not (same_occasion or places_compatible(a.places, b.places, both_figured)):
        return False
    if a.deadline and b.deadline and abs(int(a.deadline[:4]) - int(b.deadline[:4])) > DEADLINE_TOLERANCE_YEARS:
        return False
    if a.status == b.status == "planned" and a.published and b.published:
        return abs(_months(a.published) - _months(b.published)) <= REPORTING_WINDOW_MONTHS
    return True


def load_members(conn: Connection, where: sa.ColumnElement[bool]) -> list[Member]:
    """The stored facts ``where`` selects, with their publication date and places."""
    rows = conn.execute(
        sa.select(facts, documents.c.published).join(documents, documents.c.id == facts.c.document_id)
        .where(where)).mappings().all()
    if not rows:
        return []
    codes: dict[str, list[str]] = {}
    for fact_id, code in conn.execute(
            sa.select(fact_places.c.fact_id, fact_places.c.code)
            .where(fact_places.c.fact_id.in_([r["id"] for r in rows])).order_by(fact_places.c.position)):
        codes.setdefault(fact_id, []).append(code)
    fields = [f for f in Member.__dataclass_fields__ if f != "places"]
    return [Member(**{f: r[f] for f in fields}, places=tuple(codes.get(r["id"], ()))) for r in rows]


def history(members: list[Member], updates: list[tuple[Member, bool]] = ()) -> tuple[list[dict], str | None]:
    """The status moves of a commitment, from its facts and the status news linked to it
    (``updates``: (fact, ambiguous)), in chronological order, and its deadline.

    The first fact sets the status; a later fact that is completed or cancelled moves it there;
    a later plan with a later deadline, while the commitment is open, moves it to postponed.
    Status news moves it as its step says (``step_effect``), and is kept as a step of the
    history even when the status stays ("permit_granted"); an ambiguous one moves nothing.
    The deadline is the first one given, or the one it was postponed to.
    """
    moves: list[dict] = []
    deadline: str | None = None
    kind = members[0].kind if members else None
    events = [(m, None) for m in members] + list(updates)
    for m, ambiguous in sorted(events, key=lambda e: e[0].order):
        current = moves[-1]["status"] if moves else None
        if m.step is not None:
            status, deadline = step_effect(m, kind or m.kind, current, deadline) if not ambiguous else (current, deadline)
            moves.append(_move(m, status or "planned", deadline, bool(ambiguous)))
            continue
        if current is None or (m.status != "planned" and m.status != current):
            status = m.status
        elif (m.status == "planned" and current in OPEN_STATUSES and m.deadline and deadline
              and period_end(m.deadline) > period_end(deadline)):
            status, deadline = "postponed", m.deadline
        else:
            deadline = deadline or m.deadline
            continue
        deadline = deadline or m.deadline
        moves.append(_move(m, status, m.deadline or deadline, False))
    return moves, deadline


def _move(m: Member, status: str, deadline: str | None, ambiguous: bool) -> dict:
    return {"status": status, "deadline": deadline, "date": m.published, "document_id": m.document_id,
            "fact_id": m.id, "step": m.step, "ambiguous": ambiguous}


def step_effect(news: Member, kind: str, current: str | None, deadline: str | None) -> tuple[str | None, str | None]:
    """(status, deadline) of a commitment of ``kind`` after a status news, from ``current``.

    Works begun or a permit granted leave an open commitment as it is. A postponement moves an
    open one to postponed, to its new date (unknown when none is given). A liquidation completes
    a closure and cancels the company's other plans; a receivership cancels those plans and
    leaves a closure as it is. Other news give the status they state (opened: completed, ...).
    """
    closing = kind in CLOSING_KINDS
    if news.step in PROGRESS_STEPS:
        return current or "planned", deadline or news.deadline
    if news.step == "postponed" or news.step == "suspended" and news.status == "planned":
        return ("postponed", news.deadline) if current in OPEN_STATUSES + (None,) else (current, deadline)
    if news.step == "liquidated":
        return "completed" if closing else "cancelled", deadline
    if news.step == "receivership":
        return (current if closing else "cancelled"), deadline
    return news.status, deadline


def summarize(members: list[Member], updates: list[tuple[Member, bool]] = ()) -> tuple[dict, list[str], list[dict]]:
    """The commitment row, its place codes and its status moves, from all its facts and the
    status news linked to it."""
    ordered = sorted(members, key=lambda m: m.order)
    first = ordered[0]
    figures = [(m.value, m.unit) for m in ordered if m.value is not None]
    counts = Counter(figures)
    chosen = max(figures, key=lambda f: (counts[f], -figures.index(f))) if figures else None
    source = next((m for m in ordered if (m.value, m.unit) == chosen), first)
    codes = sorted({c for m in ordered for c in m.places},
                   key=lambda c: (LEVEL_ORDER.get(c.split(":", 1)[0], 9), c))
    moves, deadline = history(ordered, updates)
    named = [m for m in ordered if m.event]
    with_event = next((m for m in named if _YEARLESS.search(m.event_key or "")), named[0] if named else None)
    row = {
        "id": first.id,
        "actor": first.actor, "actor_key": first.actor_key,
        "actor_id": next((m.actor_id for m in ordered if m.actor_id), None),
        "kind": first.kind, "aggregate": first.aggregate,
        "value": source.value if chosen else None,
        "value_max": source.value_max if chosen else None,
        "unit": source.unit if chosen else next((m.unit for m in ordered if m.unit), None),
        "qualifier": source.qualifier,
        "deadline": deadline, "status": moves[-1]["status"],
        "event": with_event.event if with_event else None,
        "event_key": with_event.event_key if with_event else None,
        "detail": next((m.detail for m in ordered if m.detail), None),
        "conflicting": len(counts) > 1,
        "announced": first.published,
        "updated": max((m.published for m in ordered if m.published), default=None),
        "evidence_count": len(ordered),
        "ambiguous": any(ambiguous for _, ambiguous in updates),
    }
    return row, codes, moves


def delete(conn: Connection, ids: set[str]) -> None:
    """Remove the commitments ``ids`` with their places, status moves and links."""
    if ids:
        conn.execute(commitment_updates.delete().where(commitment_updates.c.commitment_id.in_(ids)))
        conn.execute(commitment_places.delete().where(commitment_places.c.commitment_id.in_(ids)))
        conn.execute(commitment_status.delete().where(commitment_status.c.commitment_id.in_(ids)))
        conn.execute(commitments.delete().where(commitments.c.id.in_(ids)))


def write(conn: Connection, members: list[Member], updates: list[tuple[Member, bool]] = ()) -> str:
    """Store the commitment made of ``members`` (and moved by ``updates``); return its id."""
    row, codes, moves = summarize(members, updates)
    conn.execute(commitments.insert(), row)
    if codes:
        conn.execute(commitment_places.insert(), [
            {"commitment_id": row["id"], "code": c, "position": i} for i, c in enumerate(codes)])
    conn.execute(commitment_status.insert(), [
        {"commitment_id": row["id"], "seq": i, **move} for i, move in enumerate(moves)])
    conn.execute(facts.update().where(facts.c.id.in_(sa.bindparam("ids", expanding=True)))
                 .values(commitment_id=sa.bindparam("cid")), {"ids": [m.id for m in members], "cid": row["id"]})
    return row["id"]


def update(conn: Connection, new: list[Member]) -> set[str]:
    """Attach newly stored facts to the commitments they match (merging them), then link the
    status news of their actors (``linking.relink``); return the ids of the commitments touched."""
    from pledgewatch.ledger.linking import relink

    touched: set[str] = set()
    for fact in (f for f in new if is_plain(f)):
        actor = facts.c.actor_key.is_(None) if fact.actor_key is None else facts.c.actor_key == fact.actor_key
        candidates = load_members(conn, sa.and_(facts.c.kind == fact.kind, actor, plain_fact(),
                                            facts.c.document_id != fact.document_id,
                                            facts.c.commitment_id.is_not(None)))
        merged = {c.commitment_id for c in candidates if same_commitment(fact, c)}
        members = [fact] + (load_members(conn, facts.c.commitment_id.in_(merged)) if merged else [])
        delete(conn, merged)
        touched -= merged
        touched.add(write(conn, members))
    touched = relink(conn, {f.actor_key for f in new}, touched)
    parts.link(conn, touched)  # a figure for one site of a larger pledge is linked to it (ledger/parts.py)
    return touched


def is_plain(m: Member) -> bool:
    """A fact that joins commitments as any fact: no status news, or news of progress ("works
    begun", "permit granted": the project announced again, still planned)."""
    return m.step is None or m.step in PROGRESS_STEPS


def plain_fact() -> sa.ColumnElement[bool]:
    """The SQL condition of ``is_plain``."""
    return sa.or_(facts.c.step.is_(None), facts.c.step.in_(PROGRESS_STEPS))


def rewrite(conn: Connection, commitment_id: str, members: list[Member], updates: list[tuple[Member, bool]]) -> None:
    """Write a commitment again from its facts and the status news linked to it."""
    delete(conn, {commitment_id})
    write(conn, members, updates)


def history_rows(conn: Connection, ids: list[str]) -> dict[str, list[dict]]:
    """The stored status moves of the commitments ``ids``, oldest first, each with its evidence:
    the sentence (``text``) of the fact that moved it, its document and date, the step it
    reports and whether it could belong to another commitment too (``ambiguous``)."""
    out: dict[str, list[dict]] = {cid: [] for cid in ids}
    query = (sa.select(commitment_status, facts.c.evidence_text)
             .join(facts, facts.c.id == commitment_status.c.fact_id, isouter=True)
             .where(commitment_status.c.commitment_id.in_(ids))
             .order_by(commitment_status.c.commitment_id, commitment_status.c.seq))
    for move in conn.execute(query).mappings():
        out[move["commitment_id"]].append({
            "status": move["status"], "deadline": move["deadline"], "date": move["date"],
            "document_id": move["document_id"], "fact_id": move["fact_id"], "step": move["step"],
            "ambiguous": bool(move["ambiguous"]), "text": move["evidence_text"]})
    return out


def is_overdue(status: str, deadline: str | None, as_of: date) -> bool:
    """An open commitment whose deadline's whole period (year, month or day) is before ``as_of``."""
    if status not in OPEN_STATUSES or not deadline:
        return False
    return period_end(deadline) < as_of


def period_end(value: str) -> date:
    """The last day of a partial ISO date: 2027 → 2027-12-31, 2025-02 → 2025-02-28."""
    year = int(value[:4])
    if len(value) >= 10:
        return date.fromisoformat(value[:10])
    if len(value) >= 7:
        month = int(value[5:7])
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(year, 12, 31)
