"""`flask mail remind`: one reminder per confirmed seat in a session starting
within the next 24 hours, never twice, and none for anyone or anything else."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import EventStatus, SessionStatus
from scheduler.mail.models import OutboxMessage
from scheduler.registration import services
from scheduler.registration.emails import Notice
from scheduler.registration.models import RegistrationStatus as Status
from scheduler.registration.reminders import queue_reminders
from scheduler.transactions import unit_of_work
from tests.factories import (
    booked,
    make_event,
    make_registration,
    make_session,
    make_user,
    make_venue,
)
from tests.outbox import rendered_outbox

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser)


def session_in(owner, hours: float, *, event_status=EventStatus.published, **values):
    # A venue each: sessions at the same hours would clash in one.
    event = make_event(owner, status=event_status)
    return make_session(event, make_venue(), starts_at=NOW + timedelta(hours=hours),
                        **values)


def reminders(db) -> list[str]:
    return sorted(db.session.scalars(sa.select(OutboxMessage.recipient).where(
        OutboxMessage.notice == Notice.reminder)))


def seat(event_session, email: str, status: Status = Status.confirmed):
    return make_registration(event_session, email=email, status=status)


def test_one_reminder_per_confirmed_seat_within_a_day(db, owner):
    tomorrow = session_in(owner, 3)
    for status in (Status.waitlisted, Status.cancelled, Status.pending, Status.declined):
        seat(tomorrow, f"{status.value}@example.org", status)
    seat(tomorrow, "nino@example.org")
    seat(session_in(owner, 24), "edge@example.org")  # exactly a day ahead: in
    seat(session_in(owner, 24.5), "over-a-day@example.org")
    seat(session_in(owner, 48), "day-after@example.org")
    seat(session_in(owner, 0), "starting-now@example.org")
    seat(session_in(owner, -2), "started@example.org")
    seat(session_in(owner, 5, status=SessionStatus.cancelled), "called-off@example.org")
    seat(session_in(owner, 6, event_status=EventStatus.draft), "draft@example.org")
    seat(session_in(owner, 7, event_status=EventStatus.cancelled),
         "cancelled-event@example.org")

    assert queue_reminders(NOW) == 2
    assert reminders(db) == ["edge@example.org", "nino@example.org"]
    assert queue_reminders(NOW) == 0
    # The next hourly run reaches the session that was just over a day away.
    assert queue_reminders(NOW + timedelta(hours=1)) == 1
    assert queue_reminders(NOW + timedelta(hours=1)) == 0
    assert reminders(db) == ["edge@example.org", "nino@example.org",
                             "over-a-day@example.org"]


def test_someone_promoted_later_is_reminded_once_too(db, owner):
    tomorrow = session_in(owner, 10, capacity=1)
    first = booked(tomorrow, name="Нино", email="nino@example.org",
                   now=NOW).registration
    booked(tomorrow, name="Анна", email="anna@example.org", now=NOW)
    assert queue_reminders(NOW) == 1
    with unit_of_work():
        services.cancel(first, now=NOW + timedelta(hours=1))
    assert queue_reminders(NOW + timedelta(hours=2)) == 1
    assert queue_reminders(NOW + timedelta(hours=3)) == 0
    assert reminders(db) == ["anna@example.org", "nino@example.org"]
    [reminder] = rendered_outbox(db, OutboxMessage.recipient == "anna@example.org",
                                 OutboxMessage.notice == Notice.reminder)
    assert reminder.subject.startswith("Reminder:")
    assert reminder.body.startswith("Dear Анна,")


def test_the_command_queues_and_reports(app, db, owner):
    soon = make_session(make_event(owner), make_venue(),
                        starts_at=datetime.now(UTC) + timedelta(hours=2))
    seat(soon, "nino@example.org")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["mail", "remind"]).output == "Queued 1 reminder(s).\n"
    assert runner.invoke(args=["mail", "remind"]).output == "Queued 0 reminder(s).\n"
    assert reminders(db) == ["nino@example.org"]
