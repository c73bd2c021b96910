"""Market quotes in the common styles of French market news, and the moves that are no quotes.

Each table holds short texts written for these tests, one style or one "no quote" case per
row, run through the whole pipeline (parse, lemmas, companies).
"""

from __future__ import annotations

import pytest

from pledgewatch.document import Document
from pledgewatch.extract.pipeline import analyse
from pledgewatch.extract.quotes import find_quotes


def quotes(text: str) -> list[tuple]:
    """(company, change, price) of each quote found in ``text``."""
    doc = analyse(Document(id="t", text=text, lang="fr"))
    return [(q["company"], q["change_pct"], q["price"]) for q in find_quotes(doc)]


WRAPS = [
    # leaders and laggards in prose
    ("En tête de l'indice, Renault gagne 5,3 % à 32,20 euros, devant Valeo (+4,1 %).",
     [("Renault", 5.3, 32.2), ("Valeo", 4.1, None)]),
    ("Lanterne rouge du CAC 40, Accor plonge de 2,43 % à 30,68 euros.", [("Accor", -2.43, 30.68)]),
    ("Le réassureur Scor gagne encore 2,26 % à 19,42 euros.", [("Scor", 2.26, 19.42)]),
    ("Malgré des ventes en progression de 10 %, Publicis est boudé par le marché et chute de 3,65 %.",
     [("Publicis", -3.65, None)]),
    # lists of movers
    ("Kering (+18 %), Hermès (+14 %) et Danone (+11 %) s'envolent.",
     [("Kering", 18.0, None), ("Hermès", 14.0, None), ("Danone", 11.0, None)]),
    ("Air France-KLM s'envolait de 9,65 % à 8,52 euros, Accor prenait 4,29 % à 43,53 euros et "
     "Trigano 2,66 % à 138,70 euros.",
     [("Air France-KLM", 9.65, 8.52), ("Accor", 4.29, 43.53), ("Trigano", 2.66, 138.7)]),
    ("A part les banques, Alstom (+2,4 %), Legrand et Schneider Electric (+1,3 % chacun) font partie des gagnants.",
     [("Alstom", 2.4, None), ("Legrand", 1.3, None), ("Schneider Electric", 1.3, None)]),
    ("A Paris, Legrand et Schneider Electric (+1,3 % chacun) montent.",
     [("Legrand", 1.3, None), ("Schneider Electric", 1.3, None)]),
    # the market's people beside the share: still the share's move
    ("Kering est plébiscité par les investisseurs (+5 %).", [("Kering", 5.0, None)]),
    ("Kering grimpe de 4 %, salué par les analystes.", [("Kering", 4.0, None)]),
    # a share's rank in its market, told with a copula
    ("TotalEnergies est en tête du CAC 40 avec un gain de 3 %.", [("TotalEnergies", 3.0, None)]),
    ("Accor est la meilleure performance du CAC 40 ce jour (+3,1 %).", [("Accor", 3.1, None)]),
    ("Kering est la lanterne rouge du SBF 120, avec une chute de 4 %.", [("Kering", -4.0, None)]),
    # a bracket after a move verb the tagger took for a name or a noun
    ("Soitec grimpe (+5 %) après ses résultats.", [("Soitec", 5.0, None)]),
    ("Verallia signe la plus forte baisse du SBF 120 (-6 %).", [("Verallia", -6.0, None)]),
    # a listing line: the name, its price, its signed change
    ("Soitec : 112,50 euros (+3,2 %).", [("Soitec", 3.2, 112.5)]),
    ("Soitec, 112,50 €, +3,2 %.", [("Soitec", 3.2, 112.5)]),
    # a name the tagger took for an adjective, or the recogniser for a person after a company noun
    ("Quantorix bondit de 25 % après l'annonce d'un contrat.", [("Quantorix", 25.0, None)]),
    ("La biotech Valorex s'envole de 40 % sur Euronext Growth.", [("Valorex", 40.0, None)]),
    # a headline's clause, then its signed figure after a colon
    ("Ubisoft s'envole en Bourse : +12 % à 25 euros.", [("Ubisoft", 12.0, 25.0)]),
    # the antecedent of a relative "qui" the parser hung from another verb
    ("La plus forte baisse de l'indice revient à Kering, qui perd 3,8 %.", [("Kering", -3.8, None)]),
    # a listed name the recogniser took for a place, which the gazetteer does not know
    # a listed company whose name opens with a first name
    ("Pernod Ricard cédait 1,8 % à 150 euros et Rémy Cointreau 2,4 %.",
     [("Pernod Ricard", -1.8, 150.0), ("Rémy Cointreau", -2.4, None)]),
    ("Amundi gagne 2 %, Euronext 1 %, Tikehau 0,5 %.",
     [("Amundi", 2.0, None), ("Euronext", 1.0, None), ("Tikehau", 0.5, None)]),
    # the market's move beside a share's is the market's
    ("L'action Edenred a perdu 4,2 % à 45 euros, dans un marché en baisse de 0,5 %.", [("Edenred", -4.2, 45.0)]),
    ("Renault gagne 2 %, dans un secteur en hausse de 1 %.", [("Renault", 2.0, None)]),
    ("Les titres de Vallourec et d'Eramet ont lâché respectivement 1,96 % et 5,12 %.",
     [("Vallourec", -1.96, None), ("Eramet", -5.12, None)]),
    ("Vallourec (12,40) et Eramet (71,20) étaient négatives de 0,72 et 0,19 %, Nexans (98,10) "
     "et Rexel (24,30) de 1,23 et 0,73 %.",
     [("Vallourec", -0.72, 12.4), ("Eramet", -0.19, 71.2), ("Nexans", -1.23, 98.1), ("Rexel", -0.73, 24.3)]),
    # the price first
    ("Le titre Alstom s'échangeait à 21,80 euros, en baisse de 2,4 %.", [("Alstom", -2.4, 21.8)]),
    ("Le titre Alstom cote 21,80 euros, en baisse de 2,4 %.", [("Alstom", -2.4, 21.8)]),
    # the price in brackets, after the figure or after the name
    ("Renault progresse de 2 % (à 40 euros).", [("Renault", 2.0, 40.0)]),
    ("Renault (40 euros) progresse de 2 %.", [("Renault", 2.0, 40.0)]),
    # a share made to move: the object of "faire", not its subject
    ("Les tensions ont fait chuter Renault de 4 %.", [("Renault", -4.0, None)]),
    # a business noun in an adjunct is no subject
    ("Credit Suisse a pour sa part gagné 0,9 %. La banque présente ses chiffres jeudi.",
     [("Credit Suisse", 0.9, None)]),
    # signed figures right after names, as lists of movers print them
    ("Plus fortes hausses du SBF 120 : Soitec +7,5 %, Atos +5 %.", [("Soitec", 7.5, None), ("Atos", 5.0, None)]),
    ("Soitec, +7,5 %, mène la danse.", [("Soitec", 7.5, None)]),
    # a signed figure after a verb of quotation, a headline, a bracket after a clause
    ("Vallourec, très entouré mardi, a fini à +5 %.", [("Vallourec", 5.0, None)]),
    ("KERING : +5,2 %", [("Kering", 5.2, None)]),
    ("Kering a terminé dans le vert (+1,2 %).", [("Kering", 1.2, None)]),
    ("Kering a terminé à 235,85 euros (+1,2 %).", [("Kering", 1.2, 235.85)]),
    # a move noun borne by its verb through nominal relations, or by a verb of support
    ("En Bourse, Ubisoft a terminé la journée sur une chute de 8 %.", [("Ubisoft", -8.0, None)]),
    ("Ubisoft a fait un bond de 10 % à l'ouverture.", [("Ubisoft", 10.0, None)]),
    ("Ubisoft a connu une chute de 10 % en séance.", [("Ubisoft", -10.0, None)]),
    # a bracket after a move noun and its index, or after a participle of the market's mood
    ("Ubisoft enregistre la plus forte hausse du SBF 120 (+7 %).", [("Ubisoft", 7.0, None)]),
    ("Ubisoft est recherché (+2 %) après un contrat.", [("Ubisoft", 2.0, None)]),
    ("Renault prend la tête du CAC 40 (+3 %).", [("Renault", 3.0, None)]),
    ("Sodexo est sanctionné en Bourse, avec une chute de 8 %.", [("Sodexo", -8.0, None)]),
    # the company's own value lost is its share move, not a fraction
    ("Ubisoft a perdu 8 % de sa valeur en Bourse mardi.", [("Ubisoft", -8.0, None)]),
    # a second move verb after its own name
    ("Le titre de Kering montait de 2,12 % à 235,85 euros et celui d'Hermès prenait 2,33 % à 2 109 euros.",
     [("Kering", 2.12, 235.85), ("Hermès", 2.33, 2109.0)]),
]

