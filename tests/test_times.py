"""Tests of pledgewatch.extract.times: time expressions, deadlines and datelines (sentences written for the tests)."""

from __future__ import annotations

import pytest

from pledgewatch.extract.times import (
    CUES,
    TimeExpr,
    dateline_end,
    find_times,
    is_recent,
    parse_dateline,
)

# (sentence, published, expected span text, value, cue)
DEADLINES = [
    ("Le groupe soutiendra 300 jeunes pousses d'ici 2027.", "2024-05", "d'ici 2027", "2027", "by"),
    ("L'usine produira ses premières cellules en 2027.", "2024-05", "en 2027", "2027", "in"),
    ("Le centre sera livré d'ici fin 2025.", "2024-05", "d'ici fin 2025", "2025-12", "by"),
    ("Les travaux s'achèveront fin 2025 selon la mairie.", "2024-05", "fin 2025", "2025-12", "in"),
    ("Le site ouvrira d'ici la fin de 2025.", "2024-05", "d'ici la fin de 2025", "2025-12", "by"),
    ("Le chantier sera terminé à la fin de l'année 2025.", "2024-05", "à la fin de l'année 2025", "2025-12", "in"),
    ("La ligne démarrera début 2026.", "2024-05", "début 2026", "2026-01", "in"),
    ("La production doit commencer mi-2026.", "2024-05", "mi-2026", "2026-06", "in"),
    ("Les embauches auront lieu au premier semestre 2026.", "2024-05", "au premier semestre 2026", "2026-06", "in"),
    ("Le bâtiment sera prêt au second semestre 2026.", "2024-05", "au second semestre 2026", "2026-12", "in"),
    ("La mise en service est attendue au T1 2026.", "2024-05", "au T1 2026", "2026-03", "in"),
    ("Les livraisons débuteront au troisième trimestre 2025.", "2024-05", "au troisième trimestre 2025", "2025-09", "in"),
    ("Le 1er trimestre 2026 verra les premiers essais.", "2024-05", "Le 1er trimestre 2026", "2026-03", "in"),
    ("L'entrepôt ouvrira d'ici mars 2026.", "2024-05", "d'ici mars 2026", "2026-03", "by"),
    ("Le magasin ouvrira en septembre.", "2024-05", "en septembre", "2024-09", "in"),
    ("L'atelier rouvrira en mars, après travaux.", "2024-05", "en mars", "2025-03", "in"),
    ("L'annonce est arrivée en octobre.", "2024-11", "en octobre", "2024-10", "past"),  # the month just past
    ("L'annonce est arrivée en décembre.", "2025-01", "en décembre", "2024-12", "past"),
    ("Le site rouvrira en septembre.", "2024-11", "en septembre", "2025-09", "in"),
    ("L'accord a été signé le 13 mai 2024 à Paris.", "2024-05", "le 13 mai 2024", "2024-05-13", "in"),
    ("Les équipes emménageront au printemps 2025.", "2024-05", "au printemps 2025", "2025-03", "in"),
    ("Le parc sera raccordé l'été 2026.", "2024-05", "l'été 2026", "2026-06", "in"),
    ("La société recrutera cet automne.", "2024-05", "cet automne", "2024-09", "in"),
    ("Le réseau doublera d'ici trois ans.", "2024-05", "d'ici trois ans", "2027", "by"),
    ("Le laboratoire sera agrandi dans trois ans.", "2024-05", "dans trois ans", "2027", "in"),
    ("Le groupe embauchera l'an prochain.", "2024-05", "l'an prochain", "2025", "in"),
    ("Une seconde usine suivra l'année prochaine.", "2024-05", "l'année prochaine", "2025", "in"),
    ("Les 40 postes seront pourvus d'ici la fin de l'année.", "2024-05", "d'ici la fin de l'année", "2024-12", "by"),
    ("Le site emploiera 80 personnes cette année.", "2024-05", "cette année", "2024", "in"),
    ("La flotte sera électrique d'ici cinq ans.", "2024-05", "d'ici cinq ans", "2029", "by"),
    ("Le groupe vise la neutralité carbone à l'horizon 2030.", "2024-05", "à l'horizon 2030", "2030", "by"),
    ("Objectif zéro déchet horizon 2030 pour le groupe.", "2024-05", "horizon 2030", "2030", "by"),
    ("Les émissions baisseront de moitié d'ici à 2030.", "2024-05", "d'ici à 2030", "2030", "by"),
    ("L'usine tournera dès 2024 à plein régime.", "2023-06", "dès 2024", "2024", "from"),
    ("La centrale produira à partir de 2026.", "2024-05", "à partir de 2026", "2026", "from"),
    ("D'autres annonces suivront dans les prochains mois.", "2024-05", "dans les prochains mois", None, "vague"),
    ("Le projet sera présenté prochainement aux élus.", "2024-05", "prochainement", None, "vague"),
    ("À terme, le site comptera 500 salariés.", "2024-05", "À terme", None, "vague"),
    ("L'ancienne usine avait fermé en 2019.", "2024-05", "en 2019", "2019", "past"),
    ("Le groupe avait investi 10 millions l'an dernier.", "2024-05", "l'an dernier", "2023", "past"),
    ("Les ventes ont chuté l'année dernière.", "2024-05", "l'année dernière", "2023", "past"),
    ("La société est implantée en Alsace depuis 2015.", "2024-05", "depuis 2015", "2015", "past"),
    ("Le bâtiment sera livré en 2026 au plus tard.", "2024-05", "en 2026 au plus tard", "2026", "by"),
    ("Les travaux seront achevés avant 2028.", "2024-05", "avant 2028", "2028", "by"),
    ("Le parc sera opérationnel pour 2027.", "2024-05", "pour 2027", "2027", "by"),
    ("A horizon 2050, le groupe ne rejettera plus de CO2.", "2024-05", "A horizon 2050", "2050", "by"),
    ("Un budget est prévu sur la période 2025-2030.", "2024-05", "2025-2030", "2030", "by"),
    ("Le plan court entre 2025 et 2030.", "2024-05", "entre 2025 et 2030", "2030", "by"),
    ("Les 250 emplois seront créés en 2027 et 2028.", "2024-05", "en 2027 et 2028", "2028", "by"),
    ("Les fonds seront débloqués d'ici 18 mois.", "2024-05", "d'ici 18 mois", "2025-11", "by"),
    ("L'entreprise s'est installée il y a deux ans.", "2024-05", "il y a deux ans", "2022", "past"),
    ("La chaîne sera modernisée courant 2026.", "2024-05", "courant 2026", "2026", "in"),
    ("Les tests ont commencé l'été dernier.", "2024-05", "l'été dernier", "2023-06", "past"),
    ("La cession sera bouclée d'ici la fin de l'année prochaine.", "2024-05",
     "d'ici la fin de l'année prochaine", "2025-12", "by"),
    ("Les recrutements s'étaleront jusqu'en 2030.", "2024-05", "jusqu'en 2030", "2030", "by"),
    ("La signature est prévue lundi 13 mai 2024.", "2024-05", "lundi 13 mai 2024", "2024-05-13", "in"),
    ("Une réunion s'est tenue le 28 janvier.", "2019-02", "le 28 janvier", "2019-01-28", "past"),
    ("Le réseau s'étendra d’ici fin 2025.", "2024-05", "d’ici fin 2025", "2025-12", "by"),
    ("La nouvelle unité sera opérationnelle fin septembre 2025.", "2024-05", "fin septembre 2025", "2025-09", "in"),
    ("Le centre a été inauguré le 12/03/2023 en présence du ministre.", "2024-05", "12/03/2023", "2023-03-12", "past"),
    ("Les premiers camions arriveront fin d'année.", "2024-05", "fin d'année", "2024-12", "in"),
]


