"""Linking status news to the commitments it moves (the news themselves: extract/status.py).

A status news (a fact with a ``step``) moves the commitments of one *project* of its actor:
commitments of the actor (its company id, or a name the company is listed under, which
``keys.actor_key`` folds into one key) whose kind is of the news's family (a site opening
with the investment and the jobs of the same project; a closure with its job cuts; every kind
for a liquidation or a receivership of the company), whose places agree with the news's (a
commune inside the department first named; a news naming no place fits any), not on the figure.
The commitments it fits are grouped into projects by their places; when it fits several
projects, the one whose evidence shares the project's name or site words with the news is
taken, else it is linked to each, flagged ambiguous, and moves none. A news that moves no
commitment of its own kind is also a commitment of its own kind, as any fact.

A news may also move the commitments of an actor related to its own by a relation a document
stated (a parent or a subsidiary, one step, ledger/groups.py), under the same rules: "le groupe
Vantor suspend l'usine de sa filiale Hydrolys" moves Hydrolys's plant. When commitments of its own
actor fit too, those are the candidates; a liquidation or a receivership moves its own actor's only.

``relink`` rebuilds the links of some actors (with every actor of their groups) from every stored fact of theirs, so the result
is the same whatever order the documents came in: dates decide, through ``history``.
"""

from __future__ import annotations

import re
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch.extract.status import FAMILIES
from pledgewatch.ledger.consolidation import (
    Member,
    delete,
    leaves,
    load_members,
    places_compatible,
    plain_fact,
    rewrite,
    same_commitment,
    write,
)
from pledgewatch.ledger.groups import neighbours
from pledgewatch.ledger.store import commitment_updates, commitments, facts

COMPANY_STEPS = ("liquidated", "receivership")
"""Status news about the company itself: they bear on every kind of its commitments."""
NAME_WORD = re.compile(r"\b[A-ZÀ-Ý][\w-]{2,}")
"""A capitalised word: a project's or a site's name ("Ecocombust", "Vendôme")."""


