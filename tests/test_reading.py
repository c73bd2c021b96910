"""Tests of reading.py: decoding, datelines, language, and every reason an input is refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pledgewatch import settings
from pledgewatch.errors import PledgewatchError, ReadError, UnsupportedLanguage
from pledgewatch.read.reader import check_published, detect_lang, read_bytes, read_path

FRENCH = ("date 2025-03 (AOF) - Le groupe Exemplor va investir 300 millions d’euros à Lyon et créer "
          "500 emplois d’ici 2027. « Notre cœur de métier reste en France », a précisé le président "
          "du groupe, qui prévoit également d’agrandir son usine de Besançon. Le coût élevé de "
          "l’énergie a pesé sur les marges de l’année dernière, selon la société.")
LATIN_1 = FRENCH.replace("’", "'").replace("«", '"').replace("»", '"').replace("œ", "oe")
ENGLISH = ("Exemplor said on Tuesday that it will invest 300 million euros in a new plant near Lyon, "
           "which would create 500 jobs by 2027, according to the company.")
GIBBERISH = "Xqzt vlorp kwag zzyb trunf! Plok 42 grimbl snarf quox wemb."

DECODING = [
    ("utf-8", FRENCH.encode("utf-8"), FRENCH),
    ("utf-8 with BOM", FRENCH.encode("utf-8-sig"), FRENCH),
    ("cp1252", FRENCH.encode("cp1252"), FRENCH),
    ("latin-1", LATIN_1.encode("latin-1"), LATIN_1),
]


@pytest.mark.parametrize("name, data, expected", DECODING, ids=[c[0] for c in DECODING])
def test_encodings_decoded(name: str, data: bytes, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "depeche.txt"
    path.write_bytes(data)
    document = read_path(path)
    assert document.text == expected
    assert (document.id, document.source, document.lang) == ("depeche", str(path), "fr")


DATELINES = [
    ("AOF month", "date 2024-05 (AOF) - ", None, "2024-05"),
    ("AP day", "date 2024-04-25 NEW CARLISLE, Ind. (AP) — ", None, "2024-04-25"),
    ("--published wins over the dateline", "date 2024-05 (AOF) - ", "2025-01-15", "2025-01-15"),
    ("--published without dateline", "", "2025", "2025"),
    ("no dateline, no date", "", None, None),
]


@pytest.mark.parametrize("name, head, published, expected", DATELINES, ids=[c[0] for c in DATELINES])
def test_publication_date(name: str, head: str, published: str | None, expected: str | None) -> None:
    body = "Le groupe Exemplor va investir 300 millions d'euros à Lyon et créer 500 emplois dans la région."
    document = read_bytes((head + body).encode("utf-8"), "<test>", "t", published)
    assert document.published == expected


LANGUAGES = [
    ("French", FRENCH, "fr"),
    ("English", ENGLISH, "en"),
    ("gibberish", GIBBERISH, None),
]


@pytest.mark.parametrize("name, text, expected", LANGUAGES, ids=[c[0] for c in LANGUAGES])
def test_detect_lang(name: str, text: str, expected: str | None) -> None:
    assert detect_lang(text) == expected


@pytest.mark.parametrize("published", ["2024", "2024-05", "2024-05-13", None])
def test_check_published_accepts(published: str | None) -> None:
    assert check_published(published) == published


@pytest.mark.parametrize("published", ["13/05/2024", "2024-13", "2024-05-32", "mai 2024", "24"])
def test_check_published_refuses(published: str) -> None:
    with pytest.raises(PledgewatchError) as exc:
        check_published(published)
    assert exc.value.code == "E010"
    with pytest.raises(PledgewatchError):
        read_bytes(FRENCH.encode(), "<test>", "t", published)


BAD_BYTES = [
    ("empty", b"", ReadError, "E003"),
    ("only whitespace", b" \n\t\r\n ", ReadError, "E003"),
    ("binary with NUL bytes", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, ReadError, "E005"),
    ("control characters", bytes(range(1, 9)) * 200, ReadError, "E005"),
    ("English", ENGLISH.encode(), UnsupportedLanguage, "E007"),
    ("gibberish", GIBBERISH.encode(), UnsupportedLanguage, "E008"),
]


@pytest.mark.parametrize("name, data, error, code", BAD_BYTES, ids=[c[0] for c in BAD_BYTES])
def test_bad_inputs(name: str, data: bytes, error: type[Exception], code: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(error) as exc:
        read_path(path)
    assert exc.value.code == code
    assert str(path) in str(exc.value)


def test_english_says_not_supported_yet() -> None:
    with pytest.raises(UnsupportedLanguage, match="English is not supported yet"):
        read_bytes(ENGLISH.encode(), "dispatch.txt", "dispatch")


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as exc:
        read_path(tmp_path / "absent.txt")
    assert exc.value.code == "E001"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as exc:
        read_path(tmp_path)
    assert exc.value.code == "E009"


def test_over_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_INPUT_BYTES", 100)
    path = tmp_path / "long.txt"
    path.write_bytes(FRENCH.encode())
    for read in (lambda: read_path(path), lambda: read_bytes(path.read_bytes(), str(path), "long")):
        with pytest.raises(ReadError) as exc:
            read()
        assert exc.value.code == "E004"
        assert "over the limit of 100 bytes" in str(exc.value)


def test_unreadable_file_by_permissions(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(FRENCH.encode())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root (or a capability) reads it anyway
            pytest.skip("this user can read a file with mode 000")
        with pytest.raises(ReadError) as exc:
            read_path(path)
        assert exc.value.code == "E002"
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_unreadable_file_by_io_error() -> None:
    # a file that exists, is not a directory, and fails when read (EIO), even for root
    with pytest.raises(ReadError) as exc:
        read_path(Path("/proc/self/mem"))
    assert exc.value.code == "E002"
    assert "Input/output error" in str(exc.value)
