"""The OpenAPI document's components: what the API answers with, and what it takes.

Response schemas mirror scheduler/api/serializers.py field for field (a test
checks real responses against them); request schemas come from the endpoints'
own field declarations.
"""
from __future__ import annotations

from enum import Enum
from typing import Any

from scheduler.accounts.models import Role
from scheduler.api.accounts import CREDENTIALS, USER_FIELDS
from scheduler.api.events import EVENT_FIELDS, NEW_EVENT_FIELDS, ORGANISER_FIELDS
from scheduler.api.fields import object_schema, values_of
from scheduler.api.films import FILM_FIELDS
from scheduler.api.registrations import REGISTRATION_FIELDS
from scheduler.api.sessions import PERSON_FIELDS, SESSION_FIELDS
from scheduler.api.venues import VENUE_FIELDS
from scheduler.events.models import EventKind, EventStatus, RegistrationMode, SessionStatus
from scheduler.people.models import PersonRole
from scheduler.registration.models import RegistrationStatus

INTEGER = {"type": "integer"}
STRING = {"type": "string"}
TIMESTAMP = {"type": "string", "format": "date-time"}
UTC_TIMESTAMP = {"type": "string", "format": "date-time", "pattern": "Z$"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return schema | {"type": [schema["type"], "null"]}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def enum(options: type[Enum]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values_of(options))}


def record(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    """An object that always has exactly these properties."""
    schema = {"type": "object", "additionalProperties": False,
              "required": list(properties), "properties": properties}
    return schema | ({"description": description} if description else {})


def list_of(item: str) -> dict[str, Any]:
    return record({"items": {"type": "array", "items": ref(item)},
                   "next": nullable({"type": "string", "format": "uri"})},
                  f"A page of {item} items; `next` is the next page's URL, or null.")


STAMPS = {"created_at": UTC_TIMESTAMP, "updated_at": UTC_TIMESTAMP}
PERSON_REF = record({"id": INTEGER, "name": STRING})

ERROR = record({"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "snake_case, stable: match on this."},
        "message": {"type": "string", "description": "A human sentence."},
        "fields": {"type": "object", "additionalProperties": STRING,
                   "description": "What is wrong with each named field or parameter."},
        "conflicting_session_id": {"type": "integer",
                                   "description": "With venue_conflict: the session in the way."},
    },
}}, "Every error has this envelope.")

VENUE = record({
    "id": INTEGER, "name": STRING, "city": STRING, "country": STRING, "address": STRING,
    "timezone": STRING, "capacity": INTEGER, "online_url": nullable(STRING),
    "changeover_minutes": INTEGER, "created_by_id": nullable(INTEGER), **STAMPS,
})

EVENT = record({
    "id": INTEGER, "slug": STRING, "title": STRING, "kind": enum(EventKind),
    "description": STRING, "status": enum(EventStatus), "owner": PERSON_REF,
    "co_organisers": {"type": "array", "items": PERSON_REF}, **STAMPS,
})

FILM = record({
    "id": INTEGER, "title": STRING, "original_title": STRING, "director": STRING,
    "country": STRING, "year": nullable(INTEGER), "runtime_minutes": INTEGER,
    "spoken_languages": STRING, "subtitles": STRING, "synopsis": STRING, **STAMPS,
})

SESSION_PERSON = {"person_id": INTEGER, "name": STRING, "affiliation": STRING,
                  "role": enum(PersonRole)}

SESSION = record({
    "id": INTEGER, "uid": STRING, "event_id": INTEGER, "title": STRING,
    "shown_title": STRING | {"description": "The title, else the film's, else the event's."},
    "description": STRING, "venue_id": INTEGER,
    "venue": record({"id": INTEGER, "name": STRING, "city": STRING, "country": STRING,
                     "timezone": STRING, "online_url": nullable(STRING)}),
    "starts_at": TIMESTAMP | {"description": "At the venue, with its offset."},
    "ends_at": TIMESTAMP | {"description": "At the venue, with its offset."},
    "starts_at_utc": UTC_TIMESTAMP, "ends_at_utc": UTC_TIMESTAMP,
    "timezone": STRING | {"description": "The venue's IANA time zone."},
    "capacity": INTEGER, "seats_taken": INTEGER,
    "reserved_seats": INTEGER | {"description": "Held back for invited guests."},
    "seats_left": INTEGER | {
        "description": "Seats a booking without an invitation can still take."},
    "waitlist_length": INTEGER, "status": enum(SessionStatus),
    "sequence": INTEGER | {"description": "Raised when the session moves or is cancelled."},
    "registration_mode": enum(RegistrationMode),
    "registration_opens_at": nullable(UTC_TIMESTAMP),
    "registration_closes_at": nullable(UTC_TIMESTAMP),
    "film_id": nullable(INTEGER),
    "film": {"oneOf": [record({"id": INTEGER, "title": STRING, "runtime_minutes": INTEGER}),
                       {"type": "null"}]},
    "qa_minutes": INTEGER,
    "people": {"type": "array", "items": record(SESSION_PERSON)},
    **STAMPS,
})

