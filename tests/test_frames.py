"""Frames: sentences as the fact builder reads them."""

from __future__ import annotations

import pytest

from pledgewatch.document import Document
from pledgewatch.extract.frames import _default_event, cue, split_sentences
from pledgewatch.extract.pipeline import analyse


def _sentences(text: str) -> list[str]:
    doc = analyse(Document(id="t", source="t", text=text, lang="fr", published=None))
    return [s.text.strip() for s in split_sentences(doc, doc.text)]


@pytest.mark.parametrize("text, expected", [
    ("La start-up Solarix, originaire de Lyon, va investir 100 millions d'euros dans sa future usine.",
     ["La start-up Solarix, originaire de Lyon, va investir 100 millions d'euros dans sa future usine."]),
    ("Le groupe investit 2 milliards d'euros. Il créera 300 emplois.",
     ["Le groupe investit 2 milliards d'euros.", "Il créera 300 emplois."]),
    ("Une usine à Douai\nLe groupe va embaucher.", ["Une usine à Douai", "Le groupe va embaucher."]),
    ("date 2024-05 (AOF) - Le groupe investit 2 milliards d'euros.", ["Le groupe investit 2 milliards d'euros."]),
    ("« Nous allons investir », a dit le PDG. La suite viendra.",
     ["« Nous allons investir », a dit le PDG.", "La suite viendra."]),
])
def test_sentences_end_at_a_stop_or_a_line_break(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


@pytest.mark.parametrize("names, expected", [
    ([], None),
    (["VivaTech"], "VivaTech"),
    (["Choose France", "Choose France 2024"], "Choose France 2024"),
    (["Choose France 2024", "Choose France"], "Choose France 2024"),
    (["Choose France", "Choose France", "Choose France 2024"], "Choose France"),
    (["VivaTech", "Choose France"], "VivaTech"),
    (["Choose France", "VivaTech"], "Choose France"),
])
def test_default_event_is_the_most_named_then_dated_then_first(names: list[str], expected: str | None) -> None:
    assert _default_event(names) == expected


@pytest.mark.parametrize("name, text, found", [
    ("money_negative", "annoncé vendredi", False),
    ("money_negative", "dans les pays nordiques", False),
    ("money_negative", "serait prêt à investir", False),
    ("money_negative", "pour vendre son usine", True),
    ("money_negative", "grâce à un prêt de la BEI", True),
    ("money_negative", "il faut payer la facture", True),
    ("jobs_created", "le directeur général", False),
    ("jobs_created", "l'IA générative", False),
    ("jobs_created", "devrait générer 200 emplois", True),
    ("site_opening", "des dizaines d'ouvriers", False),
    ("site_opening", "ouvrira une usine", True),
    ("site_opening", "pour ériger le plus grand data center", True),
    # a unit or a centre of some activity is a site, whatever the activity
    ("site_nouns", "une unité de méthanisation", True),
    ("site_nouns", "son centre de maintenance ferroviaire", True),
    ("site_nouns", "un électrolyseur de 200 MW", True),
    ("site_nouns", "au centre-ville", False),
    ("training", "sous forme de prêt", False),
    ("training", "former 1 000 personnes", True),
    ("not_news", "un projet démentiel", False),
    ("not_news", "le groupe dément", True),
    ("site_locative", "une autre", False),
    ("site_locative", "sur le", True),
    ("investment", "le fonds compte placer 8 milliards", True),
    ("investment", "le groupe mettra 900 millions d'euros", True),
    ("investment", "il mobilisera 2 milliards", True),
    ("investment", "la place de marché", False),
    ("jobs_created", "150 postes nouveaux", True),
    ("programme_heads", "le plan France ", True),
    ("programme_heads", "en France d'ici ", False),
    ("capability", "un procédé capable de récupérer", True),
    ("capability", "une capacité de production", False),
    ("founded", "un site ouvert", True),
    ("founded", "l'ouverture", False),
    ("founded", "la société fondée", True),
    ("future_auxiliaries", "qui sera", True),
    ("future_auxiliaries", "il serait", True),
    ("office_titles", "le président de la", True),
    ("office_titles", "la présidente du", True),
    ("office_titles", "la présidence de la", False),
    ("dont_relative.shares", "moitié des fonds", True),
    ("dont_relative.shares", "ouverture", False),
    ("site_opening_after", "dont l'ouverture est prévue", True),
    ("on_own_site", "sur son site de Sélestat", True),
    ("on_own_site", "sur un site de Sélestat", False),
    ("site_expansion_after", "sera également équipée d'une chaudière", True),
    ("site_expansion_after", "une équipe", False),
    ("not_site_anaphora", "y compris ses filiales", True),
    ("share_restated", "de son résultat net, soit ", True),
    ("share_restated", "de son résultat net, soixante", False),
    ("figureless_unlike.site_expansion", "en matière d'essais cliniques", True),
    ("figureless_unlike.site_expansion", "de production", False),
    ("totals", "annonce un total de ", True),
    ("totals", "le totalitarisme", False),
    ("same_place", "Toujours dans le Morbihan, ", True),
    ("same_place", "toujours plus d'usines", False),
    ("share_of_own", "de son résultat net", True),
    ("share_of_own", "de croissance", False),
    ("like", "comme ", True),
    ("like", "commerce ", False),
    ("site_nouns_adjectival", "120 emplois locaux", True),
    ("site_nouns_adjectival", "de nouveaux locaux", False),
])
def test_cue_words_match_whole_words(name: str, text: str, found: bool) -> None:
    assert bool(cue("fr", name).search(text)) is found
