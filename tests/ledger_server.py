"""Helpers of the API and dashboard tests: a small ledger of texts written for them, a live server.

The facts are given (not extracted), so the ledger is the same whatever the extractor finds.
One document carries script payloads in its text, title, company, place, event and source.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from conftest import make_fact
from pg_cluster import free_port
from sqlalchemy import Engine

from pledgewatch.document import Document
from pledgewatch.ledger.ingest import Summary, ingest_one
from pledgewatch.ledger.store import open_store
from pledgewatch.read.reader import content_hash

PAYLOAD = "<img src=x onerror=\"window.__xss=1;alert(1)\"><script>window.__xss=1;alert(1)</script>"
EVENT = "Choose France 2024"

MICROSOFT_A = ("Microsoft va investir 4 milliards d'euros en France d'ici 2027, notamment en Alsace. "
               "Le groupe créera 200 emplois à Mulhouse. Au total, le sommet a réuni 15 milliards d'euros "
               "d'engagements.")
MICROSOFT_B = ("Le géant américain Microsoft a confirmé un investissement de 4 milliards d'euros dans ses "
               "centres de données en France d'ici 2027.")
SAFRAN = "Le motoriste Safran va supprimer 1 200 postes à Toulouse d'ici 2020, a annoncé la direction."
RENAULT = "Renault investira 500 millions d'euros à Douai, dans le Nord, pour produire des batteries d'ici 2035."
XSS_TEXT = f"La société {PAYLOAD} va investir 10 millions d'euros à Lyon. Fin {PAYLOAD}"


def _documents() -> list[tuple[str, str | None, str, str, list[dict]]]:
    """(text, title, published, source, facts) of every test article."""
    ms_first = "Microsoft va investir 4 milliards d'euros en France d'ici 2027"
    return [
        (MICROSOFT_A, "Microsoft investit en Alsace", "2024-05-13", "https://example.org/microsoft-a", [
            make_fact(MICROSOFT_A, ms_first, actor="Microsoft", actor_id="MSFT", value=4e9, unit="EUR",
                      places=("departement:68",), deadline="2027", event=EVENT),
            make_fact(MICROSOFT_A, "Le groupe créera 200 emplois à Mulhouse", kind="jobs_created",
                      actor="Microsoft", actor_id="MSFT", value=200.0, unit="jobs", places=("commune:68224",)),
            make_fact(MICROSOFT_A, "Au total, le sommet a réuni 15 milliards d'euros d'engagements",
                      actor=None, aggregate=True, value=15e9, unit="EUR", event=EVENT),
        ]),
        (MICROSOFT_B, None, "2024-05-14", "https://example.org/microsoft-b", [
            make_fact(MICROSOFT_B, MICROSOFT_B[:-1], actor="Microsoft", actor_id="MSFT", value=4e9, unit="EUR",
                      deadline="2027", event=EVENT),
        ]),
        (SAFRAN, "Safran supprime des postes", "2019-03-01", "https://example.org/safran", [
            make_fact(SAFRAN, "Safran va supprimer 1 200 postes à Toulouse d'ici 2020", kind="jobs_cut",
                      value=1200.0, unit="jobs", places=("commune:31555",), deadline="2020"),
        ]),
        (RENAULT, "Renault à Douai", "2023-06-01", "https://example.org/renault", [
            make_fact(RENAULT, RENAULT[:-1], actor="Renault", value=5e8, unit="EUR", places=("departement:59",),
                      deadline="2035"),
        ]),
        (XSS_TEXT, f"Titre {PAYLOAD}", "2024-02-01", "javascript:window.__xss=1;alert(1)//", [
            make_fact(XSS_TEXT, f"La société {PAYLOAD} va investir 10 millions d'euros à Lyon", actor=f"Evil{PAYLOAD}",
                      value=1e7, unit="EUR", places=("commune:69123", f"place:{PAYLOAD}"),
                      event=f"{PAYLOAD} 2024", deadline="2030"),
        ]),
    ]


def ingest_given(engine: Engine, text: str, facts: list[dict], published: str | None, source: str,
                 title: str | None = None) -> Summary:
    """Ingest one document whose facts are given (no extraction); the ingest's summary."""
    doc = Document(id=content_hash(text), text=text, lang="fr", published=published, source=source, title=title)
    summary = Summary()
    ingest_one(engine, doc, lambda d: {
        "document": {"id": d.id, "lang": d.lang, "published": d.published}, "facts": facts, "quotes": []}, summary)
    return summary


def store_given(engine: Engine, text: str, facts: list[dict], published: str | None, source: str,
                title: str | None = None) -> str:
    """Store one new document whose facts are given (no extraction); return its id."""
    summary = ingest_given(engine, text, facts, published, source, title)
    assert summary.new == 1, summary.failures
    return content_hash(text)


def build_ledger(db: str) -> dict[str, str]:
    """Store the test articles in a new ledger at ``db``; their document ids by name."""
    engine = open_store(db)
    ids = {}
    try:
        for name, (text, title, published, source, facts) in zip(
                ("microsoft_a", "microsoft_b", "safran", "renault", "xss"), _documents()):
            ids[name] = store_given(engine, text, facts, published, source, title)
    finally:
        engine.dispose()
    return ids


@contextmanager
def serve(app) -> Iterator[str]:  # noqa: ANN001 (an ASGI app)
    """Run ``app`` under uvicorn on a free loopback port in a thread; its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
