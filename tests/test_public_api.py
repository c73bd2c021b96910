"""The public Python API: ``pledgewatch.extract(text, published=...)`` returns typed facts and quotes."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

import pledgewatch
from pledgewatch.errors import ReadError

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.txt"))[:12]
TEXT = ("Le fabricant Brioval va investir 45 millions d'euros dans une nouvelle usine à Dunkerque "
        "et y créer 120 emplois d'ici 2027.")


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_typed_result_gives_back_the_cli_json(path: Path, extractor) -> None:
    from pledgewatch.read.reader import read_path

    text = path.read_text(encoding="utf-8")
    typed = pledgewatch.extract(text, published="2024-05-13")
    expected = extractor(read_path(path, "2024-05-13"))
    got = typed.to_dict()
    assert got["facts"] == expected["facts"]
    assert got["quotes"] == expected["quotes"]
    schema = json.loads((resources.files("pledgewatch") / "schema" / "extraction.schema.json").read_text("utf-8"))
    jsonschema.validate(got, schema)


def test_facts_are_typed_with_their_evidence(extractor) -> None:
    result = pledgewatch.extract(TEXT, published="2024-05-13")
    kinds = {fact.kind: fact for fact in result.facts}
    investment = kinds["investment"]
    assert isinstance(investment, pledgewatch.Fact)
    assert (investment.value, investment.unit, investment.deadline) == (45_000_000.0, "EUR", "2027")
    assert all(isinstance(place, pledgewatch.Place) for place in investment.places)
    assert "commune:59183" in [place.code for place in investment.places]
    assert TEXT[investment.evidence.start:investment.evidence.end] == investment.evidence.text
    assert result.document.published == "2024-05-13"
    assert kinds["jobs_created"].value == 120


def test_unreadable_text_is_a_coded_error() -> None:
    with pytest.raises(ReadError) as caught:
        pledgewatch.extract("   \n")
    assert caught.value.code == "E003"


def test_the_package_stays_a_package_and_callable() -> None:
    import pledgewatch.extract.extraction as extraction

    assert callable(pledgewatch.extract)
    assert pledgewatch.extract.extraction is extraction


def test_importing_the_library_loads_no_model() -> None:
    code = "import sys, pledgewatch; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