@pytest.mark.parametrize("sentence, published, span, value, cue", DEADLINES)
def test_deadline(sentence: str, published: str | None, span: str, value: str | None, cue: str) -> None:
    found = find_times(sentence, published)
    assert [t.text for t in found] == [span]
    expr = found[0]
    assert expr.text == sentence[expr.start : expr.end]
    assert (expr.value, expr.cue) == (value, cue)


# Without a publication date, relative expressions have no value.
UNPUBLISHED = [
    ("Le site ouvrira d'ici trois ans.", "d'ici trois ans", None, "by"),
    ("Le groupe embauchera l'an prochain.", "l'an prochain", None, "in"),
    ("Les ventes ont chuté l'année dernière.", "l'année dernière", None, "past"),
    ("Le magasin ouvrira en septembre.", "en septembre", None, "in"),
    ("La société recrutera cet automne.", "cet automne", None, "in"),
    ("Le bâtiment sera livré d'ici 2027.", "d'ici 2027", "2027", "by"),
    ("L'usine a ouvert en 2019.", "en 2019", "2019", "in"),
    ("Elle est implantée ici depuis 2015.", "depuis 2015", "2015", "past"),
]


@pytest.mark.parametrize("sentence, span, value, cue", UNPUBLISHED)
def test_without_publication(sentence: str, span: str, value: str | None, cue: str) -> None:
    [expr] = find_times(sentence, None)
    assert (expr.text, expr.value, expr.cue) == (span, value, cue)


