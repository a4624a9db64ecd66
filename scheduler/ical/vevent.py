"""One session as a VEVENT, written by icalendar, and the cache of its bytes."""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import force_locale, gettext as _
from icalendar import Event as VEvent, vCalAddress, vCategory, vDDDTypes, vInt, vText, vUri
from icalendar.parser import Contentline
from icalendar.timezone import tzp

from scheduler.events.models import Event, EventSession, SessionStatus, shown_title
from scheduler.extensions import db
from scheduler.films.models import Film
from scheduler.ical import cache
from scheduler.ical.settings import FeedSettings
from scheduler.languages import DEFAULT
from scheduler.localised import Translations, localised
from scheduler.plain_text import multi_line, one_line
from scheduler.timezones import is_repeated
from scheduler.venues.models import Venue

CONFIRMED, TENTATIVE, CANCELLED = "CONFIRMED", "TENTATIVE", "CANCELLED"
# How an attendee's registrations for a session stand, in an agenda.
HELD, AWAITED, WITHDRAWN = "held", "awaited", "withdrawn"
# Keeps each IN (...) list well inside every database's parameter limit.
LOAD_CHUNK = 500
# RFC 5545 folds content lines longer than 75 octets.
FOLD_WIDTH = 75
# What vevent_properties reads of a session's own columns, read as plain rows
# (SessionRow) for a cold build: no ORM object per session.
VEVENT_COLUMNS = (EventSession.id, EventSession.uid, EventSession.title,
                  EventSession.description, EventSession.translations,
                  EventSession.starts_at, EventSession.ends_at, EventSession.status,
                  EventSession.sequence, EventSession.created_at, EventSession.updated_at,
                  EventSession.event_id, EventSession.venue_id, EventSession.film_id)
R = TypeVar("R", Event, Venue, Film)
# The first and last content lines of every VEVENT.
BEGIN, END = b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n"
# A VEVENT's properties in order: (NAME, icalendar value).
Properties = list[tuple[str, Any]]


@dataclass(frozen=True, slots=True)
class SessionRow:
    """A session's VEVENT_COLUMNS as a plain row, with its event, venue and
    film (ORM rows: few, each shared by many sessions)."""

    id: int
    uid: str
    title: str
    description: str
    translations: Translations | None
    starts_at: datetime
    ends_at: datetime
    status: SessionStatus
    sequence: int
    created_at: datetime
    updated_at: datetime
    event_id: int
    venue_id: int
    film_id: int | None
    event: Event
    venue: Venue
    film: Film | None


# What a VEVENT shows of a session: an ORM one (emails) or a plain row.
ShownSession = EventSession | SessionRow


def revised_at(event_session: ShownSession) -> datetime:
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


