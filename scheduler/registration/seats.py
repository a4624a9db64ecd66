"""Seats: taken and given back by single conditional UPDATEs on the session row.

No Python read-then-write: the condition and the change are one statement, so
two requests can never both take the last seat. On PostgreSQL the row lock
serialises them; on SQLite the statement takes the database write lock.
"""
from __future__ import annotations

import sqlalchemy as sa

from scheduler.database import rows_changed, table_of
from scheduler.events.models import Event, EventSession, has_open_seat_sql
from scheduler.extensions import db
from scheduler.venues.models import Venue

SESSIONS = table_of(EventSession)
_ID: sa.BindParameter[int] = sa.bindparam("session_id")
# Naming updated_at keeps it: seat counts are not a change to the session's
# details, and calendar feeds key their caches on those.
_KEEP_UPDATED_AT = {SESSIONS.c.updated_at: SESSIONS.c.updated_at}


# Whether a seat is there for a booking: an invited guest may take any free
# seat, held back or not.
SEAT_FOR = {False: has_open_seat_sql(SESSIONS.c),
            True: SESSIONS.c.seats_taken < SESSIONS.c.capacity}


def _take_seat(guest: bool) -> sa.Update:
    values = {SESSIONS.c.seats_taken: SESSIONS.c.seats_taken + 1}
    if guest:
        values[SESSIONS.c.guest_seats_taken] = SESSIONS.c.guest_seats_taken + 1
    return (sa.update(SESSIONS).where(SESSIONS.c.id == _ID, SEAT_FOR[guest])
            .values({**values, **_KEEP_UPDATED_AT}))


# Built once: on the booking path, putting a statement together cost more CPU
# than running it. Core, not ORM-enabled UPDATEs: the session object's seat
# counts are left stale either way, and the ORM's bookkeeping costs a booking dearly.
TAKE_SEAT = {guest: _take_seat(guest) for guest in (False, True)}
_EVENT, _VENUE = table_of(Event), table_of(Venue)
# What decides whether a session takes registrations (rules.Opening), read as
# Core columns, not ORM objects: under the lock, building the session, event
# and venue objects cost more than the rest of a booking.
WITH_EVENT_AND_VENUE = (SESSIONS.join(_EVENT, _EVENT.c.id == SESSIONS.c.event_id)
                        .join(_VENUE, _VENUE.c.id == SESSIONS.c.venue_id))
OPENING_COLUMNS = (SESSIONS.c.id, SESSIONS.c.event_id, _EVENT.c.status, SESSIONS.c.status,
                   SESSIONS.c.starts_at, SESSIONS.c.registration_opens_at,
                   SESSIONS.c.registration_closes_at, SESSIONS.c.registration_mode,
                   _VENUE.c.timezone, _EVENT.c.confirm_guest_email)
OPENING = sa.select(*OPENING_COLUMNS).select_from(WITH_EVENT_AND_VENUE).where(SESSIONS.c.id == _ID)


def take_seat(event_session_id: int, *, guest: bool = False) -> bool:
    """Take one seat if one is free; a guest may also use the held-back seats."""
    return rows_changed(db.session, TAKE_SEAT[guest], {"session_id": event_session_id}) == 1


def release_seat(event_session_id: int, *, guest: bool = False) -> None:
    values = {SESSIONS.c.seats_taken: SESSIONS.c.seats_taken - 1}
    if guest:
        values[SESSIONS.c.guest_seats_taken] = SESSIONS.c.guest_seats_taken - 1
    db.session.execute(sa.update(SESSIONS).where(SESSIONS.c.id == event_session_id)
                       .values({**values, **_KEEP_UPDATED_AT}))
