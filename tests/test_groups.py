"""Company relations read from the parse (extract/groups.py): each construction gives the
subsidiary and its parent; a relation noun with a side missing gives none; the extraction JSON
carries them in its optional ``companies`` field and stays valid."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from pledgewatch.read.reader import read_text

CASES = [
    ("Hydrolys est une filiale de Vantor.", [("Hydrolys", "Vantor")]),
    ("Hydrolys, filiale de Vantor, va construire une usine à Lacq.", [("Hydrolys", "Vantor")]),
    ("Hydrolys, filiale du groupe Vantor, investit 20 millions d'euros à Pau.", [("Hydrolys", "Vantor")]),
    (("Hydrolys va construire une usine à Lacq. Le groupe Vantor annonce la suspension de la construction "
     "de l'usine de Lacq de sa filiale Hydrolys."), [("Hydrolys", "Vantor")]),
    ("Vantor, maison mère de Hydrolys, investit 5 millions d'euros.", [("Hydrolys", "Vantor")]),
    ("Air Liquide, filiale de Danone, va investir 10 millions d'euros à Lyon.", [("Air Liquide", "Danone")]),
    # a relation noun with no company on one side is no relation
    ("La filiale de Lacq va fermer.", []),
    ("Sa filiale va investir 10 millions d'euros.", []),
    ("La filiale Renault a annoncé 300 embauches.", []),
    ("Le groupe a cédé sa filiale en 2020.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[t[:40] for t, _ in CASES])
def test_relations_read_from_the_parse(extractor, text, expected):
    result = extractor(read_text(text, "t", "t"))
    assert [(r["child"], r["parent"]) for r in result.get("companies", [])] == expected


def test_the_relation_carries_ids_and_evidence_and_the_json_stays_valid(extractor):
    text = "Les ventes progressent. Air Liquide, filiale de Danone, va investir 10 millions d'euros à Lyon."
    result = extractor(read_text(text, "t", "t"))
    (rel,) = result["companies"]
    assert (rel["child_id"], rel["parent_id"]) == ("AI.PA", "BN.PA")
    ev = rel["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["text"] and ev["text"].startswith("Air Liquide, filiale de Danone")
    schema = json.loads((resources.files("pledgewatch") / "schema" / "extraction.schema.json").read_text())
    jsonschema.validate(result, schema)
    assert "companies" not in extractor(read_text("Danone va investir 10 millions d'euros à Lyon.", "u", "u"))
