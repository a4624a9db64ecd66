"""After a booking (scheduler.registration.booking): the waitlist, approval,
cancelling. Seats move only through scheduler.registration.seats, and every
change writes its email to the outbox in the same transaction. Each use case
flushes; the caller's unit of work commits."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.database import lock_for_writing, utcnow
from scheduler.errors import Conflict, NotFound
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.registration import emails, links, seats, writers
from scheduler.registration.emails import Notice
from scheduler.registration.models import ENDED, Registration, RegistrationStatus as Status
from scheduler.validation import present

SEATED = (Status.unconfirmed, Status.confirmed, Status.attended)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next in line; None when not waitlisted."""
    if registration.status is not Status.waitlisted:
        return None
    return writers.position_of(registration.event_session_id,
                               present(registration.waitlisted_at), registration.id)


def held_by(user: User, event_session: EventSession) -> Registration | None:
    """The user's own live registration for the session (a seat, a waitlist
    place, awaiting approval or checked in), or None."""
    return db.session.scalar(sa.select(Registration).where(
        Registration.event_session_id == event_session.id,
        Registration.user_id == user.id,
        Registration.status.not_in(ENDED)))


def registration_by_secret(registration_id: int, secret: str) -> Registration | None:
    """The registration the cancel link names, if the secret is its own."""
    registration = db.session.get(Registration, registration_id)
    return registration if registration and links.matches(registration, secret) else None


def found_by_secret(registration_id: int, secret: str) -> Registration:
    """As registration_by_secret, but a wrong id or secret is NotFound (which
    of the two is never told)."""
    registration = registration_by_secret(registration_id, secret)
    if registration is None:
        raise NotFound(_("There is no such registration, or the link is not valid."))
    return registration


def locked(registration: Registration) -> Registration:
    """Hold the session row, then re-read the registration: two requests
    changing it at once (a double click, two organisers) go one after the other."""
    lock_for_writing(db.session, EventSession, registration.event_session_id)
    db.session.refresh(registration)
    return registration


def cancel(registration: Registration, *, now: datetime | None = None) -> list[Registration]:
    """Cancel; a freed seat goes to the first waitlisted person in the same
    transaction. Cancelling twice is harmless. Returns who was promoted."""
    if locked(registration).status in ENDED:
        return []
    promoted = withdraw(registration, now or utcnow())
    db.session.flush()
    return promoted


def withdraw(registration: Registration, now: datetime) -> list[Registration]:
    """Cancel an active registration whose session row the caller holds,
    promoting from the waitlist into a freed seat. Returns who was promoted."""
    promoted: list[Registration] = []
    if registration.status in SEATED:
        seats.release_seat(registration.event_session_id, guest=registration.guest)
        promoted = promote(registration.event_session, now)
    registration.status = Status.cancelled
    return promoted


def promote(event_session: EventSession, now: datetime) -> list[Registration]:
    """Give free seats to the waitlist in order, telling each one promoted; in
    the caller's transaction, which holds the session row. A place whose email
    awaits confirmation gets its seat held, unconfirmed, and is told when it
    confirms; one whose time to confirm ran out is passed over."""
    waiting = db.session.scalars(sa.select(Registration).where(
        Registration.event_session_id == event_session.id,
        Registration.status == Status.waitlisted,
        sa.or_(Registration.confirm_by.is_(None), Registration.confirm_by > now),
    ).order_by(Registration.waitlisted_at, Registration.id)).all()
    promoted = []
    for candidate in waiting:
        # A guest may take a held-back seat that the one ahead of them may not.
        if seats.take_seat(event_session.id, guest=candidate.guest):
            candidate.status = writers.seated_status(candidate.confirm_by)
            candidate.waitlisted_at = None
            if candidate.confirm_by is None:
                emails.notify(candidate, Notice.promoted)
            promoted.append(candidate)
    return promoted


def approve(registration: Registration, *, actor: User) -> Registration:
    """Give a pending registration a seat, or a waitlist place when full,
    stamped by the clock that stamps the bookings' (writers.Writer.clock)."""
    permissions.require_event_editor(actor, registration.event_session.event)
    _require_status(locked(registration), Status.pending,
                    _("Only pending registrations can be approved."))
    if seats.take_seat(registration.event_session_id, guest=registration.guest):
        registration.status = writers.seated_status(registration.confirm_by)
    else:
        # Read before the change: the read flushes, and a waitlisted row needs its place.
        waitlisted_at = writers.current().clock()
        registration.status, registration.waitlisted_at = Status.waitlisted, waitlisted_at
    # An email still to be confirmed hears of its status once it is.
    if registration.confirm_by is None:
        emails.notify(registration, Notice(registration.status.value))
    db.session.flush()
    return registration


def decline(registration: Registration, *, actor: User) -> Registration:
    """Turn down a pending or waitlisted registration."""
    permissions.require_event_editor(actor, registration.event_session.event)
    _require_status(locked(registration), (Status.pending, Status.waitlisted),
                    _("Only pending or waitlisted registrations can be declined."))
    registration.status, registration.waitlisted_at = Status.declined, None
    emails.notify(registration, Notice.declined)
    db.session.flush()
    return registration


def _require_status(registration: Registration, allowed: Status | tuple[Status, ...],
                    message: str) -> None:
    allowed = allowed if isinstance(allowed, tuple) else (allowed,)
    if registration.status not in allowed:
        raise Conflict(message, code="wrong_status")
