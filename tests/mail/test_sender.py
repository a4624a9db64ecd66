"""`flask mail send` against a real SMTP server on loopback: every due email
once, with the right headers, UTF-8 text and calendar; an outage or a 4xx
loses nothing; senders running at once never send a message twice."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from threading import Barrier
from zoneinfo import ZoneInfo

import icalendar
import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.database import utcnow
from scheduler.dates import local_datetime, local_time
from scheduler.events.inputs import SessionInput
from scheduler.mail import sender
from scheduler.mail.models import OutboxMessage
from scheduler.registration import emails
from scheduler.registration.cli import send_everything_due
from scheduler.registration.emails import Notice
from scheduler.registration.session_changes import cancel_session, update_session
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_event, make_session, make_user, make_venue
from tests.mail.conftest import SENDER
from tests.pdfs import pdf_text

TITLE = "ადამიანის უფლებების კინოფესტივალი"
PEOPLE = {"nino@example.org": "ნინო ბერიძე", "anna@example.org": "Анна Петрова",
          "giorgi@example.org": "Giorgi Kapanadze"}


@pytest.fixture
def screening(db):
    event = make_event(make_user(role=Role.organiser), title=TITLE)
    return make_session(event, make_venue(capacity=100), capacity=100)


@pytest.fixture
def registered(screening):
    """One confirmation email per person in PEOPLE, waiting in the outbox."""
    return {email: booked(screening, name=name, email=email).registration
            for email, name in PEOPLE.items()}


def send(mail_app, *args: str):
    result = mail_app.test_cli_runner().invoke(args=["mail", "send", *args])
    assert result.exit_code == 0, result.output
    return result.output


def outbox(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def calendar_message(db, recipient: str) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//scheduler tests//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    entry = icalendar.Event()
    entry.add("uid", "session-1@scheduler.test")
    entry.add("summary", TITLE)
    entry.add("dtstart", datetime(2027, 12, 14, 15, tzinfo=UTC))
    calendar.add_component(entry)
    text = calendar.to_ical().decode()
    db.session.add(OutboxMessage(recipient=recipient, subject=f"Invitation: {TITLE}",
                                 body="Добро пожаловать", calendar=text,
                                 calendar_method="REQUEST"))
    db.session.commit()
    return text


def test_every_due_email_arrives_once_in_utf8(db, mail_app, smtp_server, registered):
    ics = calendar_message(db, "tamar@example.org")
    db.session.add(OutboxMessage(recipient="later@example.org", subject="Not yet",
                                 body="-", send_after=utcnow() + timedelta(hours=1)))
    db.session.commit()
    assert "Sent 4, failed 0" in send(mail_app)
    assert "Sent 0, failed 0" in send(mail_app)  # a second run finds nothing due

    received = {item.envelope_to[0]: item.message for item in smtp_server.mailbox.received}
    assert sorted(received) == sorted([*PEOPLE, "tamar@example.org"])
    for address, name in PEOPLE.items():
        message = received[address]
        assert (message["From"], message["To"]) == (SENDER, address)
        assert message["Subject"] == f"Your seat is confirmed: {TITLE}"
        assert message["Message-ID"].endswith("@scheduler.test>") and message["Date"]
        # A confirmation carries the session's calendar entry and the ticket beside the text.
        text_part, calendar_part, ticket_part = message.iter_parts()
        assert ticket_part.get_content_type() == "application/pdf"
        assert ticket_part.get_filename() == "ticket.pdf"
        ticket = pdf_text(ticket_part.get_content())
        assert name in ticket and TITLE in ticket
        assert text_part.get_content_type() == "text/plain"
        assert text_part.get_content_charset() == "utf-8"
        body = text_part.get_content()
        assert body.startswith(f"Dear {name},")
        assert registered[address].check_in_code in body
        assert calendar_part.get_param("method") == "PUBLISH"
        entry = icalendar.Calendar.from_ical(calendar_part.get_content()).walk("VEVENT")[0]
        assert str(entry["UID"]) == registered[address].event_session.uid
    invitation = received["tamar@example.org"]
    text_part, calendar_part = invitation.iter_parts()
    assert text_part.get_content().strip() == "Добро пожаловать"
    assert calendar_part.get_content_type() == "text/calendar"
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_filename() == "invite.ics"
    assert calendar_part.get_content().replace("\r\n", "\n") == ics.replace("\r\n", "\n")
    rows = outbox(db)
    assert [(r.attempts, r.last_error, r.sent_at is not None) for r in rows] == [
        (1, "", True)] * 4 + [(0, "", False)]


@pytest.mark.parametrize("outage", ["server down", "451 refusal"])
def test_an_outage_loses_nothing_and_each_email_goes_once_after(
        db, mail_app, smtp_server, registered, outage):
    if outage == "server down":
        smtp_server.stop()
    else:
        smtp_server.mailbox.refusal = "451 4.3.0 Mailbox busy, try again later"
    now = utcnow()
    with mail_app.app_context():
        first = sender.send_due(now, emails.prepare)
        second = sender.send_due(now + timedelta(seconds=30), emails.prepare)  # still backing off
    assert (first.sent, first.failed, second.claimed) == (0, 3, 0)
    failing = outbox(db)
    assert {(r.sent_at, r.attempts, r.send_after) for r in failing} == {
        (None, 1, now + sender.FIRST_RETRY)}
    expected = "ConnectionRefusedError" if outage == "server down" else "SMTPDataError"
    assert all(r.last_error.startswith(expected) for r in failing)
    # Rendered at the first attempt and kept: a retry sends the same text.
    assert all(r.body.startswith("Dear ") for r in failing)

    with mail_app.app_context():
        assert sender.send_due(now + timedelta(minutes=1), emails.prepare).failed == 3
    assert {r.send_after for r in outbox(db)} == {now + timedelta(minutes=3)}  # 1, then 2

    smtp_server.start() if outage == "server down" else setattr(
        smtp_server.mailbox, "refusal", None)
    with mail_app.app_context():
        assert sender.send_due(now + timedelta(minutes=3), emails.prepare).sent == 3
        assert sender.send_due(now + timedelta(hours=1), emails.prepare).claimed == 0
    assert smtp_server.mailbox.recipients() == sorted(PEOPLE)
    assert {(r.attempts, r.last_error) for r in outbox(db)} == {(3, "")}


def test_senders_running_at_once_never_send_twice(db, mail_app, smtp_server, screening,
                                                  database):
    for number in range(60):
        booked(screening, name=f"Гость {number}",
               email=f"guest{number}@example.org")
    smtp_server.mailbox.delay_seconds = 0.005  # so batches overlap in time
    senders = 3
    barrier = Barrier(senders)

    def run_one_sender(_) -> sender.SendReport:
        with mail_app.app_context():
            barrier.wait()
            return send_everything_due(batch=5)

    with ThreadPoolExecutor(senders) as pool:
        reports = list(pool.map(run_one_sender, range(senders)))
    assert smtp_server.mailbox.recipients() == sorted(
        f"guest{number}@example.org" for number in range(60))
    assert sum(report.sent for report in reports) == 60
    assert sum(report.failed for report in reports) == 0
    if database.startswith("postgresql"):
        # SKIP LOCKED hands each sender other rows, so they really send side by
        # side. SQLite's one writer makes the others' first claims come up empty
        # and they stop there, which is safe: the first goes on until all are out.
        assert sum(1 for report in reports if report.sent) >= 2
    assert {(r.attempts, r.sent_at is not None) for r in outbox(db)} == {(1, True)}


def later(event_session, shift: timedelta) -> dict:
    """The session's times moved by `shift`, as an organiser types them (local)."""
    zone = ZoneInfo(event_session.venue.timezone)
    return {name: (getattr(event_session, name) + shift).astimezone(zone).replace(tzinfo=None)
            for name in ("starts_at", "ends_at")}


