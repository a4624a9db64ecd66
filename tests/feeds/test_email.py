"""One-session calendars for emails, and the outbox attaching them."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.extensions import db as database
from scheduler.ical.calendar import session_calendar
from scheduler.ical.settings import FeedSettings
from scheduler.registration import services
from scheduler.registration.emails import Notice, notify
from scheduler.registration.models import Registration
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_session
from tests.feeds.parsers import read_everywhere
from tests.outbox import rendered_outbox

NOW = datetime.now(UTC).replace(microsecond=0)


def test_publish_and_cancel_calendars_share_uid_and_sequence(db, festival, tbilisi):
    screening = make_session(festival, tbilisi, starts_at=NOW + timedelta(days=5))
    settings = FeedSettings.current()
    published = session_calendar(screening, settings)
    cancelled = session_calendar(screening, settings, "CANCEL")
    assert "METHOD:PUBLISH\r\n" in published and "METHOD:CANCEL\r\n" in cancelled
    [as_published] = read_everywhere(published)
    [as_cancelled] = read_everywhere(cancelled)
    assert as_published.uid == as_cancelled.uid == screening.uid
    assert as_published.sequence == as_cancelled.sequence == screening.sequence
    assert (as_published.status, as_cancelled.status) == ("CONFIRMED", "CANCELLED")
    assert "BEGIN:VTIMEZONE\r\nTZID:Asia/Tbilisi\r\n" in published
    with pytest.raises(ValueError):
        session_calendar(screening, settings, "REQUEST")


def test_confirmed_promoted_and_reminder_emails_carry_the_session(db, festival, tbilisi):
    screening = make_session(festival, tbilisi, capacity=1, starts_at=NOW + timedelta(days=5))
    first = booked(screening, name="Nino", email="nino@example.org", now=NOW)
    booked(screening, name="Giorgi", email="giorgi@example.org", now=NOW)
    with unit_of_work():
        services.cancel(first.registration, now=NOW)
    promoted = database.session.scalars(sa.select(Registration).where(
        Registration.email == "giorgi@example.org")).one()
    notify(promoted, Notice.reminder)
    database.session.commit()
    messages = rendered_outbox(database)
    attached = [(m.recipient, m.subject.split(":")[0], m.calendar_method) for m in messages]
    assert attached == [
        ("nino@example.org", "Your seat is confirmed", "PUBLISH"),
        ("giorgi@example.org", "You are on the waitlist", None),
        ("giorgi@example.org", "A seat opened up for you", "PUBLISH"),
        ("giorgi@example.org", "Reminder", "PUBLISH"),
    ]
    for message in messages:
        if message.calendar:
            assert [r.uid for r in read_everywhere(message.calendar)] == [screening.uid]


def test_a_calendar_is_built_once_per_revision_and_never_from_unsaved_changes(
        db, festival, tbilisi):
    screening = make_session(festival, tbilisi, starts_at=NOW + timedelta(days=5))
    settings = FeedSettings.current()
    first = session_calendar(screening, settings)
    assert session_calendar(screening, settings) is first
    screening.title = "Moved to the big hall"
    unsaved = session_calendar(screening, settings)
    assert "Moved to the big hall" in unsaved
    database.session.commit()
    saved = session_calendar(screening, settings)
    assert saved is not first and "Moved to the big hall" in saved
    tbilisi.name = "Rustaveli Theatre"
    database.session.commit()
    assert "Rustaveli Theatre" in session_calendar(screening, settings)
