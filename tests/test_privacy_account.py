"""An attendee's own data: downloading it, and deleting the account."""
from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import ApiToken, LoginSession, Role, User
from scheduler.accounts.services import authenticate, user_by_email
from scheduler.events.models import Event
from scheduler.mail.models import OutboxMessage
from scheduler.registration.models import Invitation, Registration, RegistrationStatus as Status
from scheduler.registration.questions_models import Answer, Question, QuestionKind
from tests.factories import (
    PASSWORD,
    booked,
    make_event,
    make_session,
    make_token,
    make_user,
    make_venue,
)

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def scene(app, db):
    """Nino holds the one seat of a coming session, with Giorgi waiting for
    it, and went to a session that is over."""
    owner = make_user(role=Role.organiser)
    event = make_event(owner, title="Migration Film Festival")
    venue = make_venue()
    coming = make_session(event, venue, capacity=1, title="Opening night")
    over = make_session(event, venue, starts_at=NOW + timedelta(days=1), title="Workshop")
    nino = make_user(email="nino@example.org", name="Nino")
    seat = booked(coming, name="Nino", email=nino.email, user=nino).registration
    waiting = booked(coming, name="Giorgi", email="giorgi@example.org").registration
    went = booked(over, name="Nino", email=nino.email, user=nino).registration
    start = NOW - timedelta(days=3)
    over.place(venue, start, start + timedelta(hours=2))
    went.checked_in_at = start
    db.session.add(Invitation(event_session=coming, email=nino.email, name="Nino B.",
                              token_hash="1" * 64))
    db.session.commit()
    make_token(nino)
    return {"nino": nino, "owner": owner, "event": event, "seat": seat.id,
            "waiting": waiting.id, "went": went.id}


def download(app, user):
    return app.test_client(user=user).get("/account/data.json")


def test_the_data_download_holds_ones_own_data_only(app, db, scene):
    response = download(app, scene["nino"])
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=my-data-")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["account"]["email"] == "nino@example.org"
    registrations = {r["id"]: r for r in data["registrations"]}
    assert set(registrations) == {scene["seat"], scene["went"]}
    went = registrations[scene["went"]]
    assert (went["session"]["title"], went["event"]["title"], went["status"]) == (
        "Workshop", "Migration Film Festival", "confirmed")
    assert went["checked_in_at"] and went["session"]["starts_at"].endswith("Z")
    assert [i["name"] for i in data["invitations"]] == ["Nino B."]
    assert len(data["api_tokens"]) == 1
    text = response.get_data(as_text=True)
    assert "giorgi" not in text.lower()
    for secret_column in ("cancel_token_hash", "token_hash", "password", "agenda_feed"):
        assert secret_column not in text


def test_the_download_needs_a_sign_in(client):
    response = client.get("/account/data.json")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def delete(app, user, password=PASSWORD, **query):
    browser = app.test_client(user=user)
    return browser, browser.post("/account/delete", query_string=query,
                                 data={"current_password": password})


def test_deleting_cancels_coming_seats_promotes_the_waitlist_and_erases_the_rest(
        app, db, scene):
    nino_id = scene["nino"].id
    browser, response = delete(app, scene["nino"])
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, nino_id) is None
    seat, waiting, went = (db.session.get(Registration, scene[key])
                           for key in ("seat", "waiting", "went"))
    assert (seat.status, waiting.status, went.status) == (
        Status.cancelled, Status.confirmed, Status.confirmed)
    assert seat.event_session.seats_taken == 1
    promoted = db.session.scalars(sa.select(OutboxMessage.notice).where(
        OutboxMessage.registration_id == waiting.id).order_by(OutboxMessage.id)).all()
    assert promoted[-1] == "promoted"
    for erased in (seat, went):
        assert erased.user_id is None and erased.erased_at is not None
        assert "nino" not in f"{erased.name} {erased.email}".lower()
    assert went.checked_in_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 0
    assert browser.get("/account").status_code == 302  # signed out


def test_a_wrong_password_changes_nothing(app, db, scene):
    _, response = delete(app, scene["nino"], password="not my password")
    assert response.status_code == 422
    assert "not your current password" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, scene["nino"].id) is not None
    assert db.session.get(Registration, scene["seat"]).status is Status.confirmed


def test_the_only_organiser_of_an_event_must_hand_it_over_first(app, db, scene):
    owner = scene["owner"]
    _, response = delete(app, owner)
    assert response.status_code == 409
    assert "Migration Film Festival" in html.unescape(response.get_data(as_text=True))
    colleague = make_user(role=Role.organiser)
    event = db.session.get(Event, scene["event"].id)
    event.co_organisers.append(colleague)
    db.session.commit()
    assert delete(app, db.session.get(User, owner.id))[1].status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, scene["event"].id)
    assert (event.owner_id, event.co_organisers) == (colleague.id, [])


def test_the_address_can_sign_up_again(app, db, client, scene):
    assert delete(app, scene["nino"])[1].status_code == 302
    db.session.expire_all()
    assert user_by_email("nino@example.org") is None
    client.post("/sign-up", data={"name": "Nino", "email": "nino@example.org",
                                  "password": "a new long password",
                                  "password_again": "a new long password"})
    assert authenticate("nino@example.org", "a new long password") is not None


@pytest.mark.parametrize("language, words", [
    ("ru", ["Удаление учётной записи", "Ваш пароль"]),
    ("ka", ["ანგარიშის წაშლა", "თქვენი პაროლი"]),
])
def test_the_pages_speak_the_readers_language(app, scene, language, words):
    browser = app.test_client(user=scene["nino"])
    page = browser.get(f"/account/delete?lang={language}").get_data(as_text=True)
    account = browser.get(f"/account?lang={language}").get_data(as_text=True)
    for word in words:
        assert word in page
    assert {"ru": "Скачать мои данные", "ka": "ჩემი მონაცემების ჩამოტვირთვა"}[language] in account


def test_the_download_carries_ones_answers_and_the_words_agreed_to(app, db, scene):
    question = Question(event_id=scene["event"].id, kind=QuestionKind.consent,
                        label={"en": "You may photograph me", "ka": "შეგიძლიათ გადამიღოთ"})
    db.session.add(question)
    db.session.flush()
    db.session.add(Answer(registration_id=scene["seat"], question_id=question.id, value=True,
                          agreed_text="შეგიძლიათ გადამიღოთ"))
    db.session.add(Answer(registration_id=scene["waiting"], question_id=question.id,
                          value=False))
    db.session.commit()
    data = json.loads(download(app, scene["nino"]).data)
    registrations = {r["id"]: r for r in data["registrations"]}
    assert registrations[scene["seat"]]["answers"] == [{
        "question": {"en": "You may photograph me", "ka": "შეგიძლიათ გადამიღოთ"},
        "value": True, "agreed_text": "შეგიძლიათ გადამიღოთ"}]
    assert registrations[scene["went"]]["answers"] == []
