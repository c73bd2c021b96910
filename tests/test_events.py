"""Named events and the year of their edition."""

from __future__ import annotations

import pytest

from pledgewatch.extract.events import find_events


@pytest.mark.parametrize("text, published, expected", [
    ("Annonce faite lors du sommet Choose France.", "2024-05", ["Choose France 2024"]),
    ("Annonce faite lors du sommet Choose France.", "2025-05-19", ["Choose France 2025"]),
    ("Annonce faite lors du sommet Choose France.", None, ["Choose France"]),
    ("Le 7e sommet Choose France se tient lundi.", None, ["Choose France 2024"]),
    ("Choose France : 2 milliards en Alsace.\nLe 13 mai s'est tenue la 7e édition.", None, ["Choose France 2024"]),
    ("Choose France. La 6e édition puis la 7e édition.", None, ["Choose France"]),  # two editions: no guess
    ("La septième édition du sommet Choose France s'ouvre.", "2024", ["Choose France 2024"]),
    ("Le coup d'envoi de la 8ᵉ édition de Choose France est donné.", None, ["Choose France 2025"]),
    ("Lors de Choose France 2023, le groupe avait promis 400 emplois.", "2024-05", ["Choose France 2023"]),
    ("L'édition 2022 du sommet Choose France avait attiré 21 projets.", "2024-05", ["Choose France 2022"]),
    ("Ce sommet Choose France, organisé au château, est le sommet de Versailles par excellence.", "2024-05",
     ["Choose France 2024", "Choose France 2024"]),
    ("Les dirigeants européens réunis au sommet de Versailles.", "2022-03", []),
    ("La start-up présentera son robot à VivaTech.", "2023-06-14", ["VivaTech 2023"]),
    ("Un salon Viva Technology très suivi.", "2019-05", ["VivaTech 2019"]),
    ("Lors du sommet pour l'action sur l'intelligence artificielle, Paris a attiré 109 milliards.", None,
     ["Sommet pour l'action sur l'IA 2025"]),
    ("Des annonces confirmées lors du Sommet sur l’IA en février.", "2025-05", ["Sommet pour l'action sur l'IA 2025"]),
    ("Un sommet sur l'IA s'est tenu à Séoul.", "2021-05", []),
    ("Aucune occasion particulière dans ce texte.", "2024-05", []),
])
def test_find_events(text: str, published: str | None, expected: list[str]) -> None:
    assert [e.name for e in find_events(text, published)] == expected


def test_event_span_is_exact() -> None:
    text = "Annonce lors de Choose France 2023 à Versailles."
    (event,) = find_events(text, "2024-01")
    assert text[event.start:event.end] == event.text == "Choose France 2023"
