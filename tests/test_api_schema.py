"""The JSON API checked against its own OpenAPI schema by schemathesis (property-based): for
generated parameters and bodies, valid and invalid, no 5xx, every status and body as documented.

SQLite only (the API code is the same on both backends; the store tests cover PostgreSQL), on a
small database holding one article, so that lookups by a real id also take the found path.
``POST /api/articles`` is sent without the token (401): with it, each case would run the whole
pipeline or fetch a URL; its body handling has its own tests in test_api.py.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from schemathesis.specs.openapi.checks import positive_data_acceptance

from conftest import analyzed
from quotewire.server.app import create_app
from quotewire.store import open_store

TOKEN = "schema-token"
TEXT = 'Beekeeper Odile Marchetti said "the hives came through the frost" at the fair.'

# Built at import: schemathesis reads the schema when the test is collected (its fixture-based
# loader does not work with this pytest), so the database is a temporary file removed at the end.
_DIR = Path(tempfile.mkdtemp(prefix="quotewire-schema-"))
_STORE = open_store(str(_DIR / "api.db"))
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_STORE, token=TOKEN))


@pytest.fixture(scope="module", autouse=True)
def _one_article():  # type: ignore[no-untyped-def]
    _STORE.save_batch([analyzed(TEXT, [("the hives came through the frost", "Odile Marchetti")],
                                id="hives", url="https://bees.example/hives", published="2024-05-06")])
    yield
    _STORE.close()
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_the_api_keeps_its_own_schema(case) -> None:  # type: ignore[no-untyped-def]
    writes_with_token = case.method == "POST" and case.path != "/api/articles"
    headers = {"Authorization": f"Bearer {TOKEN}"} if writes_with_token else {}
    # Not "positive data acceptance": the schema gives since/until's shape, but 2024-02-30 has
    # that shape and is refused (422, as documented) because it is not a day.
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
