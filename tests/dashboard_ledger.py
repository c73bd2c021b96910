"""The dashboard tests' ledger: ledger_server's articles and a few more written for the dashboard:
a part of Microsoft's 4 Md€ (at least 2 Md€ at Petit-Landau, same occasion), a closure read from
a local file, an investment in La Réunion, and small commitments across France, one overdue; and, in a
ledger of its own (``build_story_ledger``), a project's story told by later status news."""

from __future__ import annotations

from conftest import make_fact
from ledger_server import EVENT, build_ledger, store_given

from pledgewatch.ledger.store import open_store

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
            ids[name] = store_given(engine, text, facts, published, source, title)
    finally:
        engine.dispose()
    return ids


TOURS = ("commune:37261", "departement:37")
CHOLET = ("commune:49099", "departement:49")
STORY_PLAN = "Fabrix construira une usine à Tours d'ici 2024, avec 80 millions d'euros."
STORY_OTHER = "Fabrix ouvrira aussi une usine à Cholet d'ici 2025."
STORY_POSTPONED = "Fabrix repousse à 2026 la mise en service de son usine d'Indre-et-Loire."
STORY_AMBIGUOUS = "Fabrix a inauguré jeudi sa nouvelle usine."
STORY_OPENED = "L'usine Fabrix de Tours a été inaugurée ce vendredi."
STORY_ABANDONED = "Fabrix abandonne son projet d'usine à Cholet."


def _news(text: str, step: str, status: str, published: str, places: tuple[str, ...] = (),
          deadline: str | None = None) -> tuple[str, str, list[dict]]:
    return text, published, [{**make_fact(text, text[:-1], kind="site_opening", actor="Fabrix", places=places,
                                          status=status, deadline=deadline), "step": step}]


def story_documents() -> list[tuple[str, str, list[dict]]]:
    """(text, published, facts) of a story, out of date order: Fabrix plans a plant at Tours (2022-03)
    and one at Cholet; Tours is postponed to 2026; an opening naming no place could be either (flagged);
    Tours opens; Cholet is abandoned."""
    return [
        _news(STORY_OPENED, "opened", "completed", "2024-09-13", TOURS),
        (STORY_PLAN, "2022-03-10", [
            make_fact(STORY_PLAN, "Fabrix construira une usine à Tours d'ici 2024", kind="site_opening",
                      actor="Fabrix", places=TOURS, deadline="2024")]),
        _news(STORY_POSTPONED, "postponed", "planned", "2023-06-20", ("departement:37",), deadline="2026"),
        (STORY_OTHER, "2022-05-02", [
            make_fact(STORY_OTHER, STORY_OTHER[:-1], kind="site_opening", actor="Fabrix", places=CHOLET,
                      deadline="2025")]),
        _news(STORY_ABANDONED, "abandoned", "cancelled", "2025-02-04", CHOLET),
        _news(STORY_AMBIGUOUS, "opened", "completed", "2024-01-18"),
    ]


def build_story_ledger(db: str) -> dict[str, str]:
    """The story's ledger at ``db``; document ids by the date they were published."""
    engine = open_store(db)
    ids = {}
    try:
        for text, published, facts in story_documents():
            ids[published] = store_given(engine, text, facts, published, f"https://example.org/fabrix-{published}")
    finally:
        engine.dispose()
    return ids
