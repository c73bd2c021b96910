"""Market quotes: bracketed changes, verbal moves, lists; indices and business figures left out."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from pledgewatch.document import Document
from pledgewatch.extract.companies import find_companies
from pledgewatch.extract.pipeline import analyse
from pledgewatch.extract.quotes import find_quotes


def parsed(text: str) -> Doc:
    """``text`` through the whole pipeline (parse, lemmas, companies)."""
    return analyse(Document(id="t", text=text, lang="fr"))


def quotes(text: str) -> list[tuple]:
    """(company, change, price, currency) of each quote found in ``text``."""
    return [(q["company"], q["change_pct"], q["price"], q["currency"]) for q in find_quotes(parsed(text))]


CASES = [
    # bracketed changes
    ("Apple (-1,25% à 190,10 dollars) a présenté ses résultats.", [("Apple", -1.25, 190.10, "USD")]),
    ("SAFRAN (+ 4,10% à 150,20 euros)\nLe motoriste profite d'une commande.", [("Safran", 4.10, 150.20, "EUR")]),
    ("RENAULT (- 2,5 % à 38,005 euros)", [("Renault", -2.5, 38.005, "EUR")]),
    ("La séance a été portée par Danone (+2,04%).", [("Danone", 2.04, None, None)]),
    ("Nvidia (+0,5% à 120 $) et Intel (-3% à 21,4 $) divergent.",
     [("Nvidia", 0.5, 120.0, "USD"), ("Intel", -3.0, 21.4, "USD")]),
    ("Nestlé (-0,8% à 95,12 francs suisses) recule.", [("Nestlé", -0.8, 95.12, "CHF")]),
    ("Capgemini (−1,1 % à 160 €) cède du terrain.", [("Capgemini", -1.1, 160.0, "EUR")]),
    # verbs
    ("Vers 11h00, Kering lâchait 2,4% à 310,5 euros.", [("Kering", -2.4, 310.5, "EUR")]),
    ("Michelin cède 2,38% à 23,630 euros.", [("Michelin", -2.38, 23.63, "EUR")]),
    ("Alstom recule de 3,1 % dans un marché calme.", [("Alstom", -3.1, None, None)]),
    ("Eiffage progresse de 2% après son chiffre d'affaires.", [("Eiffage", 2.0, None, None)]),
    ("Valeo grimpe de 5,2% à 12 euros.", [("Valeo", 5.2, 12.0, "EUR")]),
    ("Vivendi perd 0,5% en début de séance.", [("Vivendi", -0.5, None, None)]),
    ("Sodexo s'envole de 7,3 % à 80,2 euros.", [("Sodexo", 7.3, 80.2, "EUR")]),
    ("Atos chute de 12 % à l'ouverture.", [("Atos", -12.0, None, None)]),
    ("Ubisoft abandonne 4,5% à 14 euros.", [("Ubisoft", -4.5, 14.0, "EUR")]),
    ("Legrand avance de 0,9%.", [("Legrand", 0.9, None, None)]),
    ("Rexel gagne 1,22% à 24,1 euros.", [("Rexel", 1.22, 24.1, "EUR")]),
    ("Eramet dévisse de 9 % à la clôture.", [("Eramet", -9.0, None, None)]),
    ("Publicis flambe de 6,6% vendredi.", [("Publicis", 6.6, None, None)]),
    ("FDJ trébuche de 1,7% à 37,8 euros à la mi-journée.", [("FDJ", -1.7, 37.8, "EUR")]),
    ("Arkema a bondi de 3 % en une séance.", [("Arkema", 3.0, None, None)]),
    ("Nexans s'adjuge 2,1% à 101 euros.", [("Nexans", 2.1, 101.0, "EUR")]),
    # nouns and hedges
    ("Tesla a ouvert en hausse de 3,85% à 208,77 dollars.", [("Tesla", 3.85, 208.77, "USD")]),
    ("Engie termine en baisse de 1,3 % à 15,2 euros.", [("Engie", -1.3, 15.2, "EUR")]),
    ("Oracle a clôturé en baisse de -0,89%.", [("Oracle", -0.89, None, None)]),
    ("Le cours de Boeing a plongé, avec un plongeon de -6,68%.", [("Boeing", -6.68, None, None)]),
    ("Le titre Apple a perdu environ 10 % en une seule séance.", [("Apple", -10.0, None, None)]),
    ("Worldline est en repli de 2,2%.", [("Worldline", -2.2, None, None)]),
    # stock phrases, lists
    ("Stellantis a publié ses ventes. Le titre du constructeur a perdu 4,78% à 12,19 euros.",
     [("Stellantis", -4.78, 12.19, "EUR")]),
    ("Soitec annonce un contrat. Après une ouverture hésitante, la valeur s'envolait de 3,46% à 7,39 euros.",
     [("Soitec", 3.46, 7.39, "EUR")]),
    ("Le cours de l'action Getlink grimpe de 1,98% pour atteindre 13,13 euros.", [("Getlink", 1.98, 13.13, "EUR")]),
    ("Le titre de Bouygues recule de 0,28% à 32,67 euros.", [("Bouygues", -0.28, 32.67, "EUR")]),
    ("Vers 15h30, l'action BNP Paribas reculait de 2,2% alors que l'indice CAC 40 cédait 1,5%.",
     [("BNP Paribas", -2.2, None, None)]),
    ("Forvia annonce une usine. Après avoir dévissé hier de 3,28% dans un marché qui perdait 2,08%, "
     "le titre poursuit sa baisse, malgré le redressement du CAC 40, et perd 0,21%.",
     [("Forvia", -3.28, None, None), ("Forvia", -0.21, None, None)]),
    ("À Paris, Renault perdait 0,53 %, Valeo 2,57 %.", [("Renault", -0.53, None, None), ("Valeo", -2.57, None, None)]),
    # not company quotes
    ("Le CAC 40 a terminé en léger repli à -0,46%, à 7 450 points.", []),
    ("Le SBF 120 progresse de 0,8%.", []),
    ("Le Nasdaq a perdu 1,2% et Wall Street a cédé 0,5%.", []),
    ("Airbus a réalisé un chiffre d'affaires en hausse de 15%.", []),
    ("Chez Sanofi, le bénéfice a bondi de 10% à 2 milliards.", []),
    ("Thales a vu ses ventes progresser de 8 %.", []),
    ("Volkswagen, BMW et Mercedes-Benz chutent de plus de 2 %.", []),
    ("L'action Carrefour avait rebondi de plus de 30% sur le mois écoulé.", []),
    ("Le titre Vinci, qui a progressé de 20% depuis le début de l'année, reste stable.", []),
    ("Orange a gagné 3% de parts de marché en un an.", []),
    ("Accor a cédé 5% du capital de sa filiale.", []),
    ("Le volume des ventes du groupe Danone a chuté de 25 %.", []),
    ("Il a cédé 0,13% vendredi.", []),
    ("Le chiffre d'affaires de la division 'Cosmo' (+72,2%) progresse.", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_find_quotes(text: str, expected: list[tuple]) -> None:
    assert quotes(text) == expected


def test_quote_evidence_and_ticker() -> None:
    text = "Ce jour-là, Microsoft (-0,38% à 413,16 dollars) a annoncé 4 milliards."
    (quote,) = find_quotes(parsed(text))
    evidence = quote["evidence"]
    assert quote["ticker"] == "MSFT"
    assert text[evidence["start"]:evidence["end"]] == evidence["text"] == "Microsoft (-0,38% à 413,16 dollars)"


def test_ner_only_company_has_no_ticker() -> None:
    text = "Tout va bien pour Orolia, dont le titre flambe de 8,6% ce vendredi."
    start = text.index("Orolia")
    doc = parsed(text)
    doc._.companies = find_companies(text, [(start, start + 6, "PER")])
    (quote,) = find_quotes(doc)
    assert (quote["company"], quote["ticker"], quote["change_pct"]) == ("Orolia", None, 8.6)


def test_repeated_quote_is_kept_once() -> None:
    text = "Kering (-2% à 300 euros). Plus tard, Kering cède 2% à 300 euros."
    assert quotes(text) == [("Kering", -2.0, 300.0, "EUR")]
