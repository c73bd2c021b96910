"""Training the figure decision: candidates labelled by aligning gold facts, a logistic
regression fitted over them (scikit-learn, needed only here), exported as a ``Model``.

A candidate (a figure ``amounts`` found in a sentence the rules read) is labelled with the kind
of a gold fact of its document with the same figure (value within 0.5 %, unit as the kind counts
it), the rules' kind first when several agree; else ``none``.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from pledgewatch import __version__, settings
from pledgewatch.errors import PledgewatchError
from pledgewatch.extract.evaluation import close, norm_unit
from pledgewatch.extract.extraction import assemble
from pledgewatch.extract.facts import kind_unit
from pledgewatch.extract.learn.corpus import Annotated
from pledgewatch.extract.learn.decide import Candidate, recording
from pledgewatch.extract.learn.model import NONE, RULES, Model, using

MIN_WEIGHT = 1e-4
"""Features whose every weight is smaller than this are left out of the exported model."""


@dataclass
class Labelled:
    """A document's figure candidates with their labels, and the rules' extraction of it."""

    key: str
    candidates: list[Candidate]
    labels: list[str]
    rules_result: dict


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


def labelled(corpus: list[Annotated]) -> list[Labelled]:
    """Each document's candidates, labelled, with the rules' extraction (one pass over the corpus)."""
    out = []
    with using(RULES):
        for item in corpus:
            with recording() as candidates:
                result = assemble(item.document, item.parts)
            facts = item.gold.get("facts", [])
            out.append(Labelled(item.key, candidates, [label(c, facts) for c in candidates], result))
    return out


def fit(data: list[Labelled], about: dict | None = None) -> Model:
    """A logistic regression over the candidates of ``data``, as a ``Model``.

    Raises PledgewatchError E106 when scikit-learn is not installed.
    """
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise PledgewatchError("E106", reason=str(exc)) from exc
    rows = [c.features for d in data for c in d.candidates]
    labels = [lab for d in data for lab in d.labels]
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(rows)
    learner = LogisticRegression(C=settings.LEARN_C, max_iter=3000, random_state=settings.LEARN_SEED)
    learner.fit(x, labels)
    classes = [str(c) for c in learner.classes_]
    coef = learner.coef_ if len(classes) > 2 else [-learner.coef_[0], learner.coef_[0]]
    intercepts = list(learner.intercept_) if len(classes) > 2 else [-learner.intercept_[0], learner.intercept_[0]]
    weights = {name: [float(coef[c][i]) for c in range(len(classes))]
               for i, name in enumerate(vectorizer.get_feature_names_out())
               if max(abs(coef[c][i]) for c in range(len(classes))) >= MIN_WEIGHT}
    return Model(classes, [float(x) for x in intercepts], weights, about or {})


def summary(data: list[Labelled], folders: list[str]) -> dict:
    """What a model was trained on: folders, documents, candidates and labels per class."""
    counts = Counter(lab for d in data for lab in d.labels)
    return {"folders": folders, "documents": len(data), "candidates": sum(counts.values()),
            "labels": dict(sorted(counts.items()))}


def train(corpus: list[Annotated], folders: list[str]) -> tuple[Model, dict]:
    """The figure model trained on ``corpus`` (from ``folders``), and its ``about`` (version,
    training data summary, seconds taken)."""
    began = time.perf_counter()
    data = labelled(corpus)
    about = {"model": "figure_kind", "pledgewatch": __version__, "learner": "LogisticRegression",
             "C": settings.LEARN_C, "seed": settings.LEARN_SEED, **summary(data, folders)}
    model = fit(data, about)
    model.about["features"] = len(model.weights)
    model.about["training_s"] = round(time.perf_counter() - began, 1)
    return model, model.about
