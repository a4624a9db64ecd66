"""Writing one booking under its session row's lock: the seat if one is free,
the registration row and its email's outbox row.

How depends on the database, chosen once when the app is made (init_app):
on PostgreSQL the three are one statement (data-modifying CTEs). Every booking
of a session passes through the locked section one at a time, and each
statement in it was a round trip after which the holder also had to win the
GIL back from the server's other threads: measured under load, two thirds of
the time the lock was held went in waiting, not in work. SQLite has no
data-modifying CTEs, but its statements are calls within the process: there
they stay three statements. A waitlist place is counted outside the lock, when
it is asked for (position_of, booking.Receipt.position): the count of a long
waitlist took a third of the time SQLite's one write lock was held, and on
PostgreSQL, inside the one statement, a third of a sold-out session's bookings
per second (docs/bench-registrations.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from flask import Flask, current_app

from scheduler.database import UTCDateTime, lock_for_writing, table_of, utcnow
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.key_reads import read_row
from scheduler.mail import outbox
from scheduler.mail.models import OutboxMessage
from scheduler.registration import seats
from scheduler.registration.emails import Notice
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.registration.questions_models import Question
from scheduler.registration.rules import Opening

_REGISTRATION, _OUTBOX = table_of(Registration), table_of(OutboxMessage)
# The columns a booking's caller gives. The others are decided here, under the
# lock: the status and waitlist place by the seat, the time stamps by the clock
# (so that "oldest first" lists bookings in the order they were written), and
# the status changes' count and stamp by the database (migration 0008).
GIVEN = [column.name for column in _REGISTRATION.c
         if column.name not in ("id", "status", "waitlisted_at", "created_at", "updated_at",
                                "status_revision", "status_changed_at")]
_EXTENSION = "booking_writer"


@dataclass(frozen=True)
class Held:
    """A held session: what decides whether it takes registrations, and whether
    its event asks any questions (read in the same row: a booking that gives no
    answers then needs no read of its own for them)."""

    opening: Opening
    asks_questions: bool


@dataclass(frozen=True)
class Written:
    id: int
    status: Status
    waitlisted_at: datetime | None
    written_at: datetime

    def columns(self) -> dict[str, Any]:
        """The values of the columns not in GIVEN."""
        return dict(id=self.id, status=self.status, waitlisted_at=self.waitlisted_at,
                    created_at=self.written_at, updated_at=self.written_at)


class Writer(Protocol):
    def hold(self, session_id: int) -> Held | None:
        """Hold the session row until the transaction ends, and read what
        decides whether it takes registrations, freshly: while this request
        waited, it may have been cancelled. None when there is no such session."""

    def write(self, values: dict[str, Any], *, now: datetime, pending: bool,
              notice: Notice | None) -> Written:
        """Write a registration of `values` (the GIVEN columns) with a seat, a
        waitlist place at `now`, or (pending) neither, and queue its email:
        `notice`, by default the one for its status. The caller holds the
        session row. A duplicate raises IntegrityError."""


def init_app(app: Flask) -> None:
    """Choose how bookings are written, for the app's database."""
    backend = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
    writers: dict[str, type[Writer]] = {"postgresql": OneStatement, "sqlite": StepByStep}
    app.extensions[_EXTENSION] = writers[backend]()


def current() -> Writer:
    writer: Writer = current_app.extensions[_EXTENSION]
    return writer


class StepByStep:
    """SQLite: the database write lock, then one statement per step."""

    def hold(self, session_id: int) -> Held | None:
        lock_for_writing(db.session, EventSession, session_id)
        return _held(_HOLD, session_id)

    def write(self, values: dict[str, Any], *, now: datetime, pending: bool,
              notice: Notice | None) -> Written:
        written_at = utcnow()
        if pending:
            status = Status.pending
        elif seats.take_seat(values["event_session_id"], guest=values["guest"]):
            status = seated_status(values["confirm_by"])
        else:
            status = Status.waitlisted
        waitlisted_at = now if status is Status.waitlisted else None
        new_id = db.session.execute(_INSERT, values | {
            "status": status, "waitlisted_at": waitlisted_at,
            "created_at": written_at, "updated_at": written_at}).scalar_one()
        outbox.queue(new_id, values["email"], notice or Notice(status.value))
        return Written(new_id, status, waitlisted_at, written_at)


class OneStatement:
    """PostgreSQL: the locking read is the re-read, and the writing one statement."""

    def hold(self, session_id: int) -> Held | None:
        return _held(_HOLD_FOR_UPDATE, session_id)

    def write(self, values: dict[str, Any], *, now: datetime, pending: bool,
              notice: Notice | None) -> Written:
        written_at = utcnow()
        given = {f"given_{name}": value for name, value in values.items()}
        row = db.session.connection().execute(_IN_ONE_STATEMENT[values["guest"]], given | {
            "session_id": values["event_session_id"], "now": now, "pending": pending,
            "written_at": written_at, "notice": notice and notice.value,
            "unconfirmed": values["confirm_by"] is not None}).one()
        return Written(row.id, Status(row.status), row.waitlisted_at, written_at)


