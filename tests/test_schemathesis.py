"""Schemathesis over the OpenAPI description against a live server: no request gets a 5xx.

Schema-valid requests may be refused: an actor, event or place filter names what the ledger holds
(an unknown one is a 422 naming the closest known names), so "positive data acceptance" is left out.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from ledger_server import build_ledger, serve
from schemathesis.checks import positive_data_acceptance

from pledgewatch.web.api import create_app

MAX_EXAMPLES = 12


def _openapi() -> dict:
    """The app's OpenAPI description (the same for every database)."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(str(Path(tmp) / "schema.db"), "token")
        description = app.openapi()
        app.state.reader.dispose()
        app.state.writer.dispose()
    return description


schema = schemathesis.openapi.from_dict(_openapi())


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("schemathesis") / "ledger.db")
    build_ledger(db)
    with serve(create_app(db, "schemathesis-token")) as base:
        yield base


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case: schemathesis.Case, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, excluded_checks=[positive_data_acceptance])
