"""A linear model stored as plain JSON: read at extraction with no scikit-learn, no pickle.

A ``Model`` scores each of its classes as ``intercept + sum(weight * value)`` over sparse
features (a dict of name to value) and turns the scores into probabilities with a softmax.
The shipped models live in ``pledgewatch/data/models/`` and decide at extraction where
``settings.LEARNED_DECISIONS`` names them; ``using`` swaps in others (the models of a
cross-validation fold) for the code it wraps.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from pledgewatch import settings
from pledgewatch.errors import PledgewatchError

NONE = "none"
"""The class of a candidate that states no fact."""


@dataclass
class Model:
    """Classes, their intercepts and per-feature weights; ``about`` describes the training."""

    classes: list[str]
    intercepts: list[float]
    weights: dict[str, list[float]]
    about: dict = field(default_factory=dict)

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """Each class's probability for a candidate's ``features``."""
        scores = list(self.intercepts)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for i, w in enumerate(row):
                    scores[i] += w * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def to_json(self) -> str:
        """The model as JSON (weights rounded to 6 decimals: the file is deterministic)."""
        return json.dumps({"about": self.about, "classes": self.classes,
                           "intercepts": [round(x, 6) for x in self.intercepts],
                           "weights": {k: [round(x, 6) for x in v] for k, v in sorted(self.weights.items())}},
                          ensure_ascii=False, indent=0, sort_keys=False)

    @classmethod
    def from_json(cls, text: str, source: str) -> Model:
        """A model read from its JSON. Raises PledgewatchError E104 when it is not one."""
        try:
            data = json.loads(text)
            model = cls(list(data["classes"]), [float(x) for x in data["intercepts"]],
                        {k: [float(x) for x in v] for k, v in data["weights"].items()}, dict(data.get("about", {})))
        except (ValueError, KeyError, TypeError) as exc:
            raise PledgewatchError("E104", source=source, reason=f"{type(exc).__name__}: {exc}") from exc
        if len(model.intercepts) != len(model.classes) or any(len(v) != len(model.classes) for v in model.weights.values()):
            raise PledgewatchError("E104", source=source, reason="weights do not match the classes")
        return model

    def save(self, path: Path) -> None:
        """Write the model's JSON to ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json() + "\n", encoding="utf-8")


MODELS = ("figure_kind", "actor", "places")
"""The shipped models, one file ``<name>.json`` each in ``pledgewatch/data/models/``."""


def shipped_path(name: str = "figure_kind") -> Path:
    """Where the shipped model ``name`` lives inside the package."""
    return Path(str(resources.files("pledgewatch") / "data" / "models" / f"{name}.json"))


@cache
def shipped(name: str = "figure_kind") -> Model | None:
    """The model ``name`` shipped in the package, or None when there is none (the rules decide alone)."""
    path = shipped_path(name)
    if not path.is_file():
        return None
    return Model.from_json(path.read_text(encoding="utf-8"), str(path))


class Rules:
    """No model: each decision is the rules' (cross-validation's baseline)."""


RULES = Rules()
_active: ContextVar[dict[str, Model] | Rules | None] = ContextVar("pledgewatch_models", default=None)


def active(name: str = "figure_kind") -> Model | None:
    """The model ``name`` deciding now: the one ``using`` set, else the shipped one when
    ``settings.LEARNED_DECISIONS`` names it; None where the rules decide alone."""
    chosen = _active.get()
    if isinstance(chosen, Rules):
        return None
    if chosen is not None:
        return chosen.get(name)
    return shipped(name) if name in settings.LEARNED_DECISIONS else None


@contextmanager
def using(models: dict[str, Model] | Rules) -> Iterator[None]:
    """Decide with ``models`` (by name; a name left out: the rules) or ``RULES`` in the code this wraps."""
    token = _active.set(models)
    try:
        yield
    finally:
        _active.reset(token)