# Numbers that are amounts, not years.
AMOUNTS = [
    "Le programme accompagnera 2 500 startups françaises.",
    "Le groupe investira 1,2 milliard d'euros dans ses entrepôts.",
    "Le supercalculateur comptera 25 000 GPU.",
    "Le projet créera 2027 emplois directs.",
    "L'entreprise compte 2030 salariés dans le monde.",
    "Le site emploie 3000 personnes, dont 1900 dans la division énergie.",
    "Les usines livreront 2.000 véhicules par mois.",
    "La surface atteint 2025 m2 de bureaux.",
    "Une marque née au début des années 2000 en Bretagne.",
    "Le chiffre d'affaires atteint 2024,5 millions d'euros.",
]


@pytest.mark.parametrize("sentence", AMOUNTS)
def test_amounts_are_not_years(sentence: str) -> None:
    assert find_times(sentence, "2024-05") == []


NO_TIME = [
    "Mars est une marque de confiserie.",
    "Les ventes ont doublé en trois ans.",
    "Le site restera fermé pendant deux mois.",
    "Le groupe compte trois ans d'expérience dans le secteur.",
]


@pytest.mark.parametrize("sentence", NO_TIME)
def test_no_time_expression(sentence: str) -> None:
    assert find_times(sentence, "2024-05") == []


def test_several_expressions_sorted_and_disjoint() -> None:
    text = "Le groupe créera 200 emplois d'ici 2026, puis 300 à l'horizon 2030, après une baisse en 2019."
    found = find_times(text, "2024-05")
    assert [(t.value, t.cue) for t in found] == [("2026", "by"), ("2030", "by"), ("2019", "past")]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert all(isinstance(t, TimeExpr) and t.cue in CUES for t in found)


def test_leading_dateline_is_not_a_time_expression() -> None:
    text = "date 2024-05 (AOF) - Le groupe recrutera 50 personnes d'ici 2026."
    assert [t.text for t in find_times(text, "2024-05")] == ["d'ici 2026"]


DATELINES = [
    ("date 2024-05 (AOF) - Le groupe annonce un plan.", "2024-05"),
    ("date 2024-04-25 NEW CARLISLE, Ind. (AP) — A company said", "2024-04-25"),
    ("PARIS, 13 mai 2024 (Reuters) - Le groupe a annoncé", "2024-05-13"),
    ("PARIS, 13 mai (Reuters) - Le groupe a annoncé", None),
    ("Publié le 12/03/2023 à 10h\nLe groupe a annoncé", "2023-03-12"),
    ("Publié le 1er juin 2022 à 8h15\nUne usine ouvre", "2022-06-01"),
    ("LYON, lundi 4 novembre 2024 - Une PME annonce", "2024-11-04"),
    ("\n  2021-07-01 Une usine ferme ses portes", "2021-07-01"),
    ("Le groupe a annoncé hier un plan d'investissement en 2024.", None),
    ("Une usine ouvre. PARIS, 13 mai 2024 (Reuters)", None),
    ("Titre du jour\nPARIS, 13 mai 2024 (Reuters) - Le groupe", None),
    ("", None),
]


@pytest.mark.parametrize("text, expected", DATELINES)
def test_parse_dateline(text: str, expected: str | None) -> None:
    assert parse_dateline(text) == expected


@pytest.mark.parametrize("text, body", [
    ("date 2024-05 (AOF) - Microsoft va investir.", "Microsoft va investir."),
    ("date 2024-04-25 NEW CARLISLE, Ind. (AP) — Le groupe investit.", "Le groupe investit."),
    ("date 2024-05 Le groupe investit.", "Le groupe investit."),
    ("Le groupe investit en 2024.", None),
])
def test_dateline_end(text: str, body: str | None) -> None:
    end = dateline_end(text)
    assert (text[end:] if end is not None else None) == body


@pytest.mark.parametrize("value, published, recent", [
    ("2024-10", "2024-11-12", True),
    ("2024-09-03", "2024-11", True),
    ("2024-11", "2024-11", True),
    ("2024-12", "2025-02", True),
    ("2024-06", "2024-11", False),  # five months before: history
    ("2023-11", "2024-11", False),
    ("2025-01", "2024-11", False),  # after the publication: no announcement of the past
    ("2024", "2024-11", False),  # a year alone is not precise enough
    ("2024-10", None, False),
])
def test_recent_dates_are_still_news(value: str, published: str | None, recent: bool) -> None:
    assert is_recent(value, published) is recent

