"""Tests of the amount finder on sentences written for these tests."""

from __future__ import annotations

import pytest

from pledgewatch.extract.amounts import Quantity, find_quantities

NBSP, NNBSP = "\u00a0", "\u202f"


def _find(source: str, expected: str) -> Quantity:
    """The quantity whose text is ``expected``, checking its offsets."""
    found = find_quantities(source)
    for q in found:
        assert q.text == source[q.start : q.end]
    matches = [q for q in found if q.text == expected]
    assert matches, f"{expected!r} not in {[q.text for q in found]}"
    return matches[0]


# (sentence, expected span, value, value_max, unit, qualifier)
AMOUNTS = [
    ("Le groupe investira 4 milliards d'euros en Alsace.", "4 milliards d'euros", 4e9, None, "EUR", "exact"),
    ("Il promet 1,2 Md€ sur cinq ans.", "1,2 Md€", 1.2e9, None, "EUR", "exact"),
    ("La levée atteint 35 M€ cette année.", "35 M€", 35e6, None, "EUR", "exact"),
    ("Un ticket de 250 k€ pour chaque lauréat.", "250 k€", 250e3, None, "EUR", "exact"),
    ("Le fonds pèse 2 Mds$ désormais.", "2 Mds$", 2e9, None, "USD", "exact"),
    ("Une enveloppe de 80 M$ a été votée.", "80 M$", 80e6, None, "USD", "exact"),
    ("Le chantier coûtera 3 mds d’euros.", "3 mds d’euros", 3e9, None, "EUR", "exact"),
    ("La société a levé 600 millions de dollars.", "600 millions de dollars", 600e6, None, "USD", "exact"),
    ("Un contrat de 2 Mrd d'euros a été signé.", "2 Mrd d'euros", 2e9, None, "EUR", "exact"),
    ("Le site recevra 45 millions d’euros.", "45 millions d’euros", 45e6, None, "EUR", "exact"),
    ("L'usine créera 2 500 emplois.", "2 500 emplois", 2500, None, "jobs", "exact"),
    (f"Le groupe compte 10{NBSP}000 salariés.", f"10{NBSP}000 salariés", 10000, None, "jobs", "exact"),
    (f"Il vise 12{NNBSP}400 recrutements.", f"12{NNBSP}400 recrutements", 12400, None, "jobs", "exact"),
    ("Le constructeur annonce 10.000 embauches.", "10.000 embauches", 10000, None, "jobs", "exact"),
    ("Le réseau emploie 1.164 personnes.", "1.164 personnes", 1164, None, "people", "exact"),
    ("L'entrepôt ouvrira avec 3000 postes.", "3000 postes", 3000, None, "jobs", "exact"),
    ("Le plan prévoit 700 CDI.", "700 CDI", 700, None, "jobs", "exact"),
    ("Ce seront 150 emplois directs.", "150 emplois directs", 150, None, "jobs", "exact"),
    ("La fermeture, avec 235 suppressions d'emploi à la clef.", "235 suppressions d'emploi", 235, None, "jobs", "exact"),
    ("Nokia prévoit 900 suppressions en France.", "900 suppressions", 900, None, "jobs", "exact"),
    ("Nous ouvrirons 300 nouveaux emplois.", "300 nouveaux emplois", 300, None, "jobs", "exact"),
    ("Le programme formera 1 million de personnes.", "1 million de personnes", 1e6, None, "people", "exact"),
    ("L'incubateur accueillera 40 start-up.", "40 start-up", 40, None, "startups", "exact"),
    ("Le fonds soutiendra 25 jeunes pousses.", "25 jeunes pousses", 25, None, "startups", "exact"),
    ("Le préfet a retenu 18 projets.", "18 projets", 18, None, "projects", "exact"),
    ("Le groupe dispose de 7 sites en France.", "7 sites", 7, None, "sites", "exact"),
    ("Le calculateur réunira 5 000 GPU.", "5 000 GPU", 5000, None, "GPU", "exact"),
    ("La ferme solaire produira 80 MW.", "80 MW", 80, None, "MW", "exact"),
    ("Le parc atteindra 1,5 GW.", "1,5 GW", 1500, None, "MW", "exact"),
    ("Une centrale de 2 gigawatts est prévue.", "2 gigawatts", 2000, None, "MW", "exact"),
    ("Une toiture de 12 MWc sera posée.", "12 MWc", 12, None, "MW", "exact"),
    ("Le contrat porte sur 350 GWh.", "350 GWh", 350000, None, "MWh", "exact"),
    ("Le site consommera 914 GW/h par an.", "914 GW/h", 914000, None, "MWh", "exact"),
    ("Le parc produira 350 Gw/h par an.", "350 Gw/h", 350000, None, "MWh", "exact"),
    ("Les parcs produiront 400 gigawatts/heure par an.", "400 gigawatts/heure", 400000, None, "MWh", "exact"),
    ("La consommation frôle 2 TWh.", "2 TWh", 2e6, None, "MWh", "exact"),
    ("Le site stocke 900 MWh.", "900 MWh", 900, None, "MWh", "exact"),
    ("La ligne produira 40 000 tonnes par an.", "40 000 tonnes par an", 40000, None, "t/yr", "exact"),
    ("Le four traitera 8 000 tonnes/an.", "8 000 tonnes/an", 8000, None, "t/yr", "exact"),
    ("On a recyclé 600 tonnes de verre.", "600 tonnes", 600, None, "t", "exact"),
    ("Le bâtiment couvrira 20 000 m² au sol.", "20 000 m²", 20000, None, "m2", "exact"),
    ("Des bureaux de 4 500 m2 sont loués.", "4 500 m2", 4500, None, "m2", "exact"),
    ("Un atelier de 900 mètres carrés a ouvert.", "900 mètres carrés", 900, None, "m2", "exact"),
    ("Le terrain s'étend sur 12 hectares.", "12 hectares", 120000, None, "m2", "exact"),
    ("Les ventes progressent de 15%.", "15%", 15, None, "%", "exact"),
    ("Un approvisionnement 100 % renouvelable.", "100 %", 100, None, "%", "exact"),
    ("Le titre cède -0,38% en séance.", "-0,38%", -0.38, None, "%", "exact"),
    ("La marge gagne 3 pour cent.", "3 pour cent", 3, None, "%", "exact"),
    ("La chaîne sortira 200 000 véhicules.", "200 000 véhicules", 200000, None, "vehicles", "exact"),
    ("Le promoteur bâtit 120 logements.", "120 logements", 120, None, "homes", "exact"),
    ("L'enseigne ferme 14 magasins.", "14 magasins", 14, None, "stores", "exact"),
    ("La marque remplira 5 millions de bouteilles.", "5 millions de bouteilles", 5e6, None, "bottles", "exact"),
    ("L'usine confectionnera 90000 obus par an.", "90000 obus", 90000, None, "shells", "exact"),
    ("Elle produira 2 millions de pneus.", "2 millions de pneus", 2e6, None, "tires", "exact"),
    ("Le site livrera 300 électrolyseurs.", "300 électrolyseurs", 300, None, "electrolysers", "exact"),
    ("Le groupe exploite deux usines.", "deux usines", 2, None, "plants", "exact"),
    ("La filiale rachète 3 entrepôts.", "3 entrepôts", 3, None, "warehouses", "exact"),
    ("L'action vaut 413,16 dollars.", "413,16 dollars", 413.16, None, "USD", "exact"),
    ("Un contrat de 50 millions de dollars américains.", "50 millions de dollars américains", 50e6, None, "USD", "exact"),
    ("Le projet vaut 300 millions de livres sterling.", "300 millions de livres sterling", 300e6, None, "GBP", "exact"),
    ("Le rachat atteint 2 milliards de livres.", "2 milliards de livres", 2e9, None, "GBP", "exact"),
    ("Une commande de 80 £ seulement.", "80 £", 80, None, "GBP", "exact"),
    ("Le chèque est de 40 millions de francs suisses.", "40 millions de francs suisses", 40e6, None, "CHF", "exact"),
    ("Le géant chinois apporte 9 milliards de yuans.", "9 milliards de yuans", 9e9, None, "CNY", "exact"),
    ("Le partenaire japonais met 100 milliards de yens.", "100 milliards de yens", 100e9, None, "JPY", "exact"),
    ("La valorisation atteint 700 millions USD.", "700 millions USD", 700e6, None, "USD", "exact"),
    ("Le budget est de 12 millions EUR.", "12 millions EUR", 12e6, None, "EUR", "exact"),
    ("Les salaires y atteignent 90 000 CHF.", "90 000 CHF", 90000, None, "CHF", "exact"),
    ("Trois milliards d'euros seront mobilisés.", "Trois milliards d'euros", 3e9, None, "EUR", "exact"),
    ("L'État apporte un million d'euros.", "un million d'euros", 1e6, None, "EUR", "exact"),
    ("Le plan crée trois cents emplois.", "trois cents emplois", 300, None, "jobs", "exact"),
    ("Il faut dix mille techniciens.", "dix mille techniciens", 10000, None, "technicians", "exact"),
    ("Il faut dix mille bénévoles.", "dix mille", 10000, None, None, "exact"),
    ("Le campus atteindra un gigawatt.", "un gigawatt", 1000, None, "MW", "exact"),
    ("Une machine d'une puissance d'au moins un exaflop.", "au moins un exaflop", 1, None, "exaflops", "at_least"),
    ("Elle vise vingt et un sites.", "vingt et un sites", 21, None, "sites", "exact"),
    ("Le groupe lève deux milliards de dollars.", "deux milliards de dollars", 2e9, None, "USD", "exact"),
    ("Un milliard et demi d’euros est promis.", "Un milliard et demi d’euros", 1.5e9, None, "EUR", "exact"),
    ("Le chiffre d'affaires atteint 0,5 milliard.", "0,5 milliard", 0.5e9, None, None, "exact"),
    ("Le parc comptera 30 éoliennes.", "30 éoliennes", 30, None, "wind turbines", "exact"),
    ("La mairie a reçu 2026 dossiers.", "2026", 2026, None, None, "exact"),
]


