"""The API's response models (``server/responses.py``) against what the store gives: every field
declared, and the JSON the same as the store's own dict (nothing dropped, renamed or reordered)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from conftest import analyzed
from quotewire.server import responses
from quotewire.server.app import create_app
from quotewire.store import QuoteQuery

TEXT = ('Harbour master Lena Ko said "the quay reopens on Monday" after the storm. '
        'Ferry chief Sam Ortiz told reporters "the first crossing leaves at six".')


@pytest.fixture
def served(store):  # type: ignore[no-untyped-def]
    store.save_batch([analyzed(TEXT, [("the quay reopens on Monday", "Lena Ko"),
                                      ("the first crossing leaves at six", "Sam Ortiz")],
                               id="quay", source="port.example", published="2025-02-03", cluster_id="quay-story")])
    return store, TestClient(create_app(store, token="t"))


def _undeclared(value: Any, model: type[BaseModel], where: str = "") -> list[str]:
    """The keys of ``value`` (nested) that ``model`` does not declare."""
    missing = [f"{where}{k}" for k in value if k not in model.model_fields]
    for name, field in model.model_fields.items():
        inner = value.get(name)
        kind = field.annotation
        args = getattr(kind, "__args__", ())
        nested = [a for a in (kind, *args) if isinstance(a, type) and issubclass(a, BaseModel)]
        listed = [a for a in args if getattr(a, "__origin__", None) is list]
        if nested and isinstance(inner, dict):
            missing += _undeclared(inner, nested[0], f"{where}{name}.")
        for lst in listed if isinstance(inner, list) else ():
            (item,) = lst.__args__
            for row in inner:
                if isinstance(item, type) and issubclass(item, BaseModel) and isinstance(row, dict):
                    missing += _undeclared(row, item, f"{where}{name}[].")
    return missing


def test_every_field_the_store_gives_is_declared_and_served_unchanged(served) -> None:  # type: ignore[no-untyped-def]
    store, client = served
    speaker_id = store.search_quotes(QuoteQuery(q="quay"))["items"][0]["speaker"]["id"]
    cases = [
        ("/api/quotes", responses.QuotationPage, store.search_quotes(QuoteQuery())),
        ("/api/speakers", responses.SpeakerPage, store.speakers(None, 50, 0) | {"limit": 50, "offset": 0}),
        (f"/api/speakers/{speaker_id}", responses.SpeakerDetail, store.speaker(speaker_id, 20)),
        ("/api/articles/quay", responses.ArticleDetail, store.article("quay")),
        ("/api/clusters/quay-story", responses.Cluster, store.cluster("quay-story")),
        ("/api/stats", responses.Stats, store.stats()),
    ]
    for url, model, expected in cases:
        assert _undeclared(expected, model) == [], url
        got = client.get(url)
        assert got.status_code == 200, url
        assert got.text == json.dumps(json.loads(json.dumps(expected)), ensure_ascii=False, separators=(",", ":")), url


def test_a_missing_field_would_be_found() -> None:
    assert _undeclared({"id": "x", "text": "t", "new_field": 1}, responses.Quotation) == ["new_field"]
    assert _undeclared({"speaker": {"id": "s", "name": "n", "age": 3}}, responses.Quotation) == ["speaker.age"]


def test_the_schema_names_the_models(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from quotewire.store import open_store

    with open_store(str(tmp_path / "q.db")) as store:
        schema = TestClient(create_app(store)).get("/openapi.json").json()
    names = set(schema["components"]["schemas"])
    assert {"QuotationPage", "SpeakerDetail", "ArticleDetail", "Cluster", "Stats"} <= names
