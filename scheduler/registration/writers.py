"""Writing one booking under its session row's lock: the seat if one is free,
the registration row and its email's outbox row.

How depends on the database, chosen once when the app is made (init_app):
on PostgreSQL the lock and the three writes are one statement (data-modifying
CTEs). Every booking of a session passes through the locked section one at a
time, and each statement in it was a round trip after which the holder also
had to win the GIL back from the server's other threads: measured under load,
two thirds of the time the lock was held went in waiting, not in work. So what
decides is read and judged before the lock, and the writing statement takes
the lock only if what was judged still stands (Writer.write); when it does
not, the booking holds the row, reads and judges again. A booking that is its
caller's whole unit of work runs that statement in autocommit: the database
commits it as it ends, and lets go of the row without a COMMIT round trip.
SQLite has no data-modifying CTEs, but its statements are calls within the
process: there the write lock comes first, then the read and up to three
writes, each handed straight to the driver. A new waitlist place is the
session row's waitlist length, as read under the lock, plus one: the
database keeps that count (migration 0022). Counting the waitlist instead
read every place in it, on each booking (docs/bench-registrations.md).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from flask import Flask, current_app

from scheduler.database import UTCDateTime, lock_for_writing, table_of, utcnow
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.key_reads import read_row, row_on, write_row
from scheduler.mail.models import OutboxMessage
from scheduler.registration import seats
from scheduler.registration.emails import Notice
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.registration.questions_models import Question
from scheduler.registration.rules import Opening

_REGISTRATION, _OUTBOX = table_of(Registration), table_of(OutboxMessage)
# The columns a booking's caller gives. The others are decided here, under the
# lock: the status and waitlist place by the seat, the time stamps by the
# writer's clock (Writer.clock: so that the waitlist and "oldest first" list
# bookings in the order they were written), and the status changes' count and
# stamp by the database (migration 0008).
GIVEN = [column.name for column in _REGISTRATION.c
         if column.name not in ("id", "status", "waitlisted_at", "created_at", "updated_at",
                                "status_revision", "status_changed_at")]
_EXTENSION = "booking_writer"


@dataclass(frozen=True)
class Held:
    """A session as read for a booking: what decides whether it takes
    registrations, and whether its event asks any questions (read in the same
    row: a booking that gives no answers then needs no read of its own for
    them). `locked`: read under the session row's lock, which the transaction
    holds until it ends; then `waitlist_length` is the length a new place
    follows. `remembered`: read for an earlier booking."""

    opening: Opening
    asks_questions: bool
    waitlist_length: int
    open_seat: bool  # to the public
    free_seat: bool  # to an invited guest, who may take the seats held back
    locked: bool
    remembered: bool = False

    def has_seat_for(self, *, guest: bool) -> bool:
        return self.free_seat if guest else self.open_seat


@dataclass(frozen=True)
class Written:
    id: int
    status: Status
    waitlisted_at: datetime | None
    written_at: datetime
    position: int | None  # in the waitlist, 1 for the next in line

    def columns(self) -> dict[str, Any]:
        """The values of the columns not in GIVEN."""
        return dict(id=self.id, status=self.status, waitlisted_at=self.waitlisted_at,
                    created_at=self.written_at, updated_at=self.written_at)


class Writer(Protocol):
    def read(self, session_id: int, *, fresh: bool = False) -> Held | None:
        """What decides whether the session takes registrations, for a
        booking to judge before it writes: locked where the writer locks
        first, and unless `fresh` perhaps as read for an earlier booking (a
        refusal is judged again on a fresh read). None when there is no such
        session."""

    def hold(self, session_id: int) -> Held | None:
        """Hold the session row until the transaction ends, and read what
        decides whether it takes registrations, freshly: while this request
        waited, it may have been cancelled. None when there is no such session."""

    def write(self, values: dict[str, Any], judged: Held, *, pending: bool,
              notice: Notice | None, alone: bool = False) -> Written | None:
        """Write a registration of `values` (the GIVEN columns) with a seat, a
        waitlist place, or (pending) neither, and queue its email: `notice`,
        by default the one for its status. Holds the session row until the
        transaction ends. None, writing nothing, when the session no longer
        reads as `judged` did: then hold it and judge again. A duplicate
        raises IntegrityError. `alone`: this write is the caller's whole unit
        of work, which the writer may then commit with it."""

    def clock(self) -> datetime:
        """Now, by the clock the writer stamps with, read under the session
        row's lock: a waitlist place stamped by it comes after every one
        written before."""


def init_app(app: Flask) -> None:
    """Choose how bookings are written, for the app's database."""
    backend = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
    writers: dict[str, type[Writer]] = {"postgresql": OneStatement, "sqlite": StepByStep}
    app.extensions[_EXTENSION] = writers[backend]()


