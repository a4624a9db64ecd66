"""Rows as JSON: pure functions from loaded rows to the shapes of api/responses.py."""
from __future__ import annotations

from collections.abc import Iterable

from scheduler.accounts.models import User
from scheduler.accounts.tokens import IssuedToken
from scheduler.api import responses
from scheduler.dates import utc, utc_or_none
from scheduler.events.models import Event, EventSession
from scheduler.events.people import Clash
from scheduler.films.models import Film
from scheduler.languages import select_locale
from scheduler.localised import localised
from scheduler.people.models import SessionPerson
from scheduler.registration import answers
from scheduler.registration.booking import Booked
from scheduler.registration.models import Registration
from scheduler.registration.questions_models import Answer, Question
from scheduler.timezones import at_venue
from scheduler.venues.models import Venue


def user_json(user: User) -> responses.User:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "created_at": utc(user.created_at)}


def token_json(issued: IssuedToken) -> responses.Token:
    return {"token": issued.secret, "expires_at": utc(issued.token.expires_at)}


def venue_json(venue: Venue) -> responses.Venue:
    here = select_locale()
    return {"id": venue.id, "name": localised(venue, "name", here), "city": venue.city,
            "country": venue.country, "address": localised(venue, "address", here),
            "translations": venue.translations or {},
            "timezone": venue.timezone, "capacity": venue.capacity,
            "online_url": venue.online_url, "changeover_minutes": venue.changeover_minutes,
            "created_by_id": venue.created_by_id, "created_at": utc(venue.created_at),
            "updated_at": utc(venue.updated_at)}


def film_json(film: Film) -> responses.Film:
    here = select_locale()
    return {"id": film.id, "title": localised(film, "title", here),
            "original_title": film.original_title,
            "director": film.director, "country": film.country, "year": film.year,
            "runtime_minutes": film.runtime_minutes,
            "spoken_languages": film.spoken_languages, "subtitles": film.subtitles,
            "synopsis": localised(film, "synopsis", here),
            "translations": film.translations or {}, "created_at": utc(film.created_at),
            "updated_at": utc(film.updated_at)}


def person_ref(user: User) -> responses.PersonRef:
    return {"id": user.id, "name": user.name}


def organiser_json(event: Event, user: User) -> responses.Organiser:
    """One of an event's organisers, for its editors (it carries an email)."""
    return {"id": user.id, "name": user.name, "email": user.email,
            "role": "owner" if user.id == event.owner_id else "co_organiser"}


def event_json(event: Event) -> responses.Event:
    here = select_locale()
    return {
        "id": event.id, "slug": event.slug, "title": localised(event, "title", here),
        "kind": event.kind, "description": localised(event, "description", here),
        "translations": event.translations or {}, "status": event.status,
        "retention_days": event.retention_days,
        "confirm_guest_email": event.confirm_guest_email,
        "owner": person_ref(event.owner),
        "co_organisers": [person_ref(user) for user in
                          sorted(event.co_organisers, key=lambda user: user.id)],
        "created_at": utc(event.created_at), "updated_at": utc(event.updated_at),
    }


def session_person_json(link: SessionPerson) -> responses.SessionPerson:
    return {"person_id": link.person_id, "name": link.person.name,
            "affiliation": link.person.affiliation, "role": link.role}


def _venue_summary(venue: Venue) -> responses.VenueSummary:
    return {"id": venue.id, "name": localised(venue, "name", select_locale()),
            "city": venue.city, "country": venue.country, "timezone": venue.timezone,
            "online_url": venue.online_url}


def _film_summary(film: Film | None) -> responses.FilmSummary | None:
    if film is None:
        return None
    return {"id": film.id, "title": localised(film, "title", select_locale()),
            "runtime_minutes": film.runtime_minutes}


def session_json(event_session: EventSession, waitlist_length: int) -> responses.Session:
    """A session with its times both at the venue and in UTC."""
    people = sorted(event_session.people, key=lambda link: (link.person.name, link.person_id))
    zone, here = event_session.venue.timezone, select_locale()
    return {
        "id": event_session.id, "uid": event_session.uid,
        "event_id": event_session.event_id, "title": localised(event_session, "title", here),
        "shown_title": event_session.shown_title_in(here),
        "description": localised(event_session, "description", here),
        "translations": event_session.translations or {},
        "venue_id": event_session.venue_id,
        "venue": _venue_summary(event_session.venue),
        "starts_at": at_venue(event_session.starts_at, zone).isoformat(),
        "ends_at": at_venue(event_session.ends_at, zone).isoformat(),
        "starts_at_utc": utc(event_session.starts_at),
        "ends_at_utc": utc(event_session.ends_at), "timezone": zone,
        "capacity": event_session.capacity, "seats_taken": event_session.seats_taken,
        "reserved_seats": event_session.reserved_seats,
        "seats_left": event_session.open_seats, "waitlist_length": waitlist_length,
        "status": event_session.status, "sequence": event_session.sequence,
        "registration_mode": event_session.registration_mode,
        "registration_opens_at": utc_or_none(event_session.registration_opens_at),
        "registration_closes_at": utc_or_none(event_session.registration_closes_at),
        "film_id": event_session.film_id, "film": _film_summary(event_session.film),
        "qa_minutes": event_session.qa_minutes,
        "people": [session_person_json(link) for link in people],
        "created_at": utc(event_session.created_at),
        "updated_at": utc(event_session.updated_at),
    }


def clash_json(clash: Clash) -> responses.DoubleBooking:
    other = clash.other
    return {
        "code": "double_booked",
        "message": f"{clash.person.name} is also in “{other.shown_title}” at that time.",
        "person_id": clash.person.id, "session_id": other.id, "event_id": other.event_id,
        "title": other.shown_title, "starts_at_utc": utc(other.starts_at),
        "ends_at_utc": utc(other.ends_at),
    }


def placed_person_json(link: SessionPerson, clashes: list[Clash]) -> responses.PlacedPerson:
    """A person just put on a session, with their double bookings as warnings."""
    return {**session_person_json(link), "warnings": [clash_json(c) for c in clashes]}


def registration_json(registration: Registration | Booked, waitlist_position: int | None,
                      given: Iterable[Answer | answers.Given]) -> responses.Registration:
    """A registration, with its `given` answers, as its attendee and the
    event's organisers see it (never public: it carries a name and an email)."""
    return {"id": registration.id, "session_id": registration.event_session_id,
            "status": registration.status, "waitlist_position": waitlist_position,
            "name": registration.name, "email": registration.email,
            "created_at": utc(registration.created_at),
            "checked_in_at": utc_or_none(registration.checked_in_at),
            "confirm_by": utc_or_none(registration.confirm_by),
            "answers": answers.as_json(given)}


def question_json(question: Question) -> responses.Question:
    return {"id": question.id, "event_id": question.event_id, "kind": question.kind,
            "label": question.label, "help": question.help, "required": question.required,
            "options": [{"value": option["value"], "label": option["label"]}
                        for option in question.options],
            "position": question.position, "retired": question.retired}
