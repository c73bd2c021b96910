"""Features of figure candidates: the governing predicate through auxiliaries, modals and
control verbs, morphology, cue classes, place in the text (short texts written for the test)."""

from __future__ import annotations

import pytest

from pledgewatch.extract.frames import build_context
from pledgewatch.extract.learn.features import figure_features, unit_class
from pledgewatch.extract.pipeline import analyse
from pledgewatch.extract.syntax import governing, span_root
from pledgewatch.read.reader import read_text


def _analysed(text: str):
    return analyse(read_text(text, "t", "t", published="2025-03-01"))


def _figure_root(doc, figure: str):
    start = doc.text.index(figure)
    return span_root(doc, start, start + len(figure))


@pytest.mark.parametrize(("text", "figure", "predicate", "controllers"), [
    ("Le groupe Safran va investir 10 millions d'euros à Lyon.", "10 millions d'euros", "investir", ["aller"]),
    ("Le groupe Safran compte investir 10 millions d'euros à Lyon.", "10 millions d'euros", "investir", None),
    ("Le groupe Safran a annoncé vouloir créer 500 emplois à Lyon.", "500 emplois", "créer", ["vouloir", "annoncer"]),
    ("Michelin supprimera 300 postes à Cholet.", "300 postes", "supprimer", []),
])
def test_governing_predicate_through_modals_and_control_verbs(extractor, text: str, figure: str,
                                                             predicate: str, controllers: list[str] | None) -> None:
    gov = governing(_figure_root(_analysed(text), figure))
    assert gov.predicate is not None and gov.predicate.lemma_.lower() == predicate
    if controllers is not None:  # the parser reads "compte" as an adjective of "groupe": no controller found
        assert gov.controllers == controllers


def test_a_verbless_root_has_no_predicate_and_stops_the_climb(extractor) -> None:
    doc = _analysed("Usine de Lyon : 500 emplois.")
    root = next(t for t in doc if t.head == t)
    gov = governing(root)
    assert gov.predicate is None and len(gov.path) <= 1


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("Michelin supprimera 300 postes à Cholet.", "300 postes", "Michelin"),
    # coordinated verbs share their subject
    ("Le groupe Michelin a racheté Camso et créera 300 emplois.", "300 emplois", "groupe"),
])
def test_subject_of_the_predicate(extractor, text: str, figure: str, subject: str) -> None:
    gov = governing(_figure_root(_analysed(text), figure))
    assert gov.subject is not None and gov.subject.text == subject


@pytest.mark.parametrize(("text", "figure", "expected", "absent"), [
    ("Le groupe Safran va investir 10 millions d'euros à Lyon.", "10 millions d'euros", {"controller=aller", "verb=investir"}, {"negated"}),
    ("Le groupe Safran a investi 10 millions d'euros à Lyon.", "10 millions d'euros", {"aux=avoir", "verb=investir"}, {"negated"}),
    ("Le groupe Safran investira 10 millions d'euros à Lyon.", "10 millions d'euros", {"Tense=Fut"}, {"negated"}),
    ("Le groupe Safran n'investira pas 10 millions d'euros à Lyon.", "10 millions d'euros", {"negated"}, set()),
])
def test_morphology_and_negation_of_the_predicate(extractor, text: str, figure: str, expected: set[str],
                                                  absent: set[str]) -> None:
    doc = _analysed(text)
    ctx = build_context(doc, [])
    start = text.index(figure)
    features = figure_features(ctx, ctx.sentences[0], start, start + len(figure), "EUR", 1e7)
    assert expected <= set(features)
    assert not absent & set(features)


def test_features_name_the_rule_cues_and_place_in_the_text(extractor) -> None:
    text = ("Safran : 500 emplois à Lyon\n\nLe groupe Safran (qui emploie 2000 salariés) va créer 500 emplois à Lyon. "
            "Le chantier commencera en mai.")
    doc = _analysed(text)
    ctx = build_context(doc, [])
    title = text.index("500")
    in_title = figure_features(ctx, ctx.sentences[0], title, title + 10, "jobs", 500)
    assert {"title", "sentence=0", "family=people", "magnitude=2"} <= set(in_title)
    assert not any(name.startswith("rule") for name in in_title)  # the rules' kind is no feature
    body = ctx.sentences[1]
    inside = text.index("2000")
    bracketed = figure_features(ctx, body, inside, inside + 13, "people", 2000, ("past",))
    assert {"in_brackets", "gate=past", "cue:headcount<15", "verb=employer"} <= set(bracketed)
    assert "title" not in bracketed


@pytest.mark.parametrize(("unit", "family"), [("EUR", "money"), ("USD", "money"), ("jobs", "people"),
                                             ("MW", "power"), ("%", "share"), ("t/yr", "mass"),
                                             ("vehicles", "other"), (None, "none")])
def test_unit_class(unit: str | None, family: str) -> None:
    assert unit_class(unit) == family


def test_actor_features_say_where_and_how_a_company_is_named(extractor) -> None:
    from pledgewatch.extract.learn.features import actor_features

    text = "Le fabricant Brindor, client du groupe Exemplor, a salué l'annonce : Exemplor va investir 300 millions d'euros à Lyon."
    ctx = build_context(_analysed(text), [])
    pos = text.index("300")
    by_name = {}
    for m in ctx.companies:
        by_name.setdefault(m.name, []).append(m)
    sent = next(s for s in ctx.sentences if s.start <= pos < s.end)
    subject = actor_features(ctx, sent, pos, "investment", by_name["Exemplor"], 1)
    customer = actor_features(ctx, sent, pos, "investment", by_name["Brindor"], 0)
    assert {"subject", "clause_before", "order=1", "kind=investment", "count=2"} <= set(subject)
    assert "subject" not in customer and "clause_before" not in customer and "order=0" in customer