def seated_status(confirm_by: datetime | None) -> Status:
    """A seat's status: held, unconfirmed, while its email awaits confirmation."""
    return Status.confirmed if confirm_by is None else Status.unconfirmed


def _held(statement: sa.Select[Any], session_id: int) -> Held | None:
    row = db.session.connection().execute(statement, {"session_id": session_id}).one_or_none()
    return None if row is None else Held(Opening(*row[:-1]), row[-1])


# Built once: on the booking path, putting a statement together cost more CPU
# than running it.
_HOLD = seats.OPENING.add_columns(
    sa.exists().where(Question.event_id == seats.SESSIONS.c.event_id, ~Question.retired)
    .label("asks_questions"))
_HOLD_FOR_UPDATE = _HOLD.with_for_update(of=seats.SESSIONS)
_INSERT = sa.insert(_REGISTRATION).returning(_REGISTRATION.c.id)
# How many wait ahead of a place in a session's waitlist.
_AHEAD = sa.select(sa.func.count()).select_from(_REGISTRATION).where(
    _REGISTRATION.c.event_session_id == sa.bindparam("session_id"),
    _REGISTRATION.c.status == Status.waitlisted,
    sa.tuple_(_REGISTRATION.c.waitlisted_at, _REGISTRATION.c.id)
    < sa.tuple_(sa.bindparam("waitlisted_at", type_=UTCDateTime), sa.bindparam("id")))


def position_of(session_id: int, waitlisted_at: datetime, registration_id: int) -> int:
    """A waitlist place, 1 for the next in line. Asked for after the booking's
    commit, it is the place held then (those ahead who left are not counted),
    read outside any transaction: no BEGIN and ROLLBACK round trips."""
    row = read_row(_AHEAD, {"session_id": session_id, "waitlisted_at": waitlisted_at,
                            "id": registration_id})
    assert row is not None, "a count has a row"
    ahead: int = row[0]
    return ahead + 1


def _in_one_statement(guest: bool) -> sa.Select[Any]:
    """PostgreSQL: WITH seat AS (UPDATE ... RETURNING), booked AS (INSERT ...
    SELECT with the status the seat decides), queued AS (INSERT the email)
    SELECT the row."""
    pending = sa.bindparam("pending", type_=sa.Boolean)
    seat = seats.TAKE_SEAT[guest].where(~pending).returning(seats.SESSIONS.c.id).cte("seat")
    took_seat = sa.exists(sa.select(seat.c.id))
    seated = sa.case((sa.bindparam("unconfirmed", type_=sa.Boolean), Status.unconfirmed.value),
                     else_=Status.confirmed.value)
    status = sa.case((pending, Status.pending.value), (took_seat, seated),
                     else_=Status.waitlisted.value)
    waitlisted_at = sa.case((pending, None), (took_seat, None),
                            else_=sa.bindparam("now", type_=UTCDateTime))
    # Named apart from the columns: SQLAlchemy keeps those names for the
    # parameters of the INSERTs' own defaults.
    given = [sa.bindparam(f"given_{name}", type_=_REGISTRATION.c[name].type)
             for name in GIVEN]
    written_at = sa.bindparam("written_at", type_=UTCDateTime)
    booked = (sa.insert(_REGISTRATION)
              .from_select([*GIVEN, "status", "waitlisted_at", "created_at", "updated_at"],
                           sa.select(*given, status, waitlisted_at, written_at, written_at))
              .returning(_REGISTRATION.c.id, _REGISTRATION.c.status,
                         _REGISTRATION.c.waitlisted_at, _REGISTRATION.c.event_session_id)
              .cte("booked"))
    # The outbox row's defaults, spelled out: SQLAlchemy fills in the model's
    # own only for an INSERT run by itself, not for one inside a WITH.
    # tests/registration/test_booking.py compares it with outbox.queue's.
    queued = sa.insert(_OUTBOX).from_select(
        ["recipient", "notice", "registration_id", "subject", "body", "created_at",
         "send_after", "attempts", "last_error"],
        sa.select(sa.bindparam("given_email"),
                  sa.func.coalesce(sa.bindparam("notice", type_=sa.String), booked.c.status),
                  booked.c.id, sa.literal(""), sa.literal(""), written_at, written_at,
                  sa.literal(0), sa.literal("")),
        include_defaults=False).cte("queued")
    return sa.select(booked.c.id, booked.c.status, booked.c.waitlisted_at).add_cte(queued)


_IN_ONE_STATEMENT = {guest: _in_one_statement(guest) for guest in (False, True)}
