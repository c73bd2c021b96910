"""Figures whose counted noun the text leaves out: the parts of a list that breaks a figure
down, and a number whose noun the clitic "en" stands for (texts written for the test)."""

from __future__ import annotations

import pytest

from pledgewatch.read.reader import read_text


def _facts(extractor, text: str) -> list[dict]:
    return extractor(read_text(f"date 2024-05 - {text}", "t", "t"))["facts"]


def _figures(extractor, text: str) -> list[tuple]:
    return sorted((f["kind"], f["actor"], f["value"], f["unit"])
                  for f in _facts(extractor, text) if f["value"] is not None)


def _kinds(extractor, text: str) -> list[str]:
    """The kinds of every fact, figure or not."""
    return sorted(f["kind"] for f in _facts(extractor, text))


@pytest.mark.parametrize(("text", "expected"), [
    # a list after a colon breaks the figure down, each part a fact of its own
    ("Le groupe Texor va supprimer 163 postes : 41 en logistique, 53 au siège et 31 dans ses magasins.",
     [("jobs_cut", "Texor", 31, "jobs"), ("jobs_cut", "Texor", 41, "jobs"), ("jobs_cut", "Texor", 53, "jobs"),
      ("jobs_cut", "Texor", 163, "jobs")]),
    # a comma alone continues no list that no breakdown opened
    ("Le groupe Texor va supprimer 163 postes en 2025, 12 ans après son arrivée.",
     [("jobs_cut", "Texor", 163, "jobs")]),
    # "départs" counts jobs, and the bare number coordinated with it too
    ("Le plan social de Texor prévoit 94 départs contraints et 17 volontaires.",
     [("jobs_cut", "Texor", 17, "jobs"), ("jobs_cut", "Texor", 94, "jobs")]),
    # "en" stands for the counted noun of the sentence before, whose kind it keeps
    ("Le groupe Vinci a annoncé 1 000 recrutements en 2024. Bouygues en prévoit 500.",
     [("jobs_created", "Bouygues", 500, "jobs"), ("jobs_created", "Vinci", 1000, "jobs")]),
    ("Le Crédit Agricole va supprimer 2 000 postes. La Société Générale en envisage 850.",
     [("jobs_cut", "Crédit Agricole", 2000, "jobs"), ("jobs_cut", "Société Générale", 850, "jobs")]),
    # no counted figure before the clitic: the number stays bare, no fact
    ("Le groupe Texor en parle depuis 15 jours.", []),
    # a new paragraph: the clitic does not reach back into the one before
    ("Le Crédit Agricole va supprimer 2 000 postes.\nLa Société Générale en envisage 850.",
     [("jobs_cut", "Crédit Agricole", 2000, "jobs")]),
])
def test_a_left_out_noun_is_the_noun_of_the_figure_before(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # jobs that a verb of promise governs, as its subject or object, are jobs created
    ("Le groupe Safran a promis 300 emplois à Lyon.", [("jobs_created", "Safran", 300, "jobs")]),
    ("Chez Safran, 500 postes sont annoncés pour 2026.", [("jobs_created", "Safran", 500, "jobs")]),
    # a count of staff, a denial and a gloss are not
    ("Le groupe Safran annonce 300 salariés de plus sur le site de Lyon.", []),
    ("Le groupe Safran n'a pas promis 300 emplois à Lyon.", []),
    ("Le transfert des deux usines de Safran, soit 700 emplois au total, est prévu en 2026.", []),
])
def test_jobs_a_verb_of_promise_governs_are_created(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a surface is the figure of the site fact its sentence states, however far the site noun
    ("L'usine Safran vient d'être agrandie et totalement réorganisée de fond en comble, passant de 1 600 m² à 2 800 m².",
     [("site_expansion", "Safran", 2800, "m2")]),
    # with no site fact, a surface is no fact
    ("L'usine Safran, qui occupe depuis longtemps un terrain de 135 hectares, reste la plus grande du pays.", []),
    # a new building on the actor's own site extends it
    ("Le groupe Safran va construire un nouveau bâtiment de 5 000 m2 sur son site de Lyon.",
     [("site_expansion", "Safran", 5000, "m2")]),
])
def test_a_surface_is_the_figure_of_its_sentence_s_site(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # what a site makes today is no new capacity
    ("L'usine Safran de Toulouse produit 60 millions d'unités par an.", []),
    ("Chez Safran, nous fabriquons 700 tonnes de pièces par an.", []),
    # what it will or would make is
    ("L'usine Safran de Toulouse produira 60 millions d'unités par an.", [("capacity", "Safran", 60_000_000, "units")]),
    ("À pleine capacité, l'usine Safran de Toulouse produirait 60 millions d'unités par an.",
     [("capacity", "Safran", 60_000_000, "units")]),
])
def test_what_a_site_makes_today_is_no_new_capacity(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a wage or a price per unit is no money committed
    ("Le groupe Safran va investir 10 millions d'euros en Pologne, où un ouvrier coûte 7,7 euros de l'heure.",
     [("investment", "Safran", 10_000_000, "EUR")]),
    ("Le groupe Safran va investir 10 millions d'euros dans son usine, pour un coût de 40 euros par tonne produite.",
     [("investment", "Safran", 10_000_000, "EUR")]),
])
def test_a_price_per_unit_is_no_investment(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # in a text about investment, the value of a deal or a fund's endowment is no money the actor commits
    ("La société Nebius va investir dans un centre de données à Béthune. Cet investissement suit ses contrats, "
     "notamment un accord de 17 milliards de dollars avec Microsoft.", []),
    ("Le groupe Orvane va investir à Lyon. Cet investissement s'inscrit dans le cadre du plan de relance, avec un "
     "fonds régional doté de 150 millions d'euros.", []),
    # an investment nearer the figure than such a word still is one
    ("Le groupe Orvane a signé un accord avec l'Etat et va investir 40 millions d'euros à Lyon.",
     [("investment", "Orvane", 40_000_000, "EUR")]),
])
def test_a_deal_or_an_endowment_is_no_investment(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


def test_a_stake_held_is_no_target(extractor) -> None:
    text = "Le groupe Safran, filiale à 100 % de la société Ormelis, vise 50 % d'électricité renouvelable d'ici 2030."
    assert [f[2] for f in _figures(extractor, text)] == [50]


@pytest.mark.parametrize(("text", "expected"), [
    # tonnes a day or an hour of what a plant makes are its capacity, in tonnes over that period
    ("L'électrolyseur de la société Hydrova produira 80 tonnes d'hydrogène par jour.",
     [("capacity", "Hydrova", 80, "t/day")]),
    ("Le groupe Thermia va construire une centrale biomasse qui fournira 25 tonnes de vapeur par heure.",
     [("capacity", "Thermia", 25, "t/h")]),
    # a plant's capacity in tonnes with no period is a yearly one
    ("La société Hydrova construit une usine dont la capacité finale sera de 50 000 tonnes.",
     [("capacity", "Hydrova", 50000, "t/yr")]),
    # tonnes of emissions avoided a day stay a target
    ("La nouvelle chaudière de la société Thermia évitera l'émission de 12 tonnes de CO2 par jour.",
     [("sustainability_target", "Thermia", 12, "t/day")]),
])
def test_tonnes_over_a_period_take_that_rate(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a fact's figure is a size: a signed cut is stated by its kind
    ("Le groupe Texor vise -45 % d'émissions de CO2 d'ici 2030.", [("sustainability_target", "Texor", 45, "%")]),
])
def test_a_signed_figure_is_a_size(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a workforce beside a headcount cue is the staff, no cut
    ("Le groupe Texor, qui emploie 863 personnes, présente ses résultats.", []),
    # a cut nearer the figure than the headcount cue is a cut
    ("Lundi, la société Texor a officialisé la suppression de 93 emplois, soit 13 % de ses effectifs.",
     [("jobs_cut", "Texor", 93, "jobs")]),
    # a cue of cut that holds the headcount cue ("réduire ses effectifs") is as near: a cut
    ("Lundi, la société Texor a annoncé qu'elle va réduire ses effectifs de 350 personnes.",
     [("jobs_cut", "Texor", 350, "jobs")]),
])
def test_a_headcount_is_no_change_unless_a_change_is_nearer(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a unit or a centre of any activity is a site a cue can open
    ("Le groupe Texor va construire une unité de méthanisation à Annecy.", ["site_opening"]),
    ("Le groupe Texor va construire un centre de maintenance ferroviaire à Bordeaux.", ["site_opening"]),
])
def test_units_and_centres_are_sites(extractor, text: str, expected: list[str]) -> None:
    assert _kinds(extractor, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a cue inside a company's name is none: "Air Liquide" liquidates nothing
    ("Le groupe Air Liquide investit dans un nouvel électrolyseur au Havre.", ["site_opening"]),
])
def test_no_cue_inside_a_company_name(extractor, text: str, expected: list[str]) -> None:
    assert _kinds(extractor, text) == expected