def current() -> Writer:
    writer: Writer = current_app.extensions[_EXTENSION]
    return writer


class StepByStep:
    """SQLite: the database write lock, then one statement per step. The
    database is in the app's own process, so its clock is the app's. Under
    the lock each statement goes straight to the driver (key_reads.row_on):
    run through SQLAlchemy's execution, the locked section took half as long
    again, and every booking of every session waits for that lock
    (docs/bench-registrations.md)."""

    def read(self, session_id: int, *, fresh: bool = False) -> Held | None:
        return self.hold(session_id)

    def hold(self, session_id: int) -> Held | None:
        lock_for_writing(db.session, EventSession, session_id)
        row = row_on(db.session.connection(), _HOLD, {"session_id": session_id})
        return None if row is None else _held_from(row, locked=True)

    def write(self, values: dict[str, Any], judged: Held, *, pending: bool,
              notice: Notice | None, alone: bool = False) -> Written:
        # The write lock, taken by the read, let nothing change what was judged:
        # a session it found full takes no seat, and needs no UPDATE to say so.
        connection = db.session.connection()
        written_at = self.clock()
        guest = values["guest"]
        if pending:
            status = Status.pending
        elif judged.has_seat_for(guest=guest) and row_on(
                connection, _TAKE_SEAT[guest], {"session_id": values["event_session_id"]}):
            status = seated_status(values["confirm_by"])
        else:
            status = Status.waitlisted
        waitlisted_at, position = None, None
        if status is Status.waitlisted:
            # Read with the session, under the write lock: no other writer moved it.
            waitlisted_at, position = written_at, judged.waitlist_length + 1
        row = row_on(connection, _INSERT, values | {
            "status": status, "waitlisted_at": waitlisted_at,
            "created_at": written_at, "updated_at": written_at})
        assert row is not None, "an INSERT ... RETURNING has a row"
        new_id = row[0]
        row_on(connection, _QUEUE, {"given_email": values["email"], "registration_id": new_id,
                                    "notice": str(notice or Notice(status.value)),
                                    "created_at": written_at})
        return Written(new_id, status, waitlisted_at, written_at, position)

    def clock(self) -> datetime:
        return utcnow()


class OneStatement:
    """PostgreSQL: an unlocked read, then one statement that locks the row if
    what was read still stands, and writes. A session's read is remembered
    for its next booking: the write checks it anyway, so a booking of a
    session in demand is one statement and the commit. Its stamps come from
    the database's clock, the one that every app server writing to it shares."""

    def __init__(self) -> None:
        self._remembered: dict[int, Held] = {}

    def read(self, session_id: int, *, fresh: bool = False) -> Held | None:
        remembered = None if fresh else self._remembered.get(session_id)
        if remembered:
            return remembered
        if _in_transaction():
            # What the caller's own transaction wrote is seen only in it.
            return self._remember(session_id, _held(_HOLD, session_id, locked=False))
        # Outside any transaction, no BEGIN: the write checks what was read anyway.
        row = read_row(_HOLD, {"session_id": session_id})
        return self._remember(session_id, None if row is None else _held_from(row, locked=False))

    def hold(self, session_id: int) -> Held | None:
        return self._remember(session_id, _held(_HOLD_FOR_UPDATE, session_id, locked=True))

    def _remember(self, session_id: int, held: Held | None) -> Held | None:
        if len(self._remembered) >= _REMEMBERED_SESSIONS:
            self._remembered.clear()
        if held is None:
            self._remembered.pop(session_id, None)
        else:
            self._remembered[session_id] = replace(held, locked=False, remembered=True)
        return held

    def write(self, values: dict[str, Any], judged: Held, *, pending: bool,
              notice: Notice | None, alone: bool = False) -> Written | None:
        given = {f"given_{name}": value for name, value in values.items()}
        opening = judged.opening
        as_judged = {f"judged_{number}": value for number, value in enumerate(
            [*(getattr(opening, field.name) for field in _OPENING_FIELDS),
             judged.asks_questions])}
        statement = _IN_ONE_STATEMENT[values["guest"]]
        parameters = given | as_judged | {
            "session_id": values["event_session_id"], "pending": pending,
            "notice": notice and notice.value, "unconfirmed": values["confirm_by"] is not None}
        row: Sequence[Any] | None
        if alone and not judged.locked and not _in_transaction():
            # The statement commits itself: the session row is held while the
            # database runs it, not also while the COMMIT makes its round trip
            # and waits for this thread to win the GIL back (measured: the
            # waitlist's rate rose by a quarter, docs/bench-registrations.md).
            row = write_row(statement, parameters)
        else:
            row = db.session.connection().execute(statement, parameters).one_or_none()
        if row is None:
            return None
        new_id, status, waitlisted_at, written_at, position = row
        return Written(new_id, Status(status), waitlisted_at, written_at, position)

    def clock(self) -> datetime:
        return db.session.execute(_CLOCK).scalar_one()


