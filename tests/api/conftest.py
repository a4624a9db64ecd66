"""Callers of the API in each role, each with a bearer token."""
from __future__ import annotations

import pytest

from scheduler.accounts.models import Role
from scheduler.api.openapi import document
from tests.api.helpers import Caller, caller_with_role
from tests.api.schema_check import ResponseChecker


@pytest.fixture
def organiser(app) -> Caller:
    return caller_with_role(app, Role.organiser, email="org@example.org")


@pytest.fixture
def other_organiser(app) -> Caller:
    return caller_with_role(app, Role.organiser, email="other@example.org")


@pytest.fixture
def attendee(app) -> Caller:
    return caller_with_role(app, Role.attendee)


@pytest.fixture
def admin(app) -> Caller:
    return caller_with_role(app, Role.admin)


@pytest.fixture(autouse=True)
def checked_responses(app) -> ResponseChecker:
    """Every API response in these tests is checked against the OpenAPI document."""
    checker = ResponseChecker(document(), app.url_map)
    plain = app.test_client_class

    class CheckingClient(plain):
        def open(self, *args, **kwargs):
            response = super().open(*args, **kwargs)
            request = response.request
            checker.check(request.method, request.url, response)
            return response

    app.test_client_class = CheckingClient
    return checker
