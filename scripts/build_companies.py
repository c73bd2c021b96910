"""Build ``src/pledgewatch/data/companies.csv`` from the S&P 500 list and a hand-written list.

    python scripts/build_companies.py [SP500_CSV] [OUT_CSV]

Columns: id, name, aliases, brands, ticker, isin, country, source.
``aliases`` (|-separated) are other spellings that mean the record's ``name`` ("AWS" is
"Amazon"); ``brands`` are former names and brands a text names as such ("Faurecia",
"PSA"): a mention keeps them as its name. The S&P 500 rows (PDDL) come from
``../shared/data/companies/sp500-constituents.csv``; the European rows are written below,
their sources in ``src/pledgewatch/data/companies-SOURCES.md``.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SP500 = ROOT.parent / "shared" / "data" / "companies" / "sp500-constituents.csv"
DEFAULT_OUT = ROOT / "src" / "pledgewatch" / "data" / "companies.csv"
COLUMNS = ("id", "name", "aliases", "brands", "ticker", "isin", "country", "source")
SP500_SOURCE = "S&P 500 constituents (datasets/s-and-p-500-companies, PDDL)"

LEGAL_SUFFIX = re.compile(
    r",?\s+(?:Inc\.?|Incorporated|Corp\.?|Corporation|Co\.|Company|Companies|plc|Ltd\.?|N\.V\.)$"
)
CLASS_NOTE = re.compile(r"\s*\((?:Class [A-Z]|The)\)$")

# S&P 500 rows whose short name or aliases the suffix rule cannot derive: ticker -> (name, aliases, brands).
SP500_OVERRIDES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "AMZN": ("Amazon", ("Amazon.com", "Amazon Web Services", "AWS"), ()),
    "GOOGL": ("Alphabet", (), ("Google", "YouTube")),
    "META": ("Meta", ("Meta Platforms",), ("Facebook", "Instagram", "WhatsApp")),
    "MSFT": ("Microsoft", ("Microsoft Corp",), ()),
    "NVDA": ("Nvidia", ("NVIDIA",), ()),
    "LLY": ("Eli Lilly", ("Lilly",), ()),
    "F": ("Ford", ("Ford Motor", "Ford Motor Company"), ()),
    "GE": ("General Electric", ("GE", "GE Aerospace"), ()),
    "GEV": ("GE Vernova", (), ()),
    "IBM": ("IBM", ("International Business Machines",), ()),
    "KO": ("Coca-Cola", ("The Coca-Cola Company",), ()),
    "HD": ("Home Depot", (), ()),
    "BRK.B": ("Berkshire Hathaway", (), ()),
    "JPM": ("JPMorgan Chase", ("JPMorgan", "JP Morgan", "J.P. Morgan"), ()),
    "GS": ("Goldman Sachs", (), ()),
    "PG": ("Procter & Gamble", ("P&G",), ()),
    "JNJ": ("Johnson & Johnson", ("J&J",), ()),
    "MRK": ("Merck", ("Merck & Co", "MSD"), ()),
    "TSLA": ("Tesla", ("Tesla Motors",), ()),
    "AAPL": ("Apple", (), ()),
    "HPE": ("Hewlett Packard Enterprise", ("HPE",), ()),
    "HPQ": ("HP", (), ()),
    "DLR": ("Digital Realty", ("Digital Realty Trust",), ()),
    "EQIX": ("Equinix", (), ()),
    "PLD": ("Prologis", (), ()),
    "PFE": ("Pfizer", (), ()),
    "NDAQ": ("Nasdaq Inc", ("Nasdaq, Inc.",), ()),
    "NWSA": ("News Corp", (), ()),
    "SO": ("Southern Company", (), ()),
    "FOXA": ("Fox Corporation", (), ()),
    "COO": ("CooperCompanies", ("Cooper Companies",), ()),
    "DOV": ("Dover Corporation", (), ()),
    "HIG": ("The Hartford", (), ()),
    "WMB": ("Williams Companies", (), ()),
    "XOM": ("ExxonMobil", ("Exxon Mobil", "Exxon"), ()),
}
US_STATES = {s.name for s in pycountry.subdivisions.get(country_code="US")}
SKIP_TICKERS = {"GOOG", "FOX", "NWS"}  # second share classes of one company

# Hand-written rows: (id, name, aliases, brands, ticker, isin, country, source).
EUROPEAN: list[tuple[str, str, str, str, str, str, str, str]] = [
    ("TTE.PA", "TotalEnergies", "Total Energies", "Total|Total SA", "TTE", "FR0000120271", "FR", "Euronext listing"),
    ("EDF", "EDF", "Électricité de France|Electricité de France|Electricite de France", "EDF Renouvelables", "", "FR0010242511", "FR", "company website"),
    ("ENGI.PA", "Engie", "ENGIE", "GDF Suez", "ENGI", "FR0010208488", "FR", "Euronext listing"),
    ("SAF.PA", "Safran", "", "", "SAF", "FR0000073272", "FR", "Euronext listing"),
    ("AIR.PA", "Airbus", "Airbus SE", "EADS", "AIR", "NL0000235190", "NL", "Euronext listing"),
    ("STLAP.PA", "Stellantis", "", "PSA|Groupe PSA|PSA Peugeot Citroën|Peugeot|Citroën|Opel|Fiat|FCA", "STLAP", "NL00150001Q9", "NL", "Euronext listing"),
    ("RNO.PA", "Renault", "Groupe Renault|Renault Group", "", "RNO", "FR0000131906", "FR", "Euronext listing"),
    ("ML.PA", "Michelin", "", "", "ML", "FR001400AJ45", "FR", "Euronext listing"),
    ("SU.PA", "Schneider Electric", "", "", "SU", "FR0000121972", "FR", "Euronext listing"),
    ("OR.PA", "L'Oréal", "L’Oréal|L'Oreal|l'Oréal|l’Oréal", "", "OR", "FR0000120321", "FR", "Euronext listing"),
    ("SAN.PA", "Sanofi", "Sanofi-Aventis|Sanofi Pasteur|Sanofi-Pasteur", "", "SAN", "FR0000120578", "FR", "Euronext listing"),
    ("BN.PA", "Danone", "", "", "BN", "FR0000120644", "FR", "Euronext listing"),
    ("MT.AS", "ArcelorMittal", "Arcelor Mittal", "", "MT", "LU1598757687", "LU", "Euronext listing"),
    ("SGO.PA", "Saint-Gobain", "Saint Gobain", "", "SGO", "FR0000125007", "FR", "Euronext listing"),
    ("ORA.PA", "Orange", "", "France Télécom", "ORA", "FR0000133308", "FR", "Euronext listing"),
    ("CAP.PA", "Capgemini", "Cap Gemini", "", "CAP", "FR0000125338", "FR", "Euronext listing"),
    ("HO.PA", "Thales", "Thalès|Thomson-CSF|Thomson CSF", "", "HO", "FR0000121329", "FR", "Euronext listing"),
    ("DSY.PA", "Dassault Systèmes", "Dassault Systemes", "", "DSY", "FR0014003TT8", "FR", "Euronext listing"),
    ("AM.PA", "Dassault Aviation", "", "", "AM", "", "FR", "Euronext listing"),
    ("VIE.PA", "Veolia", "Veolia Environnement", "", "VIE", "FR0000124141", "FR", "Euronext listing"),
    ("SUEZ", "Suez", "", "", "", "", "FR", "company website"),
    ("DG.PA", "Vinci", "VINCI", "", "DG", "FR0000125486", "FR", "Euronext listing"),
    ("EUROVIA", "Eurovia", "", "", "", "", "FR", "company website (Vinci subsidiary)"),
    ("FGR.PA", "Eiffage", "", "", "FGR", "FR0000130452", "FR", "Euronext listing"),
    ("EN.PA", "Bouygues", "", "Bouygues Telecom|Colas", "EN", "FR0000120503", "FR", "Euronext listing"),
    ("ALO.PA", "Alstom", "", "", "ALO", "FR0010220475", "FR", "Euronext listing"),
    ("CA.PA", "Carrefour", "", "", "CA", "FR0000120172", "FR", "Euronext listing"),
    ("MC.PA", "LVMH", "LVMH Moët Hennessy Louis Vuitton", "Louis Vuitton|Dior|Sephora", "MC", "FR0000121014", "FR", "Euronext listing"),
    ("KER.PA", "Kering", "", "Gucci", "KER", "FR0000121485", "FR", "Euronext listing"),
    ("RMS.PA", "Hermès", "Hermes", "", "RMS", "FR0000052292", "FR", "Euronext listing"),
    ("AI.PA", "Air Liquide", "", "", "AI", "FR0000120073", "FR", "Euronext listing"),
    ("BNP.PA", "BNP Paribas", "BNP", "", "BNP", "FR0000131104", "FR", "Euronext listing"),
    ("GLE.PA", "Société Générale", "Societe Generale|SocGen", "", "GLE", "FR0000130809", "FR", "Euronext listing"),
    ("ACA.PA", "Crédit Agricole", "Credit Agricole", "", "ACA", "FR0000045072", "FR", "Euronext listing"),
    ("CS.PA", "AXA", "Axa", "", "CS", "FR0000120628", "FR", "Euronext listing"),
    ("ENX.PA", "Euronext", "", "", "ENX", "NL0006294274", "NL", "Euronext listing"),
    ("VIV.PA", "Vivendi", "", "Canal+", "VIV", "FR0000127771", "FR", "Euronext listing"),
    ("PUB.PA", "Publicis", "Publicis Groupe", "", "PUB", "FR0000130577", "FR", "Euronext listing"),
    ("FRVIA.PA", "Forvia", "FORVIA", "Faurecia", "FRVIA", "FR0000121147", "FR", "Euronext listing"),
    ("FR.PA", "Valeo", "", "", "FR", "FR0013176526", "FR", "Euronext listing"),
    ("NEX.PA", "Nexans", "", "", "NEX", "FR0000044448", "FR", "Euronext listing"),
    ("ERA.PA", "Eramet", "", "", "ERA", "FR0000131757", "FR", "Euronext listing"),
    ("ORANO", "Orano", "", "Areva", "", "", "FR", "company website"),
    ("NAVAL", "Naval Group", "", "DCNS", "", "", "FR", "company website"),
    ("FDJ.PA", "FDJ", "Française des Jeux|La Française des Jeux", "FDJ United", "FDJ", "FR0013451333", "FR", "Euronext listing"),
    ("VERKOR", "Verkor", "", "", "", "", "FR", "company website"),
    ("PROLOGIUM", "ProLogium", "Prologium", "", "", "", "TW", "company website"),
    ("NESN.SW", "Nestlé", "Nestle", "", "NESN", "CH0038863350", "CH", "SIX Swiss Exchange listing"),
    ("NOVN.SW", "Novartis", "", "", "NOVN", "CH0012005267", "CH", "SIX Swiss Exchange listing"),
    ("ROG.SW", "Roche", "", "", "ROG", "CH0012032048", "CH", "SIX Swiss Exchange listing"),
    ("IKEA", "IKEA", "Ikea", "", "", "", "SE", "company website"),
    ("9432.T", "NTT", "Nippon Telegraph and Telephone", "NTT Data", "9432", "JP3735400008", "JP", "Tokyo Stock Exchange listing"),
    ("NOKIA.HE", "Nokia", "", "", "NOKIA", "FI0009000681", "FI", "Nasdaq Helsinki listing"),
    ("5108.T", "Bridgestone", "", "", "5108", "JP3830800003", "JP", "Tokyo Stock Exchange listing"),
    ("GT", "Goodyear", "Goodyear Tire", "Dunlop", "GT", "US3825501014", "US", "Nasdaq listing"),
    ("TUPPERWARE", "Tupperware", "", "", "", "", "US", "company website"),
    ("EURENCO", "Eurenco", "", "", "", "", "FR", "company website"),
    ("LACTALIS", "Lactalis", "Groupe Lactalis", "", "", "", "FR", "company website"),
    ("GSK.L", "GSK", "GlaxoSmithKline", "", "GSK", "GB00BN7SWP63", "GB", "London Stock Exchange listing"),
    ("AZN.L", "AstraZeneca", "", "", "AZN", "GB0009895292", "GB", "London Stock Exchange listing"),
    ("BAS.DE", "BASF", "", "", "BAS", "DE000BASF111", "DE", "Xetra listing"),
    ("SIE.DE", "Siemens", "", "", "SIE", "DE0007236101", "DE", "Xetra listing"),
    ("VOW3.DE", "Volkswagen", "VW", "Audi|Porsche", "VOW3", "DE0007664039", "DE", "Xetra listing"),
    ("BMW.DE", "BMW", "", "", "BMW", "DE0005190003", "DE", "Xetra listing"),
    ("MBG.DE", "Mercedes-Benz", "Mercedes", "Daimler", "MBG", "DE0007100000", "DE", "Xetra listing"),
    ("ESSITY.ST", "Essity", "", "", "ESSITY B", "SE0009922164", "SE", "Nasdaq Stockholm listing"),
    ("ERIC.ST", "Ericsson", "", "", "ERIC B", "SE0000108656", "SE", "Nasdaq Stockholm listing"),
    ("7203.T", "Toyota", "Toyota Motor", "", "7203", "JP3633400001", "JP", "Tokyo Stock Exchange listing"),
    ("BN.TO", "Brookfield", "Brookfield Asset Management", "", "BN", "", "CA", "company website"),
    ("MARS", "Mars", "Mars Inc", "", "", "", "US", "company website"),
    ("TEP.PA", "Teleperformance", "", "", "TEP", "FR0000051807", "FR", "Euronext listing"),
    ("ZC.PA", "Zodiac Aerospace", "Zodiac", "", "ZC", "FR0000125684", "FR", "Euronext listing (delisted 2018)"),
    ("CGG", "CGG", "", "Viridien", "", "", "FR", "Euronext listing"),
    ("RI.PA", "Pernod Ricard", "", "", "RI", "FR0000120693", "FR", "Euronext listing"),
    ("LR.PA", "Legrand", "", "", "LR", "FR0010307819", "FR", "Euronext listing"),
    ("AC.PA", "Accor", "", "", "AC", "FR0000120404", "FR", "Euronext listing"),
    ("WLN.PA", "Worldline", "", "", "WLN", "FR0011981968", "FR", "Euronext listing"),
    ("STMPA.PA", "STMicroelectronics", "STMicro|ST Microelectronics", "", "STMPA", "NL0000226223", "NL", "Euronext listing"),
    ("URW.PA", "Unibail-Rodamco-Westfield", "Unibail", "", "URW", "FR0013326246", "FR", "Euronext listing"),
    ("EL.PA", "EssilorLuxottica", "Essilor Luxottica", "Essilor", "EL", "FR0000121667", "FR", "Euronext listing"),
    ("ATO.PA", "Atos", "", "Eviden", "ATO", "", "FR", "Euronext listing"),
    ("SW.PA", "Sodexo", "", "", "SW", "FR0000121220", "FR", "Euronext listing"),
    ("BVI.PA", "Bureau Veritas", "", "", "BVI", "FR0006174348", "FR", "Euronext listing"),
    ("EDEN.PA", "Edenred", "", "", "EDEN", "FR0010908533", "FR", "Euronext listing"),
    ("UBI.PA", "Ubisoft", "", "", "UBI", "FR0000054470", "FR", "Euronext listing"),
    ("SK.PA", "SEB", "Groupe SEB", "Tefal|Moulinex", "SK", "FR0000121709", "FR", "Euronext listing"),
    ("IPN.PA", "Ipsen", "", "", "IPN", "FR0010259150", "FR", "Euronext listing"),
    ("GET.PA", "Getlink", "", "Eurotunnel", "GET", "FR0010533075", "FR", "Euronext listing"),
    ("RXL.PA", "Rexel", "", "", "RXL", "FR0010451203", "FR", "Euronext listing"),
    ("AKE.PA", "Arkema", "", "", "AKE", "FR0010313833", "FR", "Euronext listing"),
    ("NK.PA", "Imerys", "", "", "NK", "FR0000120859", "FR", "Euronext listing"),
    ("ELIS.PA", "Elis", "", "", "ELIS", "FR0012435121", "FR", "Euronext listing"),
    ("SPIE.PA", "Spie", "SPIE", "", "SPIE", "FR0012757854", "FR", "Euronext listing"),
    ("SOI.PA", "Soitec", "", "", "SOI", "FR0013227113", "FR", "Euronext listing"),
    ("AF.PA", "Air France-KLM", "Air France KLM", "Air France|KLM", "AF", "", "FR", "Euronext listing"),
    ("ADP.PA", "Aéroports de Paris", "Groupe ADP|Aeroports de Paris", "", "ADP", "FR0010340141", "FR", "Euronext listing"),
    ("TE.PA", "Technip Energies", "", "", "TE", "NL0014559478", "NL", "Euronext listing"),
    ("VK.PA", "Vallourec", "", "", "VK", "", "FR", "Euronext listing"),
    ("ILD", "Iliad", "", "Free", "", "", "FR", "company website"),
    ("SNCF", "SNCF", "", "", "", "", "FR", "company website"),
    ("RATP", "RATP", "", "", "", "", "FR", "company website"),
    ("LAPOSTE", "La Poste", "Groupe La Poste", "", "", "", "FR", "company website"),
    ("BPI", "Bpifrance", "BPI France|BPIFrance", "", "", "", "FR", "company website"),
    ("AUCHAN", "Auchan", "", "", "", "", "FR", "company website"),
    ("ENEDIS", "Enedis", "", "", "", "", "FR", "company website"),
    ("PIERREFABRE", "Pierre Fabre", "Laboratoires Pierre Fabre|Groupe Pierre Fabre", "", "", "", "FR", "company website"),
    ("GROUPEROCHER", "Groupe Rocher", "", "Yves Rocher", "", "", "FR", "company website"),
    # further SBF 120 members and other Paris-listed companies (ISIN left empty: not checked here)
    ("ERF.PA", "Eurofins Scientific", "Eurofins", "", "ERF", "", "LU", "Euronext listing"),
    ("AMUN.PA", "Amundi", "", "", "AMUN", "", "FR", "Euronext listing"),
    ("RCO.PA", "Rémy Cointreau", "Remy Cointreau", "", "RCO", "", "FR", "Euronext listing"),
    ("AYV.PA", "Ayvens", "", "ALD|ALD Automotive", "AYV", "", "FR", "Euronext listing"),
    ("BB.PA", "Bic", "BIC|Société BIC", "", "BB", "", "FR", "Euronext listing"),
    ("BIM.PA", "bioMérieux", "Biomérieux|BioMérieux|bioMerieux", "", "BIM", "", "FR", "Euronext listing"),
    ("CARM.PA", "Carmila", "", "", "CARM", "", "FR", "Euronext listing"),
    ("CO.PA", "Casino", "Groupe Casino|Casino Guichard-Perrachon", "", "CO", "", "FR", "Euronext listing"),
    ("CLARI.PA", "Clariane", "", "Korian", "CLARI", "", "FR", "Euronext listing"),
    ("COFA.PA", "Coface", "", "", "COFA", "", "FR", "Euronext listing"),
    ("COV.PA", "Covivio", "", "", "COV", "", "FR", "Euronext listing"),
    ("DBG.PA", "Derichebourg", "", "", "DBG", "", "FR", "Euronext listing"),
    ("EMEIS.PA", "Emeis", "", "Orpea", "EMEIS", "", "FR", "Euronext listing"),
    ("RF.PA", "Eurazeo", "", "", "RF", "", "FR", "Euronext listing"),
    ("GFC.PA", "Gecina", "", "", "GFC", "", "FR", "Euronext listing"),
    ("ICAD.PA", "Icade", "", "", "ICAD", "", "FR", "Euronext listing"),
    ("IDL.PA", "ID Logistics", "", "", "IDL", "", "FR", "Euronext listing"),
    ("ITP.PA", "Interparfums", "Inter Parfums", "", "ITP", "", "FR", "Euronext listing"),
    ("IPS.PA", "Ipsos", "", "", "IPS", "", "FR", "Euronext listing"),
    ("DEC.PA", "JCDecaux", "", "", "DEC", "", "FR", "Euronext listing"),
    ("LI.PA", "Klépierre", "Klepierre", "", "LI", "", "FR", "Euronext listing"),
    ("MERY.PA", "Mercialys", "", "", "MERY", "", "FR", "Euronext listing"),
    ("MRN.PA", "Mersen", "", "", "MRN", "", "FR", "Euronext listing"),
    ("MMT.PA", "M6", "Métropole Télévision|Groupe M6", "", "MMT", "", "FR", "Euronext listing"),
    ("NEOEN.PA", "Neoen", "", "", "NEOEN", "", "FR", "Euronext listing"),
    ("NXI.PA", "Nexity", "", "", "NXI", "", "FR", "Euronext listing"),
    ("OVH.PA", "OVHcloud", "OVH", "", "OVH", "", "FR", "Euronext listing"),
    ("OPM.PA", "OPmobility", "", "Plastic Omnium", "OPM", "", "FR", "Euronext listing"),
    ("QDT.PA", "Quadient", "", "", "QDT", "", "FR", "Euronext listing"),
    ("RUI.PA", "Rubis", "", "", "RUI", "", "FR", "Euronext listing"),
    ("SCR.PA", "Scor", "SCOR", "", "SCR", "", "FR", "Euronext listing"),
    ("VU.PA", "VusionGroup", "", "SES-imagotag", "VU", "", "FR", "Euronext listing"),
    ("SOP.PA", "Sopra Steria", "", "", "SOP", "", "FR", "Euronext listing"),
    ("TRI.PA", "Trigano", "", "", "TRI", "", "FR", "Euronext listing"),
    ("VLA.PA", "Valneva", "", "", "VLA", "", "FR", "Euronext listing"),
    ("VRLA.PA", "Verallia", "", "", "VRLA", "", "FR", "Euronext listing"),
    ("VCT.PA", "Vicat", "", "", "VCT", "", "FR", "Euronext listing"),
    ("VIRP.PA", "Virbac", "", "", "VIRP", "", "FR", "Euronext listing"),
    ("VLTSA.PA", "Voltalia", "", "", "VLTSA", "", "FR", "Euronext listing"),
    ("MF.PA", "Wendel", "", "", "MF", "", "FR", "Euronext listing"),
    ("XFAB.PA", "X-Fab", "X-FAB", "", "XFAB", "", "BE", "Euronext listing"),
    ("ATE.PA", "Alten", "", "", "ATE", "", "FR", "Euronext listing"),
    ("APAM.AS", "Aperam", "", "", "APAM", "", "LU", "Euronext listing"),
    ("BEN.PA", "Bénéteau", "Beneteau|Groupe Bénéteau|Groupe Beneteau", "", "BEN", "", "FR", "Euronext listing"),
    ("BOL.PA", "Bolloré", "Bollore|Groupe Bolloré", "", "BOL", "", "FR", "Euronext listing"),
    ("ELIOR.PA", "Elior", "", "", "ELIOR", "", "FR", "Euronext listing"),
    ("ETL.PA", "Eutelsat", "", "", "ETL", "", "FR", "Euronext listing"),
    ("FNAC.PA", "Fnac Darty", "", "Fnac|Darty", "FNAC", "", "FR", "Euronext listing"),
    ("LSS.PA", "Lectra", "", "", "LSS", "", "FR", "Euronext listing"),
    ("MAU.PA", "Maurel & Prom", "Maurel et Prom", "", "MAU", "", "FR", "Euronext listing"),
    ("PLX.PA", "Pluxee", "", "", "PLX", "", "FR", "Euronext listing"),
    ("DIM.PA", "Sartorius Stedim Biotech", "", "", "DIM", "", "FR", "Euronext listing"),
    ("TKO.PA", "Tikehau Capital", "Tikehau", "", "TKO", "", "FR", "Euronext listing"),
    ("TFI.PA", "TF1", "Groupe TF1", "", "TFI", "", "FR", "Euronext listing"),
    ("GTT.PA", "GTT", "Gaztransport & Technigaz", "", "GTT", "", "FR", "Euronext listing"),
    ("MTU.PA", "Manitou", "", "", "MTU", "", "FR", "Euronext listing"),
    ("EXA.PA", "Exail Technologies", "Exail", "", "EXA", "", "FR", "Euronext listing"),
    ("FII.PA", "Lisi", "LISI", "", "FII", "", "FR", "Euronext listing"),
    ("SCHP.PA", "Séché Environnement", "Seche Environnement|Séché", "", "SCHP", "", "FR", "Euronext listing"),
    ("ALTA.PA", "Altarea", "Altaréa", "", "ALTA", "", "FR", "Euronext listing"),
    ("EAPI.PA", "Euroapi", "EUROAPI", "", "EAPI", "", "FR", "Euronext listing"),
    ("RIN.PA", "Vilmorin & Cie", "Vilmorin", "", "RIN", "", "FR", "Euronext listing"),
    ("MMB.PA", "Lagardère", "Lagardere", "", "MMB", "", "FR", "Euronext listing"),
    ("ABVX.PA", "Abivax", "", "", "ABVX", "", "FR", "Euronext listing"),
    ("LHYFE.PA", "Lhyfe", "", "", "LHYFE", "", "FR", "Euronext listing"),
    ("ALCRB.PA", "Carbios", "", "", "ALCRB", "", "FR", "Euronext listing"),
]


def short_name(security: str) -> str:
    """Strip share-class notes and legal suffixes: "Apple Inc." -> "Apple"."""
    name = CLASS_NOTE.sub("", security.strip())
    return LEGAL_SUFFIX.sub("", name).strip()


def country_code(headquarters: str) -> str:
    """ISO alpha-2 code of an S&P headquarters location; US states give "US"."""
    last = re.sub(r"\[\d+\]$", "", headquarters.split(",")[-1].strip())
    if last in US_STATES:
        return "US"
    try:
        return pycountry.countries.lookup(last).alpha_2
    except LookupError:
        return "US"


def sp500_rows(path: Path) -> list[dict[str, str]]:
    """One row per S&P 500 company, short names and overrides applied."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            ticker = rec["Symbol"]
            if ticker in SKIP_TICKERS:
                continue
            full = CLASS_NOTE.sub("", rec["Security"].strip())
            name, aliases, brands = SP500_OVERRIDES.get(ticker, (short_name(full), (), ()))
            alias_list = [a for a in (full, *aliases) if a != name and "(" not in a]
            rows.append({
                "id": ticker, "name": name, "aliases": "|".join(dict.fromkeys(alias_list)),
                "brands": "|".join(brands), "ticker": ticker, "isin": "",
                "country": country_code(rec["Headquarters Location"]), "source": SP500_SOURCE,
            })
    return rows


def main(argv: list[str]) -> int:
    """Write the merged list; European rows win over S&P rows with the same id."""
    sp500 = Path(argv[1]) if len(argv) > 1 else DEFAULT_SP500
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    rows = {r["id"]: r for r in sp500_rows(sp500)}
    for values in EUROPEAN:
        rows[values[0]] = dict(zip(COLUMNS, values))
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(sorted(rows.values(), key=lambda r: r["name"].lower()))
    print(f"{len(rows)} companies written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
