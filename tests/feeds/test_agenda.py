"""The personal agenda feed, its secret link, and the account page."""
from __future__ import annotations

import hashlib

import pytest

from scheduler import secrets
from scheduler.accounts.models import User
from scheduler.extensions import db as database
from scheduler.feeds import agenda
from scheduler.registration.models import RegistrationStatus as Status
from scheduler.registration.session_changes import cancel_session
from scheduler.secrets import Purpose
from scheduler.transactions import unit_of_work
from tests.factories import make_registration, make_session, make_user
from tests.feeds.conftest import feed_text, local
from tests.feeds.parsers import by_uid, read_everywhere


@pytest.fixture
def nino(db):
    return make_user(email="nino@example.org", name="Nino Beridze")


def agenda_path(user: User) -> str:
    with unit_of_work():
        secret = agenda.ensure_agenda_secret(user)
    return f"/feeds/{secret}/agenda.ics"


def test_secret_is_signed_for_agendas_and_only_its_hash_is_kept(app, nino):
    secret = agenda.ensure_agenda_secret(nino)
    assert agenda.ensure_agenda_secret(nino) == secret  # stable until rotated
    assert secret == secrets.sign(Purpose.agenda_feed, nino.id, nino.agenda_feed_salt)
    assert nino.agenda_feed_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert agenda.user_for_agenda_secret(secret) == nino


def test_agenda_shows_confirmed_firm_and_waiting_tentative(client, owner, festival, tbilisi,
                                                          nino):
    sessions = [make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, day, 19))
                for day in range(1, 8)]
    statuses = [Status.confirmed, Status.attended, Status.waitlisted, Status.pending,
                Status.cancelled, Status.declined]
    # The seventh session is someone else's only.
    for event_session, status in zip(sessions, statuses, strict=False):
        make_registration(event_session, email=nino.email, status=status, user=nino)
    someone_else = make_user(email="other@example.org")
    make_registration(sessions[6], email=someone_else.email, user=someone_else)
    found = by_uid(feed_text(client, agenda_path(nino)))
    assert {uid: read.status for uid, read in found.items()} == {
        sessions[0].uid: "CONFIRMED", sessions[1].uid: "CONFIRMED",
        sessions[2].uid: "TENTATIVE", sessions[3].uid: "TENTATIVE",
        sessions[4].uid: "CANCELLED", sessions[5].uid: "CANCELLED"}
    assert found[sessions[0].uid].start.hour == 15
    with unit_of_work():
        cancel_session(sessions[2], actor=owner)
    assert by_uid(feed_text(client, agenda_path(nino)))[sessions[2].uid].status == "CANCELLED"


def test_agenda_is_private_and_follows_registration_changes(client, festival, tbilisi, nino):
    screening = make_session(festival, tbilisi)
    registration = make_registration(screening, email=nino.email, user=nino)
    path = agenda_path(nino)
    first = client.get(path)
    assert first.headers["Cache-Control"] == "private, max-age=300"
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    registration.status = Status.cancelled
    database.session.commit()
    after = client.get(path, headers={"If-None-Match": first.headers["ETag"],
                                      "If-Modified-Since": first.headers["Last-Modified"]})
    assert after.status_code == 200
    assert [read.status for read in read_everywhere(after.data.decode())] == ["CANCELLED"]


def test_rotating_revokes_the_old_link(client, festival, tbilisi, nino):
    make_registration(make_session(festival, tbilisi), email=nino.email, user=nino)
    old_path = agenda_path(nino)
    assert client.get(old_path).status_code == 200
    with unit_of_work():
        agenda.rotate_agenda_secret(nino)
    assert client.get(old_path).status_code == 404
    assert client.get(agenda_path(nino)).status_code == 200


@pytest.mark.parametrize("secret", ["wrong", "x" * 43, "%00", "a" * 5000])
def test_wrong_secrets_are_404(client, nino, secret):
    agenda_path(nino)
    assert client.get(f"/feeds/{secret}/agenda.ics").status_code == 404


def test_account_page_shows_the_link_and_gets_a_new_one(app, nino):
    browser = app.test_client(user=nino)
    page = browser.get("/account").get_data(as_text=True)
    with app.app_context():
        user = database.session.get(User, nino.id)
        secret = agenda.agenda_secret(user)
    assert f"https://scheduler.test/feeds/{secret}/agenda.ics?lang=en" in page
    assert f"webcal://scheduler.test/feeds/{secret}/agenda.ics?lang=en" in page
    assert 'href="/account"' in page  # the nav link
    # The link carries the page's language, so the agenda's titles are in it too.
    georgian = browser.get("/account?lang=ka").get_data(as_text=True)
    assert f"webcal://scheduler.test/feeds/{secret}/agenda.ics?lang=ka" in georgian
    assert browser.get(f"/feeds/{secret}/agenda.ics?lang=ka").status_code == 200
    assert browser.get(f"/feeds/{secret}/agenda.ics?lang=xx").status_code == 400
    response = browser.post("/account/agenda-link")
    assert response.status_code == 302
    new_page = browser.get("/account").get_data(as_text=True)
    assert secret not in new_page and "/agenda.ics" in new_page


def test_account_page_needs_a_sign_in(client):
    assert client.get("/account").status_code == 302
    assert client.post("/account/agenda-link").status_code in (302, 400)


def test_new_link_needs_the_csrf_token(app, nino):
    app.config["WTF_CSRF_ENABLED"] = True
    browser = app.test_client(user=nino)
    browser.get("/account")
    salt = _salt(app, nino)
    assert browser.post("/account/agenda-link").status_code == 400
    assert _salt(app, nino) == salt


def _salt(app, user: User) -> str | None:
    with app.app_context():
        return database.session.get(User, user.id).agenda_feed_salt
