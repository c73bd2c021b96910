"""Actors read from the parse: the subject or agent of the predicate governing a figure."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pledgewatch.extract.actors import (
    _apposed_company_noun,
    _parsed_subject,
    _recipient,
    _shaped_like_no_name,
    _subject_actor,
)
from pledgewatch.extract.extraction import analysed_parts
from pledgewatch.extract.frames import Context, build_context, sentence_at
from pledgewatch.read.reader import read_text


def mention(text: str, name: str) -> SimpleNamespace:
    """A mention of ``name`` where ``text`` first names it."""
    start = text.index(name)
    return SimpleNamespace(start=start, end=start + len(name), text=name)


def context(text: str) -> Context:
    doc, _ = analysed_parts(read_text(text, "t", "t"))[0]
    return build_context(doc, [])


def subject_of(text: str, anchor: str) -> str | None:
    ctx = context(text)
    pos = text.index(anchor)
    sent = sentence_at(ctx, pos)
    found = _subject_actor(ctx, sent, pos, ctx.companies)
    return found[0] if found else None


@pytest.mark.parametrize("text, anchor, actor", [
    # through a control verb and an auxiliary
    ("Le groupe Brivex, qui a racheté la société Tessalor en 2019, a annoncé vouloir créer 200 emplois à Metz.",
     "200 emplois", "Brivex"),
    # the subject, not the last company named before the figure
    ("Le groupe Brivex, qui rachète la société Tessalor, va investir 20 millions d'euros à Metz.",
     "20 millions", "Brivex"),
    # a relative "qui" stands for its antecedent
    ("Le groupe Tessalor a cédé son usine de Metz à la société Brivex, qui va y investir 20 millions d'euros.",
     "20 millions", "Brivex"),
    # a passive's agent, named after the figure
    ("Un investissement de 20 millions d'euros a été décidé par le groupe Brivex, client de la société Tessalor.",
     "20 millions", "Brivex"),
    # object control: the object of the controlling verb acts
    ("Le contrat signé avec le groupe Tessalor permettra à la société Brivex de créer 80 emplois à Metz.",
     "80 emplois", "Brivex"),
    # a noun's agent ("la construction par X")
    ("Le groupe Tessalor a fermé son site. La construction par le groupe Brivex d'une usine de 12 000 m2 "
     "à Nancy commencera en 2026.", "12 000 m2", "Brivex"),
])
def test_the_actor_is_the_subject_or_agent_of_the_governing_predicate(text: str, anchor: str, actor: str) -> None:
    assert subject_of(text, anchor) == actor


@pytest.mark.parametrize("text, anchor", [
    ("L'usine de Metz emploiera 200 personnes d'ici 2026.", "200 personnes"),  # no company is the subject
    ("Selon la société Tessalor, 300 emplois seront créés à Metz.", "300 emplois"),  # a source, no subject
    # "le groupe" right before a name names that one, not the company named before
    ("Le groupe Tessalor investira 5 milliards d'euros. Le groupe Ferrix a signé un contrat d'achat d'électricité.",
     "contrat d'achat"),
])
def test_no_actor_when_the_parse_names_no_company(text: str, anchor: str) -> None:
    assert subject_of(text, anchor) is None


@pytest.mark.parametrize("text, name, expected", [
    ("Kovalindo a prévu un nouveau site à Metz.", "Kovalindo", True),
    ("Le site produira des pièces pour Kovalindo.", "Kovalindo", False),
])
def test_a_subject_is_credible_as_a_company(text: str, name: str, expected: bool) -> None:
    assert _parsed_subject(context(text), mention(text, name)) is expected


@pytest.mark.parametrize("text, name, expected", [
    # what a figure goes to
    ("La centrale fournira 60 tonnes de vapeur par heure à Kovalindo.", "Kovalindo", True),
    ("Elle produira 25 tonnes de vapeur pour l'usine Kovalindo.", "Kovalindo", True),
    # the object of a controlling verb acts; a subject or an agent does too
    ("Le projet va permettre à Kovalindo d'augmenter sa production.", "Kovalindo", False),
    ("La centrale sera construite par Kovalindo.", "Kovalindo", False),
    ("Le groupe Kovalindo va construire une nouvelle centrale de 20 MW dans la région.", "Kovalindo", False),
])
def test_a_recipient_of_a_figure(text: str, name: str, expected: bool) -> None:
    assert _recipient(context(text), mention(text, name)) is expected


@pytest.mark.parametrize("text, name, expected", [
    ("La construction par Kovalindo, fabricant d'équipements, d'une usine.", "Kovalindo", True),
    ("Kovalindo, le spécialiste des satellites, recrute.", "Kovalindo", True),
    ("Kovalindo, l'équipementier, ouvre une usine.", "Kovalindo", True),
    ("Kovalindo, commune de Moselle, accueille une usine.", "Kovalindo", False),
    ("Près de Kovalindo, une usine ouvrira.", "Kovalindo", False),
])
def test_an_apposition_headed_by_a_noun_of_companies(text: str, name: str, expected: bool) -> None:
    assert _apposed_company_noun(SimpleNamespace(text=text, lang="fr"), mention(text, name)) is expected


@pytest.mark.parametrize("text, name, expected", [
    ("L'A350 sera assemblé à Toulouse.", "A350", True),              # a product code
    ("Le campus PAR03 ouvrira en 2026.", "PAR03", True),
    ("LES BANQUES LOCALES EN SOUFFRANCE\nLa banque ferme.", "LES BANQUES LOCALES EN SOUFFRANCE", True),  # a headline
    ("ENTREPRISES\nLes entreprises du secteur recrutent.", "ENTREPRISES", True),  # a common word in capitals
    ("H2V construit une usine.", "H2V", False),                      # a name with a digit
    ("Data4 construit un campus.", "Data4", False),
    ("ATELIERS DE VITRE investit.", "ATELIERS DE VITRE", False),     # a short name in capitals
    ("SANOFI recrute.", "SANOFI", False),
    ("L'opérateur Telcom a signé un contrat.", "Telcom", False),   # after a capitalised article and noun
    ("Depuis mai, Brivex recrute.", "Brivex", False),
    ("Brivex recrute.", "Brivex", False),
    ("Selon Reuters. Brivex recrute.", "Brivex", False),
])
def test_the_shape_of_a_name_that_is_no_company(text: str, name: str, expected: bool) -> None:
    assert _shaped_like_no_name(SimpleNamespace(text=text), mention(text, name)) is expected


def test_a_name_an_article_opens_is_a_company_unless_a_known_place() -> None:
    ctx = context("La Boulangère a choisi Le Havre pour sa septième usine, un bâtiment de 15 000 m2.")
    names = [c.text for c in ctx.companies]
    assert "La Boulangère" in names
    assert not any("Havre" in n for n in names)
