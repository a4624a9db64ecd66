"""Reading a session's registrations for its organisers: counts, waitlist
places, the list. Names and emails leave through here only to organisers."""
from __future__ import annotations

import sqlalchemy as sa

from scheduler.extensions import db
from scheduler.registration.models import Registration, RegistrationStatus


def status_counts(session_id: int) -> dict[str, int]:
    """How many registrations the session has in each status (zeros included)."""
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count())
        .where(Registration.event_session_id == session_id).group_by(Registration.status))
    counts = dict.fromkeys((status.value for status in RegistrationStatus), 0)
    counts.update({status.value: number for status, number in rows.all()})
    return counts


def waitlist_positions(session_id: int) -> dict[int, int]:
    """Every waitlisted registration's place, in one query."""
    ids = db.session.scalars(
        sa.select(Registration.id).where(Registration.event_session_id == session_id,
                                         Registration.status == RegistrationStatus.waitlisted)
        .order_by(Registration.waitlisted_at, Registration.id))
    return {registration_id: place for place, registration_id in enumerate(ids, start=1)}


def registrations(session_id: int) -> list[Registration]:
    """Every registration of the session, oldest first."""
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.event_session_id == session_id)
        .order_by(Registration.created_at, Registration.id)))
