"""Training the figure decision: candidates labelled by aligning gold facts, a logistic
regression fitted over them (scikit-learn, needed only here), exported as a ``Model``.

A candidate (a figure ``amounts`` found in a sentence the rules read) is labelled with the kind
of a gold fact of its document with the same figure (value within 0.5 %, unit as the kind counts
it), the rules' kind first when several agree; else ``none``.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from pledgewatch import __version__, settings
from pledgewatch.errors import PledgewatchError
from pledgewatch.extract.evaluation import actors_agree, close, norm_unit
from pledgewatch.extract.extraction import assemble
from pledgewatch.extract.facts import kind_unit
from pledgewatch.extract.learn.corpus import Annotated
from pledgewatch.extract.learn.decide import ActorChoice, Candidate, recording
from pledgewatch.extract.learn.model import MODELS, NONE, RULES, Model, using
from pledgewatch.extract.learn.place_decide import place_labels

LEARN_CS = {"places": settings.PLACE_LEARN_C}
"""Models regularised otherwise than ``settings.LEARN_C``."""
MIN_WEIGHT = 1e-4
"""Features whose every weight is smaller than this are left out of the exported model."""


@dataclass
class Labelled:
    """A document's decisions with their labels: figure candidates (a kind or ``none``), actor
    candidates (``yes``, ``no``), and the rules' extraction of it."""

    key: str
    candidates: list[Candidate]
    labels: list[str]
    rules_result: dict
    actor_rows: list[dict[str, float]] = field(default_factory=list)
    actor_labels: list[str] = field(default_factory=list)
    place_rows: list[dict[str, float]] = field(default_factory=list)
    place_labels: list[str] = field(default_factory=list)


def _units(gold_unit: object, kind: str, unit: str) -> bool:
    wanted = norm_unit(gold_unit)
    return wanted in (norm_unit(kind_unit(kind, unit)), norm_unit(unit)) or unit == "t" and wanted == "t/yr"


def label(candidate: Candidate, gold_facts: list[dict]) -> str:
    """The kind of the gold fact stating ``candidate``'s figure (the rules' kind first), or ``none``."""
    kinds = [g["kind"] for g in gold_facts if g.get("value") is not None and close(g["value"], candidate.value)
             and _units(g.get("unit"), g["kind"], candidate.unit or "")]
    if not kinds:
        return NONE
    return candidate.rule_kind if candidate.rule_kind in kinds else kinds[0]


def actor_labels(choice: ActorChoice, gold_facts: list[dict]) -> list[str] | None:
    """``yes`` for each candidate naming the actor of a gold fact of the choice's kind and figure,
    else ``no``; None when no gold fact states it or no candidate names its actor (nothing to learn)."""
    same = [g for g in gold_facts if g.get("kind") == choice.kind and g.get("actor")
            and (g.get("value") is None if choice.value is None else
                 g.get("value") is not None and close(g["value"], choice.value)
                 and _units(g.get("unit"), choice.kind, choice.unit or ""))]
    out = ["yes" if any(actors_agree(name, g["actor"]) for g in same) else "no" for name in choice.names]
    return out if "yes" in out else None


def labelled(corpus: list[Annotated]) -> list[Labelled]:
    """Each document's decisions, labelled, with the rules' extraction (one pass over the corpus)."""
    out = []
    with using(RULES):
        for item in corpus:
            with recording() as met:
                result = assemble(item.document, item.parts)
            facts = item.gold.get("facts", [])
            done = Labelled(item.key, met.figures, [label(c, facts) for c in met.figures], result)
            for choice in met.actors:
                labels = actor_labels(choice, facts)
                if labels is not None:
                    done.actor_rows += choice.features
                    done.actor_labels += labels
            done.place_rows, done.place_labels = place_labels(met.places, facts)
            out.append(done)
    return out


def fit(rows: list[dict[str, float]], labels: list[str], about: dict | None = None, c: float = settings.LEARN_C) -> Model:
    """A logistic regression over feature ``rows`` and their ``labels`` (inverse regularisation
    ``c``), as a ``Model``.

    Raises PledgewatchError E106 when scikit-learn is not installed, E107 when the labels are
    all of one class.
    """
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise PledgewatchError("E106", reason=str(exc)) from exc
    if len(set(labels)) < 2:
        raise PledgewatchError("E107", found=len(labels))
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(rows)
    learner = LogisticRegression(C=c, max_iter=3000, random_state=settings.LEARN_SEED)
    learner.fit(x, labels)
    classes = [str(c) for c in learner.classes_]
    coef = learner.coef_ if len(classes) > 2 else [-learner.coef_[0], learner.coef_[0]]
    intercepts = list(learner.intercept_) if len(classes) > 2 else [-learner.intercept_[0], learner.intercept_[0]]
    weights = {name: [float(coef[c][i]) for c in range(len(classes))]
               for i, name in enumerate(vectorizer.get_feature_names_out())
               if max(abs(coef[c][i]) for c in range(len(classes))) >= MIN_WEIGHT}
    return Model(classes, [float(x) for x in intercepts], weights, about or {})


def fit_all(data: list[Labelled], about: dict | None = None, names: tuple[str, ...] = MODELS) -> dict[str, Model]:
    """The models ``names`` (figure kind, actor, places) fitted over ``data``, by name, each
    regularised as ``LEARN_CS`` says (else ``settings.LEARN_C``)."""
    rows = {"figure_kind": ([c.features for d in data for c in d.candidates], [lab for d in data for lab in d.labels]),
            "actor": ([r for d in data for r in d.actor_rows], [lab for d in data for lab in d.actor_labels]),
            "places": ([r for d in data for r in d.place_rows], [lab for d in data for lab in d.place_labels])}
    return {name: fit(*rows[name], {"model": name, **(about or {})}, LEARN_CS.get(name, settings.LEARN_C)) for name in names}


def summary(data: list[Labelled], folders: list[str]) -> dict:
    """What the models were trained on: folders, documents, decisions and labels per class."""
    counts = Counter(lab for d in data for lab in d.labels)
    actors = Counter(lab for d in data for lab in d.actor_labels)
    places = Counter(lab for d in data for lab in d.place_labels)
    return {"folders": folders, "documents": len(data), "figure_candidates": sum(counts.values()),
            "figure_labels": dict(sorted(counts.items())), "actor_candidates": sum(actors.values()),
            "actor_labels": dict(sorted(actors.items())), "place_candidates": sum(places.values()),
            "place_labels": dict(sorted(places.items()))}


def train(corpus: list[Annotated], folders: list[str]) -> tuple[dict[str, Model], dict]:
    """The models trained on ``corpus`` (from ``folders``), and their ``about`` (version,
    training data summary, seconds taken)."""
    began = time.perf_counter()
    data = labelled(corpus)
    about = {"pledgewatch": __version__, "learner": "LogisticRegression", "C": settings.LEARN_C,
             "seed": settings.LEARN_SEED, **summary(data, folders)}
    models = fit_all(data, about)
    seconds = round(time.perf_counter() - began, 1)
    for model in models.values():
        model.about["features"] = len(model.weights)
        model.about["training_s"] = seconds
    return models, {**about, "training_s": seconds}
