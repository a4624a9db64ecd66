"""Telling everyone registered for a session that it changed under them."""
from __future__ import annotations

import sqlalchemy as sa

from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.registration import emails
from scheduler.registration.emails import Notice
from scheduler.registration.models import Registration, RegistrationStatus as Status

ACTIVE = (Status.pending, Status.confirmed, Status.waitlisted, Status.attended)


def tell_everyone(event_session: EventSession, notice: Notice) -> int:
    """Queue `notice` to every active registration of the session, in the
    caller's transaction (so the change and its emails commit together).
    Returns how many were told."""
    registrations = db.session.scalars(sa.select(Registration).where(
        Registration.event_session_id == event_session.id,
        Registration.status.in_(ACTIVE)).order_by(Registration.id)).all()
    for registration in registrations:
        emails.notify(registration, notice)
    return len(registrations)
