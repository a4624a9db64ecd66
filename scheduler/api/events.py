"""Events (programmes): listing, creating, editing, publishing, cancelling."""
from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from scheduler import lookups, permissions
from scheduler.accounts.models import User
from scheduler.api.accounts import EMAIL_LENGTH
from scheduler.api.auth import caller, signed_in
from scheduler.api.fields import Choice, DateTime, Spec, Text, values_of
from scheduler.api.json import PAGING, created, listing, paged, read_body, read_query
from scheduler.api.queries import events
from scheduler.api.serializers import event_json
from scheduler.events import services
from scheduler.events.models import Event, EventKind, EventStatus
from scheduler.events.services import MAX_DESCRIPTION, MAX_TITLE
from scheduler.venues.models import Venue

EVENT_FIELDS: Spec = {
    "title": Text(MAX_TITLE, required=True),
    "kind": Choice(values_of(EventKind), required=True),
    "description": Text(MAX_DESCRIPTION),
}
NEW_EVENT_FIELDS: Spec = EVENT_FIELDS | {
    "status": Choice((EventStatus.draft.value, EventStatus.published.value),
                     description="draft (the default) or published at once."),
}
ORGANISER_FIELDS: Spec = {"email": Text(EMAIL_LENGTH, required=True, format="email",
                                        description="An organiser's account email.")}
SEARCH_LENGTH = 200
EVENT_FILTERS: Spec = {
    "kind": Choice(values_of(EventKind)),
    "city": Text(Venue.city.type.length, description="A city with a scheduled session."),
    "from": DateTime(in_utc=True, description="Has a scheduled session ending after this "
                                              "(no offset: UTC)."),
    "to": DateTime(in_utc=True, description="Has a scheduled session starting before this "
                                            "(no offset: UTC)."),
    "q": Text(SEARCH_LENGTH, description="Text in the title or description."),
}


def editable_event(event_id: int) -> tuple[Event, User]:
    """The event and its signed-in editor (see lookups.editable_event)."""
    user = signed_in()
    return lookups.editable_event(event_id, user), user


def event_index() -> ResponseReturnValue:
    filters = read_query(EVENT_FILTERS | PAGING)
    page = paged(events(caller(), filters), filters)
    return listing([event_json(event) for event in page.rows], page)


def event_create() -> ResponseReturnValue:
    user = signed_in()
    permissions.require_organiser(user)
    body = read_body(NEW_EVENT_FIELDS)
    event = services.create_event(owner=user, **body)
    return created(event_json(event), url_for("api.event_detail", event_id=event.id))


def event_detail(event_id: int) -> ResponseReturnValue:
    return jsonify(event_json(lookups.visible_event(event_id, caller())))


def event_update(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    changes = read_body(EVENT_FIELDS, partial=True)
    return jsonify(event_json(services.update_event(event, actor=user, **changes)))


def event_publish(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    return jsonify(event_json(services.publish_event(event, actor=user)))


def event_cancel(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    return jsonify(event_json(services.cancel_event(event, actor=user)))


def event_add_organiser(event_id: int) -> ResponseReturnValue:
    event, user = editable_event(event_id)
    body = read_body(ORGANISER_FIELDS)
    services.add_co_organiser(event, email=body["email"], actor=user)
    return jsonify(event_json(event))
