"""A clause's dates and whether it tells news or history (texts written for the test)."""

from __future__ import annotations

import pytest

from pledgewatch.read.reader import read_text


def _figures(extractor, text: str) -> list[tuple]:
    result = extractor(read_text(f"date 2024-05 - {text}", "t", "t"))
    return sorted((f["kind"], f["actor"], f["value"]) for f in result["facts"] if f["value"] is not None)


@pytest.mark.parametrize(("text", "expected"), [
    # a clause dated in the past only is history
    ("Le groupe Texor a investi 25 millions d'euros à Lyon en 2019.", []),
    # a past date the parse attaches to a compared figure is that figure's, not the clause's
    ("Le groupe Texor va investir 40 millions d'euros à Lyon, contre 25 millions en 2019.",
     [("investment", "Texor", 40e6)]),
    ("Le salon a réuni 20 milliards d'euros d'investissements annoncés par les patrons, contre 15 milliards en 2019.",
     [("investment", None, 20e9)]),
])
def test_a_past_date_takes_back_its_own_figure_only(extractor, text: str, expected: list[tuple]) -> None:
    assert _figures(extractor, text) == expected


def _statuses(extractor, text: str) -> list[tuple]:
    result = extractor(read_text(f"date 2024-05 - {text}", "t", "t"))
    return sorted((f["kind"], f["value"], f["status"]) for f in result["facts"])


@pytest.mark.parametrize(("text", "expected"), [
    # a verb that carries out the commitment, in a compound past: done
    ("Le groupe Texor a déjà supprimé 880 postes.", [("jobs_cut", 880, "completed")]),
    ("Le groupe Texor a investi 5 millions d'euros dans son usine de Lyon.", [("investment", 5e6, "completed")]),
    # in the future, the near future or with a modal: planned
    ("Le groupe Texor supprimera 880 postes.", [("jobs_cut", 880, "planned")]),
    ("Le groupe Texor va supprimer 880 postes.", [("jobs_cut", 880, "planned")]),
    # a compound past of a verb of announcing is no deed
    ("Le groupe Texor a annoncé 880 suppressions de postes.", [("jobs_cut", 880, "planned")]),
    # negated: not done
    ("Le groupe Texor n'a pas encore supprimé les 880 postes prévus.", [("jobs_cut", 880, "planned")]),
])
def test_a_deed_told_in_a_completed_tense_is_done(extractor, text: str, expected: list[tuple]) -> None:
    assert _statuses(extractor, text) == expected
