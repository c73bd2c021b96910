"""``extract --explain``: each fact's fields with the rule or model that set them (texts written for the test)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pledgewatch.cli.app import app
from pledgewatch.extract.explain import WHY, explaining, lines, traced
from pledgewatch.extract.learn.model import NONE, Model, using
from pledgewatch.read.reader import read_text


def test_traced_names_the_stage_of_the_fields_it_changed_only() -> None:
    facts = [{"kind": "investment", "deadline": None, "status": "planned"}]

    def dated(items: list[dict]) -> None:
        items[0]["deadline"] = "2027"

    traced(facts, "a stage", dated, facts)
    assert WHY not in facts[0]  # not explaining: nothing kept
    with explaining():
        facts[0]["deadline"] = None
        traced(facts, "a stage", dated, facts)
    assert facts[0][WHY] == {"deadline": "a stage"}


@pytest.mark.parametrize(("text", "kind", "field", "origin"), [
    ("Le groupe Exemplor va investir 300 millions d'euros à Lyon d'ici 2027.", "investment", "kind",
     "figures.figure_kind"),
    ("Le groupe Exemplor va investir 300 millions d'euros à Lyon d'ici 2027.", "investment", "deadline",
     "fields.deadline_of"),
    ("Le groupe Exemplor va construire une nouvelle usine à Lyon. Le site doit entrer en production début 2027.",
     "site_opening", "deadline", "merging.start_dates"),
    ("La société Brindor va fermer son usine de Cholet d'ici 2026. Les 300 salariés seront licenciés.",
     "jobs_cut", "deadline", "merging.closure_dates"),
    ("La société Brindor va fermer son usine de Cholet d'ici 2026. Les 300 salariés seront licenciés.",
     "jobs_cut", "places", "placing.inherit_places"),
    ("Le groupe Exemplor va construire une nouvelle usine à Lyon.", "site_opening", "kind", "sites.site_anchors"),
    ("Le groupe Exemplor va investir 300 millions d'euros à Lyon.", "investment", "actor",
     "the subject or agent the parse gives its predicate"),
    ("Le groupe Exemplor a tenu son assemblée à Lyon. Un investissement de 300 millions d'euros est prévu.",
     "investment", "actor", "the company the previous sentence names"),
])
def test_each_field_names_its_rule(extractor, text: str, kind: str, field: str, origin: str) -> None:
    with explaining():
        facts = extractor(read_text(text, "t", "t", published="2025-03-01"))["facts"]
    fact = next(f for f in facts if f["kind"] == kind)
    assert origin in fact[WHY][field]


def test_a_figure_the_model_adds_says_so(extractor) -> None:
    keep_all = Model([NONE, "investment"], [0.0, 5.0], {})
    document = read_text("L'an dernier, le groupe Safran a investi 12 millions d'euros dans une usine à Lyon.", "t", "t",
                         published="2025-03-01")
    with using({"figure_kind": keep_all}), explaining():
        fact = extractor(document)["facts"][0]
    assert fact[WHY]["kind"] == "model figure_kind"
    assert any(line.startswith("  kind: investment  ← model figure_kind") for line in lines(fact))


def test_without_explain_no_reason_is_kept(extractor) -> None:
    facts = extractor(read_text("Le groupe Exemplor va investir 300 millions d'euros à Lyon.", "t", "t"))["facts"]
    assert facts and all(WHY not in f for f in facts)


def test_extract_explain_prints_every_field_with_its_origin(tmp_path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("Le groupe Exemplor va investir 300 millions d'euros à Lyon d'ici 2027.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "investment · Exemplor · 300000000.0 EUR" in result.stdout
    for field in ("kind", "actor", "aggregate", "places", "deadline", "status", "event"):
        assert f"  {field}: " in result.stdout