SUBJECTS = [
    # the share a causative makes move, its figure after the share's phrase
    ("La chute du brut faisait reculer l'action du groupe pétrolier TotalEnergies de 2,5 % à 60 euros.",
     [("TotalEnergies", -2.5, 60.0)]),
    ("Le titre Peugeot est en hausse de 2,36 % à 29,11 euros.", [("Peugeot", 2.36, 29.11)]),
    ("L'action Tencent a chuté de 3 % à 469 HKD.", [("Tencent", -3.0, 469.0)]),
    ("Nexans annonce des suppressions de postes. A 9h14, la valeur reculait de 12,74 % à 37,04 euros.",
     [("Nexans", -12.74, 37.04)]),
    ("Eramet publie ses comptes. L'action de la société minière s'est envolée de 13,7 %, à 6,99 euros.",
     [("Eramet", 13.7, 6.99)]),
    ("Safran, qui fournit des freins à l'avionneur, voit son titre céder 0,94 % à 27,925 euros.",
     [("Safran", -0.94, 27.925)]),
    ("Au Nasdaq, l'indice a profité de l'envolée de 24,4 % de Nvidia.", [("Nvidia", 24.4, None)]),
    ("A l'inverse, le groupe Kering a été le moteur de l'indice, s'envolant de 4,83 %.", [("Kering", 4.83, None)]),
    ("Le cours d'Alstom, qui a clôturé en baisse de 0,89 %, a chuté après la séance, avec un plongeon de 6,68 %.",
     [("Alstom", -0.89, None)]),
    # an unknown name the tagger took for an adjective, after a common noun
    ("La biotech Quantorix s'envole de 15 %.", [("Quantorix", 15.0, None)]),
    # a ticker or a market code in brackets after the name
    ("Quantorix (EPA:QTX) a bondi de 5 %.", [("Quantorix", 5.0, None)]),
    ("Quantorix (ALQTX) s'envole de 15 % à 3,2 euros.", [("Quantorix", 15.0, 3.2)]),
    # a generic reference to the company named before ("le groupe", "le géant de Cupertino")
    ("Apple a présenté ses résultats. Le géant de Cupertino a perdu 3 % à Wall Street.", [("Apple", -3.0, None)]),
    ("Renault a publié ses ventes. L'entreprise perdait 2 % à la mi-séance.", [("Renault", -2.0, None)]),
    # a name the tagger took for a common noun: capitalised, with no determiner
    ("Mercialys décroche de 6 %, pénalisé par une note.", [("Mercialys", -6.0, None)]),
    # a name the parser cut off as a root of its own before the verb
    ("Orpea s'effondre de 30 % à la Bourse de Paris.", [("Orpea", -30.0, None)]),
    # the share noun with the name in its phrase, the company unknown to the finder
    ("L'action de Quanteris a décroché de 10 % jeudi.", [("Quanteris", -10.0, None)]),
    # a clause the parser split off its subject ("chute" taken for a noun)
    ("Le titre du groupe pharmaceutique Ipsen chute de 4 %.", [("Ipsen", -4.0, None)]),
    # a verb of quotation left unlemmatised in the present ("affiche")
    ("Stellantis affiche une hausse de 2 % en fin de matinée.", [("Stellantis", 2.0, None)]),
    # rising verbs: reflexive and recovering moves
    ("Air Liquide se hisse de 2 % à 170 euros.", [("Air Liquide", 2.0, 170.0)]),
    ("Danone s'est repris de 1,1 % à 60 euros.", [("Danone", 1.1, 60.0)]),
    ("Renault se redresse de 3 %.", [("Renault", 3.0, None)]),
]

