"""The shipped gazetteer: codes, names, parents."""

import pytest

from pledgewatch.extract import gazetteer


def test_lookup_commune() -> None:
    entry = gazetteer.lookup("commune:68224")
    assert entry is not None
    assert (entry.name, entry.level) == ("Mulhouse", "commune")
    assert entry.population > 100_000


def test_lookup_unknown() -> None:
    assert gazetteer.lookup("commune:00000") is None
    assert gazetteer.parents("commune:00000") == []


@pytest.mark.parametrize("code, expected", [
    ("commune:68224", ["epci:200066009", "departement:68", "region:44"]),
    ("commune:13039", ["departement:13", "region:93"]),
    ("departement:57", ["region:44"]),
    ("region:11", []),
])
def test_parents(code: str, expected: list[str]) -> None:
    assert all(p in gazetteer.parents(code) for p in expected)
    assert len(gazetteer.parents(code)) >= len(expected)


@pytest.mark.parametrize("code, region", [
    ("commune:75056", "region:11"),
    ("departement:68", "region:44"),
    ("epci:200066009", "region:44"),
    ("region:93", "region:93"),
    ("country:FR", None),
])
def test_region_of(code: str, region: str | None) -> None:
    assert gazetteer.region_of(code) == region


def test_search_folds_case_accents_and_hyphens() -> None:
    assert [e.code for e in gazetteer.search("fos sur mer")] == ["commune:13039"]
    assert gazetteer.search("EVREUX")[0].code == "commune:27229"
    assert gazetteer.search("Grand Est")[0].code == "region:44"


def test_search_namesakes_most_populous_first() -> None:
    hits = gazetteer.search("Saint-Nazaire")
    assert hits[0].code == "commune:44184"
    assert len(hits) > 1 and hits[0].population > hits[1].population


def test_common_word_flag() -> None:
    assert gazetteer.lookup("commune:89387").common_word  # Sens
    assert not gazetteer.lookup("commune:68224").common_word


def test_sizes() -> None:
    levels = [e.level for e in gazetteer.entries().values()]
    assert levels.count("region") == 18  # 13 in Europe, 5 overseas
    assert levels.count("departement") == 101
    assert levels.count("commune") > 34_000
