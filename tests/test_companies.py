"""Company mentions: known names and aliases, case rules, NER filtering, references."""

from __future__ import annotations

import pytest
import spacy

from pledgewatch.extract.companies import (
    acting_countries,
    find_companies,
    is_blocked_name,
    is_cued,
    is_person_name,
)
from pledgewatch.extract.company_list import lookup
from pledgewatch.extract.places import find_places
from pledgewatch.extract.references import find_references


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("fr_core_news_md", exclude=["lemmatizer"])


def names(text: str, ents=()) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.name, m.company_id) for m in find_companies(text, ents)]


@pytest.mark.parametrize("text, expected", [
    ("Microsoft va investir 4 milliards d'euros.", [("Microsoft", "Microsoft", "MSFT")]),
    ("Amazon Web Services (AWS) ouvre une région.",
     [("Amazon Web Services", "Amazon", "AMZN"), ("AWS", "Amazon", "AMZN")]),
    ("Le patron de Google était présent.", [("Google", "Google", "GOOGL")]),
    ("Faurecia ouvre une usine en Chine.", [("Faurecia", "Faurecia", "FRVIA.PA")]),
    ("Le groupe PSA Peugeot Citroën supprime des postes.",
     [("PSA Peugeot Citroën", "PSA Peugeot Citroën", "STLAP.PA")]),
    ("L’Oréal et Saint-Gobain recrutent.",
     [("L’Oréal", "L'Oréal", "OR.PA"), ("Saint-Gobain", "Saint-Gobain", "SGO.PA")]),
    ("SANOFI (+1,2 %) mène la hausse.", [("SANOFI", "Sanofi", "SAN.PA")]),
    ("Le contrat revient à l'ex-Thomson CSF.", [("Thomson CSF", "Thales", "HO.PA")]),
    ("Le site de Nestlé emploie 300 personnes.", [("Nestlé", "Nestlé", "NESN.SW")]),
    ("General Electric cède une activité.", [("General Electric", "General Electric", "GE")]),
    # SBF 120 members besides the CAC 40, and a brand kept as its name
    ("Eurofins et Amundi reculent, Ayvens aussi.",
     [("Eurofins", "Eurofins Scientific", "ERF.PA"), ("Amundi", "Amundi", "AMUN.PA"), ("Ayvens", "Ayvens", "AYV.PA")]),
    ("Plastic Omnium investit.", [("Plastic Omnium", "Plastic Omnium", "OPM.PA")]),
])
def test_known_companies(text: str, expected: list) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Orange a signé un accord avec Thales.", ["Orange", "Thales"]),  # lower-case verb follows
    ("Le festival se tient à Orange chaque été.", []),                 # the commune
    ("Au total, 56 projets ont été annoncés.", []),                    # lower case
    ("Total, ce sont 15 milliards promis.", []),                       # sentence start, no verb
    ("Les actions de la microsoft corporation", []),                   # wrong case
    ("Une hausse des ventes au Nasdaq et au CAC 40.", []),             # indices
])
def test_case_and_ambiguity_without_ner(text: str, expected: list[str]) -> None:
    assert [m.name for m in find_companies(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("La start-up Holosolis va construire une usine en Moselle.", ["Holosolis"]),
    ("Selon l'AFP, le gouvernement et la CGT ont discuté avec Paprec.", ["Paprec"]),
    ("Le ministère de l'Économie soutient le projet de Verkor.", ["Verkor"]),
    ("La Commission européenne a validé l'aide accordée à Airbus.", ["Airbus"]),
])
def test_ner_companies_filtered(nlp, text: str, expected: list[str]) -> None:
    doc = nlp(text)
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert [m.name for m in find_companies(text, ents)] == expected


def test_ner_mentions_have_no_id_and_exact_text(nlp) -> None:
    text = "La société Holosolis a annoncé un investissement."
    doc = nlp(text)
    found = find_companies(text, [(e.start_char, e.end_char, e.label_) for e in doc.ents])
    assert all(m.company_id is None and text[m.start:m.end] == m.text for m in found)


def test_ambiguous_alias_needs_ner_org() -> None:
    text = "Orange investit à Orange."
    assert [m.start for m in find_companies(text, [(0, 6, "ORG"), (18, 24, "LOC")])] == [0]


@pytest.mark.parametrize("name, expected_id", [
    ("faurecia", "FRVIA.PA"), ("AWS", "AMZN"), ("Thalès", "HO.PA"), ("MSFT", "MSFT"), ("Inconnue SA", None),
])
def test_lookup(name: str, expected_id: str | None) -> None:
    record = lookup(name)
    assert (record["id"] if record else None) == expected_id


def test_lookup_record_fields() -> None:
    record = lookup("Microsoft")
    assert record["ticker"] == "MSFT" and record["country"] == "US" and isinstance(record["aliases"], list)


