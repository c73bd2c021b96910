"""The JSON linear model: scores, round trip, refusal of a broken file, swapping in a model."""

from __future__ import annotations

import math

import pytest

from pledgewatch.errors import PledgewatchError
from pledgewatch.extract.learn import model as model_mod
from pledgewatch.extract.learn.model import NONE, RULES, Model, active, using

TOY = Model([NONE, "investment"], [0.0, -1.0], {"cue:investment<15": [0.0, 3.0], "negated": [2.0, -2.0]},
            {"model": "toy"})


def test_probabilities_are_a_softmax_of_linear_scores() -> None:
    p = TOY.probabilities({"cue:investment<15": 1.0, "unknown": 1.0})
    assert p["investment"] == pytest.approx(math.exp(2) / (1 + math.exp(2)))
    assert sum(p.values()) == pytest.approx(1.0)
    assert max(TOY.probabilities({"cue:investment<15": 1.0, "negated": 1.0}).items(), key=lambda kv: kv[1])[0] == NONE


def test_json_round_trip_keeps_the_model(tmp_path) -> None:
    path = tmp_path / "m.json"
    TOY.save(path)
    back = Model.from_json(path.read_text(encoding="utf-8"), str(path))
    assert (back.classes, back.intercepts, back.weights, back.about) == (TOY.classes, TOY.intercepts, TOY.weights, TOY.about)
    assert path.read_text(encoding="utf-8") == TOY.to_json() + "\n"  # deterministic


@pytest.mark.parametrize("text", ["not json", '{"classes": ["a", "b"], "intercepts": [0], "weights": {}}',
                                  '{"classes": ["a", "b"], "intercepts": [0, 1], "weights": {"f": [1]}}'])
def test_a_broken_model_file_is_refused_with_e104(text: str) -> None:
    with pytest.raises(PledgewatchError) as err:
        Model.from_json(text, "m.json")
    assert err.value.code == "E104"


def test_using_swaps_the_active_model_and_restores_it() -> None:
    before = active()
    with using({"figure_kind": TOY}):
        assert active() is TOY
        assert active("actor") is None  # a model left out: the rules decide
        with using(RULES):
            assert active() is None
        assert active() is TOY
    assert active() is before


@pytest.mark.parametrize(("name", "classes"), [("figure_kind", {NONE, "investment"}), ("actor", {"yes", "no"})])
def test_the_shipped_models_load_with_their_training_summary(name: str, classes: set[str]) -> None:
    shipped = model_mod.shipped(name)
    assert shipped is not None, f"the package ships data/models/{name}.json"
    assert classes <= set(shipped.classes)
    assert shipped.about["documents"] > 0 and shipped.about["figure_labels"] and shipped.about["actor_labels"]
