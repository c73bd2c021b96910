"""Decoding bytes into text: byte order marks, UTF-16, a few bad bytes in UTF-8, code pages
checked by their letters, NUL characters, and language detection on one short sentence."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pledgewatch.errors import ReadError, UnsupportedLanguage
from pledgewatch.read.reader import (
    decode,
    detect_lang,
    is_lossy,
    read_bytes,
    read_path,
    read_text,
)

TEXT = ("Le groupe Exemplor a dévoilé jeudi son projet : il va investir 300 millions d’euros à "
        "Besançon et créer 500 emplois d’ici à 2027. « Nous y croyons », a déclaré la présidente, "
        "qui prévoit également d’agrandir l’usine de Nîmes, fermée l’été dernier.")
SHORT = "Renault va investir 300 millions à Douai."

BOMS = [
    ("utf-8 BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
    ("utf-16-le BOM", TEXT.encode("utf-16"), "utf-16"),
    ("utf-16-be BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ("utf-32-le BOM", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32"),
    ("utf-32-be BOM", codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32"),
    ("utf-16-le without BOM", TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be without BOM", TEXT.encode("utf-16-be"), "utf-16-be"),
]


@pytest.mark.parametrize("name, data, decoding", BOMS, ids=[c[0] for c in BOMS])
def test_unicode_encodings_are_read_never_called_binary(name: str, data: bytes, decoding: str,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "depeche.txt"
    path.write_bytes(data)
    document = read_path(path)
    assert (document.text, document.decoding, document.lang) == (TEXT, decoding, "fr")
    assert not is_lossy(document)


def test_nul_bytes_between_other_bytes_are_binary_not_utf16() -> None:
    with pytest.raises(ReadError) as exc:
        read_bytes(b"\x00\xff" * 64, "bin.txt", "bin")
    assert exc.value.code == "E005"


def test_a_bom_with_broken_bytes_is_a_coded_error() -> None:
    with pytest.raises(ReadError) as exc:
        decode(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")[:-1], "odd.txt")
    assert exc.value.code == "E006"
    assert "odd.txt" in str(exc.value) and "utf-16" in str(exc.value)


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_french_in_a_western_code_page_is_cp1252_not_central_european(codec: str) -> None:
    text = TEXT.replace("’", "'").replace("«", '"').replace("»", '"') if codec == "latin-1" else TEXT
    assert decode(text.encode(codec), "x.txt") == (text, "cp1252")
    short = "Le maire a annoncé à Sète que l'hôpital serait agrandi à Besançon."
    assert decode(short.encode(codec), "x.txt") == (short, "cp1252")


def test_a_non_latin_code_page_is_still_guessed() -> None:
    russian = "Компания объявила о строительстве нового завода и создании пятисот рабочих мест в регионе."
    text, decoding = decode(russian.encode("cp1251"), "ru.txt")
    assert text == russian and decoding != "cp1252"


def test_a_few_bad_bytes_keep_a_utf8_text_utf8_and_are_said() -> None:
    data = TEXT.encode("utf-8")
    middle = len(data) // 2
    data = data[:40] + b"\xff\xfe" + data[40:middle] + b"\x80" + data[middle:] + b"\xc3"
    document = read_bytes(data, "broken.txt", "broken")
    assert document.decoding == "utf-8 with 4 bytes replaced"
    assert is_lossy(document)
    assert document.text.count("\ufffd") == 4
    assert "dévoilé" in document.text and "Besançon" in document.text and "Ã" not in document.text


def test_a_u_fffd_in_valid_utf8_is_no_replaced_byte() -> None:
    assert decode(("Un signe � " + TEXT).encode(), "x") == ("Un signe � " + TEXT, "utf-8")


def test_nul_characters_are_removed_and_said(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(TEXT[:50].encode() + b"\x00" + TEXT[50:].encode() + b"\x00")
    document = read_path(path)
    assert document.text == TEXT
    assert document.decoding == "utf-8, 2 NUL characters removed"
    given = read_text(TEXT + "\x00", "api:x", "x")
    assert (given.text, given.decoding) == (TEXT, "1 NUL character removed")


def test_one_short_french_sentence_is_french() -> None:
    assert detect_lang(SHORT) == "fr"
    assert detect_lang("Stellantis investit 2 milliards d'euros.") == "fr"
    assert read_bytes(SHORT.encode(), "s.txt", "s").lang == "fr"


@pytest.mark.parametrize("text", ["Exemplor (Lyon) va créer 100 emplois à Metz.",
                                  "Brindor supprime 300 postes à Lyon."])
def test_a_sentence_of_counted_nouns_is_french(text: str) -> None:
    assert detect_lang(text) == "fr"


def test_english_function_words_still_win_over_a_currency_word() -> None:
    assert detect_lang("The group will invest 300 million euros in its plant at Douai, it said.") == "en"
    assert detect_lang("Renault will open a new site in Douai and create 500 jobs.") == "en"


def test_lang_forces_the_language() -> None:
    assert read_bytes(b"Renault: Douai, 2027.", "s.txt", "s", lang="fr").lang == "fr"
    with pytest.raises(UnsupportedLanguage) as exc:
        read_bytes(b"Renault: Douai, 2027.", "s.txt", "s")
    assert exc.value.code == "E008"
