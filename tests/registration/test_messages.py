"""Messages to attendees: whom they reach (by session and state), one email
per address, a preview that sends nothing and counts what a send queues, a
send posted twice kept once, the list of what was sent, in three languages."""
from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role, User
from scheduler.errors import DomainError
from scheduler.events.models import Event
from scheduler.extensions import db as database
from scheduler.mail.models import OutboxMessage
from scheduler.registration import messages_sending as sending
from scheduler.registration.messages import Message, MessageInput
from scheduler.registration.models import RegistrationStatus as Status
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_registration, make_session, make_user
from tests.registration.conftest import SOON, page

LETTER = {"audiences": ["confirmed"], "subject": "Doors open at 18:30",
          "body": "Please come early.\nThe hall is on the second floor."}


@pytest.fixture
def workshop(db, festival, screening):
    """A second session of the festival, two days after the screening."""
    return make_session(festival, screening.venue, starts_at=SOON + timedelta(days=2),
                        capacity=10, title="Workshop")


@pytest.fixture
def crowd(db, screening, workshop):
    """Every state, in both sessions; Nino has a seat in each."""
    for event_session, email, status in [
            (screening, "nino@example.org", Status.confirmed),
            (screening, "wait@example.org", Status.waitlisted),
            (screening, "gone@example.org", Status.cancelled),
            (workshop, "nino@example.org", Status.confirmed),
            (workshop, "ask@example.org", Status.pending),
            (workshop, "no@example.org", Status.declined),
            (workshop, "here@example.org", Status.attended)]:
        make_registration(event_session, email=email, status=status,
                          checked_in_at=datetime.now(UTC) if status is Status.attended
                          else None)


def reached(festival, **choice) -> list[str]:
    return [recipient.email for recipient in sending.recipients(
        festival, MessageInput.parse(LETTER | choice))]


def outbox(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def kept(db) -> list[Message]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Message).order_by(Message.id)))


def preview(client, festival, data=LETTER, status: int = 200, lang: str = "en") -> str:
    return page(client.post(f"/organise/events/{festival.id}/messages/preview?lang={lang}",
                            data=data), status)


def token_of(html: str) -> str:
    return re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)


def send(client, festival, token: str, data=LETTER):
    return client.post(f"/organise/events/{festival.id}/messages/send",
                       data=data | {"token": token})


def test_recipients_are_chosen_by_state_across_the_event(app, festival, crowd):
    assert reached(festival) == ["nino@example.org"]
    assert reached(festival, audiences=["waitlisted", "pending"]) == [
        "wait@example.org", "ask@example.org"]
    assert reached(festival, audiences=["checked_in"]) == ["here@example.org"]
    assert reached(festival, audiences=["confirmed", "waitlisted", "pending", "checked_in"]) == [
        "nino@example.org", "wait@example.org", "ask@example.org", "here@example.org"]


def test_recipients_of_one_session(app, festival, crowd, screening, workshop):
    everyone = ["confirmed", "waitlisted", "pending", "checked_in"]
    assert reached(festival, session_id=screening.id, audiences=everyone) == [
        "nino@example.org", "wait@example.org"]
    assert reached(festival, session_id=workshop.id, audiences=everyone) == [
        "nino@example.org", "ask@example.org", "here@example.org"]


def test_a_session_of_another_event_is_refused(app, owner, festival, crowd, screening):
    other = make_session(make_event(owner), screening.venue,
                         starts_at=SOON + timedelta(days=5))
    with pytest.raises(DomainError, match="Choose a session of this event") as refused:
        reached(festival, session_id=other.id)
    assert refused.value.fields == {"session_id": "not a session of this event"}


def test_one_email_per_address_with_each_cancel_link(owner_client, db, festival, crowd):
    html = preview(owner_client, festival)
    assert "This will send 1 email." in html
    page(send(owner_client, festival, token_of(html)), 302)
    [email] = outbox(db)
    assert email.recipient == "nino@example.org"
    assert email.subject == "Doors open at 18:30"
    assert email.body.startswith("Dear Nino Beridze,\n\n")
    assert "Olga Owner, an organiser of “Tbilisi Film Festival”, writes to you:" in email.body
    assert "Please come early.\nThe hall is on the second floor." in email.body
    # A link for each of Nino's seats the message is about.
    assert len(re.findall(r"https://scheduler\.test/registrations/\d+/cancel\?token=\S+",
                          email.body)) == 2
    assert "Opening night" in email.body and "Workshop" in email.body


