"""schema.org Event data (JSON-LD) for event and session pages, with what
Google's event rich results require: a name, a start with its UTC offset and
a location (a postal address, or the online room's address); and what they
recommend: end, status, attendance mode, description, image, offers, organiser."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from scheduler.discovery.outline import Outline
from scheduler.discovery.text import summary
from scheduler.events.models import Event, EventSession, EventStatus
from scheduler.films.models import Film
from scheduler.localised import in_reader_language as text_of, reader_language
from scheduler.timezones import at_venue
from scheduler.urls import public_url
from scheduler.venues.models import Venue

SCHEMA = "https://schema.org"
# Long enough for a real description; search engines show far less.
LONGEST_DESCRIPTION = 1000

JsonLd = dict[str, Any]


def session_document(event_session: EventSession, url: str, site_name: str, *,
                     image_url: str | None = None) -> JsonLd:
    """The session as a schema.org Event of its own, part of its event."""
    event = event_session.event
    return {"@context": SCHEMA, **session_event(event_session, url, image_url=image_url),
            "organizer": organizer(site_name),
            "superEvent": {"@type": "Event", "name": text_of(event, "title"),
                           "url": public_url("public.event_page", slug=event.slug)}}


def event_document(event: Event, outline: Outline, url: str, site_name: str, *,
                   image_url: str | None = None) -> JsonLd:
    """The event over the span of its sessions, with a bounded list of them
    (the outline's); its places and attendance mode are those of the listed ones."""
    venues = _distinct(s.venue for s in outline.sessions)
    places = [location(venue) for venue in venues]
    cancelled = event.status is EventStatus.cancelled
    return _without_empty({
        "@context": SCHEMA, "@type": "Event", "name": text_of(event, "title"), "url": url,
        "startDate": venue_time(outline.first.starts_at, outline.first.venue),
        "endDate": venue_time(outline.last.ends_at, outline.last.venue),
        "eventStatus": f"{SCHEMA}/{'EventCancelled' if cancelled else 'EventScheduled'}",
        "eventAttendanceMode": attendance_mode(venues),
        "location": places[0] if len(places) == 1 else places,
        "description": summary(text_of(event, "description"), LONGEST_DESCRIPTION),
        "image": [image_url] if image_url else None,
        "organizer": organizer(site_name),
        "subEvent": [session_event(s, public_url("public.session_page", session_id=s.id))
                     for s in outline.sessions],
    })


def film_document(film: Film, url: str, *, image_url: str | None = None) -> JsonLd:
    """The film as a schema.org Movie."""
    return {"@context": SCHEMA, **_without_empty({
        "@type": "Movie", "name": text_of(film, "title"), "url": url,
        "alternateName": film.original_title if film.original_title != film.title else None,
        "director": {"@type": "Person", "name": film.director} if film.director else None,
        "countryOfOrigin": film.country or None,
        "dateCreated": str(film.year) if film.year else None,
        "duration": f"PT{film.runtime_minutes}M",
        "description": summary(text_of(film, "synopsis"), LONGEST_DESCRIPTION),
        "image": [image_url] if image_url else None,
    })}


def session_event(event_session: EventSession, url: str, *,
                  image_url: str | None = None) -> JsonLd:
    venue, film = event_session.venue, event_session.film
    return _without_empty({
        "@type": "ScreeningEvent" if film else "Event",
        "name": event_session.shown_title_in(reader_language()), "url": url,
        "startDate": venue_time(event_session.starts_at, venue),
        "endDate": venue_time(event_session.ends_at, venue),
        "eventStatus": event_status(event_session),
        "eventAttendanceMode": attendance_mode([venue]),
        "location": location(venue),
        "description": summary(session_text(event_session), LONGEST_DESCRIPTION),
        "image": [image_url] if image_url else None,
        "offers": None if event_session.is_cancelled else offer(event_session, url),
        "performer": [{"@type": "Person", "name": link.person.name}
                      for link in event_session.people],
        "workPresented": {"@type": "Movie", "name": text_of(film, "title")} if film else None,
    })


def session_text(event_session: EventSession) -> str:
    """What describes a session, in the reader's language: its own text, else
    its film's synopsis, else its event's."""
    film = event_session.film
    return (text_of(event_session, "description") or (text_of(film, "synopsis") if film else "")
            or text_of(event_session.event, "description"))


def event_status(event_session: EventSession) -> str:
    """Cancelled (itself or by its event), rescheduled (moved since it was first
    published: its calendar sequence went up), or as planned."""
    if event_session.is_cancelled:
        return f"{SCHEMA}/EventCancelled"
    if event_session.sequence > 0:
        return f"{SCHEMA}/EventRescheduled"
    return f"{SCHEMA}/EventScheduled"


def offer(event_session: EventSession, url: str) -> JsonLd:
    """Registering, as an offer: in stock while public seats are left."""
    seats = "InStock" if event_session.open_seats > 0 else "SoldOut"
    opens = event_session.registration_opens_at
    return _without_empty({
        "@type": "Offer", "url": url, "availability": f"{SCHEMA}/{seats}",
        "validFrom": venue_time(opens, event_session.venue) if opens else None})


def attendance_mode(venues: Iterable[Venue]) -> str:
    online = {venue.is_online for venue in venues}
    mode = ("Mixed" if len(online) > 1 else "Online" if online == {True} else "Offline")
    return f"{SCHEMA}/{mode}EventAttendanceMode"


def location(venue: Venue) -> JsonLd:
    """An online room by its address (public on the session page), else the
    place with its postal address."""
    if venue.online_url:
        return {"@type": "VirtualLocation", "url": venue.online_url}
    return {"@type": "Place", "name": text_of(venue, "name"), "address": _without_empty({
        "@type": "PostalAddress", "streetAddress": text_of(venue, "address") or None,
        "addressLocality": venue.city, "addressCountry": venue.country})}


def organizer(site_name: str) -> JsonLd:
    # Organisers' accounts stay private; the site that runs the programme organises.
    return {"@type": "Organization", "name": site_name, "url": public_url("public.home")}


def venue_time(moment: datetime, venue: Venue) -> str:
    """ISO 8601 on the venue's clock with its UTC offset, e.g. 2030-01-10T19:00:00+04:00."""
    return at_venue(moment, venue.timezone).isoformat()


def _distinct(venues: Iterable[Venue]) -> list[Venue]:
    return list({venue.id: venue for venue in venues}.values())


def _without_empty(data: JsonLd) -> JsonLd:
    return {key: value for key, value in data.items() if value not in (None, "", [])}
