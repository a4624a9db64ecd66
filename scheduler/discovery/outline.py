"""What an event's page says of it in a few rows, however many sessions it has:
its first and last session, its cities, and a bounded list of sessions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
    sessions, or over the cancelled ones when none is scheduled. Each part is
    read in an index's order (event and start, event and end), never sorted
    from all the event's sessions."""
    # People too: each listed session names its speakers.
    coming = _sessions(event).options(selectinload(EventSession.people))
    shown = list(db.session.scalars(coming.where(EventSession.ends_at > now).order_by(
        EventSession.starts_at, EventSession.id).limit(MOST_SESSIONS)))
    if len(shown) < MOST_SESSIONS:
        shown += db.session.scalars(coming.where(EventSession.ends_at <= now).order_by(
            EventSession.starts_at, EventSession.id).limit(MOST_SESSIONS - len(shown)))
    if not shown:
        return None
    first = _scheduled_first(event, EventSession.starts_at, EventSession.id)
    last = _scheduled_first(event, EventSession.ends_at.desc(), EventSession.id.desc())
    scheduled_here = sa.select(EventSession.id).where(
        EventSession.event_id == event.id, EventSession.venue_id == Venue.id,
        EventSession.status == SessionStatus.scheduled).exists()
    cities = db.session.scalars(
        sa.select(Venue.city).distinct().where(scheduled_here).order_by(Venue.city)).all()
    return Outline(first, last, list(cities), shown)


def _scheduled_first(event: Event, *order: Any) -> EventSession:
    """The event's first session by `order` among the scheduled ones, else
    among all (an event whose sessions are all cancelled)."""
    for chosen in (_sessions(event).where(EventSession.status == SessionStatus.scheduled),
                   _sessions(event)):
        found = db.session.scalars(chosen.order_by(*order).limit(1)).first()
        if found is not None:
            return found
    raise LookupError(f"event {event.id} has no sessions")


def _sessions(event: Event) -> sa.Select[EventSession]:
    return (sa.select(EventSession).where(EventSession.event_id == event.id)
            .options(joinedload(EventSession.venue), joinedload(EventSession.film)))