def test_the_count_shown_is_the_number_of_emails_queued(owner_client, db, festival, crowd):
    data = LETTER | {"audiences": ["confirmed", "waitlisted", "pending", "checked_in"]}
    html = preview(owner_client, festival, data)
    assert "This will send 4 emails." in html and "Send 4 emails" in html
    response = send(owner_client, festival, token_of(html), data)
    assert "Message sent: 4 emails are on their way." in page(
        owner_client.get(response.location))
    assert sorted(email.recipient for email in outbox(db)) == [
        "ask@example.org", "here@example.org", "nino@example.org", "wait@example.org"]
    [message] = kept(db)
    assert message.recipients == 4 and message.audience == "confirmed,waitlisted,pending,checked_in"


def test_the_preview_shows_the_first_email_and_sends_nothing(owner_client, db, festival,
                                                             crowd, workshop):
    html = preview(owner_client, festival, LETTER | {"session_id": workshop.id})
    assert "nino@example.org" in html and "Dear Nino Beridze," in html
    assert "writes to you about Workshop on" in html
    # The attendee's secret link is not shown to the organiser.
    assert "cancel?token=" not in html and "(the attendee&#39;s own cancel link)" in html
    assert outbox(db) == [] and kept(db) == []


def test_the_email_is_in_the_language_of_the_registration(owner_client, db, festival,
                                                          screening):
    registration = make_registration(screening, email="eka@example.org", language="ka",
                                     name="Eka")
    html = preview(owner_client, festival)
    page(send(owner_client, festival, token_of(html)), 302)
    [email] = outbox(db)
    assert email.body.startswith("ძვირფასო Eka,")
    assert "Olga Owner, „Tbilisi Film Festival“-ის ორგანიზატორი, გწერთ:" in email.body
    assert f"/registrations/{registration.id}/cancel?token=" in email.body
    assert "&lang=ka" in email.body


def test_a_send_posted_twice_is_sent_once(owner_client, db, festival, crowd):
    token = token_of(preview(owner_client, festival))
    first, second = send(owner_client, festival, token), send(owner_client, festival, token)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert len(kept(db)) == 1 and len(outbox(db)) == 1
    # A new preview is a new message.
    page(send(owner_client, festival, token_of(preview(owner_client, festival))), 302)
    assert len(kept(db)) == 2 and len(outbox(db)) == 2


def test_the_same_token_in_another_event_is_its_own(app, owner, db, festival, crowd,
                                                    screening):
    other = make_event(owner, title="Winter school")
    make_registration(make_session(other, screening.venue, starts_at=SOON + timedelta(days=7)),
                      email="winter@example.org")
    with unit_of_work():
        sending.send(festival, MessageInput.parse(LETTER), "same", actor=owner)
    with unit_of_work():
        sending.send(other, MessageInput.parse(LETTER), "same", actor=owner)
    assert [email.recipient for email in outbox(db)] == ["nino@example.org",
                                                         "winter@example.org"]


@pytest.mark.parametrize("subject, problem", [
    ("Line one\nBcc: everyone@example.org", "Must be a single line"),
    ("Bell\x07", "Must not contain control characters"),
    ("x" * 201, "Must be at most 200 characters"),
])
def test_a_subject_must_be_one_clean_line(owner_client, db, festival, crowd, subject,
                                          problem):
    html = preview(owner_client, festival, LETTER | {"subject": subject}, 422)
    assert problem in html
    page(send(owner_client, festival, "tampered", LETTER | {"subject": subject}), 422)
    assert outbox(db) == [] and kept(db) == []


def test_a_message_needs_a_state_a_subject_and_a_body(owner_client, db, festival, crowd):
    html = preview(owner_client, festival, {"subject": "", "body": ""}, 422)
    assert "Choose at least one" in html and html.count("Is required") == 2


def test_no_one_to_write_to_is_said_and_sends_nothing(owner_client, db, festival, crowd,
                                                      screening):
    # No one is checked in at the screening.
    nobody = LETTER | {"audiences": ["checked_in"], "session_id": screening.id}
    assert "No attendee of this event matches" in preview(owner_client, festival, nobody, 422)
    assert "nothing was sent" in page(send(owner_client, festival, "t", nobody), 409)
    assert outbox(db) == [] and kept(db) == []


