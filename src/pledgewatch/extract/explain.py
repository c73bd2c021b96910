"""Why each fact came out as it did: the rule or model that set each field.

While ``explaining()`` is on, the fact builder keeps a working key ``WHY`` on each fact (a
field name to the rule or model that set it: ``_fact`` sets the first reasons, and every later
pass that changes a field, run through ``traced``, writes its own name there). Off, nothing is
kept and no time is spent. ``pledgewatch extract --explain`` prints it (``lines``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

WHY = "_why"
"""Working key of a fact: field name to the rule or model that set it."""
FIELDS = ("kind", "actor", "aggregate", "value", "unit", "qualifier", "places", "deadline", "status", "event")
"""The fields whose origin is kept."""
T = TypeVar("T")
_on: ContextVar[bool] = ContextVar("pledgewatch_explaining", default=False)


@contextmanager
def explaining() -> Iterator[None]:
    """Keep each fact's reasons (``WHY``) in the extractions made in the code this wraps."""
    token = _on.set(True)
    try:
        yield
    finally:
        _on.reset(token)


def explaining_now() -> bool:
    """True inside ``explaining()``."""
    return _on.get()


def traced(facts: list[dict], stage: str, fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)``; when explaining, each field of ``facts`` it changes is said set by ``stage``."""
    if not explaining_now():
        return fn(*args)
    before = {id(f): {k: repr(f.get(k)) for k in FIELDS} for f in facts}
    out = fn(*args)
    for f in facts:
        for k in FIELDS:
            if repr(f.get(k)) != before[id(f)][k]:
                f.setdefault(WHY, {})[k] = stage
    return out


def lines(fact: dict) -> list[str]:
    """A fact as lines for the terminal: a heading, then each field with its value and origin."""
    why = fact.get(WHY, {})
    head = f"{fact['kind']} · {fact.get('actor')} · {fact.get('value')} {fact.get('unit') or ''}".rstrip()
    out = [head, f"  evidence: {fact['evidence']['text']!r}"]
    for name in FIELDS:
        value = [p["code"] for p in fact["places"]] if name == "places" else fact.get(name)
        out.append(f"  {name}: {value}  ← {why.get(name, 'the figure as amounts.py read it')}")
    return out
