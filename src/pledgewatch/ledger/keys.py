"""The keys the ledger groups and matches names by: actors (company id or folded name) and occasions."""

from __future__ import annotations

from pledgewatch.extract import gazetteer


def name_fold(name: str) -> str:
    """The folded form names are keyed and matched by: ``gazetteer.fold``, other scripts kept."""
    return gazetteer.fold(name, other_scripts=True)


def actor_key(actor: str | None, actor_id: str | None) -> str | None:
    """The key grouping an actor's facts: its company id when linked, else its folded name."""
    if actor_id:
        return f"id:{actor_id}"
    return f"name:{name_fold(actor)}" if actor and name_fold(actor) else None


def event_key(event: str | None) -> str | None:
    """The key of a named occasion: its folded name."""
    return name_fold(event) or None if event else None
