"""Sessions: dated slots of an event at a venue, and the people on them."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Response, jsonify, url_for
from flask.typing import ResponseReturnValue

from scheduler import lookups
from scheduler.accounts.models import User
from scheduler.api.auth import caller, signed_in
from scheduler.api.events import EVENT_FILTERS, editable_event
from scheduler.api.fields import Choice, DateTime, Id, Integer, Spec, Text, values_of
from scheduler.api.json import PAGING, created, listing, no_content, paged, read_body, read_query
from scheduler.api.queries import event_sessions, sessions, waitlist_lengths
from scheduler.api.serializers import placed_person_json, session_json
from scheduler.events import people, scheduling
from scheduler.events.models import EventSession, RegistrationMode
from scheduler.events.services import MAX_DESCRIPTION, MAX_TITLE
from scheduler.events.sessions import MAX_QA_MINUTES, SessionInput
from scheduler.people.models import Person, PersonRole, SessionPerson
from scheduler.venues.services import MAX_CAPACITY

LOCAL_OR_INSTANT = ("Without an offset: wall-clock time at the venue (one the clocks show "
                    "twice, as they go back, is refused: give its offset); "
                    "with an offset or Z: that instant.")
SESSION_FIELDS: Spec = {
    "venue_id": Id(required=True),
    "starts_at": DateTime(required=True, description=LOCAL_OR_INSTANT),
    "ends_at": DateTime(required=True, description=LOCAL_OR_INSTANT),
    "capacity": Integer(1, MAX_CAPACITY, nullable=True,
                        description="At most the venue's; null or absent: the venue's."),
    "reserved_seats": Integer(0, MAX_CAPACITY, description=(
        "Seats held back for invited guests, at most the capacity.")),
    "registration_mode": Choice(values_of(RegistrationMode)),
    "registration_opens_at": DateTime(nullable=True, description=LOCAL_OR_INSTANT),
    "registration_closes_at": DateTime(nullable=True, description=LOCAL_OR_INSTANT),
    "title": Text(MAX_TITLE, description="Empty: shown as the film's title, else the event's."),
    "description": Text(MAX_DESCRIPTION),
    "film_id": Id(nullable=True, description="The film screened, if any."),
    "qa_minutes": Integer(0, MAX_QA_MINUTES, description="Q&A after the film."),
}
SESSION_FILTERS: Spec = {
    "from": DateTime(in_utc=True, description="Ending after this (no offset: UTC)."),
    "to": DateTime(in_utc=True, description="Starting before this (no offset: UTC)."),
    "venue": Id(description="A venue id."),
    "kind": EVENT_FILTERS["kind"],
    "city": EVENT_FILTERS["city"],
}
PERSON_FIELDS: Spec = {
    "name": Text(Person.name.type.length, required=True),
    "affiliation": Text(Person.affiliation.type.length),
    "role": Choice(values_of(PersonRole), required=True),
}


def _session_page(statement: sa.Select[Any], args: dict[str, Any]) -> Response:
    page = paged(statement, args)
    counts = waitlist_lengths(page.rows)
    return listing([session_json(s, counts.get(s.id, 0)) for s in page.rows], page)


def _session_response(event_session: EventSession) -> dict[str, Any]:
    counts = waitlist_lengths([event_session])
    return session_json(event_session, counts.get(event_session.id, 0))


def _placed(event_session: EventSession, body: dict[str, Any]) -> SessionPerson:
    """The person just placed: the service finds people by their stripped
    name and affiliation."""
    wanted = (body["name"].strip(), body["affiliation"].strip())
    return next(link for link in event_session.people
                if (link.person.name, link.person.affiliation) == wanted)


def _editable_session(session_id: int) -> tuple[EventSession, User]:
    user = signed_in()
    return lookups.editable_session(session_id, user), user


def session_index() -> ResponseReturnValue:
    filters = read_query(SESSION_FILTERS | PAGING)
    return _session_page(sessions(caller(), filters), filters)


def event_session_index(event_id: int) -> ResponseReturnValue:
    event = lookups.visible_event(event_id, caller())
    return _session_page(event_sessions(event), read_query(PAGING))


def session_create(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    body = read_body(SESSION_FIELDS)
    event_session = scheduling.schedule_session(event, SessionInput(**body), actor=user)
    return created(_session_response(event_session),
                   url_for("api.session_detail", session_id=event_session.id))


def session_detail(session_id: int) -> ResponseReturnValue:
    return jsonify(_session_response(lookups.visible_session(session_id, caller())))


def session_update(session_id: int) -> ResponseReturnValue:
    event_session, user = _editable_session(session_id)
    changes = read_body(SESSION_FIELDS, partial=True)
    scheduling.update_session(event_session, changes, actor=user)
    return jsonify(_session_response(event_session))


def session_cancel(session_id: int) -> ResponseReturnValue:
    event_session, user = _editable_session(session_id)
    scheduling.cancel_session(event_session, actor=user)
    return jsonify(_session_response(event_session))


def session_add_person(session_id: int) -> ResponseReturnValue:
    event_session, user = _editable_session(session_id)
    body = {"affiliation": ""} | read_body(PERSON_FIELDS)
    clashes = people.add_person(event_session, actor=user, **body)
    return created(placed_person_json(_placed(event_session, body), clashes),
                   url_for("api.session_detail", session_id=event_session.id))


def session_remove_person(session_id: int, person_id: int) -> ResponseReturnValue:
    event_session, user = _editable_session(session_id)
    people.remove_person(event_session, person_id, actor=user)
    return no_content()