def seated_status(confirm_by: datetime | None) -> Status:
    """A seat's status: held, unconfirmed, while its email awaits confirmation."""
    return Status.confirmed if confirm_by is None else Status.unconfirmed


def _in_transaction() -> bool:
    """Whether this unit of work has already read or written: then the rest of
    it belongs on the same connection, in the same transaction."""
    return db.session().in_transaction()


def _held(statement: sa.Select[Any], session_id: int, *, locked: bool) -> Held | None:
    row = db.session.connection().execute(statement, {"session_id": session_id}).one_or_none()
    return None if row is None else _held_from(row, locked=locked)


def _held_from(row: Sequence[Any], *, locked: bool) -> Held:
    *opening, asks_questions, waitlist_length, open_seat, free_seat = row
    return Held(Opening(*opening), asks_questions, waitlist_length, open_seat, free_seat, locked)


# Built once: on the booking path, putting a statement together cost more CPU
# than running it.
_ASKS_QUESTIONS = sa.exists().where(Question.event_id == seats.SESSIONS.c.event_id,
                                    ~Question.retired)
_HOLD = seats.OPENING.add_columns(_ASKS_QUESTIONS.label("asks_questions"),
                                  seats.SESSIONS.c.waitlist_length,
                                  *(seats.SEAT_FOR[guest].label(f"seat_for_guest_{guest}")
                                    for guest in (False, True)))
_HOLD_FOR_UPDATE = _HOLD.with_for_update(of=seats.SESSIONS)
# SQLite's statements under the write lock (StepByStep), every value given:
# the driver is handed them as they are, without SQLAlchemy filling in defaults.
_TAKE_SEAT = {guest: seats.TAKE_SEAT[guest].returning(seats.SESSIONS.c.id)
              for guest in (False, True)}
_INSERT = (sa.insert(_REGISTRATION)
           .values({name: sa.bindparam(name, type_=_REGISTRATION.c[name].type)
                    for name in [*GIVEN, "status", "waitlisted_at", "created_at", "updated_at"]})
           .returning(_REGISTRATION.c.id))
_CLOCK = sa.select(sa.func.clock_timestamp(type_=UTCDateTime))
_OPENING_FIELDS = fields(Opening)  # in the order of seats.OPENING_COLUMNS
# Sessions whose reads a server process keeps: far more than are booked at once.
_REMEMBERED_SESSIONS = 1000
# How many wait ahead of a place in a session's waitlist.
_AHEAD = sa.select(sa.func.count()).select_from(_REGISTRATION).where(
    _REGISTRATION.c.event_session_id == sa.bindparam("session_id"),
    _REGISTRATION.c.status == Status.waitlisted,
    sa.tuple_(_REGISTRATION.c.waitlisted_at, _REGISTRATION.c.id)
    < sa.tuple_(sa.bindparam("waitlisted_at", type_=UTCDateTime), sa.bindparam("id")))


def position_of(session_id: int, waitlisted_at: datetime, registration_id: int) -> int:
    """A waitlist place as it stands, 1 for the next in line (those ahead who
    left are not counted), read outside any transaction: no BEGIN and
    ROLLBACK round trips. A new booking's is read as it is written (Written)."""
    row = read_row(_AHEAD, {"session_id": session_id, "waitlisted_at": waitlisted_at,
                            "id": registration_id})
    assert row is not None, "a count has a row"
    ahead: int = row[0]
    return ahead + 1


