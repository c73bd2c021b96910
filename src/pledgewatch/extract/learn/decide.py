"""The seam between the fact builder's rules and the learned model: the figure decision.

For each figure candidate the rules propose a kind (or none); the active model (see
``model.active``) sees the rules' proposal among the candidate's features and decides. With no
model the rules' proposal stands. ``recording`` collects each candidate's features and the rules'
proposal, for training.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from pledgewatch.extract.frames import Context, Sentence
from pledgewatch.extract.learn.features import figure_features
from pledgewatch.extract.learn.model import NONE, active

@dataclass(frozen=True)
class Candidate:
    """A figure candidate as recorded for training: its features, figure and the rules' kind."""

    features: dict[str, float]
    value: float | None
    unit: str | None
    rule_kind: str | None


_recorded: ContextVar[list[Candidate] | None] = ContextVar("pledgewatch_recorded", default=None)


@contextmanager
def recording() -> Iterator[list[Candidate]]:
    """Collect the figure candidates decided in the code this wraps."""
    out: list[Candidate] = []
    token = _recorded.set(out)
    try:
        yield out
    finally:
        _recorded.reset(token)


def decide_figure(ctx: Context, sent: Sentence, start: int, end: int, value: float | None, unit: str | None,
                  proposal: str | None) -> str | None:
    """The kind of the figure at ``start``-``end`` with its ``value`` and ``unit`` (None: no
    fact), given the kind the rules propose (None: none)."""
    model, recorded = active(), _recorded.get()
    if unit is None or (model is None and recorded is None):
        return proposal
    features = figure_features(ctx, sent, start, end, unit, value, proposal)
    if recorded is not None:
        recorded.append(Candidate(features, value, unit, proposal))
    if model is None:
        return proposal
    probabilities = model.probabilities(features)
    kind = max(probabilities, key=lambda c: (probabilities[c], c))
    return None if kind == NONE else kind
