"""Companies the parse finds: proper names a verb of commitment has as its subject, by lemma,
which the entity recogniser missed or took for a person (texts written for these tests)."""

from __future__ import annotations

import pytest

from pledgewatch.document import Document
from pledgewatch.extract.pipeline import analyse


def companies(text: str) -> list[str]:
    doc = analyse(Document(id="t", text=text, lang="fr"))
    return [c.text for c in doc._.companies]


@pytest.mark.parametrize("text, name", [
    ("Kovalindo a prévu un nouveau hub numérique à Nantes.", "Kovalindo"),
    ("Selon la presse, Brenvik va construire une usine à Metz.", "Brenvik"),
    ("Dans l'Orne, Tessaly supprimera 80 postes.", "Tessaly"),
])
def test_the_subject_of_a_verb_of_commitment_is_a_company(extractor, text: str, name: str) -> None:
    assert name in companies(text)


@pytest.mark.parametrize("text, name", [
    pytest.param("Donald Trump a annoncé des droits de douane.", "Donald Trump",  # a person's full name
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "a full name is a person's only when its first name is in companies.yml's first_names: "
                     "NER's PER label alone also falls on company names ('Azur Datacenter')"))),
    ("Emmanuel Macron est venu. Macron a annoncé un plan.", "Macron"),          # named so before
    ("Dunkerque a été choisie. Dunkerque accueillera une usine.", "Dunkerque"),  # a place
    ("Kovalindo a gagné un prix.", "Kovalindo"),                                # no verb of commitment
])
def test_no_company_from_a_person_a_place_or_another_verb(extractor, text: str, name: str) -> None:
    assert name not in companies(text)


def test_a_name_after_a_common_noun_is_no_persons_surname(extractor) -> None:
    text = "Brasserie Kerlann : une usine à Lorient. La brasserie Kerlann va construire une usine à Lorient."
    assert "Kerlann" in " ".join(companies(text))


def test_a_hyphen_joins_the_parts_of_a_name(extractor) -> None:
    found = companies("Liebherr-Aerospace Toulouse bâtit son usine du futur.")
    assert "Aerospace Toulouse" not in found
