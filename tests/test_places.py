"""The place finder, on sentences written for these tests."""

import pytest

from pledgewatch.extract import gazetteer
from pledgewatch.extract.companies import fold
from pledgewatch.extract.place_names import RIVER_NAME, is_country_name
from pledgewatch.extract.places import PlaceMention, find_places

CASES = [
    # countries
    ("Le groupe va investir 2 milliards d'euros en France d'ici 2027.", ["country:FR"]),
    ("Ces promesses d'investissements dans l'Hexagone sont record.", ["country:FR"]),
    ("L'usine sera construite aux Etats-Unis, pas en Allemagne.", ["country:US", "country:DE"]),
    ("Le chantier au Royaume-Uni et en Chine reprendra en mai.", ["country:GB", "country:CN"]),
    ("Le fonds s'engage à soutenir 300 startups françaises.", ["country:FR"]),
    ("Le projet renforcera la présence du groupe sur le sol français.", ["country:FR"]),
    ("date 2023-12 La France reste un marché clé.", ["country:FR"]),  # an article is no name before it
    # regions, former regions, aliases
    ("Un entrepôt ouvrira en Auvergne-Rhône-Alpes l'an prochain.", ["region:84"]),
    ("Le site sera implanté dans la région Grand Est.", ["region:44"]),
    ("L'éditeur recrute 200 personnes en région parisienne.", ["region:11"]),
    ("Le fabricant annonce 120 millions d'euros d'investissements en Alsace.", ["region:44"]),
    ("La Région Sud finance la formation des techniciens.", ["region:93"]),
    ("Une usine en Ile de France et une autre en Bretagne.", ["region:11", "region:53"]),
    # departments
    ("L'usine se trouve dans le Haut-Rhin, près de la frontière.", ["departement:68"]),
    ("Les salariés du site de Dunkerque (Nord) sont inquiets.", ["commune:59183", "departement:59"]),
    ("Le parc solaire sera installé en Corrèze et dans les Vosges.", ["departement:19", "departement:88"]),
    ("Un entrepôt de 40 000 m² ouvrira à Augny (57).", ["commune:57039", "departement:57"]),
    # EPCI
    ("Le campus rejoindra Mulhouse Alsace Agglomération.", ["epci:200066009"]),
    ("L'Eurométropole de Strasbourg accueille le centre de tri.", ["epci:246700488"]),
    ("Toulouse Métropole a validé le permis de construire.", ["epci:243100518"]),
    # communes
    ("Le groupe étend ses sites dans les régions de Paris et de Marseille.", ["commune:75056", "commune:13055"]),
    ("La nouvelle ligne sera produite à Fos-sur-Mer dès 2026.", ["commune:13039"]),
    # a compound commune called later by its head
    ("Le port de Fos-sur-Mer attire les industriels : deux usines ouvriront à Fos.", ["commune:13039", "commune:13039"]),
    ("À Châlons-en-Champagne, le site de Châlons recrutera.", ["commune:51108", "commune:51108"]),
    ("Fos recrute, puis Fos-sur-Mer accueille une usine.", ["commune:13039"]),
    ("Le site de Villeneuve-sur-Lot, pas celui de Villeneuve.", ["commune:47323"]),
    ("Le site de Saint-Amand-les-Eaux et celui de Saint-Amand.", ["commune:59526", "commune:59526"]),
    ("Le centre de données ouvrira à Petit-Landau, dans le Haut-Rhin.", ["commune:68254", "departement:68"]),
    ("L'entrepôt de Saint-Laurent-Blangy emploiera 300 personnes.", ["commune:62753"]),
    ("Le chimiste ferme ses usines de Cholet et Vannes.", ["commune:49099", "commune:56260"]),
    ("Trois sites sont concernés, à Evreux, Mayenne et Saint-Amand-les-Eaux.",
     ["commune:27229", "commune:53147", "commune:59526"]),
    ("Un laboratoire va ouvrir près de Toulouse.", ["commune:31555"]),
    ("Le terminal du Havre sera agrandi.", ["commune:76351"]),
    ("La plateforme logistique sera bâtie au Coudray-Montceaux.", ["commune:91179"]),
    ("Le fabricant investit à Neuville-sur-Saône (Rhône).", ["commune:69143", "departement:69"]),
    ("Le studio quitte Bordeaux pour Nantes.", ["commune:33063", "commune:44109"]),
    ("L'atelier de Saint-Nazaire sera modernisé.", ["commune:44184"]),
    ("Le site de Vienne (Isère) sera agrandi.", ["commune:38544", "departement:38"]),
    # communes of one department glued into one name: both; otherwise, no commune
    ("La plateforme chimique de Carling-Saint-Avold accueillera l'électrolyseur.",
     ["commune:57123", "commune:57606"]),
    ("Le port de Limay-Porcheville s'agrandit.", ["commune:78335", "commune:78501"]),
    ("Le club du Paris-Saint-Germain recrute.", []),
    ("La gare de Lille-Flandres sera rénovée.", []),
    ("Le terminal de Marseille-Lyon sera rénové.", []),  # two departments
    ("Plusieurs régions françaises sont candidates.", ["country:FR"]),
    # a commune named "La ..." written without its article; a strict department after "dans l'"
    ("Le site situé à Ferrière-Bochard sera modernisé.", ["commune:61165"]),
    ("La ligne sera installée à La Ferrière-Bochard.", ["commune:61165"]),
    ("Dans l’Orne, la laiterie recrute.", ["departement:61"]),
    ("Dans l'Ain, la laiterie recrute.", ["departement:01"]),
    ("L'Orne déborde.", []),
    # after a site noun and "d'", a small commune; the same name after "de" further on
    ("Le site d'Allenjoie recrute.", ["commune:25011"]),
    ("La plateforme d’Allenjoie ouvre. La plateforme 4.0 d'Allenjoie sera la plus moderne.",
     ["commune:25011", "commune:25011"]),
    ("La plateforme 4.0 d'Allenjoie sera la plus moderne.", []),  # never named by a cue
    # a name that no commune of the region named right after bears is a short form
    ("Le groupe ferme son site d'Aulnay, en région parisienne.", ["region:11"]),
    ("À Douvrin, dans le Nord, l'usine tourne.", ["commune:62276", "departement:59"]),  # same region
    # a short form the department in brackets settles ("Aulnay (Seine-Saint-Denis)": Aulnay-sous-Bois)
    ("L'usine d'Aulnay (Seine-Saint-Denis) fermera.", ["commune:93005", "departement:93"]),
    ("Le dépôt de Villeneuve (Lot-et-Garonne) fermera.", ["departement:47"]),  # several Villeneuve-... there
    # places abroad
    ("Le constructeur ouvre une usine au Texas.", ["place:Texas, US"]),
    ("Le site sera à Huntsville, dans l'Alabama.", ["place:Huntsville, US", "place:Alabama, US"]),
    ("La ville de Yancheng est une zone de croissance en Chine.", ["place:Yancheng, CN", "country:CN"]),
    ("La ville de Lyon attire. La Chine aussi.", ["commune:69123", "country:CN"]),  # another sentence
    ("La ville de Lyon attire autant que la Chine.", ["commune:69123", "country:CN"]),  # a French commune
    ("Les ingénieurs de Londres rejoindront l'équipe.", ["place:London, GB"]),
    # a town named right before its country, after a site's noun, a pronoun or "à"
    ("Sa gigafactory de Grünheide, en Allemagne, tourne.", ["place:Grünheide, DE", "country:DE"]),
    ("Celle d'Oberhausen, en Allemagne, est en cours d'achèvement.", ["place:Oberhausen, DE", "country:DE"]),
    ("Le groupe ouvre un bureau à Pune en Inde.", ["place:Pune, IN", "country:IN"]),
    ("Les ventes de Volkswagen au Brésil reculent.", ["country:BR"]),  # "de" alone: a company, not a town
    ("L'usine de Renault en Espagne tourne.", ["country:ES"]),  # a company's name
    ("Son site de Lyon en France sera agrandi.", ["commune:69123", "country:FR"]),  # a French commune
    # plural and elided forms of the words that call a name a commune
    ("Le parc est à cheval sur les communes de Réau et Moissy-Cramayel.", ["commune:77384", "commune:77296"]),
    ("Il regroupe ses deux entrepôts de Moissy-Cramayel.", ["commune:77296"]),
    ("La commune d'Allenjoie accueille le site.", ["commune:25011"]),
    # the city of a wire's dateline is no place of the news
    ("PARIS, 5 décembre (Reuters) - Le groupe ouvre une usine à Lyon.", ["commune:69123"]),
    ("Paris (AFP) Le groupe ouvre une usine à Lyon.", ["commune:69123"]),
    ("TOKYO, le 3 mai 2024 (AFP) - Le groupe ouvre une usine en France.", ["country:FR"]),
    ("Le groupe ouvre une usine à Paris, a appris l'AFP.", ["commune:75056"]),
    # after a locative preposition, a number after a country is no part of a name
    ("Le groupe recrute en France 4 000 personnes cette année.", ["country:FR"]),
    ("Il investira au Maroc 300 millions d'euros.", ["country:MA"]),
    ("Le plan France 2030 finance aussi en France 2030 projets.", []),  # the plan's name
    # a list of communes goes on past an aside in brackets
    ("Deux parcs sur les communes de Ribeyret (13 MWc) et de Nossage-et-Bénévent (5 MWc).",
     ["commune:05117", "commune:05094"]),
    # a site's noun, one adjective and "de"
    ("Le groupe agrandit son site loirétain de Gidy.", ["commune:45154"]),
    ("Une usine sur le complexe agro-alimentaire de Nesle.", ["commune:80585"]),
    ("Le site historique de Renault ferme.", []),
    # negatives: common words, company and person names, fixed phrases
    ("Le groupe agrandit ses usines de Biesheim, Ernolsheim-sur-Bruche et Steinbourg.",
     ["commune:68036", "commune:67128", "commune:67478"]),  # the river's "sur", absent from the official name
    ("Une usine à Ernolsheim-Bruche.", ["commune:67128"]),
    ("La Banque de France relève sa prévision.", []),
    ("Le ministre l'a dit dans une interview à la Voix du Nord.", []),
    ("Selon Nice-Matin, le chantier a pris du retard.", []),
    ("Selon le Courrier picard, l'usine d'Amiens rouvre.", ["commune:80021"]),
    ("France 3 Normandie a filmé l'usine de Rouen.", ["commune:76540"]),
    ("Air France et Business France signent un accord.", []),
    ("Mars a annoncé de bons résultats trimestriels.", []),
    ("Orange a signé un contrat avec Thales.", []),
    ("Dans ce sens, Tours de table et plan social se succèdent.", []),
    ("Nancy Martin dirige désormais la filiale.", []),
    ("Le groupe agroalimentaire français rachète une entreprise allemande.", []),
    ("Le plan France 2030 soutient la filière.", []),
    ("Une réunion a eu lieu au siège de l'Union européenne.", []),
    ("Le Nord de l'Europe attire les centres de données.", []),
    ("Le débit du Rhône a baissé cet été.", []),
]


