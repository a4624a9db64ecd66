"""Registration questions through the API: organisers build the form, guests
answer it when registering, and only the event's organisers (and the attendee,
through their own registration) read the answers."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import User
from scheduler.events.models import EventStatus
from scheduler.extensions import db as database
from scheduler.registration.questions_models import Answer
from tests.api.helpers import error_of, ok
from tests.factories import make_event, make_session, make_venue

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
OPTIONS = [{"value": "ngo", "label": {"en": "NGO", "ka": "არასამთავრობო"}},
           {"value": "government", "label": {"en": "Government"}}]
KINDS = {
    "text": ({"en": "Organisation"}, None),
    "long_text": ({"en": "Accessibility needs"}, None),
    "choice": ({"en": "Sector"}, OPTIONS),
    "multiple_choice": ({"en": "Topics"}, OPTIONS),
    "boolean": ({"en": "Vegetarian?"}, None),
    "country": ({"en": "Country"}, None),
    "number": ({"en": "Years of experience"}, None),
    "date": ({"en": "Arrival"}, None),
    "consent": ({"en": "I agree to be photographed", "ka": "ვეთანხმები ფოტოგადაღებას"},
                None),
}
VALID = {"text": "Green Caucasus", "long_text": "Step-free access\nplease",
         "choice": "ngo", "multiple_choice": ["government", "ngo"], "boolean": False,
         "country": "GE", "number": "12.5", "date": "2026-12-14", "consent": True}
INVALID = {"text": "two\nlines", "long_text": "x" * 5001, "choice": "army",
           "multiple_choice": ["ngo", "army"], "boolean": "maybe", "country": "XX",
           "number": "lots", "date": "2026-02-30", "consent": False}


@pytest.fixture
def event_and_session(app, organiser):
    with app.app_context():
        owner = database.session.get(User, organiser.user_id)
        event = make_event(owner)
        return event.id, make_session(event, make_venue(), starts_at=SOON).id


def add(client, caller, event_id: int, kind: str, *, required: bool = True, **extra):
    label, options = KINDS[kind]
    body = {"kind": kind, "label": label, "required": required} | extra
    if options:
        body["options"] = options
    return client.post(f"/api/v1/events/{event_id}/questions", json=body,
                       headers=caller.headers)


@pytest.fixture
def form(client, organiser, event_and_session):
    """One required question of each kind: {kind: question id}."""
    event_id, _ = event_and_session
    return {kind: ok(add(client, organiser, event_id, kind), 201)["id"] for kind in KINDS}


def register(client, session_id: int, answers: dict, number: int = 1, **extra):
    return client.post(f"/api/v1/sessions/{session_id}/registrations", json={
        "name": f"Nino {number}", "email": f"nino{number}@example.org",
        "answers": answers}, **extra)


def test_questions_are_listed_in_order_with_their_texts(client, organiser, event_and_session,
                                                       form):
    event_id, _ = event_and_session
    items = ok(client.get(f"/api/v1/events/{event_id}/questions"))["items"]
    assert [item["kind"] for item in items] == list(KINDS)
    assert [item["position"] for item in items] == list(range(len(KINDS)))
    assert items[2]["options"] == OPTIONS and not items[2]["retired"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_takes_a_valid_answer_and_refuses_a_wrong_one(client, event_and_session,
                                                                form, kind):
    _, session_id = event_and_session
    answers = {str(form[k]): VALID[k] for k in KINDS}
    refused = error_of(register(client, session_id, answers | {str(form[kind]): INVALID[kind]}),
                       422)
    assert list(refused["fields"]) == [f"answers.{form[kind]}"]
    receipt = ok(register(client, session_id, answers), 201)
    assert receipt["answers"][str(form["number"])] == 12.5
    assert receipt["answers"][str(form["multiple_choice"])] == ["ngo", "government"]


def test_required_answers_are_asked_for_and_unknown_questions_refused(
        client, event_and_session, form):
    _, session_id = event_and_session
    refused = error_of(register(client, session_id, {"999": "x"}), 422)
    assert set(refused["fields"]) == {f"answers.{q}" for q in form.values()} | {"answers.999"}
    assert refused["fields"][f"answers.{form['consent']}"] == "must be agreed to"
    assert refused["fields"][f"answers.{form['text']}"] == "is required"


def test_answers_left_out_altogether_are_asked_for(client, event_and_session, form):
    _, session_id = event_and_session
    refused = error_of(client.post(f"/api/v1/sessions/{session_id}/registrations",
                                   json={"name": "Nino", "email": "nino@example.org"}), 422)
    assert set(refused["fields"]) == {f"answers.{q}" for q in form.values()}


def test_optional_questions_may_be_left_out(client, organiser, event_and_session):
    event_id, session_id = event_and_session
    ok(add(client, organiser, event_id, "text", required=False), 201)
    assert ok(register(client, session_id, {}), 201)["answers"] == {}


def test_consent_keeps_the_words_agreed_to_in_the_language_shown(client, organiser,
                                                                 event_and_session, app):
    event_id, session_id = event_and_session
    consent = ok(add(client, organiser, event_id, "consent"), 201)["id"]
    ok(client.post(f"/api/v1/sessions/{session_id}/registrations?lang=ka", json={
        "name": "Nino", "email": "nino@example.org", "answers": {str(consent): True}}), 201)
    with app.app_context():
        answer = database.session.scalars(sa.select(Answer)).one()
        assert answer.agreed_text == "ვეთანხმები ფოტოგადაღებას"


def test_only_organisers_and_the_attendee_read_answers(client, organiser, other_organiser,
                                                       event_and_session, form):
    _, session_id = event_and_session
    receipt = ok(register(client, session_id, {str(form[k]): VALID[k] for k in KINDS}), 201)
    secret = parse_qs(urlsplit(receipt["cancel_url"]).query)["token"][0]
    mine = ok(client.get(f"/api/v1/registrations/{receipt['id']}?token={secret}"))
    assert mine["answers"][str(form["country"])] == "GE"
    listed = ok(client.get(f"/api/v1/sessions/{session_id}/registrations",
                           headers=organiser.headers))["items"]
    assert listed[0]["answers"] == mine["answers"]
    error_of(client.get(f"/api/v1/sessions/{session_id}/registrations",
                        headers=other_organiser.headers), 403)
    error_of(client.get(f"/api/v1/registrations/{receipt['id']}?token=wrong"), 404)


def test_only_the_events_organisers_change_questions(client, organiser, other_organiser,
                                                     attendee, event_and_session):
    event_id, _ = event_and_session
    error_of(add(client, other_organiser, event_id, "text"), 403)
    error_of(add(client, attendee, event_id, "text"), 403)
    question = ok(add(client, organiser, event_id, "text"), 201)
    error_of(client.patch(f"/api/v1/questions/{question['id']}", json={"required": False},
                          headers=other_organiser.headers), 403)
    error_of(client.delete(f"/api/v1/questions/{question['id']}",
                           headers=other_organiser.headers), 403)


def test_a_question_is_edited_and_checked_as_a_whole(client, organiser, event_and_session):
    event_id, _ = event_and_session
    question = ok(add(client, organiser, event_id, "choice"), 201)
    url = f"/api/v1/questions/{question['id']}"
    changed = ok(client.patch(url, json={"label": {"ru": "Сектор"}, "required": False},
                              headers=organiser.headers))
    assert changed["label"] == {"ru": "Сектор"} and changed["options"] == OPTIONS
    refused = error_of(client.patch(url, json={"options": OPTIONS[:1]},
                                    headers=organiser.headers), 422)
    assert "options" in refused["fields"]
    refused = error_of(client.patch(url, json={"label": {"en": ""}},
                                    headers=organiser.headers), 422)
    assert "label" in refused["fields"]
    refused = error_of(client.patch(url, json={"kind": "text"}, headers=organiser.headers),
                       422)
    assert refused["fields"]["options"] == "only choice questions have options"


def test_delete_removes_an_unanswered_question_and_retires_an_answered_one(
        client, organiser, event_and_session):
    event_id, session_id = event_and_session
    unanswered = ok(add(client, organiser, event_id, "text", required=False), 201)["id"]
    answered = ok(add(client, organiser, event_id, "boolean"), 201)["id"]
    ok(register(client, session_id, {str(answered): True}), 201)
    for question_id in (unanswered, answered):
        response = client.delete(f"/api/v1/questions/{question_id}", headers=organiser.headers)
        assert response.status_code == 204
    public = ok(client.get(f"/api/v1/events/{event_id}/questions"))["items"]
    assert public == []
    own = ok(client.get(f"/api/v1/events/{event_id}/questions",
                        headers=organiser.headers))["items"]
    assert [(q["id"], q["retired"]) for q in own] == [(answered, True)]
    # Gone from the form: registering no longer asks it.
    assert ok(register(client, session_id, {}, number=2), 201)["answers"] == {}
    listed = ok(client.get(f"/api/v1/sessions/{session_id}/registrations",
                           headers=organiser.headers))["items"]
    assert listed[0]["answers"] == {str(answered): True}


def test_a_draft_events_questions_are_hidden(client, organiser, app):
    with app.app_context():
        owner = database.session.get(User, organiser.user_id)
        draft = make_event(owner, status=EventStatus.draft).id
    ok(add(client, organiser, draft, "text"), 201)
    error_of(client.get(f"/api/v1/events/{draft}/questions"), 404)
    assert len(ok(client.get(f"/api/v1/events/{draft}/questions",
                             headers=organiser.headers))["items"]) == 1


def test_answer_counts_count_active_registrations_per_value(client, organiser,
                                                           event_and_session, app):
    from scheduler.registration.questions import answer_counts
    event_id, session_id = event_and_session
    sector = ok(add(client, organiser, event_id, "multiple_choice"), 201)["id"]
    meals = ok(add(client, organiser, event_id, "boolean", required=False), 201)["id"]
    given = [{str(sector): ["ngo"], str(meals): True},
             {str(sector): ["ngo", "government"], str(meals): False},
             {str(sector): ["government"]}]
    receipts = [ok(register(client, session_id, answers, number), 201)
                for number, answers in enumerate(given)]
    secret = parse_qs(urlsplit(receipts[2]["cancel_url"]).query)["token"][0]
    ok(client.delete(f"/api/v1/registrations/{receipts[2]['id']}?token={secret}"))
    with app.app_context():
        assert answer_counts(event_id) == {sector: {"ngo": 2, "government": 1},
                                           meals: {"true": 1, "false": 1}}


def test_a_closed_session_says_so_before_asking_for_answers(client, organiser,
                                                            event_and_session):
    event_id, session_id = event_and_session
    ok(add(client, organiser, event_id, "text"), 201)
    ok(client.post(f"/api/v1/sessions/{session_id}/cancel", headers=organiser.headers))
    assert error_of(register(client, session_id, {}), 409)["code"] == "registration_closed"
    error_of(register(client, 2_000_000, {}), 404)
