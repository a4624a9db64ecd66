"""Absolute addresses: built from the routes under PUBLIC_BASE_URL, path prefix
included once, with or without a request, and the site working under it."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy.exc import OperationalError

from scheduler import create_app
from scheduler.accounts.models import Role
from scheduler.registration import links, qr
from scheduler.urls import public_url
from tests.conftest import config_for
from tests.factories import booked, make_event, make_session, make_user, make_venue
from tests.outbox import rendered_outbox

MOUNTED = "https://example.org/scheduler"


@pytest.fixture
def mounted(app):
    app.config["PUBLIC_BASE_URL"] = MOUNTED
    return app


@pytest.fixture
def screening(db):
    return make_session(make_event(make_user(role=Role.organiser)), make_venue())


def test_built_outside_a_request_from_the_route(app):
    with app.app_context():
        assert public_url("public.session_page", session_id=7) == (
            "https://scheduler.test/sessions/7")
        assert public_url("attendee.sign_in") == "https://scheduler.test/sign-in"


@pytest.mark.parametrize("base", [MOUNTED, MOUNTED + "/"])
def test_a_path_prefix_is_kept_once(app, base):
    app.config["PUBLIC_BASE_URL"] = base
    with app.app_context():
        assert public_url("public.session_page", session_id=7) == f"{MOUNTED}/sessions/7"
    with app.test_request_context("/sessions/7", base_url=MOUNTED):
        assert public_url("public.session_page", session_id=7) == f"{MOUNTED}/sessions/7"


def test_query_values_are_encoded(app):
    code = "A B&C=D/é#"
    with app.app_context():
        url = public_url("organise.check_in", session_id=3, code=code)
    parts = urlsplit(url)
    assert parts.path == "/organise/sessions/3/check-in" and not parts.fragment
    assert parse_qs(parts.query) == {"code": [code]}


def test_the_request_s_host_is_not_the_public_one(app):
    with app.test_request_context("/", base_url="http://10.0.0.5:8000"):
        assert public_url("public.home") == "https://scheduler.test/"


def test_emails_written_outside_a_request_link_under_the_prefix(mounted, client, db,
                                                                screening):
    receipt = booked(screening, name="Nino", email="nino@example.org")
    registration = receipt.registration
    [message] = rendered_outbox(db)
    cancel = f"{MOUNTED}/registrations/{registration.id}/cancel?token={receipt.secret}&lang=en"
    assert cancel in message.body
    assert qr.check_in_url(registration) == (
        f"{MOUNTED}/organise/sessions/{screening.id}/check-in"
        f"?code={registration.check_in_code}")
    # The link opens its page when the site is served under that prefix.
    path = links.cancel_url(registration).removeprefix(MOUNTED)
    html = client.get(path, base_url=MOUNTED).get_data(as_text=True)
    assert "Cancel your registration?" in html


def test_pages_under_the_prefix_link_within_it(mounted, client, screening):
    response = client.get(f"/sessions/{screening.id}", base_url=MOUNTED)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"{MOUNTED}/sessions/{screening.id}.ics" in html  # the calendar link
    assert f'href="/scheduler/sessions/{screening.id}?lang=ka"' in html  # a language
    assert "/scheduler/scheduler" not in html
    assert not re.search(r'(href|src|action)="/(?!scheduler/)', html)


def test_a_trusted_proxy_s_prefix_is_the_mount_point(database):
    app = create_app(config_for(database) | {"TRUSTED_PROXIES": 1})
    response = app.test_client().get("/sign-in", headers={"X-Forwarded-Prefix": "/scheduler"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/scheduler/sign-up"' in html
    assert not re.search(r'(href|src|action)="/(?!scheduler/)', html)


def test_the_unavailable_page_leads_home_under_the_prefix(own_app):
    @own_app.post("/test-outage")
    def outage():
        raise OperationalError("SELECT 1", {}, Exception("gone"))

    response = own_app.test_client().post("/test-outage", base_url=MOUNTED)
    assert response.status_code == 503
    assert '<a href="/scheduler/">' in response.get_data(as_text=True)
