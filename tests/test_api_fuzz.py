"""Schemathesis fuzzes every operation of the OpenAPI document against the app.

Each backend gets a database of its own, so the seeded rows (tests/test_permissions.py's
scene: venue, published event, session, film, person, pending registration) all have
id 1, the smallest path id, which the generator tries. Calls carry the event
owner's token, so its operations get past authorization to their rules.
Every response must be no 5xx, a documented status, the documented content type and
body schema. Examples per operation are bounded and derandomized, so CI is stable.

A stateful run follows the document's links: a venue is added, read and changed,
a session scheduled there, read and changed, a seat booked, read and given back.
"""
from __future__ import annotations

import copy
from contextlib import contextmanager

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import stateful as schemathesis_stateful
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from scheduler import extensions
from scheduler.accounts.models import User
from scheduler.api.openapi import document
from tests.conftest import delete_all_rows, migrated_app
from tests.databases import BACKENDS, throwaway_database
from tests.factories import make_token
from tests.test_permissions import build_scene

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Fuzzing signs up, signs in and registers far more often than any person would.
UNLIMITED = dict.fromkeys(
    ("RATELIMIT_SIGN_IN", "RATELIMIT_SIGN_UP", "RATELIMIT_REGISTRATION"), "100000 per minute")
EXAMPLES_PER_OPERATION = 30
STATEFUL_EXAMPLES = 50
BASE_URL = "http://localhost/api/v1"


@contextmanager
def scene_app(backend: str, directory):
    """An app on a database of its own, holding the scene."""
    with throwaway_database(backend, directory) as url:
        app = migrated_app(url, **UNLIMITED)
        with app.app_context():
            scene = build_scene(extensions.db)
            app.config.update(FUZZ_OWNER_ID=scene.users["owner"].id,
                              FUZZ_EVENT_ID=scene.event_id)
        yield app
        with app.app_context():
            extensions.db.engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed_app(request, tmp_path_factory):
    with scene_app(request.param, tmp_path_factory.mktemp("fuzz")) as app:
        yield app


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
        return {"Authorization": f"Bearer {make_token(owner)}"}


# Only the document's own links (none inferred), with valid data: the run is
# about following them; the examples above send the invalid data.
LINKS_ONLY = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False},
                                                       "stateful": {"inference": {
                                                           "algorithms": []}}},
                                            "generation": {"mode": "positive"}})
# The operations of the chain; the others have their examples above.
CHAIN = ["addAVenue", "getAVenue", "changeAVenue", "scheduleASession", "getASession",
         "changeOrMoveASession", "registerForASession", "getARegistrationByItsSecret",
         "cancelARegistrationByItsSecret"]
STEPS = {("POST", "/venues", 201), ("GET", "/venues/{venue_id}", 200),
         ("PATCH", "/venues/{venue_id}", 200), ("POST", "/events/{event_id}/sessions", 201),
         ("GET", "/sessions/{session_id}", 200), ("PATCH", "/sessions/{session_id}", 200),
         ("POST", "/sessions/{session_id}/registrations", 201),
         ("GET", "/registrations/{registration_id}", 200),
         ("DELETE", "/registrations/{registration_id}", 200)}


def with_pinned_bodies(served: dict, event_id: int) -> dict:
    """The served links, with the bodies a run sends along them pinned, so it
    gets past each step's rules (a free venue, times to come, an open booking)
    instead of spending its examples on 422s: those the examples above try."""
    spec = copy.deepcopy(served)
    exact = {"x-schemathesis": {"merge_body": False}}
    venue_links = spec["paths"]["/venues"]["post"]["responses"]["201"]["links"]
    venue_links["ChangeVenue"] |= {"requestBody": {"address": "36 Kostava St"}, **exact}
    venue_links["ScheduleSessionHere"] |= {"parameters": {"path.event_id": str(event_id)}, **exact,
                                           "requestBody": {
        "venue_id": "$response.body#/id", "starts_at": "2030-01-10T19:00",
        "ends_at": "2030-01-10T21:00", "registration_mode": "open"}}
    path = "/events/{event_id}/sessions"
    session_links = spec["paths"][path]["post"]["responses"]["201"]["links"]
    session_links["ChangeSession"] |= {"requestBody": {"title": "Changed"}, **exact}
    session_links["Register"] |= {**exact, "requestBody": {
        "name": "Nino Beridze", "email": "nino@example.org"}}
    return spec


def test_a_stateful_run_creates_reads_changes_books_and_cancels(tmp_path, monkeypatch):
    # Schemathesis drops a link's value now and then (with true randomness) to
    # explore; always following them keeps the run the same each time.
    monkeypatch.setattr(schemathesis_stateful, "BASE_EXPLORATION_RATE", 0.0)
    with scene_app("sqlite", tmp_path) as app:
        seen = run_the_chain(app)
    assert seen >= STEPS, sorted(STEPS - seen)


def run_the_chain(app) -> set[tuple[str, str, int]]:
    """Each (method, path, status) the run met."""
    served = with_pinned_bodies(document(), app.config["FUZZ_EVENT_ID"])
    linked = schemathesis.openapi.from_dict(served, config=LINKS_ONLY).include(
        operation_id=CHAIN)
    seen: set[tuple[str, str, int]] = set()

    class Run(linked.as_state_machine()):  # type: ignore[misc]
        def setup(self):
            # Each scenario starts from the scene alone (SQLite gives its rows
            # the same ids again), as Hypothesis replays scenarios.
            with app.app_context():
                delete_all_rows()
                build_scene(extensions.db)

        def before_call(self, case):
            # The owner's token, not a generated one.
            case.headers = {**(case.headers or {}), **owner_headers(app)}

        def get_call_kwargs(self, case):
            return {"app": app, "base_url": BASE_URL}

        def after_call(self, response, case):
            seen.add((case.method.upper(), case.operation.path, response.status_code))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Run.run(settings=settings(max_examples=STATEFUL_EXAMPLES, stateful_step_count=10,
                              derandomize=True, database=None, deadline=None,
                              suppress_health_check=list(HealthCheck)))
    return seen
