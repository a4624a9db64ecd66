"""An event's numbers for its organisers: each session's registrations by
status, registrations made per day, and the answers to its questions.

Counted by the database (GROUP BY), one query per figure, whatever the
number of registrations; names and emails never leave through here.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction

from scheduler.events.models import Event, EventSession
from scheduler.extensions import db
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.registration.questions import COUNTED_KINDS, answer_counts, event_questions
from scheduler.registration.questions_models import CHOICE_KINDS, Question, QuestionKind
from scheduler.registration.services import SEATED
from scheduler.venues.models import Venue

SQLITE_FUNCTION = "local_day"


@dataclass(frozen=True)
class SessionStats:
    """One session's registrations. `confirmed` counts every seat taken, those
    checked in included (as the session's seats_taken does)."""

    event_session: EventSession
    confirmed: int
    pending: int
    waitlisted: int
    declined: int
    cancelled: int
    checked_in: int
    ended: bool

    @property
    def not_checked_in(self) -> int:
        return self.confirmed - self.checked_in

    @property
    def no_shows(self) -> int | None:
        """The confirmed not checked in, once the session has ended; None before."""
        return self.not_checked_in if self.ended else None


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class Breakdown:
    """How many active registrations gave each value to one counted question,
    in the order a reader expects: the options as the form lists them (none
    left out, given or not), yes before no, then any other value (a country,
    an option since removed) from the most given to the least."""

    question: Question
    counts: dict[str, int]


@dataclass(frozen=True)
class EventStats:
    sessions: list[SessionStats]
    by_day: list[DayCount]
    breakdowns: list[Breakdown]

    @classmethod
    def of(cls, event: Event, now: datetime) -> EventStats:
        return cls(session_stats(event, now), registrations_by_day(event),
                   answer_breakdowns(event))


def _count(*statuses: Status) -> sa.ColumnElement[int]:
    return sa.func.count(Registration.id).filter(Registration.status.in_(statuses))


def session_stats(event: Event, now: datetime) -> list[SessionStats]:
    """Every session of the event, cancelled ones too, in time order, with its
    counts by status: one query."""
    counts = (sa.select(Registration.event_session_id.label("session_id"),
                        _count(*SEATED).label("confirmed"), _count(Status.pending),
                        _count(Status.waitlisted), _count(Status.declined),
                        _count(Status.cancelled), _count(Status.attended))
              .where(Registration.event_session_id.in_(
                  sa.select(EventSession.id).where(EventSession.event_id == event.id)))
              .group_by(Registration.event_session_id).subquery())
    columns = [sa.func.coalesce(column, 0) for column in list(counts.c)[1:]]
    rows = db.session.execute(
        sa.select(EventSession, *columns)
        .outerjoin(counts, counts.c.session_id == EventSession.id)
        .where(EventSession.event_id == event.id)
        .order_by(EventSession.starts_at, EventSession.id)
        .options(joinedload(EventSession.venue), joinedload(EventSession.film)))
    return [SessionStats(event_session, confirmed, pending, waitlisted, declined, cancelled,
                         checked_in, ended=event_session.ends_at <= now)
            for (event_session, confirmed, pending, waitlisted, declined, cancelled,
                 checked_in) in rows.all()]


def registrations_by_day(event: Event) -> list[DayCount]:
    """Registrations made each day, whatever became of them since (a move to
    another session makes a new one), from the first such day to the last with
    the days between at 0. A day is the date at the venue of the session
    registered for, so an evening booking in Tbilisi counts on Tbilisi's date."""
    day = local_day(Registration.created_at, Venue.timezone)
    rows = db.session.execute(
        sa.select(day, sa.func.count())
        .join(EventSession, Registration.event_session_id == EventSession.id)
        .join(Venue, EventSession.venue_id == Venue.id)
        .where(EventSession.event_id == event.id)
        .group_by(day)).all()
    counts = {date.fromisoformat(day): count for day, count in rows}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
    return [DayCount(day, counts.get(day, 0)) for day in days]


def answer_breakdowns(event: Event) -> list[Breakdown]:
    """Each choice, multiple-choice, yes/no and country question of the event,
    retired ones too (their answers stay), in form order, with its counts."""
    given = answer_counts(event.id)
    return [Breakdown(question, _in_reading_order(question, given.get(question.id, {})))
            for question in event_questions(event.id, retired=True)
            if question.kind in COUNTED_KINDS]


def _in_reading_order(question: Question, counts: dict[str, int]) -> dict[str, int]:
    offered: list[str] = []
    if question.kind is QuestionKind.boolean:
        offered = ["true", "false"]
    elif question.kind in CHOICE_KINDS:
        offered = [option["value"] for option in question.options]
    ordered = {value: counts.get(value, 0) for value in offered}
    for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        ordered.setdefault(value, count)
    return ordered


class local_day(GenericFunction[str]):  # lower case: named as the SQL function
    """The date (YYYY-MM-DD) of a UTC instant in an IANA zone, both columns."""

    type = sa.String()
    inherit_cache = True


@compiles(local_day, "postgresql")
def _local_day_on_postgresql(element: local_day, compiler: SQLCompiler, **kw: Any) -> str:
    instant, zone = (compiler.process(clause, **kw) for clause in element.clauses)
    # The format inline, not bound: GROUP BY must repeat the select's expression exactly.
    return f"to_char(timezone({zone}, {instant}), 'YYYY-MM-DD')"


@compiles(local_day, "sqlite")
def _local_day_on_sqlite(element: local_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


def _python_local_day(stored: str | None, zone: str | None) -> str | None:
    # SQLite holds UTCDateTime as naive UTC text (scheduler/database.py).
    if stored is None or zone is None:
        return None
    instant = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    return instant.astimezone(ZoneInfo(zone)).date().isoformat()


@sa.event.listens_for(Engine, "connect")
def add_local_day(dbapi_connection: object, _record: object) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function(SQLITE_FUNCTION, 2, _python_local_day,
                                         deterministic=True)
