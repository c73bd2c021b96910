"""A bounded, seeded fuzzer: mutated news texts never crash extraction, and every output
validates against the schema with evidence offsets that point into the text."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from pledgewatch.errors import PledgewatchError
from pledgewatch.extract.extraction import extract_many
from pledgewatch.read.reader import read_text

SEEDS = sorted((Path(__file__).parent / "golden").glob("*.txt"))
RUNS = 60
NOISE = ["  ", "\n", "\u00a0", "\u202f", "€", "%", "d'ici", " milliards ", " 1,5 ", " 10 000 ", "(", ")", "«", "»",
         " emplois ", " MW ", " à Lyon ", " le second ", "Microsoft", " -0,38% ", "\t", "’", "—", "🙂", "\x0c"]


def _mutate(rng: random.Random, texts: list[str]) -> str:
    text = rng.choice(texts)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(4)
        i = rng.randrange(len(text) + 1)
        if op == 0:
            text = text[:i] + rng.choice(NOISE) + text[i:]
        elif op == 1:
            text = text[:i] + text[i + rng.randint(1, 40):]
        elif op == 2:
            other = rng.choice(texts)
            j = rng.randrange(len(other) + 1)
            text = text[:i] + other[j:j + rng.randint(5, 200)] + text[i:]
        else:
            text = text[i:] + " " + text[:i]
    return text


def test_mutated_texts_give_valid_output() -> None:
    schema = json.loads((resources.files("pledgewatch") / "schema" / "extraction.schema.json").read_text())
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    rng = random.Random(20261128)
    documents = []
    for n in range(RUNS):
        text = _mutate(rng, texts)
        try:
            documents.append(read_text(text, f"fuzz-{n}", f"fuzz-{n}"))
        except PledgewatchError:
            continue  # refused with a coded reason: that is an allowed outcome
    assert len(documents) > RUNS // 2
    for document, result in zip(documents, extract_many(documents)):
        jsonschema.validate(result, schema)
        for item in result["facts"] + result["quotes"]:
            ev = item["evidence"]
            assert document.text[ev["start"]:ev["end"]] == ev["text"], document.text


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "1", "€€€", "Microsoft", "d'ici 2027", "plus de"])
def test_degenerate_texts_are_refused_or_extracted(text: str) -> None:
    try:
        document = read_text(text, "degenerate", "degenerate")
    except PledgewatchError as exc:
        assert exc.code.startswith("E")
        return
    result = next(extract_many([document]))
    assert isinstance(result["facts"], list)
