"""Training the figure decision: labels from gold facts, a fitted model that learns a clear
signal, and the model's decisions in the fact builder."""

from __future__ import annotations

import pytest

from pledgewatch.extract.learn.decide import Candidate
from pledgewatch.extract.learn.model import NONE, RULES, Model, using
from pledgewatch.extract.learn.training import Labelled, fit, label

GOLD = [{"kind": "jobs_created", "value": 500, "unit": "jobs"},
        {"kind": "investment", "value": 1.2e9, "unit": "EUR"},
        {"kind": "capacity", "value": 80000, "unit": "t/yr"},
        {"kind": "site_opening", "value": None, "unit": None}]


def _candidate(value: float, unit: str, rule: str | None = None, **features: float) -> Candidate:
    return Candidate(features or {"bias": 1.0}, value, unit, rule)


@pytest.mark.parametrize(("value", "unit", "rule", "expected"), [
    (500, "people", None, "jobs_created"),  # "500 salariés" counted as jobs
    (500, "jobs", "jobs_cut", "jobs_created"),  # the gold kind, not the rules'
    (1.2e9, "EUR", "investment", "investment"),
    (1.203e9, "EUR", None, "investment"),  # within 0.5 %
    (1.2e9, "USD", "investment", NONE),  # another currency
    (80000, "t", None, "capacity"),  # tonnes a year, "par an" said further on
    (300, "jobs", "jobs_created", NONE),
])
def test_labels_align_gold_figures(value: float, unit: str, rule: str | None, expected: str) -> None:
    assert label(_candidate(value, unit, rule), GOLD) == expected


def test_fit_learns_a_clear_signal_and_exports_plain_weights() -> None:
    data = [Labelled(str(i), [_candidate(1.0, "EUR", **{"bias": 1.0, "cue:investment<15": 1.0}),
                              _candidate(1.0, "EUR", **{"bias": 1.0, "cue:money_negative<15": 1.0}),
                              _candidate(1.0, "jobs", **{"bias": 1.0, "cue:jobs_cut<15": 1.0})],
                     ["investment", NONE, "jobs_cut"], {}) for i in range(10)]
    model = fit([c.features for d in data for c in d.candidates], [lab for d in data for lab in d.labels],
                {"model": "test"})
    assert sorted(model.classes) == ["investment", "jobs_cut", NONE]
    assert isinstance(Model.from_json(model.to_json(), "t"), Model)
    for features, expected in (({"bias": 1.0, "cue:investment<15": 1.0}, "investment"),
                               ({"bias": 1.0, "cue:money_negative<15": 1.0}, NONE),
                               ({"bias": 1.0, "cue:jobs_cut<15": 1.0}, "jobs_cut")):
        p = model.probabilities(features)
        assert max(p, key=p.get) == expected


def test_the_model_decides_only_figures_the_rules_give_no_kind(extractor) -> None:
    from pledgewatch.read.reader import read_text

    news = read_text("Le groupe Safran va investir 10 millions d'euros dans une usine à Lyon.", "t", "t",
                     published="2025-03-01")
    recalled = read_text("L'an dernier, le groupe Safran a investi 12 millions d'euros dans une usine à Lyon.", "t", "t",
                         published="2025-03-01")
    drop_all = Model([NONE, "investment"], [5.0, 0.0], {})
    keep_all = Model([NONE, "investment"], [0.0, 5.0], {})
    unsure = Model([NONE, "investment"], [0.0, 1.0], {})  # 0.73: under settings.FIGURE_ADD_THRESHOLD
    figures = lambda document: [f["value"] for f in extractor(document)["facts"] if f["value"]]  # noqa: E731
    with using(RULES):
        assert (figures(news), figures(recalled)) == ([1e7], [])
    with using({"figure_kind": drop_all}):
        assert (figures(news), figures(recalled)) == ([1e7], [])  # the rules' kind stands
    with using({"figure_kind": keep_all}):
        assert (figures(news), figures(recalled)) == ([1e7], [1.2e7])  # the model reads the recalled figure as news
    with using({"figure_kind": unsure}):
        assert (figures(news), figures(recalled)) == ([1e7], [])


FIRST_NAMED = Model(["no", "yes"], [0.0, 0.0], {"order=0": [-5.0, 5.0]})
"""An actor model that always picks the company the text names first."""


@pytest.mark.parametrize(("text", "rules", "model"), [
    # the rules' actor is named in the sentence: the model picks among the companies named
    ("Le fabricant Brindor, client du groupe Exemplor, a salué l'annonce : Exemplor va investir 300 millions "
     "d'euros à Lyon.", "Exemplor", "Brindor"),
    # the rules reach back to the previous sentence: their choice stands
    ("Le groupe Brindor et le groupe Exemplor ont été reçus à Bercy. Le groupe Exemplor a annoncé un plan. "
     "Il va investir 300 millions d'euros à Lyon.", "Exemplor", "Exemplor"),
])
def test_the_actor_model_decides_when_the_rules_actor_is_in_the_sentence(extractor, text: str, rules: str,
                                                                         model: str) -> None:
    from pledgewatch.read.reader import read_text

    document = read_text(text, "t", "t", published="2025-03-01")
    actor = lambda: next(f["actor"] for f in extractor(document)["facts"] if f["kind"] == "investment")  # noqa: E731
    with using(RULES):
        assert actor() == rules
    with using({"actor": FIRST_NAMED}):
        assert actor() == model
