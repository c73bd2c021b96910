"""The learned place decision: each candidate place's features (short texts written for the
test), labels from gold facts, and the model's decision in the fact builder."""

from __future__ import annotations

import pytest

from pledgewatch.extract.frames import ANCHOR, build_context
from pledgewatch.extract.learn.decide import recording
from pledgewatch.extract.learn.model import RULES, Model, using
from pledgewatch.extract.learn.place_decide import NO, YES, PlaceChoice, place_labels
from pledgewatch.extract.learn.place_features import (
    candidates,
    place_features,
    proposals,
)
from pledgewatch.extract.pipeline import analyse
from pledgewatch.read.reader import read_text


def _features(text: str, anchor: str, rules: tuple[str, ...] = (), actor: str = "Safran",
              kind: str = "investment") -> dict[str, set[str]]:
    """Each candidate's code and the names of its features, for a fact anchored at ``anchor``."""
    ctx = build_context(analyse(read_text(text, "t", "t", published="2025-03-01")), [])
    fact = {"kind": kind, "actor": actor, "places": [{"code": c, "name": c} for c in rules], ANCHOR: text.index(anchor)}
    cands = candidates(ctx, fact["places"])
    proposed = proposals(ctx, [fact])[0]
    return {c.code: set(place_features(ctx, fact, c, set(rules), cands, proposed)) for c in cands}


LYON = "commune:69123"
TOULOUSE = "commune:31555"
BLAGNAC = "commune:31069"


@pytest.mark.parametrize(("text", "anchor", "code", "present", "absent"), [
    # named in the figure's clause, after it, attached to its predicate
    ("Le groupe Safran va investir 10 millions d'euros à Lyon.", "10 millions", LYON,
     {"same_sentence", "same_clause", "side=after", "sentences=0", "case=à", "attached_predicate"},
     {"cue=landmark", "cue=origin"}),
    # a landmark: "près de Toulouse"
    ("Le groupe Safran va construire une usine près de Toulouse.", "usine", TOULOUSE,
     {"cue=landmark", "same_sentence"}, {"cue=origin"}),
    # where the company comes from
    ("Originaire de Lyon, le groupe Safran va investir 10 millions d'euros.", "10 millions", LYON,
     {"cue=origin", "side=before"}, {"cue=landmark"}),
    # named in the sentence before, in the title, once
    ("Safran à Lyon\nLe groupe Safran ouvre un site à Lyon. Il y investira 10 millions d'euros.", "10 millions",
     LYON, {"sentences=-1", "in_title", "count=2", "most_named_locality", "actor_in_place_sentence"},
     {"same_sentence"}),
    # another company named beside the place
    ("Le groupe Thales a ouvert un site à Lyon. Safran investira 10 millions d'euros.", "10 millions", LYON,
     {"other_company_in_place_sentence", "sentences=-1"}, {"actor_in_place_sentence"}),
])
def test_place_features(extractor, text: str, anchor: str, code: str, present: set[str], absent: set[str]) -> None:
    features = _features(text, anchor)[code]
    assert present <= features
    assert not absent & features


def test_rules_places_and_nesting_are_features(extractor) -> None:
    text = "Le groupe Safran va investir 10 millions d'euros à Blagnac (Haute-Garonne), en Occitanie."
    features = _features(text, "10 millions", rules=(BLAGNAC, "departement:31"))
    assert {"rules", "level=commune"} <= features[BLAGNAC]
    assert {"area_of_rules_place", "area_of_locality_in_sentence", "level=departement"} <= features["departement:31"]
    assert {"not_rules", "area_of_rules_place", "level=region"} <= features["region:76"]


def test_a_place_the_rules_gave_and_the_text_never_names_is_a_candidate(extractor) -> None:
    features = _features("Le groupe Safran va investir 10 millions d'euros.", "10 millions", rules=("country:FR",))
    assert {"named_nowhere", "rules", "level=country"} <= features["country:FR"]


def test_the_rules_of_inheritance_propose_their_places(extractor) -> None:
    text = ("Le groupe Safran a ouvert une usine à Blagnac. Elle produira des moteurs à Blagnac. "
            "Il y investira 10 millions d'euros. Le groupe Thales est installé en Bretagne.")
    features = _features(text, "10 millions")
    assert {"proposed=main_locality", "proposed=latest_locality", "proposed=site_anaphora_latest",
            "proposed=actor_site"} <= features[BLAGNAC]
    assert not any(name.startswith("proposed=") for name in features["region:53"])


def _choice(codes: list[str], **fact: object) -> PlaceChoice:
    base = {"kind": "investment", "actor": "Safran", "aggregate": False, "value": 1e7, "unit": "EUR",
            "value_max": None, "qualifier": "exact", "deadline": None, "status": "planned", "event": None}
    return PlaceChoice(base | fact, codes, [{"bias": 1.0, f"code={c}": 1.0} for c in codes])


def test_labels_come_from_the_paired_gold_fact() -> None:
    gold = [{"kind": "investment", "actor": "Safran", "value": 1e7, "unit": "EUR", "places": [{"code": LYON}]},
            {"kind": "jobs_created", "actor": "Safran", "value": 50, "unit": "jobs", "places": []}]
    choices = [_choice([LYON, TOULOUSE]),
               _choice([LYON], kind="jobs_created", value=50, unit="jobs"),
               _choice([LYON], actor="Thales")]  # no gold fact of Thales: nothing to learn
    rows, labels = place_labels(choices, gold)
    assert labels == [YES, NO, NO]
    assert rows == choices[0].features + choices[1].features


TEXT = "Le groupe Safran, originaire de Lyon, va investir 10 millions d'euros à Toulouse."


def _places(extractor, text: str) -> list[list[str]]:
    return [[p["code"] for p in f["places"]] for f in extractor(read_text(text, "t", "t", published="2025-03-01"))["facts"]]


@pytest.mark.parametrize(("model", "expected"), [
    (Model([NO, YES], [5.0, 0.0], {}), [[]]),  # keeps nothing
    (Model([NO, YES], [0.0, -5.0], {"cue=origin": [0.0, 10.0]}), [[LYON]]),  # keeps the origin only
    (Model([NO, YES], [0.0, -5.0], {"rules": [0.0, 10.0]}), [[TOULOUSE]]),  # repeats the rules
])
def test_the_model_decides_a_facts_places(extractor, model: Model, expected: list[list[str]]) -> None:
    with using(RULES):
        assert _places(extractor, TEXT) == [[TOULOUSE]]
    with using({"places": model}):
        assert _places(extractor, TEXT) == expected


def test_france_gives_way_to_a_french_place_the_model_keeps(extractor) -> None:
    keep_all = Model([NO, YES], [0.0, 5.0], {})
    with using({"places": keep_all}):
        assert _places(extractor, "Le groupe Safran va investir 10 millions d'euros en France, à Toulouse.") == [[TOULOUSE]]


def test_recording_keeps_each_facts_candidates(extractor) -> None:
    with using(RULES), recording() as met:
        extractor(read_text(TEXT, "t", "t", published="2025-03-01"))
    assert [(c.fact["kind"], c.codes) for c in met.places] == [("investment", [LYON, TOULOUSE])]
    assert [("rules" in f) for f in met.places[0].features] == [False, True]
