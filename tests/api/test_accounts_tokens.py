"""Accounts and bearer tokens: the service, and the endpoints around it."""
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import ApiToken, Role
from scheduler.accounts.tokens import (
    InvalidCredentials,
    digest,
    find_token,
    issue_token,
    revoke_token,
    sign_in,
)
from tests.api.helpers import TBILISI, error_of, ok
from tests.factories import PASSWORD, make_user

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_issued_tokens_are_stored_only_as_their_hash(db):
    issued = issue_token(make_user(), now=NOW)
    stored = db.session.scalar(sa.select(ApiToken))
    assert stored.token_hash == digest(issued.secret) != issued.secret
    assert len(issued.secret) >= 43
    assert stored.expires_at == NOW + timedelta(days=30)


def test_token_lifetime_comes_from_config(app, db):
    app.config["API_TOKEN_DAYS"] = 2
    assert issue_token(make_user(), now=NOW).token.expires_at == NOW + timedelta(days=2)


def test_find_token_only_while_live(db):
    issued = issue_token(make_user(), now=NOW)
    assert find_token(issued.secret, now=NOW + timedelta(days=29)) == issued.token
    assert find_token(issued.secret, now=NOW + timedelta(days=30)) is None
    assert find_token("not-a-token", now=NOW) is None
    assert find_token("x" * 10_000, now=NOW) is None
    revoke_token(issued.token, now=NOW + timedelta(days=1))
    revoke_token(issued.token, now=NOW + timedelta(days=2))
    assert issued.token.revoked_at == NOW + timedelta(days=1)
    assert find_token(issued.secret, now=NOW + timedelta(days=1, hours=1)) is None


def test_sign_in_refuses_unknown_email_and_wrong_password_alike(db):
    make_user(email="nino@example.org")
    for email, password in [("nino@example.org", "wrong password"),
                            ("nobody@example.org", PASSWORD)]:
        with pytest.raises(InvalidCredentials) as refusal:
            sign_in(email, password)
        assert refusal.value.status == 401
    assert sign_in(" Nino@Example.org ", PASSWORD).token.user.email == "nino@example.org"


def test_sign_up_get_a_token_use_it_revoke_it(client):
    account = ok(client.post("/api/v1/users", json={
        "email": "Nino@Example.org", "name": "Nino", "password": "long enough"}), 201)
    assert (account["email"], account["role"]) == ("nino@example.org", "attendee")
    assert "password" not in str(account)
    issued = ok(client.post("/api/v1/tokens", json={
        "email": "nino@example.org", "password": "long enough"}), 201)
    assert issued["expires_at"].endswith("Z")
    headers = {"Authorization": f"Bearer {issued['token']}"}
    # An attendee is who they say, but may not add venues.
    assert error_of(client.post("/api/v1/venues", json=TBILISI, headers=headers),
                    403)["code"] == "forbidden"
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 204
    gone = client.post("/api/v1/venues", json=TBILISI, headers=headers)
    assert error_of(gone, 401)["code"] == "invalid_token"
    assert gone.headers["WWW-Authenticate"].startswith("Bearer")


def test_taken_email_is_409(client):
    body = {"email": "nino@example.org", "name": "Nino", "password": "long enough"}
    ok(client.post("/api/v1/users", json=body), 201)
    taken = client.post("/api/v1/users", json=body | {"email": "NINO@example.org"})
    assert error_of(taken, 409)["code"] == "email_taken"


@pytest.mark.parametrize("body, field", [
    ({"email": "not an address", "name": "N", "password": "long enough"}, "email"),
    ({"email": "a@example.org", "name": "N", "password": "short"}, "password"),
    ({"email": "a@example.org", "name": " ", "password": "long enough"}, "name"),
    ({"email": "a@example.org", "name": "N"}, "password"),
    ({"email": "a@example.org", "name": "N", "password": "long enough",
      "role": "admin"}, "role"),
])
def test_bad_sign_up_is_422_naming_the_field(client, body, field):
    assert field in error_of(client.post("/api/v1/users", json=body), 422)["fields"]


def test_signing_up_through_the_api_never_makes_an_organiser(client):
    body = {"email": "a@example.org", "name": "N", "password": "long enough"}
    assert ok(client.post("/api/v1/users", json=body), 201)["role"] == Role.attendee


@pytest.mark.parametrize("email, password", [
    ("org@example.org", "wrong password"), ("nobody@example.org", PASSWORD)])
def test_wrong_credentials_are_one_401(client, organiser, email, password):
    response = client.post("/api/v1/tokens", json={"email": email, "password": password})
    error = error_of(response, 401)
    assert error["code"] == "invalid_credentials"
    assert error["message"] == "That email and password do not match an account."
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer"}, {"Authorization": "Basic b3JnOnB3"},
    {"Authorization": "Bearer no-such-token"},
])
def test_protected_endpoints_need_a_working_bearer_token(client, headers):
    response = client.post("/api/v1/venues", json=TBILISI, headers=headers)
    assert error_of(response, 401)["code"] in {"unauthorized", "invalid_token"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 401


def test_expired_token_is_401(app, client):
    with app.app_context():
        issued = issue_token(make_user(role=Role.organiser),
                             now=datetime.now(UTC) - timedelta(days=31))
    response = client.get("/api/v1/events",
                          headers={"Authorization": f"Bearer {issued.secret}"})
    assert error_of(response, 401)["code"] == "invalid_token"


def test_session_cookies_do_not_authenticate_the_api(organiser_client):
    # A signed-in browser session must not reach the API (no CSRF check there).
    response = organiser_client.post("/api/v1/venues", json=TBILISI)
    assert error_of(response, 401)["code"] == "unauthorized"
