"""Events (programmes): listing, creating, editing, publishing, cancelling."""
from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from scheduler import lookups, permissions
from scheduler.accounts.models import User
from scheduler.api.auth import caller, signed_in
from scheduler.api.json import created, listing, paged, read_body, read_changes, read_query
from scheduler.api.queries import EventFilters, events
from scheduler.api.serializers import event_json, organiser_json
from scheduler.events import services
from scheduler.events.inputs import EventInput, NewEventInput, OrganiserInput
from scheduler.events.models import Event
from scheduler.registration import session_changes
from scheduler.transactions import unit_of_work


def editable_event(event_id: int) -> tuple[Event, User]:
    """The event and its signed-in editor (see lookups.editable_event)."""
    user = signed_in()
    return lookups.editable_event(event_id, user), user


def event_index() -> ResponseReturnValue:
    filters = read_query(EventFilters)
    page = paged(events(caller(), filters), filters)
    return listing([event_json(event) for event in page.rows], page)


def event_create() -> ResponseReturnValue:
    user = signed_in()
    permissions.require_organiser(user)
    data = read_body(NewEventInput)
    with unit_of_work():
        event = services.create_event(data, owner=user)
    return created(event_json(event), url_for("api.event_detail", event_id=event.id))


def event_detail(event_id: int) -> ResponseReturnValue:
    return jsonify(event_json(lookups.visible_event(event_id, caller())))


def event_update(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    data = read_changes(EventInput.of(event))
    with unit_of_work():
        services.update_event(event, data, actor=user)
    return jsonify(event_json(event))


def event_publish(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    with unit_of_work():
        services.publish_event(event, actor=user)
    return jsonify(event_json(event))


def event_cancel(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    with unit_of_work():
        session_changes.cancel_event(event, actor=user)
    return jsonify(event_json(event))


def event_organisers(event_id: int) -> ResponseReturnValue:
    event, _user = editable_event(event_id)
    return jsonify(items=[organiser_json(event, organiser)
                          for organiser in services.organisers(event)])


def event_add_organiser(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    data = read_body(OrganiserInput)
    with unit_of_work():
        services.add_co_organiser(event, email=data.email, actor=user)
    return jsonify(event_json(event))


def event_remove_organiser(event_id: int, user_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    with unit_of_work():
        services.remove_co_organiser(event, user_id, actor=user)
    return jsonify(event_json(event))
