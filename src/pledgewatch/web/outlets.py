"""Where a document comes from, as a reader is shown it: its outlet (the host of its web address:
the article's own, or the feed's), a title (the stored one, else the text's first line) and a
public link. A local file path is never shown: a document read from a file has no link."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch.extract.times import dateline_end
from pledgewatch.ledger.store import document_sources, documents

TITLE_CHARS: int = 110
"""Longest title made from a text's first line; a longer line is cut at a word, with '…'."""


def public_url(source: str) -> str | None:
    """``source`` when it is an http(s) address (a feed entry's ``FEED#N`` names the feed's)."""
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return source


def outlet(url: str) -> str:
    """The outlet of an address: its host without 'www.' ('https://www.lesechos.fr/x' → lesechos.fr)."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def fallback_title(text: str) -> str:
    """A title from the text: its first non-empty line, dateline aside, cut at a word if long."""
    start = dateline_end(text) or 0
    line = next((ln.strip() for ln in text[start:].splitlines() if ln.strip()), "")
    if len(line) <= TITLE_CHARS:
        return line
    cut = line[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return cut + "…"


def origin(title: str | None, text: str, sources: Iterable[str]) -> dict:
    """``{title, titled, outlet, url}``: the title shown (``titled`` False when made from the text),
    the outlet and link of the first web address among ``sources`` (None when there is none)."""
    url = next((u for u in map(public_url, sorted(sources)) if u), None)
    return {"title": title or fallback_title(text), "titled": bool(title), "outlet": outlet(url) if url else None,
            "url": url.split("#", 1)[0] if url else None}


def origins(conn: Connection, document_ids: Iterable[str]) -> dict[str, dict]:
    """``origin`` of each of ``document_ids``, by id."""
    ids = sorted(set(document_ids))
    if not ids:
        return {}
    sources: dict[str, list[str]] = {}
    for doc_id, source in conn.execute(sa.select(document_sources).where(document_sources.c.document_id.in_(ids))):
        sources.setdefault(doc_id, []).append(source)
    rows = conn.execute(sa.select(documents.c.id, documents.c.title, sa.func.substr(documents.c.text, 1, 2000))
                        .where(documents.c.id.in_(ids))).all()
    return {doc_id: origin(title, head, sources.get(doc_id, ())) for doc_id, title, head in rows}
