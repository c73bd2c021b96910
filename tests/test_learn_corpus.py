"""Stories and folds of cross-validation: documents of one story stay in one fold, folds are
balanced and the same on every run."""

from __future__ import annotations

from pledgewatch.extract.learn.corpus import folds, stories, story_keys


def _gold(*facts: tuple) -> dict:
    return {"facts": [{"actor": a, "kind": k, "value": v, "places": p} for a, k, v, p in facts]}


GOLDS = {
    "a": _gold(("Michelin", "jobs_cut", 300, ["commune:49099"])),
    "b": _gold(("Michelin SA", "site_closure", None, ["commune:49099", "country:FR"])),  # same site: same story
    "c": _gold(("Michelin", "investment", 5e6, ["commune:63113"])),
    "d": _gold(("Safran", "investment", 5e6, ["country:FR"])),
    "e": _gold(("Safran", "investment", 5e6, [])),  # same actor and figure as d
    "f": _gold(("Michelin", "investment", 5e6, ["country:FR"])),  # same as c by its figure
    "g": {"facts": []},
    "h": _gold(("Amazon", "capacity", 10, ["country:FR"])),
}


def test_story_keys_ignore_countries_and_legal_forms() -> None:
    assert story_keys(GOLDS["b"]) == {("michelin", "commune:49099")}
    assert ("michelin", "commune:49099") in story_keys(GOLDS["a"])


def test_documents_of_one_story_are_grouped() -> None:
    groups = sorted(sorted(g) for g in stories(GOLDS))
    assert groups == [["a", "b"], ["c", "f"], ["d", "e"], ["g"], ["h"]]


def test_folds_keep_stories_whole_balanced_and_deterministic() -> None:
    split = folds(GOLDS, 3)
    assert split == folds(GOLDS, 3)
    assert sorted(k for f in split for k in f) == sorted(GOLDS)
    for group in stories(GOLDS):
        assert sum(1 for f in split if set(group) & set(f)) == 1
    assert max(map(len, split)) - min(map(len, split)) <= 2
