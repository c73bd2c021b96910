"""Sources: text files and folders, HTML pages, RSS/Atom feeds (file or URL), JSONL batches.

``iter_documents(inputs)`` yields a ``Document`` per article, its id the hash of its
normalized text, or an ``Issue`` (an error, or a warning such as a malformed feed) per
input or item that could not be read; it never stops at a bad item.
"""

from __future__ import annotations

import io
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import feedparser
import trafilatura

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.errors import PledgewatchError, ReadError
from pledgewatch.ledger.store import LedgerError
from pledgewatch.read.reader import (
    check_published,
    content_hash,
    decode,
    read_bytes,
    read_text,
)

# LIMITS -------------------------------------------------------------------------------------
FETCH_TIMEOUT_S: float = 15.0
"""Seconds allowed for connecting to and for each read from an http(s) server."""

MAX_FETCH_BYTES: int = settings.MAX_INPUT_BYTES
"""Largest page or feed fetched over http(s), in bytes; a larger body is refused (L005)."""

MAX_REDIRECTS: int = 5
"""Redirects followed for one URL before giving up (L006)."""

USER_AGENT: str = "pledgewatch/0.1 (+https://github.com/pledgewatch)"
"""The User-Agent header sent with every request."""
# --------------------------------------------------------------------------------------------

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".feed"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_KNOWN = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES
_BLOCKS = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"})


@dataclass(frozen=True)
class Issue:
    """An input or item that could not be read (``severity`` "error") or only in part ("warning")."""

    source: str
    severity: str
    error: PledgewatchError

    @property
    def reason(self) -> str:
        """The one-line message, with its code."""
        return str(self.error)


def _with_hash(document: Document) -> Document:
    return replace(document, id=content_hash(document.text))


