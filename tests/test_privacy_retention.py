"""`flask privacy purge`: erases the personal data of events past their
retention period, keeps every count, changes nothing on a second run or a dry run."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from scheduler.mail.models import OutboxMessage
from scheduler.registration.models import Invitation, Registration, RegistrationStatus as Status
from scheduler.registration.questions import answer_counts
from scheduler.registration.questions_models import Answer, Question, QuestionKind
from tests.api.helpers import caller_with_role, error_of, new_event, ok
from tests.factories import booked, make_event, make_session, make_user, make_venue

NOW = datetime.now(UTC).replace(microsecond=0)


def run_purge(app, *options: str) -> str:
    result = app.test_cli_runner().invoke(args=["privacy", "purge", *options])
    assert result.exit_code == 0, result.output
    return result.output


def ended_event(db, venue, *, days_ago: int, hour: int, **event_settings):
    """An event whose one session (two seats) has three bookings: two seats,
    one checked in, and one waitlisted; then it ended `days_ago` days ago."""
    owner = make_user(role=Role.organiser)
    event = make_event(owner, **event_settings)
    event_session = make_session(event, venue, capacity=2,
                                 starts_at=NOW + timedelta(days=30, hours=3 * hour))
    attendee = make_user(email=f"attendee-{hour}@example.org")
    seated = booked(event_session, email=attendee.email, user=attendee).registration
    booked(event_session, email=f"second-{hour}@example.org")
    booked(event_session, email=f"waiting-{hour}@example.org")
    db.session.add(Invitation(event_session=event_session, email=f"guest-{hour}@example.org",
                              name="Guest", token_hash=f"{hour:064d}"))
    db.session.add(OutboxMessage(recipient=f"guest-{hour}@example.org", subject="Invited",
                                 created_at=NOW - timedelta(days=days_ago + 30)))
    start = NOW - timedelta(days=days_ago, hours=10 - 3 * hour)
    event_session.place(venue, start, start + timedelta(hours=1))
    seated.checked_in_at = start
    db.session.commit()
    return event


def picture(db, event) -> dict:
    """What the counts and statistics of an event are made of."""
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Registration).join(Registration.event_session)
                              .where(EventSession.event_id == event.id)
                              .order_by(Registration.id)).all()
    return {"seats": [s.seats_taken for s in event.sessions],
            "rows": [(r.id, r.event_session_id, r.status, r.created_at, r.checked_in_at,
                      r.waitlisted_at) for r in rows]}


def personal(db, event) -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(
        sa.select(Registration.name, Registration.email, Registration.user_id,
                  Registration.check_in_code, Registration.cancel_token_hash)
        .join(Registration.event_session).where(EventSession.event_id == event.id)
        .order_by(Registration.id)).all()


@pytest.fixture
def events(db):
    venue = make_venue()
    return {"past": ended_event(db, venue, days_ago=400, hour=0),
            "kept longer": ended_event(db, venue, days_ago=400, hour=1, retention_days=500),
            "recent": ended_event(db, venue, days_ago=10, hour=2)}


def test_purge_erases_only_events_past_retention_and_keeps_their_counts(app, db, events):
    past = events["past"]
    before = {name: picture(db, event) for name, event in events.items()}
    untouched = {name: personal(db, events[name]) for name in ("kept longer", "recent")}

    output = run_purge(app)

    assert f"{past.slug}: 3 registration(s)" in output
    assert "Erased 3 registration(s) in 1 event(s)." in output
    assert {name: picture(db, event) for name, event in events.items()} == before
    erased = db.session.scalars(sa.select(Registration).join(Registration.event_session)
                                .where(EventSession.event_id == past.id)
                                .order_by(Registration.id)).all()
    assert [r.status for r in erased] == [Status.confirmed, Status.confirmed, Status.waitlisted]
    for registration in erased:
        assert registration.name == "erased" and registration.user_id is None
        assert registration.email == f"erased-registration-{registration.id}@invalid"
        assert registration.check_in_code == f"erased-{registration.id}"
        assert registration.erased_at is not None
    assert {name: personal(db, events[name]) for name in untouched} == untouched
    invitation = db.session.scalars(sa.select(Invitation).join(Invitation.event_session)
                                    .where(EventSession.event_id == past.id)).one()
    assert (invitation.email, invitation.name) == (
        f"erased-invitation-{invitation.id}@invalid", "")
    recipients = set(db.session.scalars(sa.select(OutboxMessage.recipient)))
    assert recipients.isdisjoint({"attendee-0@example.org", "second-0@example.org",
                                  "waiting-0@example.org", "guest-0@example.org"})
    assert {"attendee-1@example.org", "guest-1@example.org", "guest-2@example.org"} <= recipients


def test_a_second_purge_changes_nothing(app, db, events):
    run_purge(app)
    first = personal(db, events["past"]), picture(db, events["past"])
    stamps = db.session.scalars(sa.select(Registration.erased_at).order_by(Registration.id)).all()
    assert "Erased 0 registration(s) in 0 event(s)." in run_purge(app)
    assert (personal(db, events["past"]), picture(db, events["past"])) == first
    assert db.session.scalars(
        sa.select(Registration.erased_at).order_by(Registration.id)).all() == stamps


def test_a_dry_run_only_tells(app, db, events):
    before = {name: personal(db, event) for name, event in events.items()}
    output = run_purge(app, "--dry-run")
    assert "Would erase 3 registration(s) in 1 event(s)." in output
    assert {name: personal(db, event) for name, event in events.items()} == before


def test_the_erased_email_can_book_again_elsewhere(app, db, events):
    run_purge(app)
    again = make_session(make_event(make_user(role=Role.organiser)), make_venue(name="Hall"))
    receipt = booked(again, email="attendee-0@example.org")
    assert receipt.registration.status is Status.confirmed


def test_retention_days_in_the_api(app, client):
    organiser = caller_with_role(app, Role.organiser)
    event = new_event(client, organiser, title="Study visit")
    assert event["retention_days"] == 365
    path = f"/api/v1/events/{event['id']}"
    changed = ok(client.patch(path, json={"retention_days": 30}, headers=organiser.headers))
    assert changed["retention_days"] == 30
    for bad in (0, 3651, "soon"):
        response = client.patch(path, json={"retention_days": bad}, headers=organiser.headers)
        assert "retention_days" in error_of(response, 422)["fields"]
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "retention_days" in spec["components"]["schemas"]["EventChanges"]["properties"]


def test_retention_days_on_the_event_form(app, db):
    owner = make_user(role=Role.organiser)
    event = make_event(owner)
    browser, path = app.test_client(user=owner), f"/organise/events/{event.id}/edit"
    assert 'value="365"' in browser.get(path).get_data(as_text=True)
    form = {"title": event.title, "kind": "panel", "description": ""}
    refused = browser.post(path, data=form | {"retention_days": "0"})
    assert refused.status_code == 422 and "between 1 and 3650" in refused.get_data(as_text=True)
    assert browser.post(path, data=form | {"retention_days": "30"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(event), event.id).retention_days == 30


def answered(db, event, kind: QuestionKind, value) -> Question:
    """A question of `kind` that every registration of the event answered."""
    question = Question(event_id=event.id, kind=kind, label={"en": kind.value})
    db.session.add(question)
    db.session.flush()
    for registration in db.session.scalars(sa.select(Registration).join(
            Registration.event_session).where(EventSession.event_id == event.id)):
        db.session.add(Answer(registration_id=registration.id, question_id=question.id,
                              value=value, agreed_text="I agree" if kind == "consent" else None))
    db.session.commit()
    return question


def test_purge_erases_written_answers_and_keeps_those_the_statistics_count(app, db, events):
    past, recent = events["past"], events["recent"]
    position = answered(db, past, QuestionKind.text, "Head of the Batumi office")
    consent = answered(db, past, QuestionKind.consent, True)
    country = answered(db, past, QuestionKind.country, "GE")
    kept_elsewhere = answered(db, recent, QuestionKind.text, "Analyst")
    counts_before = answer_counts(past.id)

    run_purge(app)

    def answers_to(question: Question) -> list:
        return db.session.scalars(sa.select(Answer.value)
                                  .where(Answer.question_id == question.id)).all()
    assert answers_to(position) == [] and answers_to(consent) == []
    assert answers_to(country) == ["GE", "GE", "GE"]
    assert answer_counts(past.id) == counts_before == {country.id: {"GE": 3}}
    assert answers_to(kept_elsewhere) == ["Analyst"] * 3
