"""Tests of evaluation.py: matching rules, scoring, and agreement with ../shared/tools/score.py."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest
from rich.console import Console

from pledgewatch.errors import PledgewatchError
from pledgewatch.extract import evaluation
from pledgewatch.extract.evaluation import (
    actors_agree,
    field_hits,
    is_candidate,
    pair_greedily,
    prf,
    score,
)

SCORE_PY = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"

TEXT_1 = ("date 2025-03 (AOF) - Le groupe Exemplor va investir 300 millions d'euros à Lyon et "
          "créer 500 emplois d'ici 2027. Exemplor (+1,50% à 42,10 euros) gagne du terrain.")
TEXT_2 = "date 2025-05 (AOF) - Le sommet Choose France a réuni 15 milliards d'euros de promesses."


def _fact(**fields: object) -> dict:
    base = {"kind": "investment", "actor": "Exemplor", "aggregate": False, "value": 3e8, "value_max": None,
            "unit": "EUR", "qualifier": "exact", "places": [], "deadline": None, "status": "planned",
            "event": None}
    base.update(fields)
    return base


def _evidence(text: str, clause: str) -> dict:
    start = text.index(clause)
    return {"text": clause, "start": start, "end": start + len(clause)}


# --- matching rules ---------------------------------------------------------------------

ACTORS = [
    ("Microsoft", "Microsoft", True),
    ("Microsoft", "Microsoft France", True),          # one's words start the other's
    ("Groupe Renault", "Renault SA", True),           # legal forms and articles dropped
    ("L'Oréal", "L’Oreal", True),                     # accents and apostrophes folded
    ("Renault", "Stellantis", False),
    ("France Travail", "Travail", False),             # a prefix, not any sub-sequence
    (None, None, True),                               # aggregates have no actor
    (None, "Exemplor", False),
    ("Groupe", "Exemplor", False),                    # nothing left after legal words
]


@pytest.mark.parametrize("a, b, expected", ACTORS)
def test_actors_agree(a: str | None, b: str | None, expected: bool) -> None:
    assert actors_agree(a, b) is expected
    assert actors_agree(b, a) is expected


CANDIDATES = [
    ("same fact", {}, {}, True),
    ("kind differs", {}, {"kind": "jobs_created"}, False),
    ("aggregate differs", {}, {"aggregate": True}, False),
    ("actor prefix", {}, {"actor": "Exemplor Industries"}, True),
    ("other actor", {}, {"actor": "Autrecorp"}, False),
    ("figure within 0.5 %", {"value": 4e9}, {"value": 4.019e9}, True),
    ("figure off by 0.75 %", {"value": 4e9}, {"value": 4.03e9}, False),
    ("currency word vs code", {}, {"unit": "euros"}, True),
    ("other currency", {}, {"unit": "USD"}, False),
    ("jobs vs emplois", {"kind": "jobs_created", "value": 500, "unit": "jobs"},
     {"kind": "jobs_created", "value": 500, "unit": "emplois"}, True),
    ("singular vs plural", {"kind": "capacity", "value": 1e5, "unit": "vehicles"},
     {"kind": "capacity", "value": 1e5, "unit": "vehicle"}, True),
    ("m² vs m2", {"kind": "site_opening", "value": 2e4, "unit": "m2"},
     {"kind": "site_opening", "value": 2e4, "unit": "m²"}, True),
    ("no figure on both sides, units ignored", {"kind": "site_opening", "value": None, "unit": None},
     {"kind": "site_opening", "value": None, "unit": "sites"}, True),
    ("figure on one side only", {"value": None, "unit": None}, {}, False),
    ("same figure, no unit vs unit", {"unit": None}, {}, False),
]


@pytest.mark.parametrize("name, gold, pred, expected", CANDIDATES, ids=[c[0] for c in CANDIDATES])
def test_is_candidate(name: str, gold: dict, pred: dict, expected: bool) -> None:
    assert is_candidate(_fact(**gold), _fact(**pred)) is expected


FIELDS = [
    ("missing qualifier is exact", {"qualifier": "exact"}, {"qualifier": None}, "qualifier", True),
    ("other qualifier", {"qualifier": "about"}, {"qualifier": "exact"}, "qualifier", False),
    ("value_max within 0.5 %", {"value_max": 1e4}, {"value_max": 10040}, "value_max", True),
    ("value_max on one side", {"value_max": 1e4}, {"value_max": None}, "value_max", False),
    ("places as codes or objects", {"places": ["commune:69123", "country:FR"]},
     {"places": [{"code": "country:FR", "name": "France"}, {"code": "commune:69123", "name": "Lyon"}]},
     "places", True),
    ("a place missing", {"places": ["commune:69123", "country:FR"]}, {"places": ["country:FR"]}, "places", False),
    ("empty deadline is null", {"deadline": None}, {"deadline": ""}, "deadline", True),
    ("deadline granularity counts", {"deadline": "2025-12"}, {"deadline": "2025"}, "deadline", False),
    ("missing status is planned", {"status": "planned"}, {"status": None}, "status", True),
    ("other status", {"status": "completed"}, {"status": "planned"}, "status", False),
    ("event folded", {"event": "Choose France 2024"}, {"event": "choose-france 2024"}, "event", True),
    ("event edition year", {"event": "Choose France 2024"}, {"event": "Choose France 2025"}, "event", False),
]


@pytest.mark.parametrize("name, gold, pred, field, expected", FIELDS, ids=[c[0] for c in FIELDS])
def test_field_hits(name: str, gold: dict, pred: dict, field: str, expected: bool) -> None:
    assert field_hits(_fact(**gold), _fact(**pred))[field] is expected


def test_pairing_is_greedy_best_agreement_first() -> None:
    gold = [_fact(deadline="2026"), _fact(deadline="2027", places=["commune:69123"])]
    pred = [_fact(deadline="2027", places=["commune:69123"])]
    agreement = lambda g, p: sum(field_hits(g, p).values())  # noqa: E731
    assert pair_greedily(gold, pred, is_candidate, agreement) == [(1, 0)]
    # two equally good predictions: the earlier gold takes the earlier prediction
    assert pair_greedily(gold[:1] * 2, [_fact(), _fact()], is_candidate, agreement) == [(0, 0), (1, 1)]


PRF = [
    ((0, 0, 0), (1.0, 1.0, 1.0)),
    ((0, 0, 2), (0.0, 0.0, 0.0)),
    ((0, 3, 0), (0.0, 1.0, 0.0)),
    ((2, 3, 4), (0.6667, 0.5, 0.5714)),
]


@pytest.mark.parametrize("counts, expected", PRF)
def test_prf(counts: tuple[int, int, int], expected: tuple[float, float, float]) -> None:
    r = prf(*counts)
    assert (r["precision"], r["recall"], r["f1"]) == expected
    assert (r["tp"], r["pred"], r["gold"]) == counts


# --- a whole scoring ----------------------------------------------------------------------

GOLD = {
    "001": {"id": "001", "published": "2025-03", "lang": "fr", "facts": [
        _fact(places=["commune:69123"], deadline="2027",
              evidence="Le groupe Exemplor va investir 300 millions d'euros à Lyon"),
        _fact(kind="jobs_created", value=500, unit="jobs", places=["commune:69123"], deadline="2027",
              evidence="créer 500 emplois d'ici 2027"),
    ], "quotes": [{"company": "Exemplor", "change_pct": 1.5, "price": 42.1, "currency": "EUR"}]},
    "002": {"id": "002", "published": "2025-05", "lang": "fr", "facts": [
        _fact(actor=None, aggregate=True, value=1.5e10, event="Choose France 2025",
              evidence="Le sommet Choose France a réuni 15 milliards d'euros de promesses"),
    ], "quotes": []},
}
TEXTS = {"001": TEXT_1, "002": TEXT_2}
LYON = [{"code": "commune:69123", "name": "Lyon"}]
PREDS = {
    "001": {"document": {"id": "001", "lang": "fr", "published": "2025-03"}, "facts": [
        _fact(actor="Exemplor SA", value=3.01e8, places=LYON, deadline="2027",
              evidence=_evidence(TEXT_1, "va investir 300 millions d'euros à Lyon")),
        _fact(kind="jobs_created", value=500, unit="emplois", places=LYON,
              evidence=_evidence(TEXT_1, "créer 500 emplois d'ici 2027")),
        _fact(kind="site_opening", value=None, unit=None, places=LYON,
              evidence={"text": "une usine à Lyon", "start": 0, "end": 16}),
    ], "quotes": [{"company": "Exemplor", "change_pct": 1.5, "price": 42.0, "currency": "EUR"}]},
}  # no prediction for 002: an empty one

EXPECTED = {
    "documents": 2,
    "facts": prf(2, 3, 3),
    "facts_strict": prf(1, 3, 3),
    "fields_on_matched": {"qualifier": 1.0, "value_max": 1.0, "places": 1.0, "deadline": 0.5,
                          "status": 1.0, "event": 1.0},
    "places_on_matched": prf(2, 2, 2),
    "quotes": prf(0, 1, 1),  # company and change agree, the price does not
    "evidence_not_in_text": 1,
    "by_kind": {"investment": prf(1, 1, 2), "jobs_created": prf(1, 1, 1), "site_opening": prf(0, 1, 0)},
}


def test_score_fixture() -> None:
    result, misses = score(GOLD, TEXTS, PREDS)
    assert result == EXPECTED
    assert [m.split(" |")[0] for m in misses] == [
        '001 FIELD [\'deadline\']: gold={"deadline": "2027"} pred={"deadline": null}',
        "001 SPURIOUS site_opening Exemplor None None",
        "002 MISSED investment None 15000000000.0 EUR",
    ]


def test_print_report_shows_every_table() -> None:
    console = Console(file=io.StringIO(), width=120)
    evaluation.print_report(score(GOLD, TEXTS, PREDS)[0], console)
    out = console.file.getvalue()
    for word in ("facts_strict", "quotes", "places_on_matched", "site_opening", "deadline", "0.500", "0.667"):
        assert word in out


def _write_folder(tmp_path: Path) -> tuple[Path, Path]:
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    for doc_id, gold in GOLD.items():
        (gold_dir / f"{doc_id}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        (gold_dir / f"{doc_id}.txt").write_text(TEXTS[doc_id], encoding="utf-8")
    (gold_dir / "003.gold.json").write_text(json.dumps(
        {"id": "003", "lang": "en", "facts": [_fact()], "quotes": []}), encoding="utf-8")
    (gold_dir / "003.txt").write_text("Exemplor will invest 300 million euros in Lyon.", encoding="utf-8")
    for doc_id, pred in PREDS.items():
        (pred_dir / f"{doc_id}.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    return gold_dir, pred_dir


@pytest.mark.skipif(not SCORE_PY.exists(), reason="../shared/tools/score.py is not here")
def test_same_figures_as_reference_score_py(tmp_path: Path) -> None:
    gold_dir, pred_dir = _write_folder(tmp_path)
    run = subprocess.run([sys.executable, str(SCORE_PY), str(gold_dir), str(pred_dir), "--lang", "fr",
                          "--json", "--show-misses"], capture_output=True, text=True, check=True)
    reference, end = json.JSONDecoder().raw_decode(run.stdout)
    ours, misses = score(evaluation.load_gold(gold_dir, "fr"), TEXTS, PREDS)
    assert ours == reference
    assert misses == run.stdout[end:].strip().splitlines()


def test_evaluate_folder_reads_scores_and_skips_other_languages(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    gold_dir, _ = _write_folder(tmp_path)
    (gold_dir / "002.txt").unlink()  # an unreadable text counts as an empty prediction
    seen = []

    def fake_extract_many(documents, on_error=None):  # the extractor stands aside: PREDS are its output
        for document in documents:
            seen.append(document.id)
            yield PREDS.get(document.id, {"document": {"id": document.id}, "facts": [], "quotes": []})

    fake = types.ModuleType("pledgewatch.extract.extraction")
    fake.extract_many = fake_extract_many
    monkeypatch.setitem(sys.modules, "pledgewatch.extract.extraction", fake)
    result, misses = evaluation.evaluate_folder(gold_dir, "fr")
    assert seen == ["001"]
    assert result == EXPECTED
    assert misses[0].startswith("002 UNREAD [E001]")


def test_evaluate_folder_without_gold(tmp_path: Path) -> None:
    (tmp_path / "001.txt").write_text(TEXT_1, encoding="utf-8")
    with pytest.raises(PledgewatchError) as exc:
        evaluation.evaluate_folder(tmp_path, "fr")
    assert exc.value.code == "E011"
