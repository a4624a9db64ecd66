"""An event's statistics for its organisers (GET /events/{id}/stats)."""
from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from scheduler import lookups
from scheduler.api import responses
from scheduler.api.auth import signed_in
from scheduler.database import utcnow
from scheduler.registration.stats import EventStats, SessionStats


def event_stats(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, signed_in())
    return jsonify(stats_json(EventStats.of(event, utcnow())))


def stats_json(stats: EventStats) -> responses.EventStats:
    return {"sessions": [session_stats_json(row) for row in stats.sessions],
            "registrations_by_day": [{"date": day.day.isoformat(), "count": day.count}
                                     for day in stats.by_day],
            "answers": {str(breakdown.question.id): breakdown.counts
                        for breakdown in stats.breakdowns}}


def session_stats_json(row: SessionStats) -> responses.SessionStats:
    return {"id": row.event_session.id, "capacity": row.event_session.capacity,
            "confirmed": row.confirmed, "pending": row.pending, "waitlisted": row.waitlisted,
            "declined": row.declined, "cancelled": row.cancelled,
            "checked_in": row.checked_in, "no_shows": row.no_shows}
