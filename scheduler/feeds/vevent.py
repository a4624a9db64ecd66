"""One session as a VEVENT, written by icalendar, and the cache of its bytes."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from icalendar import Event as VEvent
from icalendar import vCalAddress, vText, vUri
from sqlalchemy.orm import load_only, selectinload

from scheduler.events.models import EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.feeds import cache
from scheduler.feeds.settings import FeedSettings
from scheduler.plain_text import multi_line, one_line
from scheduler.venues.models import Venue

CONFIRMED, TENTATIVE, CANCELLED = "CONFIRMED", "TENTATIVE", "CANCELLED"
# Keeps each IN (...) list well inside every database's parameter limit.
LOAD_CHUNK = 500
# What build_vevent reads of a session: loading only these spares a cold
# build the other columns (seats, registration windows...) of every row.
VEVENT_COLUMNS = (EventSession.uid, EventSession.title, EventSession.description,
                  EventSession.starts_at, EventSession.ends_at, EventSession.status,
                  EventSession.sequence, EventSession.created_at, EventSession.updated_at,
                  EventSession.event_id, EventSession.venue_id, EventSession.film_id)


def revised_at(event_session: EventSession) -> datetime:
    """The last change to anything the VEVENT's text shows."""
    stamps = [event_session.updated_at, event_session.event.updated_at,
              event_session.venue.updated_at]
    if event_session.film is not None:
        stamps.append(event_session.film.updated_at)
    return max(stamps)


def fragment_key(session_id: int, sequence: int, stamps: tuple, status: str,
                 settings: FeedSettings) -> tuple:
    """Everything that changes a VEVENT's bytes: the session's own revision,
    those of its event, venue and film (as stored), the STATUS shown and the
    settings. Flat, of strings and numbers, so hashing it is cheap."""
    return (session_id, sequence, *stamps, status, settings.fingerprint)


def shown_status(status: SessionStatus, tentative: bool = False) -> str:
    """A cancelled session is CANCELLED for everyone; an agenda shows a seat
    not yet held (waitlisted, awaiting approval) as TENTATIVE."""
    if status is SessionStatus.cancelled:
        return CANCELLED
    return TENTATIVE if tentative else CONFIRMED


def vevent_bytes(event_session: EventSession, status: str, settings: FeedSettings) -> bytes:
    """The session's VEVENT as text. Properties come in the order build_vevent
    adds them, the same in every process; icalendar's default sorting of names
    and parameters would only cost a cold build time (about 4 %)."""
    return build_vevent(event_session, status, settings).to_ical(sorted=False)


def build_vevent(event_session: EventSession, status: str, settings: FeedSettings) -> VEvent:
    """The VEVENT for a session; `status` is CONFIRMED, TENTATIVE or CANCELLED."""
    venue, event = event_session.venue, event_session.event
    zone = ZoneInfo(venue.timezone)
    page = settings.session_url(event_session.id)
    revision = revised_at(event_session)
    component = VEvent()
    component.add("uid", event_session.uid)
    component.add("dtstamp", revision)
    component.add("dtstart", event_session.starts_at.astimezone(zone))
    component.add("dtend", event_session.ends_at.astimezone(zone))
    # Stored text may predate the input rule (plain_text): cleaned here, a
    # bad row can neither break the feed nor inject a property into it.
    component.add("summary", vText(one_line(summary(event_session))))
    component.add("description", vText(multi_line(description(event_session, page))))
    component.add("location", vText(location(venue)))
    component.add("url", vUri(page))
    component.add("categories", [event.kind.label])
    component.add("status", status)
    component.add("sequence", event_session.sequence)
    component.add("created", event_session.created_at)
    component.add("last-modified", revision)
    component.add("organizer", organizer(settings))
    if venue.online_url:
        component.add("conference", vUri(one_line(venue.online_url)),
                      parameters={"VALUE": "URI"})
    return component


def summary(event_session: EventSession) -> str:
    return event_session.shown_title


def description(event_session: EventSession, page: str) -> str:
    """Plain text: what it is, how to join an online one, and where to read more."""
    event = event_session.event
    parts = [event_session.description or event.description]
    film = event_session.film
    if film is not None:
        credits = ", ".join(str(part) for part in (film.director, film.country, film.year)
                            if part)
        parts.append(f"Film: {film.title}" + (f" ({credits})" if credits else "")
                     + f", {film.runtime_minutes} min")
    if summary(event_session) != event.title:
        parts.append(f"Part of {event.title}")
    if event_session.venue.online_url:
        parts.append(f"Join online: {one_line(event_session.venue.online_url)}")
    parts.append(f"Details and registration: {page}")
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def location(venue: Venue) -> str:
    parts = (one_line(part) for part in (venue.name, venue.address, venue.city))
    return ", ".join(part for part in parts if part)


def organizer(settings: FeedSettings) -> vCalAddress:
    address = vCalAddress(f"mailto:{settings.organizer_email}")
    address.params["CN"] = one_line(settings.organizer_name)
    return address


def cached_fragments(wanted: list[tuple[tuple, int, bool]],
                     settings: FeedSettings) -> list[bytes]:
    """The VEVENT bytes for (cache key, session id, tentative) triples, in
    order; the sessions missing from the cache are loaded and written once.
    Revisions only go forward, so a session changed since its key was read
    is written as it is now (the next poll has its new key); a deleted one is
    left out."""
    found = [cache.vevents.get(key) for key, _, _ in wanted]
    missing = {session_id: (key, tentative)
               for (key, session_id, tentative), piece in zip(wanted, found) if piece is None}
    built = {}
    for event_session in _load_sessions(missing):
        key, tentative = missing[event_session.id]
        status = shown_status(event_session.status, tentative)
        built[event_session.id] = vevent_bytes(event_session, status, settings)
        cache.vevents.put(key, built[event_session.id])
    pieces = (piece or built.get(session_id)
              for (_, session_id, _), piece in zip(wanted, found))
    return [piece for piece in pieces if piece is not None]


def _load_sessions(session_ids: Iterable[int]) -> list[EventSession]:
    ids = sorted(session_ids)
    loaded: list[EventSession] = []
    for start in range(0, len(ids), LOAD_CHUNK):
        loaded.extend(db.session.scalars(
            sa.select(EventSession).where(EventSession.id.in_(ids[start:start + LOAD_CHUNK]))
            .options(load_only(*VEVENT_COLUMNS), selectinload(EventSession.event),
                     selectinload(EventSession.venue), selectinload(EventSession.film))))
    return loaded
