"""Every answer that may show someone's own data says Cache-Control: no-store,
so neither a shared cache nor the browser's disk keeps it; public pages for
anonymous visitors stay cacheable."""
from __future__ import annotations

import pytest

from scheduler.accounts import resets
from scheduler.accounts.models import Role
from tests.factories import booked, make_event, make_session, make_token, make_user, make_venue


@pytest.fixture
def scene(app, db):
    owner = make_user(role=Role.organiser)
    attendee = make_user()
    event = make_event(owner, slug="festival")
    screening = make_session(event, make_venue())
    receipt = booked(screening, name=attendee.name, email=attendee.email,
                     user=attendee)
    secret_link = f"{receipt.registration.id}?token={receipt.secret}"
    bearer = {"Authorization": f"Bearer {make_token(owner)}"}
    return {
        "attendee": (app.test_client(user=attendee), [
            "/account", "/account/password", "/my/registrations",
            f"/sessions/{screening.id}", "/events/festival"]),
        "organiser": (app.test_client(user=owner), [
            f"/organise/sessions/{screening.id}/attendees",
            f"/organise/sessions/{screening.id}/attendees.csv",
            f"/organise/sessions/{screening.id}/check-in"]),
        "secret link": (app.test_client(), [
            f"/registrations/{secret_link}",
            f"/registrations/{receipt.registration.id}/cancel?token={receipt.secret}",
            f"/registrations/{receipt.registration.id}/ticket?token={receipt.secret}",
            f"/api/v1/registrations/{secret_link}",
            f"/password/reset/{resets.make_token(attendee)}"]),
        "bearer token": (app.test_client(), [
            (f"/api/v1/sessions/{screening.id}/registrations", bearer)]),
        "public": (app.test_client(), [f"/sessions/{screening.id}", "/events/festival",
                                       "/static/app.css"]),
    }


def test_personal_answers_are_never_stored(scene):
    for who in ("attendee", "organiser", "secret link", "bearer token"):
        client, paths = scene[who]
        for path in paths:
            path, headers = path if isinstance(path, tuple) else (path, {})
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (who, path)
            assert response.headers.get("Cache-Control") == "no-store", (who, path)


def test_public_pages_for_anonymous_visitors_stay_cacheable(scene):
    client, paths = scene["public"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" not in response.headers.get("Cache-Control", ""), path
