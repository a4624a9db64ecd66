"""Read-side queries for pages: what the programme and dashboards show."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from scheduler.accounts.models import User
from scheduler.events.models import Event, EventSession, EventStatus, SessionStatus, event_organiser
from scheduler.extensions import db
from scheduler.permissions import is_organiser, is_signed_in
from scheduler.timezones import at_venue
from scheduler.validation import present


@dataclass(frozen=True)
class ProgrammeSummary:
    """An event with the span and places of its scheduled sessions."""

    event: Event
    sessions: list[EventSession]

    @property
    def first(self) -> EventSession | None:
        return self.sessions[0] if self.sessions else None

    @property
    def last(self) -> EventSession | None:
        return max(self.sessions, key=lambda s: s.ends_at) if self.sessions else None

    @property
    def cities(self) -> list[str]:
        return sorted({s.venue.city for s in self.sessions})

    @property
    def session_count(self) -> int:
        return len(self.sessions)


def summarise(events: list[Event]) -> list[ProgrammeSummary]:
    return [
        ProgrammeSummary(event, [s for s in event.sessions
                                 if s.status is SessionStatus.scheduled])
        for event in events
    ]


def _with_sessions_and_venues(statement: sa.Select[Any]) -> sa.Select[Any]:
    return statement.options(
        selectinload(Event.sessions).selectinload(EventSession.venue))


def published_programmes(now: datetime) -> list[ProgrammeSummary]:
    """Published events with a session still to end, soonest first."""
    upcoming = sa.select(EventSession.event_id).where(
        EventSession.ends_at > now, EventSession.status == SessionStatus.scheduled)
    events = db.session.scalars(_with_sessions_and_venues(
        sa.select(Event).where(Event.status == EventStatus.published,
                               Event.id.in_(upcoming)))).all()
    summaries = summarise(list(events))
    return sorted(summaries, key=lambda summary: present(summary.first).starts_at)


def organised_programmes(user: User) -> list[ProgrammeSummary]:
    """Every event the user may edit, drafts included, newest first."""
    events = db.session.scalars(_with_sessions_and_venues(
        sa.select(Event).where(editable_events_clause(user))
        .order_by(Event.created_at.desc(), Event.id.desc()))).all()
    return summarise(list(events))


@dataclass(frozen=True)
class SessionDay:
    """The sessions starting on one date, by their venues' clocks."""

    day: date
    sessions: list[EventSession]


def sessions_by_day(event: Event, *, with_people: bool = False) -> list[SessionDay]:
    """Every session of the event, cancelled ones too, grouped by the local
    date it starts on at its venue; venue and film (and people) come loaded."""
    # Joined, not selectin: one statement however many sessions (selectin
    # loads go in batches of 500 ids), which the timetable's query count holds.
    options = [joinedload(EventSession.venue), joinedload(EventSession.film)]
    if with_people:
        options.append(selectinload(EventSession.people))
    sessions = db.session.scalars(
        sa.select(EventSession).where(EventSession.event_id == event.id).options(*options)
        .order_by(EventSession.starts_at, EventSession.id)).all()
    return by_local_day(sessions)


def by_local_day(sessions: Iterable[EventSession]) -> list[SessionDay]:
    """Sessions (venues loaded, in start order) grouped by the local date they
    start on at their venues, earliest date first."""
    # Grouped by hand, not groupby: in UTC order, venues in different zones
    # can start a later local date before an earlier one.
    days: dict[date, list[EventSession]] = {}
    for event_session in sessions:
        local_day = at_venue(event_session.starts_at, event_session.venue.timezone).date()
        days.setdefault(local_day, []).append(event_session)
    return [SessionDay(day, days[day]) for day in sorted(days)]


def editable_events_clause(user: User) -> sa.ColumnElement[bool]:
    """The SQL form of can_edit_event, for listing a user's events."""
    if not is_organiser(user):
        return sa.false()
    if user.is_admin:
        return sa.true()
    co_organised = sa.select(event_organiser.c.event_id).where(
        event_organiser.c.user_id == user.id)
    return sa.or_(Event.owner_id == user.id, Event.id.in_(co_organised))


def visible_events_clause(user: User | None) -> sa.ColumnElement[bool]:
    """The SQL form of can_view_event."""
    public = Event.is_public.expression
    return sa.or_(public, editable_events_clause(user)) if is_signed_in(user) else public