class Shared:
    """What the VEVENTs of one build have in common, made once: property
    values many sessions show (a venue's LOCATION, an event kind's
    CATEGORIES, the ORGANIZER, STATUS...), each written as a content line
    once, and every distinct content line folded once. Keyed by the rows
    themselves, so it holds for one build only, as its rows do; a fresh one
    (the default) shares nothing."""

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}
        # The ids of those values, which they keep while this lives: no
        # other object can have one of them meanwhile.
        self._shared: set[int] = set()
        self._lines: dict[tuple[str, int], bytes] = {}
        self._folded: dict[str, bytes] = {}

    def value(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The icalendar value for `key`, made by `make` the first time."""
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = make()
            self._shared.add(id(found))
        return found

    def serialised(self, properties: Properties) -> bytes:
        """The VEVENT of `properties` as VEvent.to_ical(sorted=False) writes
        it, line by line: icalendar writes each property's content line (a
        shared value's once) and folds it (each distinct line once), without
        first filling a VEvent's case-insensitive dictionary to read it back."""
        pieces = [BEGIN]
        for name, value in properties:
            shared = id(value) in self._shared
            piece = self._lines.get((name, id(value))) if shared else None
            if piece is None:
                piece = self._fold(Contentline.from_parts(name, value.params, value,
                                                          sorted=False))
                if shared:
                    self._lines[(name, id(value))] = piece
            pieces.append(piece)
        pieces.append(END)
        return b"".join(pieces)

    def _fold(self, line: Any) -> bytes:
        piece = self._folded.get(line)
        if piece is None:
            encoded = line.encode()
            # icalendar's fold walks a line character by character; one
            # shorter than the fold width comes out of it as it went in.
            if len(encoded) >= FOLD_WIDTH:
                encoded = line.to_ical()
            piece = self._folded[line] = encoded + b"\r\n"
        return piece


def vevent_bytes(event_session: ShownSession, status: str, settings: FeedSettings,
                 language: str | None = None, standing: Standing | None = None,
                 shared: Shared | None = None) -> bytes:
    """The session's VEVENT as text: its texts in `language`, None: as first
    written (scheduler.localised). Properties come in the order
    vevent_properties gives them, the same in every process; icalendar's
    default sorting of names and parameters would only cost a cold build time
    (about 4 %)."""
    shared = shared or Shared()
    return shared.serialised(vevent_properties(event_session, status, settings, language,
                                               standing, shared))


def build_vevent(event_session: ShownSession, status: str, settings: FeedSettings,
                 language: str | None = None, standing: Standing | None = None) -> VEvent:
    """The VEVENT for a session as an icalendar component."""
    component = VEvent()
    for name, value in vevent_properties(event_session, status, settings, language, standing):
        component.add(name, value)
    return component


def vevent_properties(event_session: ShownSession, status: str, settings: FeedSettings,
                      language: str | None = None, standing: Standing | None = None,
                      shared: Shared | None = None) -> Properties:
    """What the VEVENT for a session says, property by property, as icalendar
    values; `status` is CONFIRMED, TENTATIVE or CANCELLED. In an agenda
    (`standing`), the attendee's status changes are changes of the VEVENT
    too: they add to SEQUENCE and move DTSTAMP and LAST-MODIFIED. `shared`
    carries what other sessions of the same build can reuse."""
    shared = shared or Shared()
    venue, event = event_session.venue, event_session.event
    page = settings.session_url(event_session.id)
    revision = revised_at(event_session)
    sequence = event_session.sequence
    if standing is not None:
        revision = max(revision, standing.changed_at)
        sequence += standing.revisions
    # DTSTAMP and LAST-MODIFIED are one value; parallel sessions in a zone
    # share their times (keyed with the zone: aware times compare as instants).
    stamp = _utc_stamp(shared, revision)
    zone = venue.timezone
    start, end = (shared.value(("time", zone, moment, moment.utcoffset()),
                               partial(vDDDTypes, moment))
                  for moment in shown_times(event_session))
    properties = [
        ("UID", vText(event_session.uid)),
        ("DTSTAMP", stamp),
        ("DTSTART", start),
        ("DTEND", end),
        # Stored text may predate the input rule (plain_text): cleaned here,
        # a bad row can neither break the feed nor inject a property into it.
        ("SUMMARY", vText(one_line(shown_summary(event_session, status, language)))),
        ("DESCRIPTION", vText(multi_line(description(event_session, page, language)))),
        ("LOCATION", shared.value(("location", venue, language),
                                  lambda: vText(location(venue, language)))),
        ("URL", vUri(page)),
        ("CATEGORIES", shared.value(("categories", event.kind),
                                    lambda: vCategory([event.kind.label]))),
        ("STATUS", shared.value(("status", status), lambda: vText(status))),
        ("SEQUENCE", shared.value(("sequence", sequence), lambda: vInt(sequence))),
        ("CREATED", _utc_stamp(shared, event_session.created_at)),
        ("LAST-MODIFIED", stamp),
        ("ORGANIZER", shared.value(("organizer", settings), lambda: organizer(settings))),
    ]
    online = venue.online_url
    if online:
        properties.append(("CONFERENCE", shared.value(
            ("conference", venue), lambda: vUri(one_line(online), params={"VALUE": "URI"}))))
    return properties


def _utc_stamp(shared: Shared, moment: datetime) -> vDDDTypes:
    """A DTSTAMP, CREATED or LAST-MODIFIED value, in UTC as add() would make
    it of a datetime (RFC 5545 wants them so). iCalendar counts whole seconds,
    so the rows written in one second share one value."""
    second = moment.replace(microsecond=0)
    value: vDDDTypes = shared.value(("stamp", second, second.utcoffset()),
                                    lambda: vDDDTypes(tzp.localize_utc(second)))
    return value


def shown_times(event_session: ShownSession) -> tuple[datetime, datetime]:
    """Start and end at the venue, or both in UTC when either falls in the
    hour clocks go back over: a local time there names two instants, and
    clients do not agree on which one a TZID means."""
    zone = event_session.venue.timezone
    times = (event_session.starts_at, event_session.ends_at)
    if any(is_repeated(moment, zone) for moment in times):
        return times
    start, end = (moment.astimezone(ZoneInfo(zone)) for moment in times)
    return start, end


def shown_summary(event_session: ShownSession, status: str, language: str | None) -> str:
    """The title, marked when cancelled: some clients (Outlook) show a
    subscribed event with STATUS:CANCELLED as if it were on."""
    title = summary(event_session, language)
    if status != CANCELLED:
        return title
    with force_locale(language or DEFAULT):
        return _("Cancelled: %(title)s", title=title)


def summary(event_session: ShownSession, language: str | None = None) -> str:
    return shown_title(event_session, language)


def description(event_session: ShownSession, page: str, language: str | None = None) -> str:
    """Plain text: what it is, how to join an online one, and where to read more."""
    return "\n\n".join([*about(event_session, language), *joining(event_session, page)])


def about(event_session: ShownSession, language: str | None = None) -> list[str]:
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


def joining(event_session: ShownSession, page: str) -> list[str]:
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
    built, shared = {}, Shared()
    for event_session in _load_sessions(missing):
        entry = missing[event_session.id]
        standing = entry.standing
        status = shown_status(event_session.status, standing.standing if standing else None)
        built[event_session.id] = vevent_bytes(event_session, status, settings, language,
                                               standing, shared)
        cache.vevents.put(entry.key, built[event_session.id])
    pieces = (piece or built.get(entry.session_id)
              for entry, piece in zip(wanted, found, strict=True))
    return [piece for piece in pieces if piece is not None]


def _load_sessions(session_ids: Iterable[int]) -> list[SessionRow]:
    ids = sorted(session_ids)
    rows = [row for start in range(0, len(ids), LOAD_CHUNK) for row in db.session.execute(
        sa.select(*VEVENT_COLUMNS).where(EventSession.id.in_(ids[start:start + LOAD_CHUNK])))]
    events = _by_id(Event, {row.event_id for row in rows})
    venues = _by_id(Venue, {row.venue_id for row in rows})
    films = _by_id(Film, {row.film_id for row in rows if row.film_id is not None})
    return [SessionRow(**row._mapping, event=events[row.event_id], venue=venues[row.venue_id],
                       film=films.get(row.film_id) if row.film_id is not None else None)
            for row in rows]


def _by_id(model: type[R], ids: set[int]) -> dict[int, R]:
    ordered = sorted(ids)
    return {row.id: row for start in range(0, len(ordered), LOAD_CHUNK)
            for row in db.session.scalars(sa.select(model).where(
                model.id.in_(ordered[start:start + LOAD_CHUNK])))}