@pytest.mark.parametrize("text, expected", [
    ("Le géant américain va investir.", [("Le géant américain", "generic")]),
    ("L'entreprise prévoit 300 embauches.", [("L'entreprise", "generic")]),
    ("la firme américaine de Redmond", [("la firme américaine de Redmond", "generic")]),
    ("Le premier investit 4 milliards, le second 1,2 milliard.",
     [("Le premier", "ordinal_first"), ("le second", "ordinal_second")]),
    ("Ce dernier emploie 2 000 personnes.", [("Ce dernier", "latest")]),
    ("Au premier trimestre, ce dernier trimestre", []),
])
def test_references(text: str, expected: list) -> None:
    assert [(r.text, r.kind) for r in find_references(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Exemplor va investir 40 millions d'euros à Brest.", ["Exemplor"]),
    ("Selon nos informations, Nuvola recrutera 80 ingénieurs.", ["Nuvola"]),
    ("Denain : Log's devrait créer 300 emplois.", ["Log's"]),
    ("Biopharm Ouest, déjà présent à Rennes, construira une usine.", ["Biopharm Ouest"]),
    ("Le groupe va investir 3 millions d'euros.", []),
    ("Il annonce la fermeture du site.", []),
    ("Selon la direction, rien ne change.", []),
    ("fabriquée en Roumanie.\nGUERBAT\nGuerbat a posé la première pierre.", ["Guerbat"]),  # a name is on one line
])
def test_subjects_of_commitment_verbs(text: str, expected: list[str]) -> None:
    mentions = [c for c in find_companies(text) if c.found_by == "subject"]
    assert [c.text for c in mentions] == expected
    assert all(text[c.start:c.end] == c.text for c in mentions)


def test_research_departments_are_no_companies(nlp) -> None:
    text = "Le centre Recherche & Développement ouvre. Le groupe Ferronor investit."
    ents = [(e.start_char, e.end_char, "ORG") for e in nlp(text).ents] + [(10, 35, "ORG")]
    assert "Recherche & Développement" not in [c.text for c in find_companies(text, ents)]


def test_persons_are_no_companies() -> None:
    text = "Ce ne seront que 60 postes, a annoncé le PDG du groupe Dominique Ceruttix."
    assert find_companies(text) == []
    assert [c.text for c in find_companies("Le groupe Charles Schwab investit.")] == ["Charles Schwab"]  # listed
    assert not is_person_name("Rémy Cointreau")  # listed, though it opens with a first name
    assert is_person_name("Rémy Ceruttix")


@pytest.mark.parametrize("text, expected", [
    ("La production de la start-up Voltis démarre en mai.", ["Voltis"]),
    ("La biotech Valorex lance un essai clinique.", ["Valorex"]),
    ("Un accord avec le groupe Ardéa Industrie est signé.", ["Ardéa Industrie"]),
    ("Le groupe Faurecia ouvre un site.", []),  # found in the company list, not by its cue
    ("Le groupe a fermé le site.", []),
    ("Les 40 boutiques de Modéa fermeront en mars.", ["Modéa"]),
    ("Les salariés de Brunelle. Ils manifestent.", ["Brunelle"]),
    ("Il salue les 40 millions d'euros de financement de Corvane pour ses lignes.", ["Corvane"]),
    ("Même l'usine chimique de Norchem Lamotte est touchée.", ["Norchem Lamotte"]),  # an adjective between
    ("Un projet annoncé par le groupe québécois Loupio en partenariat.", ["Loupio"]),
    ("Le laboratoire pharmaceutique Bentalis investit.", ["Bentalis"]),
    ("Le groupe a choisi Marseille pour son siège.", []),  # no adjective of the list between
    ("La start-up lyonnaise Carbonix lève des fonds.", ["Carbonix"]),
    ("Une usine construite par Holosira, une émanation du groupe Innova, ouvrira.", ["Holosira", "Innova"]),
    ("Une usine sur la plateforme de Carlinga, l'entreprise innovante y investit.", []),  # a place
    ("Mardi, la société a signé.", []),  # an apposition opens no sentence
    ("Un projet du groupe\nVoltis ouvre.", []),  # a cue and its name are on one line
    ("L'usine Saupiko de Quimper a fermé.", ["Saupiko"]),
    ("Le site Eurenka de Bergerac recrute.", ["Eurenka"]),
    ("Lors du conseil d’administration SEIX du 30 novembre, elle a annoncé.", ["SEIX"]),  # either apostrophe
    ("Il a accordé une interview à L’Usine Nouvelle.", []),  # a magazine
])
def test_names_a_cue_word_calls_companies(text: str, expected: list[str]) -> None:
    mentions = [c for c in find_companies(text) if c.found_by == "cue"]
    assert [c.text for c in mentions] == expected


