"""Thousands of sessions in a few statements, for query counts and the benchmark."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from scheduler.events.models import Event, EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.films.models import Film
from scheduler.venues.models import Venue

FIRST_START = datetime(2030, 1, 1, 6, tzinfo=UTC)
SLOT = timedelta(hours=2)  # each venue's sessions follow each other, 90 minutes long


def add_sessions(events: list[Event], venues: list[Venue], numbers: range) -> None:
    """Sessions number `numbers` (keep them apart between calls: they fix the
    times) round-robin over the events and venues, some cancelled, some full,
    some screening a film. One INSERT statement; commits."""
    film_ids = db.session.scalars(sa.insert(Film).returning(Film.id), [
        {"title": f"Film {n}", "runtime_minutes": 90} for n in range(5)]).all()
    rows = []
    for n in numbers:
        venue = venues[n % len(venues)]
        starts_at = FIRST_START + SLOT * (n // len(venues))
        ends_at = starts_at + timedelta(minutes=90)
        rows.append({
            "event_id": events[n % len(events)].id, "venue_id": venue.id,
            "title": "" if n % 3 == 0 else f"Session {n}", "film_id": film_ids[n % 5],
            "starts_at": starts_at, "ends_at": ends_at, "blocked_until": ends_at,
            "capacity": 40, "seats_taken": (n * 7) % 41,
            "status": SessionStatus.cancelled if n % 11 == 0 else SessionStatus.scheduled})
    db.session.execute(sa.insert(EventSession), rows)
    db.session.commit()
