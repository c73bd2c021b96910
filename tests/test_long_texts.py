"""Long texts are analysed in parts of whole paragraphs: no spaCy length error, the other
inputs' results kept, evidence at its offsets in the whole text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch import settings
from pledgewatch.cli.app import app
from pledgewatch.extract.pipeline import chunk_bounds, get_nlp
from pledgewatch.read.reader import read_text

CITIES = ["Lyon", "Toulouse", "Dunkerque", "Mulhouse", "Grenoble", "Rennes", "Bordeaux", "Metz"]
PARAGRAPH = ("Le groupe Exemplor va investir {n} millions d'euros dans son usine de {v} (Europe) et créer "
             "{m} emplois d'ici 2027, a annoncé mardi la direction du groupe.\n")


def _long_text(paragraphs: int) -> str:
    return "".join(PARAGRAPH.format(n=10 + i, v=CITIES[i % 8], m=100 + i) for i in range(paragraphs))


def test_chunk_bounds_cover_the_text_in_whole_paragraphs() -> None:
    text = _long_text(40)
    bounds = chunk_bounds(text, 1000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(bounds, bounds[1:]))
    assert all(0 < end - start <= 1000 for start, end in bounds)
    assert all(text[end - 1] == "\n" for _, end in bounds)


def test_chunk_bounds_cut_a_long_paragraph_at_a_sentence_or_a_space() -> None:
    sentence = "Exemplor investit à Lyon. "
    assert chunk_bounds(sentence * 10, 100) == [(0, 78), (78, 156), (156, 234), (234, 260)]
    assert chunk_bounds("x" * 250, 100) == [(0, 100), (100, 200), (200, 250)]
    assert chunk_bounds("court", 100) == [(0, 5)]


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch):
    """Parts of 1,500 characters and a spaCy length limit of 6,000: a long text in miniature."""
    nlp = get_nlp("fr")
    monkeypatch.setattr(settings, "CHUNK_CHARS", 1500)
    monkeypatch.setattr(nlp, "max_length", 6000)


def test_a_text_over_spacy_length_limit_is_extracted_with_evidence_at_its_offsets(extractor, small_parts) -> None:
    text = _long_text(100)
    assert len(text) > 6000 * 2
    facts = extractor(read_text(text, "long", "long"))["facts"]
    for fact in facts:
        evidence = fact["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["text"]
    investments = sorted(f["value"] for f in facts if f["kind"] == "investment")
    assert investments == [(10 + i) * 1e6 for i in range(100)]
    jobs = [f for f in facts if f["kind"] == "jobs_created"]
    assert len(jobs) == 100 and jobs[-1]["value"] == 199
    assert [f["evidence"]["start"] for f in facts] == sorted(f["evidence"]["start"] for f in facts)


def test_parts_give_the_facts_of_each_paragraph_alone(extractor, small_parts) -> None:
    text = _long_text(30)
    alone = [fact for i in range(30) for fact in extractor(read_text(PARAGRAPH.format(
        n=10 + i, v=CITIES[i % 8], m=100 + i), "p", "p"))["facts"]]
    whole = extractor(read_text(text, "long", "long"))["facts"]
    strip = [{k: v for k, v in f.items() if k != "evidence"} for f in alone]
    assert [{k: v for k, v in f.items() if k != "evidence"} for f in whole] == strip
    assert [f["evidence"]["text"] for f in whole] == [f["evidence"]["text"] for f in alone]


def test_a_long_text_in_a_batch_loses_no_other_result(tmp_path: Path, small_parts) -> None:
    names = []
    for name, text in (("a", PARAGRAPH.format(n=5, v="Metz", m=50)), ("long", _long_text(100)),
                       ("b", PARAGRAPH.format(n=7, v="Lyon", m=70))):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        names.append(str(tmp_path / f"{name}.txt"))
    result = CliRunner().invoke(app, ["extract", *names, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["document"]["id"] for r in json.loads(result.stdout)] == ["a", "long", "b"]
