"""A forgotten password: the emailed link works once, for a while, and for
nobody but the account's owner; asking tells nobody whether an account exists."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts import resets, services
from scheduler.accounts.models import LoginSession
from scheduler.database import utcnow
from scheduler.mail.models import OutboxMessage
from tests.factories import PASSWORD, make_token, make_user

NEW = "a brand new password"
CHOSEN = {"password": NEW, "password_again": NEW}


@pytest.fixture
def nino(db):
    return make_user(email="nino@example.org", name="Nino Beridze")


def reset_link(db) -> str:
    """The path of the link in the only reset email in the outbox."""
    db.session.expire_all()
    message = db.session.scalars(sa.select(OutboxMessage)).one()
    match = re.search(r"https://scheduler\.test(/password/reset/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def ask(client, email="nino@example.org", **kwargs):
    return client.post("/password/forgot", data={"email": email}, **kwargs)


def test_the_link_sets_a_new_password_once(app, db, client, nino):
    assert ask(client).location == "/sign-in"
    link = reset_link(db)
    assert "Nino Beridze" in db.session.scalars(sa.select(OutboxMessage.body)).one()
    assert 'name="password_again"' in client.get(link).get_data(as_text=True)
    done = client.post(link, data=CHOSEN, follow_redirects=True)
    assert done.request.path == "/sign-in" and "Your new password is set" in done.text
    db.session.expire_all()
    assert services.authenticate("nino@example.org", NEW)
    assert services.authenticate("nino@example.org", PASSWORD) is None
    again = client.post(link, data={"password": "a third password",
                                    "password_again": "a third password"})
    assert again.status_code == 400 and "expired or was used already" in again.text
    db.session.expire_all()
    assert services.authenticate("nino@example.org", NEW)


def test_an_expired_link_is_refused(app, db, nino):
    old = resets.make_token(nino, now=utcnow() - timedelta(minutes=61))
    with pytest.raises(resets.InvalidResetLink):
        resets.user_of(old)
    assert resets.user_of(resets.make_token(nino, now=utcnow() - timedelta(minutes=59))) == nino
    app.config["PASSWORD_RESET_MINUTES"] = 5
    with pytest.raises(resets.InvalidResetLink):
        resets.user_of(resets.make_token(nino, now=utcnow() - timedelta(minutes=6)))
    response = app.test_client().get(f"/password/reset/{old}")
    assert response.status_code == 400 and 'href="/password/forgot"' in response.text


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: "x" + token,
    lambda token: token.split(".")[0],
    lambda token: "x" * 400,
    lambda token: "",
])
def test_a_tampered_link_is_refused(app, db, nino, tamper):
    token = tamper(resets.make_token(nino))
    with pytest.raises(resets.InvalidResetLink):
        resets.user_of(token)
    if token:
        response = app.test_client().post(f"/password/reset/{token}", data=CHOSEN)
        assert response.status_code in (400, 404)
    db.session.expire_all()
    assert services.authenticate("nino@example.org", PASSWORD)


def test_a_token_for_one_user_does_not_open_another(app, db, nino):
    other = make_user(email="other@example.org")
    token = resets.make_token(other)
    assert resets.user_of(token) == other != nino


def test_the_link_dies_when_the_password_changes_otherwise(app, db, nino):
    token = resets.make_token(nino)
    signed_in = app.test_client(user=nino)
    signed_in.post("/account/password", data={"current_password": PASSWORD} | CHOSEN)
    db.session.expire_all()
    with pytest.raises(resets.InvalidResetLink):
        resets.user_of(token)


def test_no_enumeration_the_same_answer_for_any_address(app, db, nino):
    known, unknown = app.test_client(), app.test_client()
    answers = [ask(known, follow_redirects=True),
               ask(unknown, "nobody@example.org", follow_redirects=True)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].text.replace("nino@example.org", "") == answers[1].text.replace(
        "nobody@example.org", "")
    db.session.expire_all()
    assert db.session.scalars(sa.select(OutboxMessage.recipient)).all() == ["nino@example.org"]


def test_a_reset_ends_every_sign_in_and_api_token(app, db, nino):
    browser = app.test_client(user=nino)
    api_token = make_token(nino)
    assert browser.get("/account").status_code == 200
    ask(app.test_client())
    app.test_client().post(reset_link(db), data=CHOSEN)
    assert browser.get("/account").status_code == 302
    assert app.test_client().get("/api/v1/events", headers={
        "Authorization": f"Bearer {api_token}"}).status_code == 401
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 0


@pytest.mark.parametrize("language, words", [
    ("ru", "пароль"), ("ka", "პაროლ"), ("en", "password")])
def test_the_email_is_in_the_page_language(app, db, nino, language, words):
    ask(app.test_client(), query_string={"lang": language})
    message = db.session.scalars(sa.select(OutboxMessage)).one()
    assert words in message.subject.lower() and f"lang={language}" in message.body


@pytest.mark.parametrize("data, message", [
    ({"password": "short", "password_again": "short"}, "Too short"),
    ({"password": NEW, "password_again": "different"}, "The two passwords differ"),
    ({"password": "", "password_again": ""}, "This field is required."),
])
def test_bad_new_password_is_a_message_and_keeps_the_link(app, db, nino, data, message):
    token = resets.make_token(nino)
    response = app.test_client().post(f"/password/reset/{token}", data=data)
    assert response.status_code == 422 and message in response.text
    assert resets.user_of(token) == nino


def test_a_bad_email_is_a_form_message(client):
    response = ask(client, "not an address")
    assert response.status_code == 422 and "Invalid email address." in response.text


def test_the_sign_in_page_links_the_reset(client):
    assert 'href="/password/forgot"' in client.get("/sign-in").text


def test_asking_is_rate_limited(app, db, nino):
    app.config["RATELIMIT_PASSWORD_RESET"] = "2 per minute"
    client = app.test_client()
    assert [ask(client).status_code for _ in range(3)] == [302, 302, 429]