DOUBLE_BOOKING = record({
    "code": {"type": "string", "const": "double_booked"}, "message": STRING,
    "person_id": INTEGER, "session_id": INTEGER, "event_id": INTEGER, "title": STRING,
    "starts_at_utc": UTC_TIMESTAMP, "ends_at_utc": UTC_TIMESTAMP,
}, "The person is also in another session at the same time.")

PLACED_PERSON = record(SESSION_PERSON | {
    "warnings": {"type": "array", "items": ref("DoubleBooking")}})

USER = record({"id": INTEGER, "email": STRING, "name": STRING, "role": enum(Role),
               "created_at": UTC_TIMESTAMP})

TOKEN = record({"token": STRING | {"description": "Send as Authorization: Bearer <token>."},
                "expires_at": UTC_TIMESTAMP})

REGISTRATION_PROPERTIES = {
    "id": INTEGER, "session_id": INTEGER, "status": enum(RegistrationStatus),
    "waitlist_position": nullable(INTEGER) | {
        "minimum": 1, "description": "1 for the next in line; null unless waitlisted."},
    "name": STRING, "email": STRING, "created_at": UTC_TIMESTAMP,
    "checked_in_at": nullable(UTC_TIMESTAMP) | {
        "description": "When checked in at the door; null until then."},
}
REGISTRATION = record(REGISTRATION_PROPERTIES, "A registration: shown to its attendee "
                      "(with the secret link) and to the event's organisers only.")
REGISTRATION_RECEIPT = record(REGISTRATION_PROPERTIES | {"cancel_url": {
    "type": "string", "format": "uri",
    "description": "Shown only now. Its `token` parameter is the secret that reads "
                   "and cancels this registration."}}, "A new registration.")
REGISTRATION_LIST = record({
    "items": {"type": "array", "items": ref("Registration")},
    "next": nullable({"type": "string", "format": "uri"}),
    "counts": record(dict.fromkeys(values_of(RegistrationStatus), INTEGER),
                     "Registrations of the session by status (all pages, unfiltered)."),
}, "A page of a session's registrations, oldest first, with counts by status.")

DOCUMENT = {"type": "object", "required": ["openapi", "info", "paths"],
            "description": "An OpenAPI 3.1 document."}

RESPONSES = {
    "Error": ERROR, "Venue": VENUE, "Event": EVENT, "Film": FILM, "Session": SESSION,
    "DoubleBooking": DOUBLE_BOOKING, "PlacedPerson": PLACED_PERSON, "User": USER,
    "Token": TOKEN, "OpenApiDocument": DOCUMENT, "VenueList": list_of("Venue"),
    "EventList": list_of("Event"), "SessionList": list_of("Session"),
    "FilmList": list_of("Film"), "Registration": REGISTRATION,
    "RegistrationReceipt": REGISTRATION_RECEIPT, "RegistrationList": REGISTRATION_LIST,
}

REQUESTS = {
    "NewUser": object_schema(USER_FIELDS),
    "Credentials": object_schema(CREDENTIALS),
    "NewVenue": object_schema(VENUE_FIELDS),
    "VenueChanges": object_schema(VENUE_FIELDS, partial=True),
    "NewEvent": object_schema(NEW_EVENT_FIELDS),
    "EventChanges": object_schema(EVENT_FIELDS, partial=True),
    "NewOrganiser": object_schema(ORGANISER_FIELDS),
    "NewSession": object_schema(SESSION_FIELDS),
    "SessionChanges": object_schema(SESSION_FIELDS, partial=True),
    "NewSessionPerson": object_schema(PERSON_FIELDS),
    "NewFilm": object_schema(FILM_FIELDS),
    "FilmChanges": object_schema(FILM_FIELDS, partial=True),
    "NewRegistration": object_schema(REGISTRATION_FIELDS),
}


def components() -> dict[str, Any]:
    return {
        "schemas": RESPONSES | REQUESTS,
        "securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "A token from POST /tokens. Session cookies are ignored."}},
    }