FOREIGN = [
    # Swiss francs as Swiss market news writes them
    ("Holcim gagne 1,5 % à 60,20 francs.", [("Holcim", 1.5, 60.2)]),
    ("Nestlé recule de 0,5 % à 98,50 fr.", [("Nestlé", -0.5, 98.5)]),
    ("A Wall Street, Nvidia a cédé 4,35 % à 694,52 dollars.", [("Nvidia", -4.35, 694.52)]),
    ("Au Nasdaq, Tesla a rebondi mardi de 7,9 % supplémentaires à 993,98 $.", [("Tesla", 7.9, 993.98)]),
    ("Apple grimpe de 6,5 % ce vendredi à 225,15 dollars.", [("Apple", 6.5, 225.15)]),
    # a Reuters instrument code after the name, as French wires write them
    ("Nebius NBIS.O a bondi de 12 % jeudi.", [("Nebius", 12.0, None)]),
    ("Microsoft MSFT.O a perdu 2,1 % et Alphabet GOOGL.O 1,4 %.", [("Microsoft", -2.1, None), ("Alphabet", -1.4, None)]),
]

UNCHANGED = [
    ("Seize ont reculé, douze avancé, alors que SPS et ABB ont fini inchangés.",
     [("SPS", 0.0, None), ("ABB", 0.0, None)]),
    ("Le titre Kering a terminé inchangé à 235 euros.", [("Kering", 0.0, 235.0)]),
    # a business figure unchanged is no quote, nor an unchanged word with no close
    ("Le dividende de Kering a terminé inchangé.", []),
    ("Kering maintient un dividende inchangé.", []),
]