@pytest.mark.parametrize("text, codes", CASES)
def test_codes(text: str, codes: list[str]) -> None:
    assert [p.code for p in find_places(text)] == codes


def test_ambiguous_commune_with_its_department() -> None:
    places = find_places("Le site de Saint-Denis (Seine-Saint-Denis) emploie 300 personnes.")
    assert [p.code for p in places] == ["commune:93066", "departement:93"]


def test_ambiguous_commune_alone_is_left_out() -> None:
    assert find_places("Le salon de Saint-Denis a fermé.") == []


def test_common_word_commune_after_a() -> None:
    assert [p.code for p in find_places("Le groupe ouvre un atelier à Sens.")] == ["commune:89387"]


def test_mention_fields() -> None:
    text = "Le projet verra le jour à Mulhouse (Haut-Rhin) en 2026."
    first, second = find_places(text)
    assert first == PlaceMention(26, 34, "Mulhouse", "commune:68224", "Mulhouse", "commune")
    assert (second.code, second.name, second.level) == ("departement:68", "Haut-Rhin", "departement")
    assert all(text[p.start:p.end] == p.text for p in (first, second))


def test_sorted_and_not_overlapping() -> None:
    text = "En France, à Lyon, à Lille et dans le Grand Est, la Métropole de Lyon investit."
    places = find_places(text)
    assert [p.start for p in places] == sorted(p.start for p in places)
    assert all(a.end <= b.start for a, b in zip(places, places[1:]))
    assert places[-1].code == "epci:200046977"


