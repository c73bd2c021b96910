"""Reading: bytes or files in, a decoded ``Document`` out (encoding, dateline, language)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from pledgewatch import langdata, settings
from pledgewatch.document import Document
from pledgewatch.errors import PledgewatchError, ReadError, UnsupportedLanguage
from pledgewatch.extract.times import parse_dateline

PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_WORD = re.compile(r"[^\W\d_]+['’]?")
_LANGS = ("fr", "en")


def check_published(value: str | None) -> str | None:
    """Return ``value`` if it is a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD), else raise E010."""
    if value is None or PARTIAL_DATE.match(value):
        return value
    raise PledgewatchError("E010", value=value)


def content_hash(text: str) -> str:
    """A stable id for a text: sha256 of its NFC form with whitespace collapsed, 16 hex digits."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def decode(data: bytes, source: str) -> str:
    """Decode bytes: UTF-8 when valid, else the encoding charset-normalizer detects (cp1252, latin-1...)."""
    if b"\x00" in data[:8192]:
        raise ReadError("E005", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ReadError("E005", source=source)
    return str(best)


def detect_lang(text: str) -> str | None:
    """The language whose stopwords the text uses most, if clearly enough; else None."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text[:5000])]
    scores = {}
    for lang in _LANGS:
        stop = set(langdata.load(lang, "stopwords")["words"])
        scores[lang] = sum(w in stop for w in words)
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return lang if best >= settings.MIN_LANG_EVIDENCE else None


def _looks_binary(text: str) -> bool:
    controls = sum(1 for c in text[:8192] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return controls > max(8, len(text[:8192]) // 50)


def read_bytes(data: bytes, source: str, doc_id: str, published: str | None = None,
               title: str | None = None) -> Document:
    """Build a Document from raw bytes; ``published`` (if given) wins over the dateline."""
    if len(data) > settings.MAX_INPUT_BYTES:
        raise ReadError("E004", source=source, size=len(data), limit=settings.MAX_INPUT_BYTES)
    if not data.strip():
        raise ReadError("E003", source=source)
    text = decode(data, source)
    return read_text(text, source, doc_id, published, title)


def read_text(text: str, source: str, doc_id: str, published: str | None = None,
              title: str | None = None) -> Document:
    """Build a Document from decoded text: validate it, find its date and language."""
    if not text.strip():
        raise ReadError("E003", source=source)
    if _looks_binary(text):
        raise ReadError("E005", source=source)
    lang = detect_lang(text)
    if lang == "en" and "en" not in settings.SUPPORTED_LANGS:
        raise UnsupportedLanguage("E007", source=source)
    if lang not in settings.SUPPORTED_LANGS:
        raise UnsupportedLanguage("E008", source=source, supported=", ".join(settings.SUPPORTED_LANGS))
    published = check_published(published) or parse_dateline(text)
    return Document(id=doc_id, text=text, lang=lang, published=published, source=source, title=title)


def read_path(path: Path, published: str | None = None) -> Document:
    """Read a text file; its id is the file stem. Raises ReadError with the reason."""
    source = str(path)
    if path.is_dir():
        raise ReadError("E009", source=source)
    if not path.exists():
        raise ReadError("E001", source=source)
    if not path.is_file():
        raise ReadError("E002", source=source, reason="not a regular file")
    try:
        size = path.stat().st_size
        if size > settings.MAX_INPUT_BYTES:
            raise ReadError("E004", source=source, size=size, limit=settings.MAX_INPUT_BYTES)
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError("E002", source=source, reason=exc.strerror or str(exc)) from exc
    return read_bytes(data, source, path.stem, published)
