"""Schemathesis fuzzes every operation of the OpenAPI document against the app.

Each backend gets a database of its own, so the seeded rows (tests/test_permissions.py's
scene: venue, published event, session, film, person, pending registration) all have
id 1, the smallest path id, which the generator tries. Calls carry the event
owner's token, so its operations get past authorization to their rules.
Every response must be no 5xx, a documented status, the documented content type and
body schema. Examples per operation are bounded and derandomized, so CI is stable.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from scheduler import extensions
from scheduler.accounts.models import User
from scheduler.accounts.tokens import issue_token
from scheduler.api.openapi import document
from tests.conftest import migrated_app
from tests.databases import BACKENDS, throwaway_database
from tests.test_permissions import build_scene

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Fuzzing signs up, signs in and registers far more often than any person would.
UNLIMITED = dict.fromkeys(
    ("RATELIMIT_SIGN_IN", "RATELIMIT_SIGN_UP", "RATELIMIT_REGISTRATION"), "100000 per minute")
EXAMPLES_PER_OPERATION = 20
BASE_URL = "http://localhost/api/v1"


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed_app(request, tmp_path_factory):
    with throwaway_database(request.param, tmp_path_factory.mktemp("fuzz")) as url:
        app = migrated_app(url, **UNLIMITED)
        with app.app_context():
            app.config["FUZZ_OWNER_ID"] = build_scene(extensions.db).users["owner"].id
        yield app
        with app.app_context():
            extensions.db.engine.dispose()


# The coverage phase makes every boundary case the schema defines, unbounded in
# number; the examples and fuzzing phases keep to EXAMPLES_PER_OPERATION.
BOUNDED = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(document(), config=BOUNDED)


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_documented(case, fuzzed_app):
    case.call_and_validate(app=fuzzed_app, base_url=BASE_URL, headers=owner_headers(fuzzed_app),
                           checks=CHECKS)


def owner_headers(app) -> dict:
    """A fresh token each time: DELETE /tokens/current revokes the one it is sent."""
    with app.app_context():
        owner = extensions.db.session.get(User, app.config["FUZZ_OWNER_ID"])
        return {"Authorization": f"Bearer {issue_token(owner).secret}"}
