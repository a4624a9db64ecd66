"""One session as a VEVENT, written by icalendar, and the cache of its bytes."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import force_locale, gettext as _
from icalendar import Event as VEvent, vCalAddress, vText, vUri
from sqlalchemy.orm import load_only, selectinload

from scheduler.events.models import EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.ical import cache
from scheduler.ical.settings import FeedSettings
from scheduler.languages import DEFAULT
from scheduler.localised import localised
from scheduler.plain_text import multi_line, one_line
from scheduler.timezones import is_repeated
from scheduler.venues.models import Venue

CONFIRMED, TENTATIVE, CANCELLED = "CONFIRMED", "TENTATIVE", "CANCELLED"
# How an attendee's registrations for a session stand, in an agenda.
HELD, AWAITED, WITHDRAWN = "held", "awaited", "withdrawn"
# Keeps each IN (...) list well inside every database's parameter limit.
LOAD_CHUNK = 500
# What build_vevent reads of a session: loading only these spares a cold
# build the other columns (seats, registration windows...) of every row.
VEVENT_COLUMNS = (EventSession.uid, EventSession.title, EventSession.description,
                  EventSession.translations,
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


@dataclass(frozen=True)
class Standing:
    """An attendee's registrations for one session, as their agenda shows it:
    every status change of any of them counts in `revisions` (so SEQUENCE
    only grows), `changed_at` is the latest of them."""

    standing: str  # HELD, AWAITED or WITHDRAWN
    revisions: int
    changed_at: datetime


class Entry(NamedTuple):
    """What assembling a feed needs of one session."""

    key: tuple[Any, ...]
    session_id: int
    standing: Standing | None = None


def fragment_key(session_id: int, sequence: int, stamps: tuple[Any, ...], status: str,
                 settings: FeedSettings, language: str | None,
                 standing: Standing | None = None) -> tuple[Any, ...]:
    """Everything that changes a VEVENT's bytes: the session's own revision,
    those of its event, venue and film (as stored), the STATUS shown, the
    language, an agenda's standing and the settings. Flat, of strings and
    numbers, so hashing it is cheap."""
    agenda = (standing.revisions, standing.changed_at) if standing else ()
    return (session_id, sequence, *stamps, status, language, *agenda, settings.fingerprint)


def shown_status(status: SessionStatus, standing: str | None = None) -> str:
    """A cancelled session is CANCELLED for everyone; an agenda shows a seat
    not yet held (waitlisted, awaiting approval) as TENTATIVE, and one given
    up (cancelled, declined) as CANCELLED."""
    if status is SessionStatus.cancelled or standing == WITHDRAWN:
        return CANCELLED
    return TENTATIVE if standing == AWAITED else CONFIRMED


def vevent_bytes(event_session: EventSession, status: str, settings: FeedSettings,
                 language: str | None = None, standing: Standing | None = None) -> bytes:
    """The session's VEVENT as text: its texts in `language`, None: as first
    written (scheduler.localised). Properties come in the order build_vevent
    adds them, the same in every process; icalendar's default sorting of names
    and parameters would only cost a cold build time (about 4 %)."""
    serialised: bytes = build_vevent(event_session, status, settings, language,
                                     standing).to_ical(sorted=False)
    return serialised


def build_vevent(event_session: EventSession, status: str, settings: FeedSettings,
                 language: str | None = None, standing: Standing | None = None) -> VEvent:
    """The VEVENT for a session; `status` is CONFIRMED, TENTATIVE or CANCELLED.
    In an agenda (`standing`), the attendee's status changes are changes of
    the VEVENT too: they add to SEQUENCE and move DTSTAMP and LAST-MODIFIED."""
    venue, event = event_session.venue, event_session.event
    page = settings.session_url(event_session.id)
    revision = revised_at(event_session)
    sequence = event_session.sequence
    if standing is not None:
        revision = max(revision, standing.changed_at)
        sequence += standing.revisions
    component = VEvent()
    component.add("uid", event_session.uid)
    component.add("dtstamp", revision)
    for name, moment in zip(("dtstart", "dtend"), shown_times(event_session), strict=True):
        component.add(name, moment)
    # Stored text may predate the input rule (plain_text): cleaned here, a
    # bad row can neither break the feed nor inject a property into it.
    component.add("summary", vText(one_line(shown_summary(event_session, status, language))))
    component.add("description", vText(multi_line(description(event_session, page,
                                                               language))))
    component.add("location", vText(location(venue, language)))
    component.add("url", vUri(page))
    component.add("categories", [event.kind.label])
    component.add("status", status)
    component.add("sequence", sequence)
    component.add("created", event_session.created_at)
    component.add("last-modified", revision)
    component.add("organizer", organizer(settings))
    if venue.online_url:
        component.add("conference", vUri(one_line(venue.online_url)),
                      parameters={"VALUE": "URI"})
    return component


def shown_times(event_session: EventSession) -> tuple[datetime, datetime]:
    """Start and end at the venue, or both in UTC when either falls in the
    hour clocks go back over: a local time there names two instants, and
    clients do not agree on which one a TZID means."""
    zone = event_session.venue.timezone
    times = (event_session.starts_at, event_session.ends_at)
    if any(is_repeated(moment, zone) for moment in times):
        return times
    start, end = (moment.astimezone(ZoneInfo(zone)) for moment in times)
    return start, end


def shown_summary(event_session: EventSession, status: str, language: str | None) -> str:
    """The title, marked when cancelled: some clients (Outlook) show a
    subscribed event with STATUS:CANCELLED as if it were on."""
    title = summary(event_session, language)
    if status != CANCELLED:
        return title
    with force_locale(language or DEFAULT):
        return _("Cancelled: %(title)s", title=title)


def summary(event_session: EventSession, language: str | None = None) -> str:
    return event_session.shown_title_in(language)


def description(event_session: EventSession, page: str, language: str | None = None) -> str:
    """Plain text: what it is, how to join an online one, and where to read more."""
    return "\n\n".join([*about(event_session, language), *joining(event_session, page)])


def about(event_session: EventSession, language: str | None = None) -> list[str]:
    """What the session is: its description, its film, the event it is part of;
    texts in `language` where written so."""
    event = event_session.event
    event_title = localised(event, "title", language)
    parts = [localised(event_session, "description", language)
             or localised(event, "description", language)]
    film = event_session.film
    if film is not None:
        credits = ", ".join(str(part) for part in (film.director, film.country, film.year)
                            if part)
        parts.append(f"Film: {localised(film, 'title', language)}"
                     + (f" ({credits})" if credits else "") + f", {film.runtime_minutes} min")
    if summary(event_session, language) != event_title:
        parts.append(f"Part of {event_title}")
    return [part.strip() for part in parts if part and part.strip()]


def joining(event_session: EventSession, page: str) -> list[str]:
    """How to join an online session, and the page to read more on."""
    parts = []
    if event_session.venue.online_url:
        parts.append(f"Join online: {one_line(event_session.venue.online_url)}")
    parts.append(f"Details and registration: {page}")
    return parts


def location(venue: Venue, language: str | None = None) -> str:
    parts = (one_line(part) for part in (localised(venue, "name", language),
                                         localised(venue, "address", language), venue.city))
    return ", ".join(part for part in parts if part)


def organizer(settings: FeedSettings) -> vCalAddress:
    address = vCalAddress(f"mailto:{settings.organizer_email}")
    address.params["CN"] = one_line(settings.organizer_name)
    return address


def cached_fragments(wanted: list[Entry], settings: FeedSettings,
                     language: str | None = None) -> list[bytes]:
    """The VEVENT bytes for the entries, in order; the sessions missing from
    the cache are loaded and written once. Revisions only go forward, so a
    session changed since its key was read is written as it is now (the next
    poll has its new key); a deleted one is left out."""
    found = [cache.vevents.get(entry.key) for entry in wanted]
    missing = {entry.session_id: entry for entry, piece in zip(wanted, found, strict=True)
               if piece is None}
    built = {}
    for event_session in _load_sessions(missing):
        entry = missing[event_session.id]
        standing = entry.standing
        status = shown_status(event_session.status, standing.standing if standing else None)
        built[event_session.id] = vevent_bytes(event_session, status, settings, language,
                                               standing)
        cache.vevents.put(entry.key, built[event_session.id])
    pieces = (piece or built.get(entry.session_id)
              for entry, piece in zip(wanted, found, strict=True))
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
