"""Evidence: the shortest stretch of a clause that states a fact, its brackets paired."""

from __future__ import annotations

import re

from pledgewatch.extract.frames import (
    Context,
    Sentence,
)

SEGMENT_BREAK = re.compile(r",\s|\(|\)")
BRACKETS = {"(": ")", "[": "]", "{": "}"}
"""Opening brackets and their closing ones: an evidence span never ends inside a pair."""
CLOSING = frozenset(BRACKETS.values())
EVIDENCE_REACH = 150
"""How far before its anchor the actor may be named and still open the evidence."""


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``, ``end`` moved past the spaces, punctuation and quote marks at either end."""
    part = text[start:end]
    lead = len(part) - len(part.lstrip(" \t\n,;:–—-\"«»"))
    trail = len(part) - len(part.rstrip(" \t\n,;:.–—-\"«»"))
    return start + lead, end - trail


def _bracket_partners(text: str, lo: int, hi: int) -> dict[int, int | None]:
    """Each bracket of ``text[lo:hi]`` (absolute offset) with its partner's, or None when it has none there."""
    partners: dict[int, int | None] = {}
    opened: list[int] = []
    for i in range(lo, hi):
        char = text[i]
        if char in BRACKETS:
            opened.append(i)
            partners[i] = None
        elif char in CLOSING:
            j = next((k for k in reversed(range(len(opened))) if BRACKETS[text[opened[k]]] == char), None)
            partners[i] = None if j is None else opened[j]
            if j is not None:
                partners[opened[j]] = i
                del opened[j:]
    return partners


def _balanced(text: str, sent: Sentence, start: int, end: int, a: int, b: int) -> tuple[int, int]:
    """``start``, ``end`` widened or narrowed so that no bracket is left open or closed alone:
    a bracket after the anchor (``a``-``b``) is cut off with what follows, one before it with
    what precedes, and brackets around the anchor are taken whole."""
    partners = _bracket_partners(text, sent.start, sent.end)
    for _ in range(len(partners) + 1):
        alone = [i for i in partners if start <= i < end
                 and (partners[i] is None or not start <= partners[i] < end)]
        if not alone:
            break
        i = alone[0] if text[alone[0]] in CLOSING else alone[-1]
        partner = partners[i]
        if i >= b:
            end = i
        elif i < a and (text[i] in CLOSING or partner is None):
            start = i + 1
        elif partner is not None:
            start, end = (partner, end) if text[i] in CLOSING else (start, partner + 1)
        else:
            break  # a bracket inside the anchor itself, left as written
        start, end = _trimmed(text, start, end)
        if end <= start:
            break
    return start, end


def evidence_of(ctx: Context, sent: Sentence, a: int, b: int, actor_at: int | None = None) -> dict:
    """The shortest stretch of the clause that states the fact: from the comma-delimited
    segment naming its actor (when near) to the one ending its anchor, trimmed, its brackets
    paired (never ending inside brackets)."""
    c_start, c_end = sent.clause_of(a)
    cuts = [c_start] + [c_start + m.end() for m in SEGMENT_BREAK.finditer(ctx.text[c_start:c_end])] + [c_end]
    left = a if actor_at is None or not c_start <= actor_at < a or a - actor_at > EVIDENCE_REACH else actor_at
    start = max(x for x in cuts if x <= left)
    end = min([x for x in cuts if x >= b] or [c_end])
    start, end = _balanced(ctx.text, sent, *_trimmed(ctx.text, start, end), a, b)
    if end <= start:
        start, end = sent.start, sent.end
    return {"text": ctx.text[start:end], "start": start, "end": end}
