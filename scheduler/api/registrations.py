"""Registrations: guests and attendees booking seats, and organisers managing them.

An attendee reaches their registration with the secret from its cancel link
(`?token=`); anything else about it is a 404, so ids reveal nothing. Names,
emails and answers to the event's questions are shown to the event's organisers
and admins only, and to the attendee through the secret.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify, request
from flask.typing import ResponseReturnValue

from scheduler import lookups, permissions
from scheduler.accounts.models import User
from scheduler.api import responses
from scheduler.api.auth import caller, signed_in
from scheduler.api.json import created, json_object, paged, read_query
from scheduler.api.queries import RegistrationFilters
from scheduler.api.serializers import registration_json
from scheduler.errors import DomainError
from scheduler.registration import answers, booking, check_in, links, roster, services
from scheduler.registration.inputs import BookingInput
from scheduler.registration.models import Registration
from scheduler.transactions import unit_of_work


def _booking(user: User | None) -> BookingInput:
    """The body's name and email; a caller with a token defaults to its
    account's, and may then leave the body out (no Content-Type either)."""
    given = json_object() if request.is_json or request.get_data(cache=True) else {}
    account = {"name": user.name, "email": user.email} if user else {}
    return BookingInput.parse(account | given)


def _json(registration: Registration, position: int | None) -> responses.Registration:
    """One registration with its answers (the serialiser takes them loaded)."""
    given = answers.of_registrations([registration.id])[registration.id]
    return registration_json(registration, position, given.values())


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
        data = _booking(user)
    except DomainError:
        lookups.visible_session(session_id, user)  # unknown or hidden: still a 404
        raise
    # No lookup first: book refuses a session that is missing or not public
    # from the row it locks, one query where a lookup and the lock were two.
    with unit_of_work():
        receipt = booking.book(session_id, data, actor=user, alone=True)
    booked = receipt.booked
    return created(registration_json(booked, receipt.position, receipt.answers)
                   | {"cancel_url": links.cancel_url_of(booked.id, receipt.secret)})


def registration_detail(registration_id: int) -> ResponseReturnValue:
    registration = _by_secret(registration_id)
    return jsonify(_json(registration, _position(registration)))


def registration_cancel(registration_id: int) -> ResponseReturnValue:
    registration = _by_secret(registration_id)
    with unit_of_work():
        services.cancel(registration)
    return jsonify(_json(registration, None))


def registration_index(session_id: int) -> ResponseReturnValue:
    user = signed_in()
    event_session = lookups.visible_session(session_id, user)
    permissions.require_event_editor(user, event_session.event)
    filters = read_query(RegistrationFilters)
    statement = sa.select(Registration).where(Registration.event_session_id == session_id)
    if filters.status:
        statement = statement.where(Registration.status == filters.status)
    page = paged(statement.order_by(Registration.created_at, Registration.id), filters)
    positions = roster.waitlist_positions(session_id)
    given = answers.of_registrations(r.id for r in page.rows)
    return jsonify(items=[registration_json(r, positions.get(r.id), given[r.id].values())
                          for r in page.rows],
                   next=page.next_url, counts=roster.status_counts(session_id))


def registration_approve(registration_id: int) -> ResponseReturnValue:
    registration, user = _managed(registration_id)
    with unit_of_work():
        services.approve(registration, actor=user)
    return jsonify(_json(registration, _position(registration)))


def registration_decline(registration_id: int) -> ResponseReturnValue:
    registration, user = _managed(registration_id)
    with unit_of_work():
        services.decline(registration, actor=user)
    return jsonify(_json(registration, None))


def registration_check_in(registration_id: int) -> ResponseReturnValue:
    registration, user = _managed(registration_id)
    with unit_of_work():
        check_in.check_in(registration, actor=user)
    return jsonify(_json(registration, None))