# The email row's defaults, spelled out: SQLAlchemy fills in the model's own
# only for an INSERT it runs itself, not for one inside a WITH or handed to
# the driver. tests/registration/test_booking.py compares the row with
# outbox.queue's.
_OUTBOX_DEFAULTS = {"subject": "", "body": "", "attempts": 0, "last_error": ""}


def _queued(recipient: sa.ColumnElement[Any], notice: sa.ColumnElement[Any],
            registration_id: sa.ColumnElement[Any], at: sa.ColumnElement[Any]) -> sa.Insert:
    """The INSERT of a booking's email row, due at once."""
    return sa.insert(_OUTBOX).from_select(
        ["recipient", "notice", "registration_id", "created_at", "send_after",
         *_OUTBOX_DEFAULTS],
        sa.select(recipient, notice, registration_id, at, at,
                  *(sa.literal(value) for value in _OUTBOX_DEFAULTS.values())),
        include_defaults=False)


_QUEUE = _queued(sa.bindparam("given_email", type_=sa.String),
                 sa.bindparam("notice", type_=sa.String),
                 sa.bindparam("registration_id", type_=sa.Integer),
                 sa.bindparam("created_at", type_=UTCDateTime))


def _in_one_statement(guest: bool) -> sa.Select[Any]:
    """PostgreSQL: WITH locked AS (SELECT the session FOR UPDATE if it still
    reads as judged), stamped AS (the clock, once the lock is held), seat AS
    (UPDATE ... RETURNING), booked AS (INSERT ... SELECT with the status the
    seat decides), queued AS (INSERT the email) SELECT the row and its
    waitlist place. Nothing is written, and no row comes back, when `locked`
    finds no session."""
    sessions = seats.SESSIONS
    as_judged = [column.is_not_distinct_from(sa.bindparam(f"judged_{number}", type_=column.type))
                 for number, column in enumerate([*seats.OPENING_COLUMNS, _ASKS_QUESTIONS])]
    locked = (sa.select(sessions.c.id, sessions.c.waitlist_length)
              .select_from(seats.WITH_EVENT_AND_VENUE)
              .where(sessions.c.id == sa.bindparam("session_id"), *as_judged)
              .with_for_update(of=sessions).cte("locked"))
    # Stamped from the locked row, not beside it: PostgreSQL computes a
    # locking SELECT's own columns before it waits for the lock.
    stamped = sa.select(sa.func.clock_timestamp(type_=UTCDateTime).label("at"),
                        locked.c.waitlist_length).cte("stamped")
    pending = sa.bindparam("pending", type_=sa.Boolean)
    seat = (seats.TAKE_SEAT[guest].where(~pending, sa.exists(sa.select(stamped.c.at)))
            .returning(sessions.c.id).cte("seat"))
    took_seat = sa.exists(sa.select(seat.c.id))
    seated = sa.case((sa.bindparam("unconfirmed", type_=sa.Boolean), Status.unconfirmed.value),
                     else_=Status.confirmed.value)
    status = sa.case((pending, Status.pending.value), (took_seat, seated),
                     else_=Status.waitlisted.value)
    waitlisted_at = sa.case((pending, None), (took_seat, None), else_=stamped.c.at)
    # Named apart from the columns: SQLAlchemy keeps those names for the
    # parameters of the INSERTs' own defaults.
    given = [sa.bindparam(f"given_{name}", type_=_REGISTRATION.c[name].type)
             for name in GIVEN]
    booked = (sa.insert(_REGISTRATION)
              .from_select([*GIVEN, "status", "waitlisted_at", "created_at", "updated_at"],
                           sa.select(*given, status, waitlisted_at, stamped.c.at, stamped.c.at))
              .returning(_REGISTRATION.c.id, _REGISTRATION.c.status,
                         _REGISTRATION.c.waitlisted_at, _REGISTRATION.c.created_at)
              .cte("booked"))
    queued = _queued(sa.bindparam("given_email"),
                     sa.func.coalesce(sa.bindparam("notice", type_=sa.String), booked.c.status),
                     booked.c.id, booked.c.created_at).cte("queued")
    position = sa.case((booked.c.status == Status.waitlisted.value,
                        stamped.c.waitlist_length + 1)).label("position")
    return (sa.select(booked.c.id, booked.c.status, booked.c.waitlisted_at,
                      booked.c.created_at, position)
            .select_from(booked.join(stamped, sa.true())).add_cte(queued))


_IN_ONE_STATEMENT = {guest: _in_one_statement(guest) for guest in (False, True)}