def parts(received: list) -> list[tuple[str, str, str, icalendar.Event]]:
    """Subject, text, METHOD and calendar entry of each received email."""
    found = []
    for item in received:
        text_part, calendar_part, *_ticket = item.message.iter_parts()
        entry = icalendar.Calendar.from_ical(calendar_part.get_content()).walk("VEVENT")[0]
        found.append((item.message["Subject"], text_part.get_content(),
                      calendar_part.get_param("method"), entry))
    return found


def test_notices_are_rendered_when_sent_from_the_session_as_it_is_then(
        db, mail_app, smtp_server, screening):
    receipt = booked(screening, name="Нино", email="nino@example.org")
    [queued] = outbox(db)
    assert (queued.notice, queued.registration_id, queued.subject, queued.body,
            queued.calendar) == (Notice.confirmed, receipt.registration.id, "", "", None)
    owner = screening.event.owner
    for _move in range(2):
        moved = SessionInput.of(screening).changed(**later(screening, timedelta(hours=1)))
        with unit_of_work():
            update_session(screening, moved, actor=owner)
    assert "Sent 3, failed 0" in send(mail_app)
    zone = screening.venue.timezone
    latest = local_datetime(screening.starts_at, zone)
    # Both "rescheduled" emails went out after the second move: both show it.
    for _subject, text, method, entry in parts(smtp_server.mailbox.received):
        assert latest in text and method == "PUBLISH"
        assert (str(entry["UID"]), entry["SEQUENCE"]) == (screening.uid, 2)
    # Each carries the ticket as the seat stands when sent: at the latest time.
    for item in smtp_server.mailbox.received:
        *_, ticket = item.message.iter_parts()
        assert ticket.get_filename() == "ticket.pdf"
        assert local_time(screening.starts_at, zone) in pdf_text(ticket.get_content())
    assert [subject.split(":")[0] for subject, *_ in parts(smtp_server.mailbox.received)] == [
        "Your seat is confirmed", "Changed time or place", "Changed time or place"]
    # The sent text is kept with the row.
    assert [r.body.strip() for r in outbox(db)] == [
        text.strip() for _, text, _, _ in parts(smtp_server.mailbox.received)]

    with unit_of_work():
        cancel_session(screening, actor=owner)
    assert "Sent 1, failed 0" in send(mail_app)
    subject, text, method, entry = parts(smtp_server.mailbox.received)[-1]
    assert subject == f"Cancelled: {TITLE}" and "cancelled this session" in text
    assert (method, str(entry["STATUS"]), entry["SEQUENCE"]) == ("CANCEL", "CANCELLED", 3)


def test_an_unsent_email_goes_with_its_registration(db, screening, registered):
    db.session.delete(registered["nino@example.org"])
    db.session.commit()
    assert sorted(r.recipient for r in outbox(db)) == sorted(
        set(PEOPLE) - {"nino@example.org"})


def test_without_a_mail_server_emails_print_to_the_console(app, db, registered):
    app.config["MAIL_SERVER"] = ""
    output = send(app)
    for address, name in PEOPLE.items():
        assert f"To: {address}\nSubject: Your seat is confirmed: {TITLE}" in output
        assert f"Dear {name}," in output
    assert output.count("\n[ticket.pdf, ") == len(PEOPLE)
    assert "Sent 3, failed 0" in output
    assert all(r.sent_at is not None for r in outbox(db))


def test_a_sender_address_that_cannot_work_stops_before_claiming(db, mail_app, registered):
    mail_app.config["MAIL_FROM"] = "Scheduler"
    result = mail_app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 1 and "MAIL_FROM must name an address" in result.output
    assert {(r.attempts, r.sent_at) for r in outbox(db)} == {(0, None)}
