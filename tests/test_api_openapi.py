"""The OpenAPI description at /api/openapi.json is true: generated requests get the answers it describes.

Schemathesis reads the description and sends every operation requests
generated from it (valid ones and, for the parameters, invalid ones); every
answer must have a documented status, content type and body shape, and no
request may cause a server error.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the 'test' extra: pip install -e '.[test]'")

from flask import Flask  # noqa: E402
from generated_articles import generated_articles  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402

from timeline.api import ApiLimits, make_api  # noqa: E402
from timeline.store import Store  # noqa: E402

LIMITS = ApiLimits(max_request_bytes=200_000, max_document_chars=2_000, max_documents=3)


def _app(tmp_path_factory) -> Flask:
    store = Store(str(tmp_path_factory.mktemp("openapi") / "timeline.db"))
    app = Flask("timeline-openapi-test")
    app.register_blueprint(make_api(store, limits=LIMITS))
    client = app.test_client()
    for a in generated_articles(3, seed=11):
        client.post("/api/documents", json={k: a[k] for k in ("text", "title", "publisher", "published")})
    return app


@pytest.fixture(scope="session")
def api_app(tmp_path_factory):
    return _app(tmp_path_factory)


@pytest.fixture(scope="session")
def api_schema(api_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", api_app)


OPERATIONS = [
    "GET /api/events", "GET /api/events/{event_id}", "GET /api/documents", "POST /api/documents",
    "GET /api/documents/{doc_id}", "GET /api/health",
]


def test_the_description_is_a_valid_openapi_document(api_app, api_schema):
    spec = api_app.test_client().get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/openapi.json" in spec["paths"]
    labels = sorted(r.ok().label for r in api_schema.get_all_operations())  # all but the description itself
    assert labels == sorted(OPERATIONS)
    assert spec["paths"]["/api/documents"]["post"]["requestBody"]["content"]["application/json"]


CASES = [(label, GenerationMode.POSITIVE) for label in OPERATIONS] + [
    ("GET /api/events", GenerationMode.NEGATIVE),
    ("GET /api/documents", GenerationMode.NEGATIVE),
    # POST is left out: the server reads more date forms than the description promises
]


@pytest.mark.parametrize("label, mode", CASES, ids=[f"{label} {mode.value}" for label, mode in CASES])
def test_every_operation_answers_as_described(api_schema, label, mode):
    operation = api_schema.find_operation_by_label(label)
    # uploads are generated as JSON: random bytes are no article (tests/test_api.py covers files)
    strategy = operation.as_strategy(mode)
    if label.startswith("POST"):
        strategy = strategy.filter(lambda case: case.media_type == "application/json")

    @given(case=strategy)
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
    def check(case):
        case.call_and_validate()

    check()
