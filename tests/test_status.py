"""Status news found through the parse: one table row per class, and the readings that are no
news (a plan, a fear, a negation, a future, history). Sentences written for these tests."""

from __future__ import annotations

import pytest

from pledgewatch.read.reader import read_text

DATELINE = "date 2024-05 (AOF) - "

NEWS = [
    ("La société Michelin a inauguré jeudi son usine de Tours, en présence du ministre.",
     "site_opening", "completed", "opened"),
    ("Chez Michelin, la production a démarré lundi dans la nouvelle usine de Tours.",
     "site_opening", "completed", "opened"),
    ("Michelin a posé mardi la première pierre de son usine de Tours, a indiqué la direction.",
     "site_opening", "planned", "works_started"),
    ("Michelin a obtenu le permis de construire de son usine de Tours, a indiqué la préfecture.",
     "site_opening", "planned", "permit_granted"),
    ("Chez Michelin, le démarrage de la production de l'usine de Rennes est repoussé à 2027.",
     "site_opening", "planned", "postponed"),
    ("Michelin a décidé de suspendre la construction de son usine de Tours, faute de commandes.",
     "site_opening", "cancelled", "suspended"),
    ("La fermeture de l'usine Michelin de Cholet a été reportée sine die, a annoncé le groupe mardi.",
     "site_closure", "cancelled", "suspended"),
    ("Le groupe Michelin abandonne son projet d'usine à Tours, a annoncé la direction mardi.",
     "site_opening", "cancelled", "abandoned"),
    ("Le site de Michelin à Cholet est sauvé, a annoncé le ministre de l'Industrie mardi.",
     "site_closure", "cancelled", "rescued"),
    ("L'usine Michelin de Cholet ferme définitivement ses portes ce vendredi, a indiqué la direction.",
     "site_closure", "completed", "closed"),
    ("Les 200 salariés de l'usine Michelin de Cholet ont été licenciés, a indiqué la direction.",
     "jobs_cut", "completed", "cuts_done"),
    ("Le tribunal de commerce a prononcé la liquidation judiciaire de la société Michelin, à Tours.",
     "site_closure", "completed", "liquidated"),
    ("La société Michelin, basée à Tours, a été placée en redressement judiciaire par le tribunal.",
     "site_closure", "planned", "receivership"),
    ("Le tribunal administratif de Nantes a annulé le plan social de Michelin à Cholet.",
     "jobs_cut", "cancelled", "abandoned"),
]

NOT_NEWS = [
    "Michelin envisage de fermer son usine de Cholet, selon les syndicats.",           # a plan
    "Michelin a décidé de fermer son usine de Cholet, a annoncé la direction.",        # a decision to close: a plan
    "Michelin va fermer son usine de Cholet en 2025, a annoncé la direction.",         # a future
    "Les syndicats demandent l'abandon du projet d'usine de Michelin à Tours.",        # a demand
    "Michelin n'a pas abandonné son projet d'usine à Tours, a assuré la direction.",   # a negation
    "Michelin a ouvert en 2007 son usine de Tours, a rappelé la direction mardi.",     # history
    "L'usine Michelin de Tours pourrait fermer ses portes, craignent les salariés.",   # a risk
    "Michelin ferme son usine de Cholet, qui emploie 300 personnes, a appris l'AFP.",  # an announcement
]


def _facts(extractor, sentence: str) -> list[dict]:
    return extractor(read_text(DATELINE + sentence, "test", "test"))["facts"]


@pytest.mark.parametrize(("sentence", "kind", "status", "step"), NEWS, ids=[row[3] + str(i) for i, row in enumerate(NEWS)])
def test_each_class_of_status_news(extractor, sentence, kind, status, step):
    found = [(f["kind"], f["actor"], f["status"], f["step"]) for f in _facts(extractor, sentence) if f["step"]]
    assert found == [(kind, "Michelin", status, step)]


@pytest.mark.parametrize("sentence", NOT_NEWS)
def test_what_is_no_news(extractor, sentence):
    assert [f for f in _facts(extractor, sentence) if f["step"]] == []


def test_a_news_moves_the_figures_its_phrase_holds(extractor):
    facts = _facts(extractor, "Michelin a décidé de suspendre la construction de son usine de 20 000 m2 à Tours.")
    assert [(f["kind"], f["value"], f["status"], f["step"]) for f in facts] == [
        ("site_opening", 20000.0, "cancelled", "suspended")]


def test_a_news_keeps_a_deadline_it_gives(extractor):
    facts = _facts(extractor, "Chez Michelin, le démarrage de la production de l'usine de Rennes est repoussé à 2027.")
    assert [(f["deadline"], f["places"][0]["code"]) for f in facts] == [("2027", "commune:35238")]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Michelin a posé la première pierre de sa future unité de mélange sur son site de Cholet.", "site_expansion"),
    ("Michelin a posé la première pierre de son futur entrepôt sur son site de Cholet, a dit la direction.",
     "site_expansion"),
    ("Michelin a posé la première pierre de sa future usine à Cholet, a dit la direction.", "site_opening"),
    ("Michelin a inauguré son site de Cholet, a dit la direction.", "site_opening"),
])
def test_a_step_on_a_site_the_company_has_is_an_extension(extractor, sentence, kind):
    found = [(f["kind"], f["step"]) for f in _facts(extractor, sentence) if f["step"]]
    assert found == [(kind, found[0][1])] and found[0][1] in ("works_started", "opened")


def test_a_step_of_a_site_already_stated_is_that_site_fact(extractor):
    facts = _facts(extractor, "Michelin a fait installer un nouvel atelier dans son usine de Cholet. "
                              "Son premier module de production a été mis en service en mars.")
    assert [(f["kind"], f["status"], f["step"]) for f in facts] == [("site_expansion", "completed", "opened")]


def test_a_step_of_another_site_stays_its_own_fact(extractor):
    facts = _facts(extractor, "Michelin va construire un nouvel atelier dans son usine de Cholet. "
                              "Son usine de Tours a été inaugurée en mars, a rappelé la direction.")
    assert sorted((f["kind"], f["status"], f["step"]) for f in facts) == [
        ("site_expansion", "planned", None), ("site_opening", "completed", "opened")]