@pytest.mark.parametrize(("source", "expected", "value", "value_max", "unit", "qualifier"), AMOUNTS)
def test_amounts(source: str, expected: str, value: float, value_max: float | None, unit: str | None, qualifier: str) -> None:
    q = _find(source, expected)
    assert q.value == pytest.approx(value)
    assert q.value_max == value_max
    assert q.unit == unit
    assert q.qualifier == qualifier


QUALIFIED = [
    ("Il investira plus de 500 millions d'euros.", "plus de 500 millions d'euros", 500e6, None, "EUR", "at_least"),
    ("Au moins 200 emplois seront créés.", "Au moins 200 emplois", 200, None, "jobs", "at_least"),
    ("Le site emploiera au minimum 80 salariés.", "au minimum 80 salariés", 80, None, "jobs", "at_least"),
    ("Pas moins de 40 projets sont lancés.", "Pas moins de 40 projets", 40, None, "projects", "at_least"),
    ("Une capacité supérieure à 100 MW.", "supérieure à 100 MW", 100, None, "MW", "at_least"),
    ("Les annonces devraient dépasser 3 milliards d'euros.", "dépasser 3 milliards d'euros", 3e9, None, "EUR", "at_least"),
    ("Une facture dépassant 40 millions d'euros.", "dépassant 40 millions d'euros", 40e6, None, "EUR", "at_least"),
    ("Une puissance pouvant atteindre 800 MW.", "pouvant atteindre 800 MW", 800, None, "MW", "at_most"),
    ("Le fonds pourra mobiliser plus d'un milliard d'euros.", "plus d'un milliard d'euros", 1e9, None, "EUR", "at_least"),
    ("Le plan prévoit 500 embauches au moins.", "500 embauches au moins", 500, None, "jobs", "at_least"),
    ("Le centre abritera jusqu'à 10 000 GPU.", "jusqu'à 10 000 GPU", 10000, None, "GPU", "at_most"),
    ("Un budget allant jusqu’à 2 Md€.", "allant jusqu’à 2 Md€", 2e9, None, "EUR", "at_most"),
    ("Moins de 50 postes seraient touchés.", "Moins de 50 postes", 50, None, "jobs", "at_most"),
    ("Une aide de 3 millions d'euros au maximum.", "3 millions d'euros au maximum", 3e6, None, "EUR", "at_most"),
    ("Le plan touchera un maximum de 900 postes.", "un maximum de 900 postes", 900, None, "jobs", "at_most"),
    ("Le projet vaut environ 40 millions d'euros.", "environ 40 millions d'euros", 40e6, None, "EUR", "about"),
    ("Près de 1 200 salariés sont concernés.", "Près de 1 200 salariés", 1200, None, "jobs", "about"),
    ("Le groupe injecte quelque 60 millions d’euros.", "quelque 60 millions d’euros", 60e6, None, "EUR", "about"),
    ("Un coût autour de 8 M€ est avancé.", "autour de 8 M€", 8e6, None, "EUR", "about"),
    ("Il faudra approximativement 400 recrutements.", "approximativement 400 recrutements", 400, None, "jobs", "about"),
    ("La facture atteint ~5 M€.", "~5 M€", 5e6, None, "EUR", "about"),
    ("Près d'un millier d'emplois sont attendus.", "Près d'un millier d'emplois", 1000, None, "jobs", "about"),
    ("Une trentaine de sites vont fermer.", "Une trentaine de sites", 30, None, "sites", "about"),
    ("Une centaine de chercheurs arriveront.", "Une centaine de chercheurs", 100, None, "researchers", "about"),
    ("Un demi-millier de postes est en jeu.", "Un demi-millier de postes", 500, None, "jobs", "about"),
    ("Un millier de personnes seront formées.", "Un millier de personnes", 1000, None, "people", "about"),
    ("Une centaine de millions d'euros sera investie.", "Une centaine de millions d'euros", 100e6, None, "EUR", "about"),
    ("Il veut créer entre 8 000 et 10 000 emplois.", "entre 8 000 et 10 000 emplois", 8000, 10000, "jobs", "range"),
    # the first figure shares the second's groups of thousands; not where it is larger than them
    ("Il veut créer entre 10 et 15 000 emplois.", "entre 10 et 15 000 emplois", 10000, 15000, "jobs", "range"),
    ("Le site comptera entre 350 et 500 000 serveurs.", "entre 350 et 500 000 serveurs", 350000, 500000, "servers", "range"),
    ("Il veut créer entre 900 et 1 200 emplois.", "entre 900 et 1 200 emplois", 900, 1200, "jobs", "range"),
    ("Il mettra entre 1 et 1,5 milliard d'euros.", "entre 1 et 1,5 milliard d'euros", 1e9, 1.5e9, "EUR", "range"),
    ("Il mettra entre 500 millions et 1 milliard d'euros.", "entre 500 millions et 1 milliard d'euros", 500e6, 1e9, "EUR", "range"),
    ("Le plan prévoit de 200 à 300 postes.", "de 200 à 300 postes", 200, 300, "jobs", "range"),
    ("La hausse ira de 2 à 3 milliards de dollars.", "de 2 à 3 milliards de dollars", 2e9, 3e9, "USD", "range"),
    ("Le parc fera entre 50 MW et 80 MW.", "entre 50 MW et 80 MW", 50, 80, "MW", "range"),
    ("Il embauchera 40 à 60 techniciens de maintenance.", "40 à 60 techniciens", 40, 60, "technicians", "range"),
    ("Il embauchera 40 à 60 bénévoles.", "40", 40, None, None, "exact"),
    ("Il embauchera 40 à 60 salariés.", "40 à 60 salariés", 40, 60, "jobs", "range"),
    ("Un rendement entre 5 et 7 %.", "entre 5 et 7 %", 5, 7, "%", "range"),
]


