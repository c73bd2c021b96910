"""Relative changes of a capacity or a workforce read from the parse (texts written for the test)."""

from __future__ import annotations

import pytest

from pledgewatch.read.reader import read_text


def _changes(extractor, text: str) -> list[tuple]:
    result = extractor(read_text(f"date 2024-05 - {text}", "t", "t"))
    return sorted((f["kind"], f["actor"], f["value"]) for f in result["facts"] if f["unit"] == "%")


@pytest.mark.parametrize(("text", "expected"), [
    # multipliers, by lemma, whatever their inflection
    ("Le groupe Safran va tripler sa production de moteurs.", [("capacity", "Safran", 200)]),
    ("Safran double les capacités de son usine de Toulouse.", [("capacity", "Safran", 100)]),
    ("Le doublement de la production de Safran est prévu pour 2026.", [("capacity", "Safran", 100)]),
    ("Le groupe Safran va plus que doubler ses effectifs d'ici 2026.", [("jobs_created", "Safran", 100)]),
    # a rise by a share of what it bears on: its object, the noun after the share, its subject
    ("Le groupe Renault va accroître de 40 % sa capacité de production à Douai.", [("capacity", "Renault", 40)]),
    ("Le groupe Renault va augmenter les capacités de l'usine de 25 %.", [("capacity", "Renault", 25)]),
    ("Avec cette ligne, Renault va gagner 30 % de capacité.", [("capacity", "Renault", 30)]),
    ("Chez Renault, la production augmentera de 15 % en 2026.", [("capacity", "Renault", 15)]),
    # the change of anything else is no fact
    ("Le chiffre d'affaires de Renault augmentera de 12 % en 2026.", []),
    ("Le groupe Renault va doubler ses ventes en Europe d'ici 2026.", []),
    ("Renault annonce un double investissement à Douai.", []),
    ("Le groupe Renault va augmenter ses prix, à 25 % au-dessus du marché.", []),
])
def test_a_capacity_or_workforce_changed_is_a_fact_in_percent(extractor, text: str, expected: list[tuple]) -> None:
    assert _changes(extractor, text) == expected


def _figures(extractor, text: str) -> list[tuple]:
    result = extractor(read_text(f"date 2024-05 - {text}", "t", "t"))
    return sorted((f["kind"], f["value"], f["value_max"], f["unit"]) for f in result["facts"] if f["value"] is not None)


@pytest.mark.parametrize(("text", "expected"), [
    # a figure moved from one value to another is where it moves to, with the first one's unit
    ("La production de l'usine Safran de Toulouse passera de 13 millions d'unités par an à 26 millions d'ici 2027.",
     [("capacity", 26_000_000, None, "units")]),
    ("L'usine Safran vient d'être agrandie, passant ainsi de 1 600 m² à 2 800 m².",
     [("site_expansion", 2800, None, "m2")]),
    # "de X à Y" after any other verb is a range
    ("Le groupe Safran va créer de 200 à 300 emplois à Toulouse.", [("jobs_created", 200, 300, "jobs")]),
])
def test_a_figure_moved_from_one_value_to_another_is_the_second(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a supply wholly of renewable power, told by an adverb, is a target of 100 %
    ("Le groupe Safran veut s'alimenter entièrement en énergies renouvelables d'ici 2027.",
     [("sustainability_target", 100, None, "%")]),
    ("Safran prévoit de se fournir uniquement en électricité renouvelable d'ici 2025.",
     [("sustainability_target", 100, None, "%")]),
    # the adverb of anything else is not
    ("Le groupe Safran veut financer entièrement son usine de Toulouse d'ici 2027.", []),
])
def test_a_whole_renewable_supply_is_a_target_of_100_percent(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a site's capacity raised: the site is extended, besides the change in %
    ("Safran double les capacités de son unité de Toulouse.", [("capacity", 100), ("site_expansion", None)]),
    ("Le groupe Safran va augmenter la production de l'usine de Toulouse de 25 %.",
     [("capacity", 25), ("site_expansion", None)]),
    # a capacity raised with no site named: no site fact
    ("Le groupe Safran va tripler sa production de moteurs d'ici 2027.", [("capacity", 200)]),
])
def test_a_site_whose_capacity_is_raised_is_extended(extractor, text: str, expected: list[tuple]) -> None:
    result = extractor(read_text(f"date 2024-05 - {text}", "t", "t"))
    assert sorted(((f["kind"], f["value"]) for f in result["facts"]), key=repr) == sorted(expected, key=repr)
