"""Sessions: dated slots of an event at a venue, and the people on them."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Response, jsonify, url_for
from flask.typing import ResponseReturnValue

from scheduler import lookups
from scheduler.accounts.models import User
from scheduler.api import responses
from scheduler.api.auth import caller, signed_in
from scheduler.api.events import editable_event
from scheduler.api.json import (
    Paging,
    created,
    listing,
    no_content,
    paged,
    read_body,
    read_changes,
    read_query,
)
from scheduler.api.queries import SessionFilters, event_sessions, sessions, waitlist_lengths
from scheduler.api.serializers import placed_person_json, session_json
from scheduler.events import people, scheduling
from scheduler.events.inputs import SessionInput
from scheduler.events.models import EventSession
from scheduler.people.inputs import PersonInput
from scheduler.people.models import SessionPerson
from scheduler.registration import session_changes
from scheduler.transactions import unit_of_work


def session_page(statement: sa.Select[Any], args: Paging) -> Response:
    page = paged(statement, args)
    counts = waitlist_lengths(page.rows)
    return listing([session_json(s, counts.get(s.id, 0)) for s in page.rows], page)


def _session_response(event_session: EventSession) -> responses.Session:
    counts = waitlist_lengths([event_session])
    return session_json(event_session, counts.get(event_session.id, 0))


def _placed(event_session: EventSession, data: PersonInput) -> SessionPerson:
    """The person just placed: the service finds people by name and affiliation."""
    wanted = (data.name, data.affiliation)
    return next(link for link in event_session.people
                if (link.person.name, link.person.affiliation) == wanted)


def _editable_session(session_id: int) -> tuple[EventSession, User]:
    user = signed_in()
    return lookups.editable_session(session_id, user), user


def session_index() -> ResponseReturnValue:
    filters = read_query(SessionFilters)
    return session_page(sessions(caller(), filters), filters)


def event_session_index(event_id: int) -> ResponseReturnValue:
    event = lookups.visible_event(event_id, caller())
    return session_page(event_sessions(event), read_query(Paging))


def session_create(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    data = read_body(SessionInput)
    with unit_of_work():
        event_session = scheduling.schedule_session(event, data, actor=user)
    return created(_session_response(event_session),
                   url_for("api.session_detail", session_id=event_session.id))


def session_detail(session_id: int) -> ResponseReturnValue:
    return jsonify(_session_response(lookups.visible_session(session_id, caller())))


def session_update(session_id: int) -> ResponseReturnValue:
    event_session, user = _editable_session(session_id)
    data = read_changes(SessionInput.of(event_session))
    with unit_of_work():
        session_changes.update_session(event_session, data, actor=user)
    return jsonify(_session_response(event_session))


def session_cancel(session_id: int) -> ResponseReturnValue:
    event_session, user = _editable_session(session_id)
    with unit_of_work():
        session_changes.cancel_session(event_session, actor=user)
    return jsonify(_session_response(event_session))


def session_add_person(session_id: int) -> ResponseReturnValue:
    event_session, user = _editable_session(session_id)
    data = read_body(PersonInput)
    with unit_of_work():
        clashes = people.add_person(event_session, data, actor=user)
    return created(placed_person_json(_placed(event_session, data), clashes),
                   url_for("api.session_detail", session_id=event_session.id))


def session_remove_person(session_id: int, person_id: int) -> ResponseReturnValue:
    event_session, user = _editable_session(session_id)
    with unit_of_work():
        people.remove_person(event_session, person_id, actor=user)
    return no_content()