def test_empty_text() -> None:
    assert find_places("") == []


def test_river_forms_name_no_other_commune() -> None:
    """The "sur" form given to a two-word commune ("Ernolsheim-sur-Bruche") is never the name
    of another commune, so it can only find the one it was made for."""
    communes = [e for e in gazetteer.entries().values() if e.level == "commune"]
    names = {fold(e.name) for e in communes}
    forms = [fold("-sur-".join(e.name.split("-"))) for e in communes if RIVER_NAME.fullmatch(e.name)]
    assert forms and not names.intersection(forms)


@pytest.mark.parametrize(("name", "expected"), [
    ("Germany", True), ("Allemagne", True), ("États-Unis", True), ("united states", True), ("Chine", True),
    ("Renault", False), ("Orange", False), ("Total", False), ("Grand Est", False),
])
def test_country_names_in_french_and_english(name: str, expected: bool) -> None:
    assert is_country_name(name) is expected


def test_a_country_named_in_english_is_no_actor() -> None:
    import pledgewatch

    text = ('Les utilitaires Renault "made in Germany" : la production est lancée.\n\n'
            'Les premiers utilitaires Renault "made in Germany" sont sortis mardi de la nouvelle usine '
            'du constructeur près de Brême, que Renault a inaugurée en présence du chancelier.')
    actors = {f.actor for f in pledgewatch.extract(text, published="2024-03-05").facts}
    assert actors == {"Renault"}
