"""The dashboard's words are data, one file per language (web/dashboard/lang/<lang>.json): every
language has every word, and every word the dashboard's code asks for exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[1] / "src" / "pledgewatch" / "web" / "dashboard"
LANGS = sorted(p.stem for p in (DASHBOARD / "lang").glob("*.json"))


def _words(lang: str) -> dict:
    return json.loads((DASHBOARD / "lang" / f"{lang}.json").read_text("utf-8"))


def test_french_and_english_are_there() -> None:
    assert LANGS == ["en", "fr"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_every_word(lang: str) -> None:
    french, words = _words("fr"), _words(lang)
    assert words.keys() == french.keys()
    for table in ("words", "kinds", "statuses", "steps", "units", "qualifiers"):
        assert words[table].keys() == french[table].keys(), table
    assert len(words["months"]) == 12
    assert all(isinstance(v, list) and len(v) == 2 for v in words["units"].values())  # singular, plural


def test_every_word_the_code_asks_for_exists() -> None:
    asked = {m for p in DASHBOARD.glob("*.js") for m in re.findall(r'\bt\("([\w.]+)"', p.read_text("utf-8"))}
    assert len(asked) > 50
    assert sorted(asked - _words("fr")["words"].keys()) == []
