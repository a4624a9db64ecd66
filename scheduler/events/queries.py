"""Read-side queries for pages: what the programme and dashboards show."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from scheduler.accounts.models import User
from scheduler.events.models import Event, EventSession, EventStatus, SessionStatus
from scheduler.events.permissions import editable_events_clause
from scheduler.extensions import db


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


def _with_sessions_and_venues(statement: sa.Select) -> sa.Select:
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
    return sorted(summaries, key=lambda summary: summary.first.starts_at)


def organised_programmes(user: User) -> list[ProgrammeSummary]:
    """Every event the user may edit, drafts included, newest first."""
    events = db.session.scalars(_with_sessions_and_venues(
        sa.select(Event).where(editable_events_clause(user))
        .order_by(Event.created_at.desc(), Event.id.desc()))).all()
    return summarise(list(events))