@pytest.mark.parametrize(("source", "expected", "value", "value_max", "unit", "qualifier"), QUALIFIED)
def test_qualifiers(source: str, expected: str, value: float, value_max: float | None, unit: str | None, qualifier: str) -> None:
    q = _find(source, expected)
    assert q.value == pytest.approx(value)
    assert q.value_max == (pytest.approx(value_max) if value_max is not None else None)
    assert q.unit == unit
    assert q.qualifier == qualifier


@pytest.mark.parametrize(
    ("source", "expected", "unit"),
    [
        ("Des milliers d'emplois sont menacés.", "Des milliers d'emplois", "jobs"),
        ("Des centaines de salariés manifestent.", "Des centaines de salariés", "jobs"),
        ("Plusieurs milliers de postes disparaîtront.", "Plusieurs milliers de postes", "jobs"),
        ("Ils ont investi plusieurs milliards d'euros.", "plusieurs milliards d'euros", "EUR"),
        ("Des dizaines de millions d’euros sont en jeu.", "Des dizaines de millions d’euros", "EUR"),
    ],
)
def test_vague_counts_have_no_value(source: str, expected: str, unit: str) -> None:
    q = _find(source, expected)
    assert (q.value, q.value_max, q.unit, q.qualifier) == (None, None, unit, "about")