SESSIONS = [
    # of one day's moves, the latest (or the close); an earlier session is its own
    ("Le titre Nexans perdait près de 13 % mardi matin. A 9h14, la valeur reculait de 12,74 % à 37,04 euros.",
     [("Nexans", -12.74, 37.04)]),
    ("Julius Baer, qui avait perdu près de 6 % lundi, a fini en hausse de 0,7 %.",
     [("Julius Baer", -6.0, None), ("Julius Baer", 0.7, None)]),
    # the eve's words after "après avoir" date the second move only
    ("Michelin grimpe de 3 % après avoir perdu 2 % la veille.", [("Michelin", 3.0, None), ("Michelin", -2.0, None)]),
]

NO_QUOTES = [
    # hedged bounds and ranges
    ("Le titre Carmat a grimpé jusqu'à près de 57 % en séance.", []),
    ("Renault, Porsche et Peugeot affichent des baisses comprises entre 0,6 et 2,2 %.", []),
    # period moves
    ("Sur un mois, le titre Ipsen a perdu 2,09 %.", []),
    ("Danone a bondi de 136 % en 2021.", []),
    ("Kering a grimpé de 12 % en deux séances.", []),
    ("Renault a pris 8 % cette semaine.", []),
    ("Renault a perdu 12 % ce mois-ci.", []),
    # a copula ranking anything but a share in its market
    ("Renault est en tête des ventes avec une hausse de 5 %.", []),
    ("Renault est le premier employeur de la région (+3 %).", []),
    # forecasts: under a modal verb, or in the conditional
    ("Selon Oddo BHF, Legrand pourrait gagner 10 %.", []),
    ("Alstom devrait ouvrir en hausse de 2 %.", []),
    ("Le titre Alstom gagnerait 5 % si l'offre aboutissait.", []),
    # indices, markets, sectors
    ("Le Footsie grimpe de 0,20 % à 6 034 points.", []),
    ("Le Swiss Market Index a perdu 0,18 %.", []),
    ("L'indice BEL 20 a cédé 0,62 %.", []),
    ("Le Swiss Leader Index (SLI/30 titres dont ceux du SMI) a gagné 0,28 %, à 1239,65 points et l'indice élargi "
     "Swiss Performance Index (SPI) a fini en repli de 0,18 % à 7733,24 points.", []),
    # business figures
    ("Goldman Sachs a vu ses perspectives de bénéfice revues en baisse d'environ 35 %.", []),
    ("L'EBIT courant de Verallia s'inscrit en hausse de 4,3 %.", []),
    ("Il s'agit d'une baisse de 50 % par rapport à 2019.", []),
    ("Air Liquide vise une baisse de 5 % de sa consommation d'énergie.", []),
    ("Kering a grimpé de 2 %, s'ajoutant à son gain de 41 % l'an dernier.", [("Kering", 2.0, None)]),
    # fractions: a stake sold is no move, even of a named company
    ("Kering a cédé 5 % de Puma à un fonds.", []),
    ("Ubisoft prend 10 % du capital de Nadeo.", []),
    # a bracket belongs to the first verb above it, here no verb of quotation
    ("Renault publie ses comptes. Le groupe a fait part d'un rebond qui s'est poursuivi au troisième trimestre "
     "avec une clientèle en forte croissance (+46 %).", []),
    # a move noun of a business figure, even under a verb of support
    ("Ubisoft a connu une hausse de 12 % de ses ventes.", []),
    ("Renault a enregistré un chiffre d'affaires de 3 milliards d'euros (+5 %).", []),
    # agencies, newspapers, brokers, units
    ("Selon Bloomberg, le marché a reculé de 1 %.", []),
    ("Chez Oddo, on note que le secteur a perdu 2 %.", []),
    ("Le chiffre d'affaires atteint 63 ME (+81 %).", []),
    ("Ventes de Renault +5 %.", []),
    ("Le chiffre d'affaires de Soitec : 112,50 euros (+3,2 %).", []),
    # people who comment on a market are no share
    ("Selon le bureau d'études, les analystes d'Enervis ont enregistré une stagnation (-0,4 %).", []),
    ("Renault a publié ses ventes. Le groupe a vu son chiffre d'affaires reculer de 2 %.", []),
    ("Renault a publié ses ventes. Le groupe réduit ses coûts de 2 %.", []),
    # a listing line of a web page, the name ending with its market
    ("Valeurs associées SAINT-GOBAIN Euronext Paris -0.94%", []),
    ("Le CAC 40 a terminé en hausse (+0,5 %).", []),
    ("La société a publié un chiffre d'affaires de 3 milliards d'euros (+5 %).", []),
]


@pytest.mark.parametrize("text, expected", WRAPS)
def test_market_wraps(text: str, expected: list[tuple]) -> None:
    assert quotes(text) == expected


@pytest.mark.parametrize("text, expected", SUBJECTS)
def test_share_as_subject(text: str, expected: list[tuple]) -> None:
    assert quotes(text) == expected


@pytest.mark.parametrize("text, expected", FOREIGN)
def test_foreign_stocks(text: str, expected: list[tuple]) -> None:
    assert quotes(text) == expected


@pytest.mark.parametrize("text, expected", UNCHANGED)
def test_unchanged_at_the_close(text: str, expected: list[tuple]) -> None:
    assert quotes(text) == expected


@pytest.mark.parametrize("text, expected", SESSIONS)
def test_one_move_per_session(text: str, expected: list[tuple]) -> None:
    assert quotes(text) == expected


@pytest.mark.parametrize("text, expected", NO_QUOTES)
def test_no_quote(text: str, expected: list[tuple]) -> None:
    assert quotes(text) == expected
