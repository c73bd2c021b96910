"""Placing: a fact's places from its clause (short texts written for the test)."""

from __future__ import annotations

import pytest

from pledgewatch.extract.places import find_places
from pledgewatch.extract.placing import group_places, nested
from pledgewatch.read.reader import read_text


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("place:Pune, IN", "country:IN", True),  # a town abroad lies in its country
    ("country:IN", "place:Pune, IN", True),
    ("place:Pune, IN", "country:DE", False),
    ("commune:69123", "departement:69", True),
    ("commune:69123", "country:IN", False),
])
def test_nested(a: str, b: str, expected: bool) -> None:
    assert nested(a, b) is expected


def test_a_town_abroad_is_one_group_with_its_country() -> None:
    places = find_places("L'usine de Grünheide, en Allemagne, et celle de Lyon (Rhône).")
    assert [[p.code for p in g] for g in group_places(places)] == [
        ["place:Grünheide, DE", "country:DE"], ["commune:69123", "departement:69"]]


def test_a_site_abroad_is_one_fact_with_its_town_and_country(extractor) -> None:
    text = "Le groupe Safran va construire une usine à Pune, en Inde."
    facts = extractor(read_text(text, "t", "t", published="2025-03-01"))["facts"]
    assert [(f["kind"], [p["code"] for p in f["places"]]) for f in facts] == [
        ("site_opening", ["place:Pune, IN", "country:IN"])]


def _places(extractor, text: str) -> list[tuple[float, list[str]]]:
    facts = extractor(read_text(text, "t", "t", published="2025-03-01"))["facts"]
    return [(f["value"], [p["code"] for p in f["places"]]) for f in facts]


@pytest.mark.parametrize(("text", "expected"), [
    # figures shared out among places: each takes the place named right after it
    ("Le groupe Gestamp supprime 122 postes dans l'Orne et 12 en Seine-Maritime.",
     [(122.0, ["departement:61"]), (12.0, ["departement:76"])]),
    # one figure for two places: both
    ("Le groupe Safran va investir 10 millions d'euros à Lyon et à Rennes.",
     [(1e7, ["commune:69123", "commune:35238"])]),
    # a country right after the figure, whatever the clause names farther on
    ("Le groupe Safran va investir 10 millions d'euros en France, dont une usine à Lyon.", [(1e7, ["country:FR"])]),
])
def test_a_figure_takes_the_place_named_right_after_it(extractor, text: str, expected: list) -> None:
    assert _places(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a town named as a landmark beside the site's locality is no second site
    ("Le groupe Safran va construire une usine à Béthune, près de Lille.", [["commune:62119"]]),
    # beside areas only, a landmark is a site of its own
    ("Le groupe Safran va agrandir ses sites en région parisienne et près de Marseille.",
     [["region:11"], ["commune:13055"]]),
])
def test_a_landmark_beside_a_locality_is_no_site_of_its_own(extractor, text: str, expected: list) -> None:
    facts = extractor(read_text(text, "t", "t", published="2025-03-01"))["facts"]
    assert [[p["code"] for p in f["places"]] for f in facts if f["kind"].startswith("site_")] == expected
