"""Reading: bytes or files in, a decoded ``Document`` out (encoding, dateline, language)."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from functools import cache
from pathlib import Path

from charset_normalizer import from_bytes

from pledgewatch import langdata, settings
from pledgewatch.document import PARTIAL_DATE, Document
from pledgewatch.errors import (
    PledgewatchError,
    ReadError,
    UnsupportedLanguage,
    UsageError,
)
from pledgewatch.extract.times import parse_dateline

_WORD = re.compile(r"[^\W\d_]+['’]?")
_LANGS = ("fr", "en")


def check_published(value: str | None) -> str | None:
    """Return ``value`` if it is a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD), else raise E010."""
    if value is None or PARTIAL_DATE.match(value):
        return value
    raise PledgewatchError("E010", value=value)


def check_lang(value: str | None) -> str | None:
    """Return ``value`` if it is None or a supported language, else raise the usage error E014."""
    if value is None or value in settings.SUPPORTED_LANGS:
        return value
    raise UsageError("E014", choices=", ".join(settings.SUPPORTED_LANGS))


def content_hash(text: str) -> str:
    """A stable id for a text: sha256 of its NFC form with whitespace collapsed, 16 hex digits."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: FF FE 00 00
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_INVALID_BYTE = re.compile("[\udc80-\udcff]")
_FALLBACK = "cp1252"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


BINARY_HEAD = 8192
"""How much of an input (bytes or characters) the binary check reads."""


