"""A retried email is the email of the first attempt, text and .ics alike,
whether the first attempt failed at the SMTP server or while writing it."""
from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest

from scheduler.database import utcnow
from scheduler.mail import sender
from scheduler.registration import emails
from tests.mail.test_sender import outbox, registered, screening  # noqa: F401 (fixtures)


def failing_once(build):
    """`build`, except that its first call fails as a delivery error would."""
    calls = []

    def build_or_fail(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise ValueError("the calendar could not be written this time")
        return build(*args, **kwargs)
    return build_or_fail


@pytest.mark.parametrize("first_failure", ["smtp refusal", "calendar writing"])
def test_a_retried_email_keeps_its_calendar_attachment(
        db, mail_app, smtp_server, registered, monkeypatch, first_failure):
    if first_failure == "smtp refusal":
        smtp_server.mailbox.refusal = "451 4.3.0 Mailbox busy, try again later"
    else:
        monkeypatch.setattr(emails, "session_calendar",
                            failing_once(emails.session_calendar))
    now = utcnow()
    with mail_app.app_context():
        assert sender.send_due(now, emails.prepare).failed >= 1

    smtp_server.mailbox.refusal = None
    with mail_app.app_context():
        sender.send_due(now + sender.FIRST_RETRY + timedelta(seconds=1), emails.prepare)
    assert smtp_server.mailbox.recipients() == sorted(registered)
    sent = {row.recipient: row for row in outbox(db)}
    for item in smtp_server.mailbox.received:
        text_part, calendar_part, ticket_part = item.message.iter_parts()
        row = sent[item.envelope_to[0]]
        assert text_part.get_content().strip() == row.body.strip()
        assert calendar_part.get_content_type() == "text/calendar"
        assert calendar_part.get_filename() == "invite.ics"
        assert calendar_part.get_param("method") == "PUBLISH"
        assert ticket_part.get_filename() == "ticket.pdf"
        entry = icalendar.Calendar.from_ical(calendar_part.get_content()).walk("VEVENT")[0]
        assert entry.decoded("dtstart") == registered[row.recipient].event_session.starts_at
