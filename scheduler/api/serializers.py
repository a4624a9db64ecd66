"""Rows as JSON: pure functions from loaded rows to plain dicts."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scheduler.accounts.models import User
from scheduler.accounts.tokens import IssuedToken
from scheduler.events.models import Event, EventSession
from scheduler.events.people import Clash
from scheduler.films.models import Film
from scheduler.people.models import SessionPerson
from scheduler.registration.models import Registration
from scheduler.timezones import at_venue
from scheduler.venues.models import Venue

FILM_FIELDS = ("id", "title", "original_title", "director", "country", "year",
               "runtime_minutes", "spoken_languages", "subtitles", "synopsis")
VENUE_FIELDS = ("id", "name", "city", "country", "address", "timezone", "capacity",
                "online_url", "changeover_minutes", "created_by_id")


def utc(moment: datetime | None) -> str | None:
    """An instant as ISO 8601 in UTC with a Z."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def stamps(row: Venue | Event | EventSession | Film) -> dict[str, Any]:
    return {"created_at": utc(row.created_at), "updated_at": utc(row.updated_at)}


def user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "name": user.name,
            "role": user.role.value, "created_at": utc(user.created_at)}


def token_json(issued: IssuedToken) -> dict[str, Any]:
    return {"token": issued.secret, "expires_at": utc(issued.token.expires_at)}


def venue_json(venue: Venue) -> dict[str, Any]:
    return {field: getattr(venue, field) for field in VENUE_FIELDS} | stamps(venue)


def film_json(film: Film) -> dict[str, Any]:
    return {field: getattr(film, field) for field in FILM_FIELDS} | stamps(film)


def person_ref(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name}


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id, "slug": event.slug, "title": event.title, "kind": event.kind.value,
        "description": event.description, "status": event.status.value,
        "owner": person_ref(event.owner),
        "co_organisers": [person_ref(user) for user in
                          sorted(event.co_organisers, key=lambda user: user.id)],
    } | stamps(event)


def session_person_json(link: SessionPerson) -> dict[str, Any]:
    return {"person_id": link.person_id, "name": link.person.name,
            "affiliation": link.person.affiliation, "role": link.role.value}


def _venue_summary(venue: Venue) -> dict[str, Any]:
    return {"id": venue.id, "name": venue.name, "city": venue.city, "country": venue.country,
            "timezone": venue.timezone, "online_url": venue.online_url}


def _film_summary(film: Film | None) -> dict[str, Any] | None:
    if film is None:
        return None
    return {"id": film.id, "title": film.title, "runtime_minutes": film.runtime_minutes}


def _times(event_session: EventSession) -> dict[str, Any]:
    zone = event_session.venue.timezone
    return {
        "starts_at": at_venue(event_session.starts_at, zone).isoformat(),
        "ends_at": at_venue(event_session.ends_at, zone).isoformat(),
        "starts_at_utc": utc(event_session.starts_at),
        "ends_at_utc": utc(event_session.ends_at),
        "timezone": zone,
    }


def _seats(event_session: EventSession, waitlist_length: int) -> dict[str, Any]:
    return {"capacity": event_session.capacity, "seats_taken": event_session.seats_taken,
            "reserved_seats": event_session.reserved_seats,
            "seats_left": event_session.open_seats, "waitlist_length": waitlist_length}


def session_json(event_session: EventSession, waitlist_length: int) -> dict[str, Any]:
    """A session with its times both at the venue and in UTC."""
    people = sorted(event_session.people, key=lambda link: (link.person.name, link.person_id))
    return {
        "id": event_session.id, "uid": event_session.uid,
        "event_id": event_session.event_id, "title": event_session.title,
        "shown_title": event_session.shown_title,
        "description": event_session.description, "venue_id": event_session.venue_id,
        "venue": _venue_summary(event_session.venue),
        **_times(event_session), **_seats(event_session, waitlist_length),
        "status": event_session.status.value, "sequence": event_session.sequence,
        "registration_mode": event_session.registration_mode.value,
        "registration_opens_at": utc(event_session.registration_opens_at),
        "registration_closes_at": utc(event_session.registration_closes_at),
        "film_id": event_session.film_id, "film": _film_summary(event_session.film),
        "qa_minutes": event_session.qa_minutes,
        "people": [session_person_json(link) for link in people],
    } | stamps(event_session)


def clash_json(clash: Clash) -> dict[str, Any]:
    other = clash.other
    return {
        "code": "double_booked",
        "message": f"{clash.person.name} is also in “{other.shown_title}” at that time.",
        "person_id": clash.person.id, "session_id": other.id, "event_id": other.event_id,
        "title": other.shown_title, "starts_at_utc": utc(other.starts_at),
        "ends_at_utc": utc(other.ends_at),
    }


def placed_person_json(link: SessionPerson, clashes: list[Clash]) -> dict[str, Any]:
    """A person just put on a session, with their double bookings as warnings."""
    return session_person_json(link) | {"warnings": [clash_json(c) for c in clashes]}


def registration_json(registration: Registration,
                      waitlist_position: int | None) -> dict[str, Any]:
    """A registration as its attendee and the event's organisers see it
    (never public: it carries a name and an email)."""
    return {"id": registration.id, "session_id": registration.event_session_id,
            "status": registration.status.value, "waitlist_position": waitlist_position,
            "name": registration.name, "email": registration.email,
            "created_at": utc(registration.created_at),
            "checked_in_at": utc(registration.checked_in_at)}
