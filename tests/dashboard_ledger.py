"""The dashboard tests' ledger: ledger_server's articles and a few more written for the dashboard:
a part of Microsoft's 4 Md€ (at least 2 Md€ at Petit-Landau, same occasion), a closure read from
a local file, an investment in La Réunion, and small commitments across France, one overdue."""

from __future__ import annotations

from conftest import make_fact
from ledger_server import EVENT, build_ledger

from pledgewatch.document import Document
from pledgewatch.ledger.ingest import Summary, ingest_one
from pledgewatch.ledger.store import open_store
from pledgewatch.read.reader import content_hash

PART = ("Microsoft consacrera au moins 2 milliards d'euros à son centre de données de Petit-Landau, "
        "annoncé au sommet Choose France 2024.")
CLOSURE = "Le fabricant Nordane fermera son usine d'Amiens d'ici 2021, a annoncé sa direction."
LOCAL_SOURCE = "/srv/news/nordane-amiens.txt"
REUNION = "Le groupe Austral Énergie investira 30 millions d'euros à Saint-Denis de La Réunion."
TOWNS = [("Lyon", "commune:69123", "2022-01-10"), ("Bordeaux", "commune:33063", "2022-02-10"),
         ("Lille", "commune:59350", "2022-03-10"), ("Paris", "commune:75056", "2022-04-10")]


def _town(town: str, code: str) -> tuple[str, dict]:
    text = f"Le groupe Exemplor {town} ouvrira un site à {town} d'ici 2022 pour 12 millions d'euros."
    return text, make_fact(text, text[:-1], kind="site_opening", actor=f"Exemplor {town}", value=12e6, unit="EUR",
                           places=(code,), deadline="2022")


def _documents() -> list[tuple[str, str | None, str, str, list[dict]]]:
    """(text, title, published, source, facts) of the dashboard's own articles."""
    docs = [
        (PART, None, "2024-05-15", "https://www.dna.fr/economie/microsoft-petit-landau", [
            make_fact(PART, PART[:-1], actor="Microsoft", actor_id="MSFT", value=2e9, unit="EUR",
                      qualifier="at_least", places=("commune:68254",), event=EVENT)]),
        (CLOSURE, None, "2020-01-10", LOCAL_SOURCE, [
            make_fact(CLOSURE, CLOSURE[:-1], kind="site_closure", actor="Nordane", places=("commune:80021",),
                      deadline="2021")]),
        (REUNION, "Austral Énergie à Saint-Denis", "2024-03-02", "https://www.clicanoo.re/austral", [
            make_fact(REUNION, REUNION[:-1], actor="Austral Énergie", value=3e7, unit="EUR", places=("commune:97411",))]),
    ]
    for town, code, published in TOWNS:
        text, fact = _town(town, code)
        docs.append((text, f"Exemplor à {town}", published, f"https://example.org/exemplor-{town.lower()}", [fact]))
    return docs


def build_dashboard_ledger(db: str) -> dict[str, str]:
    """ledger_server's ledger and the dashboard's articles at ``db``; document ids by name."""
    ids = build_ledger(db)
    engine = open_store(db)
    try:
        for name, (text, title, published, source, facts) in zip(
                ("part", "closure", "reunion", *(t[0].lower() for t in TOWNS)), _documents()):
            doc = Document(id=content_hash(text), text=text, lang="fr", published=published, source=source,
                           title=title)
            summary = Summary()
            ingest_one(engine, doc, lambda d, f=facts: {
                "document": {"id": d.id, "lang": d.lang, "published": d.published}, "facts": f, "quotes": []}, summary)
            assert summary.new == 1, summary.failures
            ids[name] = doc.id
    finally:
        engine.dispose()
    return ids