def _binary(controls: int, length: int) -> bool:
    """Whether ``controls`` control characters (line and page breaks aside) in ``length`` make an input binary."""
    return controls > max(8, length // 50)


def _bytes_look_binary(data: bytes) -> bool:
    head = data[:BINARY_HEAD]
    return _binary(sum(1 for b in head if b < 0x20 and b not in b"\n\r\t\f"), len(head))


def _looks_binary(text: str) -> bool:
    head = text[:BINARY_HEAD]
    return _binary(sum(1 for c in head if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f"), len(head))


def _strict(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError("E006", source=source, reason=f"invalid {codec.removesuffix('-sig')}: {exc.reason}") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when NUL bytes fill one byte of each pair and the other bytes
    are mostly printable ASCII (Latin text), else None."""
    head = data[:8192]
    if len(head) < 4 or len(data) % 2:
        return None
    pairs = len(head) // 2
    for codec, low, high in (("utf-16-le", head[0::2], head[1::2]), ("utf-16-be", head[1::2], head[0::2])):
        printable = sum(1 for b in low if 0x20 <= b < 0x7F or b in b"\n\r\t")
        if high.count(0) >= settings.UTF16_NUL_SHARE * pairs and low.count(0) == 0 \
                and printable >= settings.UTF16_NUL_SHARE * pairs:
            return codec
    return None


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """The text with its invalid bytes replaced, and their count, when UTF-8 is the encoding
    of most non-ASCII characters (a few bad bytes in a UTF-8 text); else None."""
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_INVALID_BYTE.findall(text))
    valid = sum(1 for c in text if ord(c) > 0x7F) - invalid
    if valid < settings.UTF8_MIN_VALID_PER_INVALID * invalid:
        return None
    return _INVALID_BYTE.sub("\ufffd", text), invalid


def _letter_share(text: str) -> float:
    """The share of the letters of ``text`` that belong to a supported language's alphabet."""
    alphabet = set().union(*(langdata.load(lang, "letters")["letters"] for lang in _LANGS))
    letters = [c for c in text.lower() if c.isalpha()]
    return sum(c in alphabet for c in letters) / len(letters) if letters else 0.0


def _code_page(data: bytes, source: str) -> tuple[str, str]:
    """Bytes that are not UTF-8: cp1252 (which reads Latin-1 too) when its letters are those of
    French or English, else the code page charset-normalizer finds."""
    try:
        text = data.decode(_FALLBACK)
    except UnicodeDecodeError:
        text = None
    if text is not None and _letter_share(text) >= settings.MIN_ALPHABET_SHARE:
        return text, _FALLBACK
    best = from_bytes(data).best()
    if best is None:
        raise ReadError("E005", source=source)
    return str(best), best.encoding


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes into (text, how it was decoded): "utf-8", "utf-8 with 4 bytes replaced",
    "utf-16", "cp1252"...

    A byte order mark decides (UTF-8, UTF-16, UTF-32); then UTF-16 without a mark, UTF-8 (a few
    invalid bytes are replaced, not a reason to read the whole text in another code page),
    and a code page (cp1252 first, checked by the share of French or English letters).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, source), codec.removesuffix("-sig")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _strict(data, utf16, source), utf16
    if _bytes_look_binary(data):
        raise ReadError("E005", source=source)
    mostly = _mostly_utf8(data)
    if mostly is not None:
        text, invalid = mostly
        return text, f"utf-8 with {_count(invalid, 'byte')} replaced" if invalid else "utf-8"
    return _code_page(data, source)


@cache
def _lang_words(lang: str) -> frozenset[str]:
    """The words that tell ``lang``: function words, and number, currency and unit words when known."""
    words = set(langdata.load(lang, "stopwords")["words"])
    if langdata.available(lang, "numbers"):
        numbers = langdata.load(lang, "numbers")
        words.update(numbers["words"])
        for group in ("scales", "approximations"):
            words.update(form for entry in numbers.get(group, []) if not entry.get("bound")
                         for form in entry["forms"])
    if langdata.available(lang, "currencies"):
        words.update(form for entry in langdata.load(lang, "currencies") for form in entry["forms"])
    if langdata.available(lang, "units"):  # "créer 100 emplois": counted nouns are the language's too
        words.update(form for entry in langdata.load(lang, "units")["units"] for form in entry["forms"])
    return frozenset(w.lower().replace("’", "'") for w in words if _WORD.fullmatch(w.replace("’", "'")))


def detect_lang(text: str) -> str | None:
    """The language whose function, number and currency words the text uses most, if clearly enough; else None."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text[:5000])]
    scores = {lang: sum(w in _lang_words(lang) for w in words) for lang in _LANGS}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return lang if best >= settings.MIN_LANG_EVIDENCE else None


def read_bytes(data: bytes, source: str, doc_id: str, published: str | None = None,
               title: str | None = None, lang: str | None = None) -> Document:
    """Build a Document from raw bytes; ``published`` (if given) wins over the dateline."""
    if len(data) > settings.MAX_INPUT_BYTES:
        raise ReadError("E004", source=source, size=len(data), limit=settings.MAX_INPUT_BYTES)
    if not data.strip():
        raise ReadError("E003", source=source)
    text, decoding = decode(data, source)
    return read_text(text, source, doc_id, published, title, lang, decoding)


def read_text(text: str, source: str, doc_id: str, published: str | None = None,
              title: str | None = None, lang: str | None = None, decoding: str | None = None) -> Document:
    """Build a Document from decoded text: validate it, remove NUL characters (said in its
    ``decoding``), find its date and its language (unless ``lang`` is given)."""
    if not text.strip():
        raise ReadError("E003", source=source)
    if _looks_binary(text):
        raise ReadError("E005", source=source)
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
        decoding = ", ".join(filter(None, (decoding, f"{_count(nuls, 'NUL character')} removed")))
    lang = lang or detect_lang(text)
    if lang == "en" and "en" not in settings.SUPPORTED_LANGS:
        raise UnsupportedLanguage("E007", source=source)
    if lang not in settings.SUPPORTED_LANGS:
        raise UnsupportedLanguage("E008", source=source, supported=", ".join(settings.SUPPORTED_LANGS))
    published = check_published(published) or parse_dateline(text)
    return Document(id=doc_id, text=text, lang=lang, published=published, source=source, title=title,
                    decoding=decoding)


def is_lossy(document: Document) -> bool:
    """True when reading changed the text: invalid bytes replaced or NUL characters removed."""
    return bool(document.decoding) and any(w in document.decoding for w in ("replaced", "removed"))


def read_path(path: Path, published: str | None = None, lang: str | None = None) -> Document:
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
    return read_bytes(data, source, path.stem, published, lang=lang)
