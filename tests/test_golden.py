"""Golden extraction tests: each tests/golden/NAME.txt beside the NAME.json it must give.

The expected files hold, per fact, the fields of ANNOTATION.md that are compared (places as
a set of codes); extraction must give exactly those facts and quotes, in any order. An
expected file with an "xfail" reason records a known gap: the case must fail until fixed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pledgewatch.extract.extraction import extract
from pledgewatch.read.reader import read_path

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


def _expected(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


def _case(name: str):
    """A case, marked as a known gap (strict xfail) when its expected file says why."""
    reason = _expected(name).get("xfail")
    return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason)) if reason else name
FIELDS = ("kind", "actor", "aggregate", "value", "unit", "qualifier", "deadline", "status")


def _fact_key(fact: dict) -> tuple:
    places = frozenset(p["code"] if isinstance(p, dict) else p for p in fact["places"])
    value = None if fact["value"] is None else round(float(fact["value"]), 6)
    return tuple(value if f == "value" else fact[f] for f in FIELDS) + (places,)


def _quote_key(quote: dict) -> tuple:
    return quote["company"], round(quote["change_pct"], 4), quote["price"], quote["currency"]


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    return {name: extract(read_path(GOLDEN / f"{name}.txt")) for name in CASES}


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("name", [_case(name) for name in CASES])
def test_golden_facts(name: str, results: dict[str, dict]) -> None:
    expected = _expected(name)
    got = results[name]
    assert got["document"]["published"] == expected["published"]
    assert sorted(map(_fact_key, got["facts"]), key=repr) == sorted(map(_fact_key, expected["facts"]), key=repr)
    assert sorted(map(_quote_key, got["quotes"])) == sorted(map(_quote_key, expected["quotes"]))


@pytest.mark.parametrize("name", CASES)
def test_golden_evidence_is_in_text(name: str, results: dict[str, dict]) -> None:
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    for item in results[name]["facts"] + results[name]["quotes"]:
        ev = item["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
