"""Whole calendars from the pieces: the VCALENDAR frame every calendar shares,
and a one-session calendar for an email attachment."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from icalendar import Calendar

from scheduler.database import Base
from scheduler.events.models import Event, EventSession
from scheduler.films.models import Film
from scheduler.ical import cache
from scheduler.ical.settings import FeedSettings
from scheduler.ical.vevent import CANCELLED, shown_status, vevent_bytes
from scheduler.ical.vtimezone import vtimezone_bytes
from scheduler.languages import DEFAULT
from scheduler.venues.models import Venue

PRODID = "-//Scheduler//Programme feeds 1.0//EN"
END = b"END:VCALENDAR\r\n"
EMAIL_METHODS = ("PUBLISH", "CANCEL")


def opening(method: str) -> Calendar:
    """A VCALENDAR with its own properties and no components yet."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def session_calendar(event_session: EventSession, settings: FeedSettings,
                     method: str = "PUBLISH", language: str = DEFAULT) -> str:
    """A one-session calendar for an email in the attendee's language:
    METHOD:PUBLISH, or METHOD:CANCEL with STATUS:CANCELLED. Same UID and
    SEQUENCE as in the feeds. Every attendee of a session who reads one
    language gets the same text, so it is built once per revision."""
    if method not in EMAIL_METHODS:
        raise ValueError(f"unknown calendar method {method!r}")
    status = CANCELLED if method == "CANCEL" else shown_status(event_session.status)
    key = _calendar_key(event_session, status, method, settings, language)
    found = cache.email_calendars.get(key) if key else None
    if found is None:
        found = _build_session_calendar(event_session, status, method, settings, language)
        if key:
            cache.email_calendars.put(key, found)
    return found


def _unsaved(row: Base) -> bool:
    state = sa.inspect(row)
    return state.modified or not state.persistent


def _calendar_key(event_session: EventSession, status: str, method: str,
                  settings: FeedSettings, language: str) -> tuple[Any, ...] | None:
    """What the calendar's text depends on, or None while any of its rows has
    unsaved changes (their revision stamps do not show those yet)."""
    rows: tuple[EventSession | Event | Venue | Film | None, ...] = (
        event_session, event_session.event, event_session.venue, event_session.film)
    if any(row is not None and _unsaved(row) for row in rows):
        return None
    return (event_session.uid, event_session.sequence,
            *(row.updated_at for row in rows if row is not None),
            status, method, language, settings.fingerprint)


def _build_session_calendar(event_session: EventSession, status: str, method: str,
                            settings: FeedSettings, language: str) -> str:
    vevent = vevent_bytes(event_session, status, settings, language)
    zone = vtimezone_bytes(event_session.venue.timezone, event_session.starts_at.year,
                           event_session.ends_at.year)
    frame = opening(method).to_ical()[:-len(END)]
    return b"".join([frame, zone, vevent, END]).decode()
