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