def fits(news: Member, members: list[Member], related: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether a status news can move the commitment made of ``members`` (actor, kind family and
    places). The actor is the news's own or one ``related`` to it (a parent or a subsidiary), but
    for news about the company itself (a parent's liquidation is not its subsidiary's)."""
    if members[0].actor_key != news.actor_key and (news.step in COMPANY_STEPS
                                                    or members[0].actor_key not in related):
        return False
    kinds = None if news.step in COMPANY_STEPS else FAMILIES.get(news.kind, (news.kind,))
    if kinds is not None and members[0].kind not in kinds:
        return False
    if members[0].aggregate:
        return False
    codes = tuple({c for m in members for c in m.places})
    return places_compatible(news.places, codes, both_figured=True)


def projects(groups: dict[str, list[Member]], ids: list[str]) -> list[list[str]]:
    """The commitments ``ids`` grouped into projects: those whose most specific places agree
    (pair up both ways); commitments naming no place join the one project that names some."""
    placed: list[tuple[set[str], list[str]]] = []
    bare: list[str] = []
    for cid in sorted(ids):
        codes = tuple({c for m in groups[cid] for c in m.places})
        if not codes:
            bare.append(cid)
            continue
        into = next((p for p in placed if places_compatible(tuple(p[0]), codes)), None)
        if into is None:
            placed.append((set(leaves(codes)), [cid]))
        else:
            into[1].append(cid)
    out = [ids_ for _, ids_ in placed]
    if len(out) == 1:
        out[0] += bare
    elif bare:
        out.append(bare)
    return out


def _name_words(text: str, actor: str | None) -> set[str]:
    own = set(NAME_WORD.findall(actor or ""))
    return {w.lower() for w in NAME_WORD.findall(text) if w not in own}


def choose(news: Member, groups: dict[str, list[Member]], found: list[str]) -> tuple[list[str], bool]:
    """The commitments a news moves, and whether the choice is ambiguous (then: every candidate)."""
    if news.step in COMPANY_STEPS:
        return sorted(found), False  # the company's end bears on every plan of it
    options = projects(groups, found)
    if len(options) <= 1:
        return (options[0] if options else []), False
    words = _name_words(news.evidence_text, news.actor)
    scores = [len(words & set().union(*(_name_words(m.evidence_text, m.actor) for cid in p for m in groups[cid])))
              for p in options]
    best = max(scores)
    if best > 0 and scores.count(best) == 1:
        return options[scores.index(best)], False
    return sorted(found), True


def relink(conn: Connection, keys: set[str | None], touched: set[str]) -> set[str]:
    """Link again the status news of the actors ``keys`` to their commitments, writing again
    each commitment whose links changed (or that is in ``touched``, written from its facts
    alone); return ``touched`` with those, less the commitments removed."""
    keys = {k for k in keys if k is not None}
    if not keys:
        return touched
    near = neighbours(conn, keys)
    keys |= set(near)  # the whole groups: a related actor's news may move these commitments
    news = sorted(load_members(conn, sa.and_(facts.c.actor_key.in_(keys), sa.not_(plain_fact()))),
                  key=lambda m: m.order)
    if not news:
        return touched
    groups: dict[str, list[Member]] = defaultdict(list)
    for m in load_members(conn, sa.and_(facts.c.actor_key.in_(keys), plain_fact(),
                                        facts.c.commitment_id.is_not(None))):
        groups[m.commitment_id].append(m)
    before = {(r.commitment_id, r.fact_id, r.ambiguous) for r in conn.execute(
        sa.select(commitment_updates).where(commitment_updates.c.commitment_id.in_(list(groups))))}
    links: dict[str, list[tuple[Member, bool]]] = defaultdict(list)
    alone: list[Member] = []
    for n in news:
        found = [cid for cid, ms in groups.items() if fits(n, ms, near.get(n.actor_key, set()))]
        own_actor = [cid for cid in found if groups[cid][0].actor_key == n.actor_key]
        chosen, ambiguous = choose(n, groups, own_actor or found)  # the news's own actor first
        if not ambiguous and not any(groups[cid][0].kind == n.kind for cid in chosen):
            alone.append(n)  # "the plant is closed", where only its job cuts were announced: a closure too
        for cid in chosen:
            links[cid].append((n, ambiguous))
    after = {(cid, n.id, amb) for cid, pairs in links.items() for n, amb in pairs}
    own = {n.commitment_id for n in news if n.commitment_id and n.commitment_id not in groups}
    _remove(conn, own)
    changed = {cid for cid, _, _ in before ^ after} | (touched & set(groups))
    for cid in sorted(changed):
        rewrite(conn, cid, groups[cid], links.get(cid, []))
    _write_links(conn, links, news)
    touched = (touched - own) | changed
    for component in _components(alone):
        touched.add(write(conn, component))
    return touched


def _remove(conn: Connection, ids: set[str]) -> None:
    """Remove the commitments made of status news alone (made again from their facts)."""
    if ids:
        delete(conn, ids)
        conn.execute(facts.update().where(facts.c.commitment_id.in_(ids)).values(commitment_id=None))


def _write_links(conn: Connection, links: dict[str, list[tuple[Member, bool]]], news: list[Member]) -> None:
    """Store the links, and each linked news's commitment: the one of its kind it moves, else
    the first it moves; none when ambiguous."""
    ids = [n.id for n in news]
    conn.execute(commitment_updates.delete().where(commitment_updates.c.fact_id.in_(ids)))
    rows = [{"commitment_id": cid, "fact_id": n.id, "ambiguous": amb} for cid, pairs in links.items() for n, amb in pairs]
    if rows:
        conn.execute(commitment_updates.insert(), rows)
    home: dict[str, str | None] = {}
    kinds = dict(conn.execute(sa.select(commitments.c.id, commitments.c.kind)
                              .where(commitments.c.id.in_(list(links)))).all()) if links else {}
    for cid, pairs in sorted(links.items()):
        for n, amb in pairs:
            if amb:
                home[n.id] = None
            elif n.id not in home or kinds.get(cid) == n.kind and kinds.get(home[n.id]) != n.kind:
                home[n.id] = cid
    if home:  # one statement for all the news (executemany), not one per fact
        conn.execute(facts.update().where(facts.c.id == sa.bindparam("fact"))
                     .values(commitment_id=sa.bindparam("home")),
                     [{"fact": fact_id, "home": cid} for fact_id, cid in home.items()])


def _components(news: list[Member]) -> list[list[Member]]:
    """Status news that fit no commitment, grouped as facts are (``same_commitment``)."""
    out: list[list[Member]] = []
    for n in news:
        joined = [c for c in out if any(same_commitment(n, m) for m in c)]
        for c in joined:
            out.remove(c)
        out.append([n] + [m for c in joined for m in c])
    return out