@pytest.mark.parametrize("text, expected", [
    ("La start-up Voltis ouvre une usine. Selon Voltis, elle emploiera 80 personnes.", [("Voltis", "cue"), ("Voltis", "repeat")]),
    ("La start-up Voltis investit. Voltisane est une marque.", [("Voltis", "cue")]),  # whole words only
    ("La start-up Voltis investit. Les voltis sont une unité.", [("Voltis", "cue")]),  # as written
    ("La start-up Voltis investit à Lyon. Elle quitte son site de Voltis.", [("Voltis", "cue")]),  # a place
    ("La start-up Voltis investit. L'usine Orano Voltis grandit.", [("Voltis", "cue"), ("Orano", "list")]),
])
def test_names_found_once_are_found_again(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.text, c.found_by) for c in find_companies(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Fabrinor – Le fabricant de vannes annonce 40 millions d'euros.", ["Fabrinor"]),
    ("Intro.\nAcier Moreau : le groupe lorrain va investir.", ["Acier Moreau"]),
    ("Le groupe – dit-on – investira.", []),  # a word that starts sentences is no name
    ("Les annonces – Fabrinor investit.", []),
    ("Une phrase où Fabrinor – dit-on – investit.", []),  # not at the head of a paragraph
])
def test_names_heading_a_paragraph(text: str, expected: list[str]) -> None:
    mentions = [c for c in find_companies(text) if c.found_by == "header"]
    assert [c.text for c in mentions] == expected


@pytest.mark.parametrize("text, expected", [
    ("Les Émirats arabes unis vont investir 30 milliards d'euros en France.", ["Émirats arabes unis"]),
    ("La Chine a annoncé 5 milliards d'euros pour ses ports.", ["Chine"]),
    ("Les Émirats arabes unis ont également dévoilé un projet.", ["Émirats arabes unis"]),
    ("Les usines installées en Chine ferment.", []),
])
def test_countries_acting_as_governments(text: str, expected: list[str]) -> None:
    countries = [p for p in find_places(text) if p.level == "country"]
    assert [c.text for c in acting_countries(text, countries)] == expected


@pytest.mark.parametrize("text, name, cued", [
    ("Un projet porté par le groupe norvégien Fjordex.", "Fjordex", True),
    ("La start-up Battri ouvre un site.", "Battri", True),
    ("Le groupe Fjordex ouvre un site.", "Fjordex", True),
    ("Le groupe a rencontré Fjordex hier.", "Fjordex", False),
    ("Le groupe très discret Fjordex.", "Fjordex", False),  # "très discret" is no cue adjective
    # the trade may stand between the cue and the name
    ("La chaîne de prêt-à-porter Kimpie, filiale du groupe.", "Kimpie", True),
    ("Le fabricant de disjoncteurs Gardex va supprimer 96 postes.", "Gardex", True),
    ("Le spécialiste des installations électriques Hagor ouvre un site.", "Hagor", True),
])
def test_is_cued(text: str, name: str, cued: bool) -> None:
    assert is_cued(text, text.index(name)) is cued


@pytest.mark.parametrize("text, ents, expected", [
    ("Selon nos informations, La Boulangère investit.", [(24, 37, "LOC")], ["La Boulangère"]),  # NER's place
    ("Nous étions hier à Boulangère.", [(19, 29, "LOC")], []),
    ("Nous étions hier à La Boulangère.", [(19, 32, "LOC")], ["La Boulangère"]),  # a place the gazetteer lacks
])
def test_a_place_ner_opened_by_an_article_is_a_company_name(text: str, ents, expected: list[str]) -> None:
    assert [m.text for m in find_companies(text, ents)] == expected


@pytest.mark.parametrize("name", ["PPA", "Physical Power Purchase Agreement", "NDLR", "CPU", "TPE", "CCE", "Selon"])
def test_acronyms_and_terms_of_common_nouns_are_no_company(name: str) -> None:
    assert is_blocked_name(name)


def test_a_company_name_is_not_blocked() -> None:
    assert not is_blocked_name("Air Liquide")


@pytest.mark.parametrize("text, ents, expected", [
    # an organisation NER finds whose words the text writes in lower case is a phrase
    ("La société Kervalis, spécialisée dans le solaire, investit. La société emploie 40 personnes.",
     [(60, 70, "ORG")], []),
    # a name keeps its capitals
    ("Le groupe Mistral Énergie investit dans une nouvelle société.", [(10, 25, "ORG")], ["Mistral Énergie"]),
])
def test_an_organisation_of_common_words_is_no_company(text: str, ents, expected: list[str]) -> None:
    names = [m.text for m in find_companies(text, ents) if m.found_by in ("ner", "cue")]
    assert [n for n in names if n in expected or n == text[ents[0][0]:ents[0][1]]] == expected


def test_an_entity_naming_a_company_after_chez_is_that_company() -> None:
    text = "Réorganisation chez Telvora : 324 postes supprimés en France."
    names = [m.text for m in find_companies(text, [(0, 27, "ORG")])]
    assert "Telvora" in names and "Réorganisation chez Telvora" not in names
