"""Seats: taken and given back by single conditional UPDATEs on the session row.

No Python read-then-write: the condition and the change are one statement, so
two requests can never both take the last seat. On PostgreSQL the row lock
serialises them; on SQLite the statement takes the database write lock.
"""
from __future__ import annotations

import sqlalchemy as sa

from scheduler.database import lock_for_writing
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.lookups import WITH_EVENT_AND_VENUE

# Naming updated_at keeps it: seat counts are not a change to the session's
# details, and calendar feeds key their caches on those.
_KEEP_UPDATED_AT = {EventSession.updated_at: EventSession.updated_at}


def hold(event_session: EventSession) -> None:
    """Hold the session row until the transaction ends, and re-read it (with
    its event and venue): while this request waited, it may have been cancelled."""
    statement = sa.select(EventSession).where(EventSession.id == event_session.id)
    if db.session.get_bind().dialect.name == "sqlite":
        lock_for_writing(db.session, EventSession, event_session.id)
    else:
        # The locking read is the re-read: one round trip under the lock.
        statement = statement.with_for_update(of=EventSession)
    db.session.execute(statement.options(*WITH_EVENT_AND_VENUE)
                       .execution_options(populate_existing=True)).scalar_one()


def take_seat(event_session_id: int, *, guest: bool = False) -> bool:
    """Take one seat if one is free; a guest may also use the held-back seats."""
    conditions = [EventSession.id == event_session_id,
                  EventSession.seats_taken < EventSession.capacity]
    values = {EventSession.seats_taken: EventSession.seats_taken + 1}
    if guest:
        values[EventSession.guest_seats_taken] = EventSession.guest_seats_taken + 1
    else:
        conditions.append(EventSession.seats_taken - EventSession.guest_seats_taken
                          < EventSession.capacity - EventSession.reserved_seats)
    result = db.session.execute(
        sa.update(EventSession).where(*conditions).values({**values, **_KEEP_UPDATED_AT})
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def release_seat(event_session_id: int, *, guest: bool = False) -> None:
    values = {EventSession.seats_taken: EventSession.seats_taken - 1}
    if guest:
        values[EventSession.guest_seats_taken] = EventSession.guest_seats_taken - 1
    db.session.execute(
        sa.update(EventSession).where(EventSession.id == event_session_id)
        .values({**values, **_KEEP_UPDATED_AT})
        .execution_options(synchronize_session=False))
