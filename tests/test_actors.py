"""Actors: the small decisions of which company acts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pledgewatch.extract.actors import _coordinated


@pytest.mark.parametrize("between, expected", [
    (" et ", True),         # "Nvidia et Orange vont installer"
    (" & ", True),
    (" ainsi que ", True),
    (", ", False),          # "... par le cabinet Energix, Orange a signé": one actor
    (" avec ", False),
    ("", True),
])
def test_names_joined_as_coordinated_subjects(between: str, expected: bool) -> None:
    assert _coordinated(SimpleNamespace(lang="fr"), between) is expected