def test_a_send_without_its_preview_token_sends_nothing(owner_client, db, festival, crowd):
    html = page(owner_client.post(f"/organise/events/{festival.id}/messages/send",
                                  data=LETTER), 422)
    assert "The preview came back incomplete" in html
    assert outbox(db) == [] and kept(db) == []


def test_only_the_events_organisers(app, db, festival, crowd):
    stranger = app.test_client(user=make_user(role=Role.organiser))
    base = f"/organise/events/{festival.id}/messages"
    assert stranger.get(base).status_code == 403
    assert stranger.get(f"{base}/new").status_code == 403
    assert stranger.post(f"{base}/preview", data=LETTER).status_code == 403
    assert stranger.post(f"{base}/send", data=LETTER | {"token": "t"}).status_code == 403
    attendee = app.test_client(user=make_user(role=Role.attendee))
    assert attendee.post(f"{base}/send", data=LETTER | {"token": "t"}).status_code == 403
    assert outbox(db) == [] and kept(db) == []


def test_the_list_shows_messages_newest_first(owner_client, db, owner, festival, crowd,
                                              workshop):
    for subject in ("First news", "Second news"):
        with unit_of_work():
            sending.send(festival, MessageInput.parse(LETTER | {
                "subject": subject, "session_id": workshop.id}), subject, actor=owner)
    html = page(owner_client.get(f"/organise/events/{festival.id}/messages"))
    assert html.index("Second news") < html.index("First news")
    assert "Olga Owner" in html and "Workshop" in html and ": confirmed" in html
    [first, _] = kept(db)
    one = page(owner_client.get(f"/organise/events/{festival.id}/messages/{first.id}"))
    assert "First news" in one and "The hall is on the second floor." in one
    assert f'href="/organise/events/{festival.id}/messages"' in page(
        owner_client.get(f"/organise/events/{festival.id}"))


def test_a_message_of_another_event_is_not_found(owner_client, owner, db, festival, crowd,
                                                 screening):
    with unit_of_work():
        message = sending.send(festival, MessageInput.parse(LETTER), "t", actor=owner)
    other = make_event(owner)
    response = owner_client.get(f"/organise/events/{other.id}/messages/{message.id}")
    assert response.status_code == 404


def test_change_goes_back_to_the_form_as_written(owner_client, festival, crowd, workshop):
    html = page(owner_client.post(f"/organise/events/{festival.id}/messages/new",
                                  data=LETTER | {"session_id": workshop.id}))
    assert 'value="Doors open at 18:30"' in html
    assert "The hall is on the second floor.</textarea>" in html
    assert f'<option selected value="{workshop.id}">' in html


@pytest.mark.parametrize("lang, words", [
    ("ru", ["Сообщения участникам", "Написать сообщение"]),
    ("ka", ["შეტყობინებები მონაწილეებს", "შეტყობინების დაწერა"]),
])
def test_pages_in_russian_and_georgian(owner_client, festival, crowd, lang, words):
    html = page(owner_client.get(f"/organise/events/{festival.id}/messages?lang={lang}"))
    assert all(word in html for word in words)
    html = preview(owner_client, festival, lang=lang)
    assert {"ru": "Будет отправлено 1 письмо.", "ka": "გაიგზავნება 1 წერილი."}[lang] in html


def test_a_send_racing_its_double_waits_and_finds_it(app, db, owner, festival, crowd):
    """The second post of a preview, arriving while the first is still being
    written, waits for it and answers its message: nothing is queued twice."""
    event_id, owner_id = festival.id, owner.id
    outcome: list[int] = []

    def send_again() -> None:
        with app.app_context():
            event, actor = database.session.get(Event, event_id), database.session.get(
                User, owner_id)
            with unit_of_work():
                outcome.append(sending.send(event, MessageInput.parse(LETTER), "race",
                                            actor=actor).id)

    # The first post, written and not yet committed (on SQLite it holds the write lock).
    with database.engine.connect() as first:
        first_id = first.execute(sa.insert(Message.__table__).values(
            event_id=event_id, audience="confirmed", subject="First", body="First.",
            author_id=owner_id, token="race", recipients=1,
            sent_at=datetime.now(UTC)).returning(Message.__table__.c.id)).scalar_one()
        second = threading.Thread(target=send_again)
        second.start()
        time.sleep(0.5)
        assert second.is_alive()
        first.commit()
    second.join(timeout=30)
    assert outcome == [first_id]
    assert outbox(db) == [] and len(kept(db)) == 1
