"""Registrations: guests and attendees booking seats, and organisers managing them.

An attendee reaches their registration with the secret from its cancel link
(`?token=`); anything else about it is a 404, so ids reveal nothing. Names and
emails are shown to the event's organisers and admins only.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import jsonify, request
from flask.typing import ResponseReturnValue

from scheduler import lookups, permissions
from scheduler.accounts.models import User
from scheduler.api.auth import caller, signed_in
from scheduler.api.fields import Choice, Spec, Text, values_of
from scheduler.api.json import PAGING, created, paged, read_body, read_query
from scheduler.api.serializers import registration_json
from scheduler.errors import DomainError
from scheduler.registration import check_in, links, roster, seats, services
from scheduler.registration.models import Registration, RegistrationStatus
from scheduler.registration.rules import MAX_NAME

WITH_TOKEN = "Required without a bearer token; with one, the account's is the default."
REGISTRATION_FIELDS: Spec = {
    "name": Text(MAX_NAME, blank=False, description=WITH_TOKEN),
    "email": Text(Registration.email.type.length, blank=False, format="email",
                  description=WITH_TOKEN),
}
REGISTRATION_FILTERS: Spec = {"status": Choice(values_of(RegistrationStatus))}


def _registration_body() -> dict[str, Any]:
    # With a token the body may be left out entirely (no Content-Type either).
    if not request.is_json and not request.get_data(cache=True):
        return {}
    return read_body(REGISTRATION_FIELDS)


def _attendee(body: dict[str, Any], user: User | None) -> tuple[object, object]:
    """Name and email as given; a caller with a token defaults to its account's."""
    return (body.get("name", user.name if user else None),
            body.get("email", user.email if user else None))


def _position(registration: Registration) -> int | None:
    return services.waitlist_position(registration)


def _by_secret(registration_id: int) -> Registration:
    return services.found_by_secret(registration_id, request.args.get("token", ""))


def _managed(registration_id: int) -> tuple[Registration, User]:
    """A registration and its signed-in organiser (see lookups.managed_registration)."""
    user = signed_in()
    return lookups.managed_registration(registration_id, user), user


def registration_create(session_id: int) -> ResponseReturnValue:
    user = caller()
    # The body is read off the socket and checked before the lock, which a
    # slow client or a bad body must not hold.
    try:
        details = services.attendee(*_attendee(_registration_body(), user), user)
    except DomainError:
        lookups.visible_session(session_id, user)  # unknown or hidden: still a 404
        raise
    booking_draft = services.draft(session_id, details)
    # The visibility check reads the row that seats.hold_by_id locks: one
    # query where a lookup and then the lock's re-read were two. A refusal
    # ends the request, and with it the transaction and the lock.
    opening = lookups.shown_opening(seats.hold_by_id(session_id), user)
    receipt = services.register_held(opening, booking_draft)
    registration = receipt.registration
    return created(registration_json(registration, receipt.position)
                   | {"cancel_url": links.cancel_url(registration, receipt.secret)})


def registration_detail(registration_id: int) -> ResponseReturnValue:
    registration = _by_secret(registration_id)
    return jsonify(registration_json(registration, _position(registration)))


def registration_cancel(registration_id: int) -> ResponseReturnValue:
    registration = _by_secret(registration_id)
    services.cancel(registration)
    return jsonify(registration_json(registration, None))


def registration_index(session_id: int) -> ResponseReturnValue:
    user = signed_in()
    event_session = lookups.visible_session(session_id, user)
    permissions.require_event_editor(user, event_session.event)
    filters = read_query(REGISTRATION_FILTERS | PAGING)
    statement = sa.select(Registration).where(Registration.event_session_id == session_id)
    if "status" in filters:
        statement = statement.where(Registration.status == filters["status"])
    page = paged(statement.order_by(Registration.created_at, Registration.id), filters)
    positions = roster.waitlist_positions(session_id)
    return jsonify(items=[registration_json(r, positions.get(r.id)) for r in page.rows],
                   next=page.next_url, counts=roster.status_counts(session_id))


def registration_approve(registration_id: int) -> ResponseReturnValue:
    registration, user = _managed(registration_id)
    services.approve(registration, actor=user)
    return jsonify(registration_json(registration, _position(registration)))


def registration_decline(registration_id: int) -> ResponseReturnValue:
    registration, user = _managed(registration_id)
    services.decline(registration, actor=user)
    return jsonify(registration_json(registration, None))


def registration_check_in(registration_id: int) -> ResponseReturnValue:
    registration, user = _managed(registration_id)
    check_in.check_in(registration, actor=user)
    return jsonify(registration_json(registration, None))
