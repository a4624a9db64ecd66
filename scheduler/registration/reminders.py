"""Reminders: one email per confirmed seat, the day before the session."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from scheduler.database import rows_changed
from scheduler.events.models import Event, EventSession, EventStatus, SessionStatus
from scheduler.extensions import db
from scheduler.registration.emails import Notice, notify
from scheduler.registration.models import Registration, RegistrationStatus
from scheduler.transactions import unit_of_work

REMINDER_WINDOW = timedelta(hours=24)


def queue_reminders(now: datetime) -> int:
    """Write one reminder per confirmed registration in a scheduled session of
    a published event starting in (now, now + 24 h]; never twice. Each reminder
    is a unit of work of its own, so one that fails keeps those before it."""
    due = (sa.select(Registration.id)
           .join(EventSession, Registration.event_session_id == EventSession.id)
           .join(Event, EventSession.event_id == Event.id)
           .where(Registration.status == RegistrationStatus.confirmed,
                  Registration.reminded_at.is_(None),
                  EventSession.status == SessionStatus.scheduled,
                  Event.status == EventStatus.published,
                  EventSession.starts_at > now,
                  EventSession.starts_at <= now + REMINDER_WINDOW)
           .order_by(EventSession.starts_at, Registration.id))
    queued = 0
    for registration_id in db.session.scalars(due).all():
        with unit_of_work():
            queued += _remind(registration_id, now)
    return queued


def _remind(registration_id: int, now: datetime) -> bool:
    # The conditional UPDATE marks the registration reminded and the email is
    # written in the same transaction; a second run sees rowcount 0 and skips.
    marked = rows_changed(db.session, (
        sa.update(Registration)
        .where(Registration.id == registration_id, Registration.reminded_at.is_(None),
               Registration.status == RegistrationStatus.confirmed)
        .values(reminded_at=now)
        .execution_options(synchronize_session=False))) == 1
    if marked:
        notify(db.session.get_one(Registration, registration_id), Notice.reminder)
    return marked
