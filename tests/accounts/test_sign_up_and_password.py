"""Web sign-up (which signs a new account in) and password change, with bad input."""
from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash

from scheduler.accounts import services
from scheduler.accounts.inputs import SignUpInput
from scheduler.accounts.models import Role, User
from scheduler.extensions import db as database
from scheduler.web.attendee.accounts import ALREADY_REGISTERED
from tests.factories import PASSWORD, make_user

NEW = {"name": "Tamar Kapanadze", "email": "Tamar@Example.org",
       "password": "a long new password", "password_again": "a long new password"}


def users(app) -> list[tuple[str, str, Role]]:
    with app.app_context():
        return [(u.email, u.name, u.role) for u in
                database.session.scalars(database.select(User).order_by(User.id))]


def test_sign_up_makes_an_attendee_and_signs_them_in(app, client):
    response = client.post("/sign-up", data=NEW)
    assert response.status_code == 302 and response.location == "/"
    assert users(app) == [("tamar@example.org", "Tamar Kapanadze", Role.attendee)]
    page = client.get("/").get_data(as_text=True)
    assert "Sign out" in page and "your account is made and you are signed in" in page


def test_sign_up_follows_a_safe_next_only(client):
    assert client.post("/sign-up?next=/my/registrations", data=NEW).location == \
        "/my/registrations"
    other = client.application.test_client()
    assert other.post("/sign-up?next=//evil.example", data=NEW | {
        "email": "other@example.org"}).location == "/"


def test_a_used_address_signs_nobody_in_and_its_account_is_untouched(app, db, client):
    existing = make_user(email="tamar@example.org", name="The Real Tamar")
    answer = client.post("/sign-up", data=NEW, follow_redirects=True)
    assert answer.request.path == "/sign-in"
    body = answer.get_data(as_text=True)
    assert str(ALREADY_REGISTERED) in body and "Sign out" not in body
    assert 'href="/password/forgot"' in body
    db.session.refresh(existing)
    assert existing.name == "The Real Tamar"
    assert check_password_hash(existing.password_hash, PASSWORD)
    assert len(users(app)) == 1


@pytest.mark.parametrize("change, field, message", [
    ({"name": ""}, "name", "This field is required."),
    ({"name": "x" * 201}, "name", "Field cannot be longer than 200 characters."),
    ({"name": "Ni\x00no"}, "name", "Remove the NUL character"),
    ({"email": "not an address"}, "email", "Invalid email address."),
    ({"email": "x" * 300 + "@example.org"}, "email", "Field cannot be longer than 254"),
    ({"password": "short", "password_again": "short"}, "password",
     "Must be at least 8 characters"),
    ({"password": "x" * 201, "password_again": "x" * 201}, "password", "longer than 200"),
    ({"password_again": "something else"}, "password_again", "The two passwords differ"),
    ({"password_again": ""}, "password_again", "This field is required."),
])
def test_bad_sign_up_is_a_message_under_its_field(app, client, change, field, message):
    response = client.post("/sign-up", data=NEW | change)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error" class="field-error">' in body and message in body
    assert users(app) == []


def test_signed_in_visitors_are_sent_on_from_sign_up(attendee_client):
    assert attendee_client.get("/sign-up").status_code == 302


def test_the_sign_in_page_links_sign_up(client):
    assert 'href="/sign-up"' in client.get("/sign-in").get_data(as_text=True)


def test_sign_up_service_returns_none_for_a_used_address(db):
    make_user(email="nino@example.org")
    assert services.sign_up(SignUpInput.parse(dict(
        email="NINO@example.org", name="Nino", password="long enough"))) is None
    assert services.sign_up(SignUpInput.parse(dict(
        email="new@example.org", name="New", password="long enough"))).role is Role.attendee


CHANGE = {"current_password": PASSWORD, "password": "another long password",
          "password_again": "another long password"}


@pytest.fixture
def nino(db):
    return make_user(email="nino@example.org")


def test_change_password(app, db, nino):
    client = app.test_client(user=nino)
    assert "Current password" in client.get("/account/password").get_data(as_text=True)
    response = client.post("/account/password", data=CHANGE, follow_redirects=True)
    assert "Your password is changed." in response.get_data(as_text=True)
    db.session.expire_all()  # the request changed the row in a session of its own
    assert services.authenticate("nino@example.org", CHANGE["password"])
    assert services.authenticate("nino@example.org", PASSWORD) is None


@pytest.mark.parametrize("change, field, message", [
    ({"current_password": "wrong one"}, "current_password",
     "That is not your current password"),
    ({"current_password": ""}, "current_password", "This field is required."),
    ({"password": "short", "password_again": "short"}, "password", "Too short"),
    ({"password_again": "different"}, "password_again", "The two passwords differ"),
    ({"password": "y" * 201, "password_again": "y" * 201}, "password", "longer than 200"),
])
def test_bad_password_change_keeps_the_old_password(app, db, nino, change, field, message):
    response = app.test_client(user=nino).post("/account/password", data=CHANGE | change)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error" class="field-error">' in body and message in body
    db.session.expire_all()
    assert services.authenticate("nino@example.org", PASSWORD)


def test_password_change_needs_signing_in(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and response.location.startswith("/sign-in")
