"""Guest email confirmation, an event's setting: a booking by someone not
signed in holds its seat (status unconfirmed), waitlist place or request
until `confirm_by`; opening the link in its email keeps it, and one left
unconfirmed lapses, its seat going to the waitlist.

Lapsed bookings are ended lazily by the next booking of their session, under
its lock, and by `flask registrations expire-holds` on a timer."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from scheduler.database import lock_for_writing
from scheduler.errors import NotFound
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.registration import emails, links, services
from scheduler.registration.emails import Notice
from scheduler.registration.models import ENDED, Registration, RegistrationStatus as Status
from scheduler.registration.rules import Opening

# What a booking awaiting its email's confirmation may be.
AWAITING = (Status.unconfirmed, Status.waitlisted, Status.pending)


class State(enum.StrEnum):
    """Where a booking stands as to its email's confirmation, for its link's page."""

    awaiting = "awaiting"
    confirmed = "confirmed"  # or never had to be
    lapsed = "lapsed"  # its time ran out: the booking ended, or is about to
    cancelled = "cancelled"  # ended otherwise, before it was confirmed


def confirm_by(opening: Opening, now: datetime, *, vouched: bool) -> datetime | None:
    """When a new booking lapses unless its email is confirmed; None when it
    need not be: the event does not ask, or someone vouches for the email (a
    signed-in attendee, an invitation, an organiser's move)."""
    if vouched or not opening.confirm_guest_email:
        return None
    return now + timedelta(minutes=current_app.config["EMAIL_CONFIRM_MINUTES"])


def expire_holds(session_id: int, now: datetime) -> list[Registration]:
    """End the session's bookings whose time to confirm ran out, giving their
    seats to the waitlist; their people are not written to. The caller holds
    the session row. Returns those ended."""
    lapsed = db.session.scalars(sa.select(Registration).where(
        Registration.event_session_id == session_id,
        Registration.confirm_by <= now,
        Registration.status.in_(AWAITING)).order_by(Registration.id)).all()
    # promote passes over the lapsed places: a freed seat goes to one in time.
    for registration in lapsed:
        services.withdraw(registration, now)
    db.session.flush()
    return list(lapsed)


def sessions_with_lapsed(now: datetime) -> list[int]:
    """The sessions holding a booking whose time to confirm ran out."""
    return list(db.session.scalars(sa.select(Registration.event_session_id).where(
        Registration.confirm_by <= now, Registration.status.in_(AWAITING)).distinct()))


def expire_session_holds(session_id: int, now: datetime) -> list[Registration]:
    """expire_holds for a caller not holding the session row yet."""
    lock_for_writing(db.session, EventSession, session_id)
    return expire_holds(session_id, now)


def found_by_secret(registration_id: int, secret: str) -> Registration:
    """The registration the confirm link names, if the secret is its own; a
    wrong id or secret is NotFound (which of the two is never told)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or not links.confirms(registration, secret):
        raise NotFound(_("There is no such registration, or the link is not valid."))
    return registration


def state(registration: Registration, now: datetime) -> State:
    if registration.confirm_by is None:
        ended = registration.status in ENDED
        return State.cancelled if ended else State.confirmed
    if registration.confirm_by <= now:
        return State.lapsed
    return State.awaiting if registration.status in AWAITING else State.cancelled


def confirm(registration: Registration, now: datetime) -> State:
    """Confirm a booking's email while it is held: it keeps its seat (now
    confirmed), place or request, and its person gets the email for it.
    Confirming twice is harmless; a booking whose time ran out ends now.
    Returns where it stands."""
    before = state(services.locked(registration), now)
    if before is State.lapsed and registration.status in AWAITING:
        expire_holds(registration.event_session_id, now)
    if before is not State.awaiting:
        return before
    if registration.status is Status.unconfirmed:
        registration.status = Status.confirmed
    registration.confirm_by = None
    emails.notify(registration, Notice(registration.status.value))
    db.session.flush()
    return State.confirmed
