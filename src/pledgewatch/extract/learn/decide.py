"""The seam between the fact builder's rules and the learned model: the figure decision.

For each figure candidate the rules propose a kind (or none), and may take the figure back as
background (a history cue in the sentence, a past clause: the "gates"). Where the rules state
the figure's kind, their proposal stands: cross-validated, a model did not beat it there. Where
they state none, or a gate took the figure back, the active model (see ``model.active``)
decides: a kind whose probability passes ``settings.FIGURE_ADD_THRESHOLD``, else no fact. With
no model the rules decide alone. ``recording`` collects each candidate's features and the rules'
proposal, for training.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pledgewatch import settings
from pledgewatch.extract.frames import Context, Sentence
from pledgewatch.extract.learn.features import actor_features, figure_features
from pledgewatch.extract.learn.model import NONE, active

if TYPE_CHECKING:
    from pledgewatch.extract.learn.place_decide import PlaceChoice


@dataclass(frozen=True)
class Candidate:
    """A figure candidate as recorded for training: its features, figure and the rules' kind."""

    features: dict[str, float]
    value: float | None
    unit: str | None
    rule_kind: str | None


@dataclass(frozen=True)
class ActorChoice:
    """An actor decision as recorded for training: the fact's kind and figure, and each
    candidate's name and features."""

    kind: str
    value: float | None
    unit: str | None
    names: list[str]
    features: list[dict[str, float]]


@dataclass
class Recorded:
    """The decisions met in the code ``recording`` wraps."""

    figures: list[Candidate]
    actors: list[ActorChoice]
    places: list[PlaceChoice] = field(default_factory=list)
    """The place decisions met (``place_decide.decide_places``)."""


_recorded: ContextVar[Recorded | None] = ContextVar("pledgewatch_recorded", default=None)


@contextmanager
def recording() -> Iterator[Recorded]:
    """Collect the figure candidates and actor decisions met in the code this wraps."""
    out = Recorded([], [])
    token = _recorded.set(out)
    try:
        yield out
    finally:
        _recorded.reset(token)


def recorder() -> Recorded | None:
    """The decisions being recorded now, or None outside ``recording``."""
    return _recorded.get()


def decide_figure(ctx: Context, sent: Sentence, start: int, end: int, value: float | None, unit: str | None,
                  proposal: str | None, gates: tuple[str, ...] = ()) -> str | None:
    """The kind of the figure at ``start``-``end`` with its ``value`` and ``unit`` (None: no
    fact), given the kind the rules propose (None: none) and the ``gates`` that take the figure
    back as background ("history": the sentence recalls the past; "past": its clause does)."""
    model, recorded = active(), _recorded.get()
    ruled = None if gates else proposal
    if unit is None or (model is None and recorded is None):
        return ruled
    features = figure_features(ctx, sent, start, end, unit, value, gates)
    if recorded is not None:
        recorded.figures.append(Candidate(features, value, unit, ruled))
    if model is None or ruled is not None:
        return ruled
    probabilities = model.probabilities(features)
    kind = max((c for c in probabilities if c != NONE), key=lambda c: (probabilities[c], c))
    return kind if probabilities[kind] > settings.FIGURE_ADD_THRESHOLD else None


def decide_actor(ctx: Context, sent: Sentence, pos: int, kind: str, value: float | None, unit: str | None,
                 proposal: tuple[str | None, str | None], named) -> tuple[str | None, str | None]:
    """The actor (name, company id) of the fact of ``kind`` anchored at ``pos``, given the rules'
    ``proposal``. When the rules' actor is named in the fact's sentence, the actor model picks,
    among the companies the text names (``named`` gives a mention's name and id as the rules
    write them), the one it scores highest; else (the rules reached back to an earlier sentence,
    the heading or the text's main company) the rules' choice stands."""
    model, recorded = active("actor"), _recorded.get()
    if proposal[0] is None or (model is None and recorded is None):
        return proposal
    candidates: dict[str, list] = {}
    ids: dict[str, str | None] = {proposal[0]: proposal[1]}
    for mention in ctx.companies:
        name, company_id = named(ctx, mention)
        candidates.setdefault(name, []).append(mention)
        ids.setdefault(name, company_id)
    candidates.setdefault(proposal[0], [])
    names = list(candidates)
    features = [actor_features(ctx, sent, pos, kind, candidates[n], i) for i, n in enumerate(names)]
    if recorded is not None:
        recorded.actors.append(ActorChoice(kind, value, unit, names, features))
    if model is None or not any(sent.start <= m.start < sent.end for m in candidates[proposal[0]]):
        return proposal
    scores = [model.probabilities(f)["yes"] for f in features]
    best = max(range(len(names)), key=lambda i: (scores[i], names[i] == proposal[0]))
    return names[best], ids[names[best]]
