"""``eval --cv``, ``train`` and ``model`` on a small gold corpus written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch.cli.app import app

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
TEXTS = {
    "001": ("Le groupe Exemplor va investir 300 millions d'euros à Lyon avec la société Brindor, "
            "a annoncé la direction. Exemplor emploie déjà 2000 salariés en France.",
            [("investment", "Exemplor", 3e8, "EUR", ["commune:69123"])]),
    "002": ("Le groupe Brindor va créer 500 emplois à Toulouse d'ici 2027. Brindor compte 1200 salariés.",
            [("jobs_created", "Brindor", 500, "jobs", ["commune:31555"])]),
    "003": ("Le groupe Fabrikor va investir 40 millions d'euros à Nantes. Son chiffre d'affaires atteint 900 millions d'euros.",
            [("investment", "Fabrikor", 4e7, "EUR", ["commune:44109"])]),
    "004": ("La société Vendor va supprimer 150 postes à Lille, selon son concurrent Brindor.",
            [("jobs_cut", "Vendor", 150, "jobs", ["commune:59350"])]),
}


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the analysis cache goes under the current folder
    folder = tmp_path / "gold"
    folder.mkdir()
    for doc_id, (text, facts) in TEXTS.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        gold = {"id": doc_id, "published": "2025-03", "lang": "fr", "quotes": [], "facts": [
            {"kind": k, "actor": a, "aggregate": False, "value": v, "value_max": None, "unit": u,
             "qualifier": "exact", "places": p, "deadline": None, "status": "planned", "event": None,
             "evidence": text[:40]} for k, a, v, u, p in facts]}
        (folder / f"{doc_id}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def _f1(stdout: str, measure: str) -> str:
    line = next(line for line in stdout.splitlines() if line.startswith(f"│ {measure} "))
    return line.split("│")[4].strip()


def test_cv_without_learned_decisions_scores_as_the_rules(corpus: Path) -> None:
    plain = runner.invoke(app, ["eval", str(corpus)], env=WIDE)
    cv = runner.invoke(app, ["eval", str(corpus), "--cv", "2", "--learned", ""], env=WIDE)
    assert plain.exit_code == 0 and cv.exit_code == 0, cv.output
    assert "2-fold cross-validation over 4 documents, learned: none" in cv.stdout
    assert "gold (4 documents): facts F1" in cv.stdout
    assert _f1(cv.stdout, "facts") == _f1(plain.stdout, "facts")
    assert _f1(cv.stdout, "facts_strict") == _f1(plain.stdout, "facts_strict")
    assert (corpus.parent / ".pledgewatch-cache").is_dir()


@pytest.mark.parametrize(("args", "code"), [(["--cv", "1"], "E105"), (["--cv", "9"], "E105"),
                                            (["--cv", "2", "--learned", "deadline"], "E108"),
                                            (["--cv", "2", "--learned", "figure_kind,actor"], "E107")])  # 4 texts: too few
def test_cv_refuses_bad_options(corpus: Path, args: list[str], code: str) -> None:
    result = runner.invoke(app, ["eval", str(corpus), *args])
    assert result.exit_code != 0
    assert f"[{code}]" in result.stderr


def test_train_writes_both_models_with_their_summary(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "models"
    result = runner.invoke(app, ["train", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "trained in" in result.stdout
    for name in ("figure_kind", "actor"):
        about = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))["about"]
        assert about["model"] == name and about["documents"] == 4 and about["folders"] == ["gold"]
    first = (out / "figure_kind.json").read_text(encoding="utf-8")
    assert runner.invoke(app, ["train", str(corpus), "--out", str(out)]).exit_code == 0
    again = json.loads((out / "figure_kind.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in again.items() if k != "about"} == \
        {k: v for k, v in json.loads(first).items() if k != "about"}  # deterministic weights


def test_model_prints_the_shipped_models() -> None:
    result = runner.invoke(app, ["model"])
    assert result.exit_code == 0, result.output
    assert "figure_kind:" in result.stdout and "actor:" in result.stdout
    assert "documents" in result.stdout
