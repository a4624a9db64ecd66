"""A sign-in ends wherever its cookies were copied: at sign-out for that
browser alone, at a password change for every browser but the one changing
it (whose old cookies end too), with every API token."""
from __future__ import annotations

import pytest

from tests.factories import PASSWORD, make_token, make_user

NEW_PASSWORD = "a brand new passphrase"
COOKIES = ("session", "remember_token")


@pytest.fixture
def nino(db):
    return make_user(email="nino@example.org")


def browser(app, *, remember: bool = False):
    client = app.test_client()
    response = client.post("/sign-in", data={"email": "nino@example.org",
                                              "password": PASSWORD, "remember": remember})
    assert response.status_code == 302
    return client


def copy_of(app, original, cookies=COOKIES):
    """Another browser holding copies of `original`'s cookies as they are now."""
    thief = app.test_client()
    for name in cookies:
        cookie = original.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def signed_in(client) -> bool:
    response = client.get("/account/password")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_copied_session_cookie_stops_working_when_its_browser_signs_out(app, nino):
    laptop, phone = browser(app), browser(app)
    copy = copy_of(app, laptop)
    assert signed_in(copy)
    assert laptop.post("/sign-out").status_code == 302
    assert not signed_in(laptop)
    assert not signed_in(copy)
    assert signed_in(phone)  # another sign-in of the same person goes on


def test_a_copied_remember_me_cookie_stops_working_at_sign_out(app, nino):
    laptop = browser(app, remember=True)
    copy = copy_of(app, laptop, cookies=["remember_token"])
    assert signed_in(copy)
    laptop.post("/sign-out")
    assert not signed_in(copy_of(app, laptop, cookies=["remember_token"]))
    assert not signed_in(copy)


def test_a_password_change_ends_every_other_sign_in_and_every_token(app, nino):
    laptop, phone = browser(app, remember=True), browser(app, remember=True)
    laptop_copy, phone_cookie = copy_of(app, laptop), copy_of(app, phone, ["remember_token"])
    token = make_token(nino)
    changed = laptop.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD}, follow_redirects=True)
    assert "API tokens are revoked" in changed.get_data(as_text=True)

    assert signed_in(laptop)
    # The laptop's new remember-me cookie signs in a browser without a session.
    assert signed_in(copy_of(app, laptop, cookies=["remember_token"]))
    for ended in (laptop_copy, phone, phone_cookie):
        assert not signed_in(ended)
    answer = app.test_client().get("/api/v1/events",
                                   headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401


def test_the_password_page_says_what_a_change_ends(app, nino):
    page = browser(app).get("/account/password").get_data(as_text=True)
    assert "signs you out everywhere else" in page
    assert "revokes your API tokens" in page


def test_cookies_from_before_sign_ins_were_kept_sign_in_no_one(app, nino):
    """A session cookie naming the plain user id (what cookies held before)."""
    old = app.test_client()
    with old.session_transaction() as session:
        session["_user_id"] = str(nino.id)
    assert not signed_in(old)
