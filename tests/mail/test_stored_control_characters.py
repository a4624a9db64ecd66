"""Rows stored before input refused control characters and line breaks still
give whole emails over SMTP: a one-line Subject, a body and calendar without
control characters."""
from __future__ import annotations

import re

import icalendar
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.mail.models import OutboxMessage
from tests.factories import booked, make_event, make_session, make_user, make_venue
from tests.mail.test_sender import send
from tests.pdfs import pdf_text

CONTROL_BUT_TAB_AND_LINE_ENDS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# As icalendar wrote SUMMARYs before the rule: control characters kept.
OLD_CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Scheduler//EN\r\nMETHOD:CANCEL\r\n"
                "BEGIN:VEVENT\r\nUID:1@scheduler.test\r\nSUMMARY:Late\x1b show\r\n"
                "END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_a_session_with_bad_stored_text_still_emails_everyone(db, mail_app, smtp_server):
    event = make_event(make_user(role=Role.organiser), title="Festival\x07")
    venue = make_venue(name="Amirani\r\nCinema", online_url="https://meet.example.org/a\r\nb")
    screening = make_session(event, venue, title="Opening\r\nBcc: all@example.org\x85night",
                             description="Doors\x1b open\r\nat six")
    booked(screening, name="Nino", email="nino@example.org")
    # Written before the rule, or around it: an attendee name with a line break.
    db.session.execute(sa.text("UPDATE registration SET name = :name"),
                       {"name": "Nino\r\nBeridze\x1f"})
    db.session.commit()

    assert "Sent 1, failed 0" in send(mail_app)
    [received] = smtp_server.mailbox.received
    assert received.envelope_to == ["nino@example.org"]
    message = received.message
    assert message["Subject"] == ("Your seat is confirmed: "
                                  "Opening Bcc: all@example.org night")
    assert message["Bcc"] is None
    text_part, calendar_part, ticket_part = message.iter_parts()
    assert "Nino Beridze" in pdf_text(ticket_part.get_content())
    body = text_part.get_content()
    assert not CONTROL_BUT_TAB_AND_LINE_ENDS.search(body)
    assert "Nino" in body and "Beridze" in body
    entry = icalendar.Calendar.from_ical(calendar_part.get_content()).walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == "Opening Bcc: all@example.org night"


def test_a_message_rendered_before_the_rule_still_goes(db, mail_app, smtp_server):
    db.session.add(OutboxMessage(recipient="tamar@example.org",
                                 subject="Cancelled: Late\r\nshow\x1b",
                                 body="Dear Tamar,\r\nno show\x07 tonight.",
                                 calendar=OLD_CALENDAR, calendar_method="CANCEL"))
    db.session.commit()
    assert "Sent 1, failed 0" in send(mail_app)
    [received] = smtp_server.mailbox.received
    assert received.message["Subject"] == "Cancelled: Late show"
    text_part, calendar_part = received.message.iter_parts()
    assert text_part.get_content().replace("\r\n", "\n") == "Dear Tamar,\nno show tonight.\n"
    calendar = calendar_part.get_content()
    assert not CONTROL_BUT_TAB_AND_LINE_ENDS.search(calendar)
    entry = icalendar.Calendar.from_ical(calendar).walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == "Late show"
