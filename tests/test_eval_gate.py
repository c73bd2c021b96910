"""Evaluation gate: the extractor is not broken on the French dev corpus (floors of settings.ACCURACY_FLOORS).

Checked twice: as it extracts by default (the rules, and the models ``settings.LEARNED_DECISIONS``
names) and with every shipped model deciding, so that a broken model file or feature is caught
even while no model decides by default. The corpus lives beside the repository
(``../shared/corpus/dev``) and is not part of it: on a clone without it, the gate is skipped with
that reason. The measures are those of ``../shared/tools/score.py`` (``evaluation.py`` reproduces
them, see test_evaluation.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch import settings
from pledgewatch.extract import evaluation
from pledgewatch.extract.learn.model import MODELS, shipped, using

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


@pytest.fixture(scope="module", params=["default", "shipped models"])
def dev_scores(request) -> dict:
    if not DEV.is_dir():
        pytest.skip(f"no dev corpus at {DEV}")
    if request.param == "default":
        result, _ = evaluation.evaluate_folder(DEV, "fr")
        return result
    models = {name: shipped(name) for name in MODELS}
    assert all(models.values()), "the package ships every model of learn/model.MODELS"
    with using(models):
        result, _ = evaluation.evaluate_folder(DEV, "fr")
    return result


@pytest.mark.parametrize("measure", sorted(settings.ACCURACY_FLOORS))
def test_f1_keeps_its_floor(dev_scores: dict, measure: str) -> None:
    assert dev_scores[measure]["f1"] >= settings.ACCURACY_FLOORS[measure]


def test_every_evidence_lies_in_its_text(dev_scores: dict) -> None:
    assert dev_scores["evidence_not_in_text"] == 0