def _error(source: str, exc: PledgewatchError) -> Issue:
    return Issue(source, "error", exc)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003 (urllib's signature)
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str) -> tuple[bytes, str]:
    """GET ``url`` within the limits: (body, content type); LedgerError otherwise."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        if urlsplit(current).scheme not in ("http", "https"):
            raise LedgerError("L007", source=current)
        request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT})
        try:
            with _OPENER.open(request, timeout=FETCH_TIMEOUT_S) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > MAX_FETCH_BYTES:
                    raise LedgerError("L005", source=url, limit=MAX_FETCH_BYTES)
                body = response.read(MAX_FETCH_BYTES + 1)
                if len(body) > MAX_FETCH_BYTES:
                    raise LedgerError("L005", source=url, limit=MAX_FETCH_BYTES)
                return body, response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                current = urljoin(current, exc.headers["Location"])
                continue
            raise LedgerError("L004", source=url, reason=f"HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise LedgerError("L004", source=url, reason=str(reason)) from exc
    raise LedgerError("L006", source=url, limit=MAX_REDIRECTS)


class _TextOf(HTMLParser):
    """Plain text of an HTML fragment, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_fragment_text(fragment: str) -> str:
    """The text of a feed entry's HTML, paragraphs on their own lines."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _partial_date(value: str | None) -> str | None:
    """YYYY-MM-DD from the start of a date string, if it has one."""
    if value and len(value) >= 10 and value[4] == "-" and value[:4].isdigit():
        return value[:10]
    return None


def from_html(data: bytes, source: str, lang: str | None = None) -> Iterator[Document | Issue]:
    """The main text, title and date of an HTML page (trafilatura)."""
    try:
        html, decoding = decode(data, source)
        page = trafilatura.bare_extraction(html, url=source if "://" in source else None,
                                           with_metadata=True, include_comments=False)
        if page is None or not (page.text or "").strip():
            raise LedgerError("L011", source=source)
        yield _with_hash(read_text(page.text, source, "", _partial_date(page.date), page.title, lang, decoding))
    except PledgewatchError as exc:
        yield _error(source, exc)


def from_feed(data: bytes, source: str, lang: str | None = None) -> Iterator[Document | Issue]:
    """One document per feed entry; a malformed feed yields what it holds, and a warning."""
    feed = feedparser.parse(data)
    if feed.get("bozo"):
        exc = feed.get("bozo_exception")
        issue = Issue(source, "warning", LedgerError("L008", source=source, reason=str(exc)))
        if not feed.entries:
            yield replace(issue, severity="error")
            return
        yield issue
    elif not feed.entries:
        yield _error(source, LedgerError("L010", source=source))
        return
    for index, entry in enumerate(feed.entries):
        item = entry.get("link") or f"{source}#{index + 1}"
        bodies = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", parsed) if parsed else None
        try:
            text = html_fragment_text(max(bodies, key=len))
            yield _with_hash(read_text(text, item, "", published, entry.get("title"), lang,
                                       feed.get("encoding")))
        except PledgewatchError as exc:
            yield _error(item, exc)


def _lines(stream: BinaryIO, source: str) -> Iterator[tuple[int, bytes | PledgewatchError]]:
    """(number, bytes) of each line of ``stream``, read one at a time; a line over
    settings.MAX_INPUT_BYTES is an E016 error, skipped without being held in memory."""
    limit = settings.MAX_INPUT_BYTES
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line
            continue
        yield number, ReadError("E016", source=source, line=number, limit=limit)
        while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
            pass


def _record(line: bytes, source: str, number: int) -> tuple[dict, str]:
    """The JSON object of one JSONL line, checked, and how the line was decoded."""
    text, decoding = decode(line, source)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LedgerError("L009", source=source, line=number, reason=exc.msg) from exc
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise LedgerError("L009", source=source, line=number, reason="no text")
    for name in ("title", "url", "published"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise LedgerError("L009", source=source, line=number, reason=f"{name} is not a string")
    try:
        check_published(record.get("published"))
    except PledgewatchError as exc:
        raise ReadError("E017", source=source, line=number, value=record["published"]) from exc
    return record, decoding


def read_jsonl(stream: BinaryIO, source: str, lang: str | None = None) -> Iterator[Document | Issue]:
    """One document per line of a JSONL stream, read line by line: an object with ``text`` and
    optional ``title``, ``url``, ``published``; each bad line is an issue naming its number."""
    for number, line in _lines(stream, source):
        item = f"{source}:{number}"
        try:
            if isinstance(line, PledgewatchError):
                raise line
            if not line.strip():
                continue
            record, decoding = _record(line, source, number)
            item = record.get("url") or item
            yield _with_hash(read_text(record["text"], item, "", record.get("published"),
                                       record.get("title"), lang, decoding))
        except PledgewatchError as exc:
            yield _error(item, exc)


def from_jsonl(data: bytes, source: str, lang: str | None = None) -> Iterator[Document | Issue]:
    """The documents of JSONL bytes (see ``read_jsonl``)."""
    return read_jsonl(io.BytesIO(data), source, lang)


def from_text(data: bytes, source: str, lang: str | None = None) -> Iterator[Document | Issue]:
    """A plain text file (dateline parsed by ``reading``)."""
    try:
        yield _with_hash(read_bytes(data, source, "", lang=lang))
    except PledgewatchError as exc:
        yield _error(source, exc)


def _sniff(data: bytes, content_type: str) -> str:
    head = data[:2048].lstrip().lower()
    if "rss" in content_type or "atom" in content_type or head.startswith(b"<?xml") \
            or head.startswith((b"<rss", b"<feed", b"<rdf")):
        return "feed"
    if "html" in content_type or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if "json" in content_type:
        return "jsonl"
    return "text"


_READERS = {"text": from_text, "html": from_html, "feed": from_feed, "jsonl": from_jsonl}


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def from_path(path: Path, lang: str | None = None) -> Iterator[Document | Issue]:
    """The documents of one file, read by its suffix (text, HTML, feed, JSONL), or its issue."""
    source = str(path)
    kind = _kind(path)
    try:
        size = path.stat().st_size
        if kind != "jsonl" and size > settings.MAX_INPUT_BYTES:
            raise PledgewatchError("E004", source=source, size=size, limit=settings.MAX_INPUT_BYTES)
        if kind == "jsonl":
            with path.open("rb") as stream:
                yield from read_jsonl(stream, source, lang)
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield _error(source, PledgewatchError("E001", source=source))
        return
    except OSError as exc:
        yield _error(source, PledgewatchError("E002", source=source, reason=exc.strerror or str(exc)))
        return
    except PledgewatchError as exc:
        yield _error(source, exc)
        return
    yield from _READERS[kind](data, source, lang)


def _from_url(url: str, lang: str | None) -> Iterator[Document | Issue]:
    try:
        data, content_type = fetch(url)
    except LedgerError as exc:
        yield _error(url, exc)
        return
    yield from _READERS[_sniff(data, content_type)](data, url, lang)


def walk(folder: Path) -> Iterator[Path]:
    """The files of ``folder`` with a known suffix, at any depth, in path order (each folder's names
    sorted, a subfolder's files where its name falls), listed as they go: one folder's names are
    held at a time, never the whole tree's. Links to folders are not followed, as ``Path.rglob``."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except (PermissionError, NotADirectoryError, FileNotFoundError):
        return
    for entry in entries:
        path = folder / entry.name
        if entry.is_dir() and not entry.is_symlink():
            yield from walk(path)
        elif entry.is_file() and path.suffix.lower() in _KNOWN:
            yield path


def _jsonl_items(path: Path) -> int:
    """The lines of a JSONL file that hold something (each is a document or an issue), read as
    ``read_jsonl`` reads them: one at a time, a line over the limit skipped unheld."""
    with path.open("rb") as stream:
        return sum(1 for _, line in _lines(stream, str(path)) if not isinstance(line, bytes) or line.strip())


def count_items(inputs: Iterable[str]) -> int | None:
    """How many documents and error issues ``iter_documents(inputs)`` will yield, when that is cheap to
    know without reading them (files, folders, JSONL lines); None when an input is a feed or a URL."""
    total = 0
    for given in inputs:
        if "://" in given:
            return None
        path = Path(given)
        for file in walk(path) if path.is_dir() else [path]:
            kind = _kind(file)
            if kind == "feed":
                return None
            try:
                total += _jsonl_items(file) if kind == "jsonl" else 1
            except OSError:
                total += 1  # yielded as one error issue
    return total


def iter_documents(inputs: Iterable[str], lang: str | None = None) -> Iterator[Document | Issue]:
    """Every document of the inputs (files, folders searched for known suffixes, URLs), in order,
    read lazily: one file, page, feed or JSONL line at a time; ``lang`` forces the language instead of
    detecting it."""
    for given in inputs:
        if "://" in given:
            yield from _from_url(given, lang)
            continue
        path = Path(given)
        for file in walk(path) if path.is_dir() else [path]:
            yield from from_path(file, lang)
