"""What an event's page says of it in a few rows, however many sessions it has:
its first and last session, its cities, and a bounded list of sessions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from scheduler.events.models import Event, EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.venues.models import Venue

# Enough for a festival's coming days; a longer list helps no search engine.
MOST_SESSIONS = 50


@dataclass(frozen=True)
class Outline:
    first: EventSession
    last: EventSession  # the one ending last
    cities: list[str]
    # Sessions still to end first, each in start order; cancelled ones too.
    sessions: list[EventSession]


def outline(event: Event, now: datetime) -> Outline | None:
    """None for an event without sessions. Its span runs over the scheduled
    sessions, or over the cancelled ones when none is scheduled."""
    sessions = _sessions(event).order_by(
        EventSession.ends_at <= now, EventSession.starts_at, EventSession.id)
    # People too: each listed session names its speakers.
    shown = list(db.session.scalars(
        sessions.options(selectinload(EventSession.people)).limit(MOST_SESSIONS)))
    if not shown:
        return None
    cancelled_last = EventSession.status != SessionStatus.scheduled
    first = db.session.scalars(_sessions(event).order_by(
        cancelled_last, EventSession.starts_at, EventSession.id).limit(1)).one()
    last = db.session.scalars(_sessions(event).order_by(
        cancelled_last, EventSession.ends_at.desc(), EventSession.id).limit(1)).one()
    cities = db.session.scalars(
        sa.select(Venue.city).distinct().join(EventSession.venue)
        .where(EventSession.event_id == event.id,
               EventSession.status == SessionStatus.scheduled)
        .order_by(Venue.city)).all()
    return Outline(first, last, list(cities), shown)


def _sessions(event: Event) -> sa.Select[EventSession]:
    return (sa.select(EventSession).where(EventSession.event_id == event.id)
            .options(joinedload(EventSession.venue), joinedload(EventSession.film)))