@pytest.mark.parametrize(
    ("source", "expected", "raw_unit"),
    [
        ("Il promet 1,2 Md€ sur cinq ans.", "1,2 Md€", "Md€"),
        ("Le groupe investira 4 milliards d'euros.", "4 milliards d'euros", "d'euros"),
        ("L'usine créera 2 500 emplois.", "2 500 emplois", "emplois"),
        ("Le site compte 3 bâtiments.", "3", None),
    ],
)
def test_raw_unit(source: str, expected: str, raw_unit: str | None) -> None:
    assert _find(source, expected).raw_unit == raw_unit


def test_year_then_count_are_not_merged() -> None:
    found = find_quantities("Le site ouvrira en 2027 500 emplois à la clé.")
    assert [(q.text, q.value, q.unit) for q in found] == [("2027", 2027, None), ("500 emplois", 500, "jobs")]


def test_list_items_are_not_merged() -> None:
    found = find_quantities("Les phases 1, 2 et 3 du chantier.")
    assert [q.value for q in found] == [1, 2, 3]
    assert all(q.qualifier == "exact" for q in found)


def test_year_span_is_not_a_range() -> None:
    assert all(q.qualifier != "range" for q in find_quantities("Le plan court de 2025 à 2030."))


@pytest.mark.parametrize(
    "source",
    [
        "Le 1er site du groupe ouvre.",
        "Les entreprises du CAC 40 emploient beaucoup.",
        "L'indice CAC 40 a reculé de 1 %.",
        "Appelez le 01 23 45 67 89 pour postuler.",
        "La 3e usine du groupe et le 2ème site.",
        "L'A320 et le COVID-19 pèsent sur 2024.",
        "Rendez-vous le 12/05/2026 à 14h30.",
        "Le rapport vient d'être publié en 2023.",
        "Un site et une usine.",
        "Le billion n'est pas un mot retenu.",
    ],
)
def test_no_spurious_counts(source: str) -> None:
    for q in find_quantities(source):
        assert q.text == source[q.start : q.end]
        assert q.unit not in ("jobs", "sites", "plants", "EUR")
        assert q.value is None or abs(q.value) < 1e6


def test_results_sorted_and_disjoint() -> None:
    text = "Plus de 300 M€ et 1 200 emplois, entre 5 et 10 sites, près d'une centaine de start-up."
    found = find_quantities(text)
    assert len(found) == 4
    for left, right in zip(found, found[1:]):
        assert left.end <= right.start
