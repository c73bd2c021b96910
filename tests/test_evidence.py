"""Evidence spans end at a clause or sentence boundary, never inside brackets."""

from __future__ import annotations

import pytest

from pledgewatch.read.reader import read_text

TEXTS = [
    "Le groupe Exemplor va investir 20 millions d'euros dans son usine à Metz (Moselle), a-t-il annoncé.",
    "Le groupe Exemplor va créer 150 emplois (dont 40 ingénieurs) dans son usine de Metz d'ici 2026.",
    "Exemplor investira 20 millions d'euros (soit 10 % de son budget) à Metz.",
    "Exemplor va investir 20 millions d'euros dans une usine à Metz (Moselle) et créer 100 emplois.",
    "Le groupe Exemplor [coté à Paris] va investir 20 millions d'euros à Metz {selon ses comptes}.",
    "Le groupe Exemplor (va investir 300 millions d'euros à Lyon et créer 500 emplois.",
    "Le groupe Exemplor va investir 300 millions d'euros) à Lyon et créer 500 emplois.",
    "Le groupe Exemplor va investir 300 millions d'euros à Lyon ( et créer 500 emplois.",
]


def _balanced(text: str) -> bool:
    depth = {"(": 0, "[": 0, "{": 0}
    for char in text:
        for opening, closing in ("()", "[]", "{}"):
            depth[opening] += (char == opening) - (char == closing)
            if depth[opening] < 0:
                return False
    return not any(depth.values())


@pytest.mark.parametrize("text", TEXTS)
def test_evidence_never_ends_inside_brackets(extractor, text: str) -> None:
    facts = extractor(read_text(text, "t", "t"))["facts"]
    assert facts
    for fact in facts:
        evidence = fact["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["text"]
        assert _balanced(evidence["text"]), evidence["text"]
        assert not evidence["text"].endswith(("(", "[", "{", " "))


def test_an_aside_after_the_figure_is_left_out(extractor) -> None:
    facts = extractor(read_text(TEXTS[0], "t", "t"))["facts"]
    assert [f["evidence"]["text"] for f in facts] == [
        "Le groupe Exemplor va investir 20 millions d'euros dans son usine à Metz"]


def test_brackets_around_the_figure_are_taken_whole(extractor) -> None:
    text = "Exemplor a confirmé son plan (300 emplois créés à Metz d'ici 2026) lors de son assemblée."
    facts = extractor(read_text(text, "t", "t"))["facts"]
    assert facts
    assert all(_balanced(f["evidence"]["text"]) and "300 emplois" in f["evidence"]["text"] for f in facts)
