"""Registering for seats, the waitlist, approval, cancelling. Each use case is
one transaction that commits; seats move only through scheduler.registration.seats,
and every change writes its email to the outbox in the same transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from scheduler import permissions, secrets
from scheduler.accounts.models import User
from scheduler.database import lock_for_writing, utcnow
from scheduler.errors import Conflict, DomainError, NotFound
from scheduler.events.models import EventSession, RegistrationMode
from scheduler.extensions import db
from scheduler.languages import select_locale
from scheduler.registration import booking, emails, links, seats
from scheduler.registration.emails import Notice
from scheduler.registration.inputs import BookingInput
from scheduler.registration.models import (
    Registration,
    RegistrationStatus as Status,
    new_check_in_code,
)
from scheduler.registration.rules import AlreadyRegistered, Opening, ensure_open
from scheduler.validation import present

SEATED = (Status.confirmed, Status.attended)


@dataclass(frozen=True)
class Receipt:
    """A new registration, the secret for its cancel link (only shown once),
    and its waitlist position (None unless waitlisted), counted as it was written."""

    registration: Registration
    secret: str
    position: int | None = None


@dataclass(frozen=True)
class Attendee:
    """Checked booking details: the name, the normalised email, the account
    the booking belongs to (only when it is for the account's own email), and
    the language its emails are written in."""

    name: str
    email: str
    user: User | None = None
    language: str | None = None


def attendee(data: BookingInput, user: User | None = None) -> Attendee:
    """The booking's attendee. The input is checked before the session row is
    held: a refusal then takes no lock, and the lock is held for no longer
    than the booking needs."""
    # A friend's booking stays the friend's.
    return Attendee(data.name, data.email,
                    user if user and user.email == data.email else None, select_locale())


@dataclass(frozen=True)
class Draft:
    """A registration about to be written: the columns known before its seat
    (booking.GIVEN), and the secret of its cancel link. Made before the
    session row is held, so the lock is held only for the writing."""

    values: dict[str, Any]
    secret: str

    @property
    def guest(self) -> bool:
        guest: bool = self.values["guest"]
        return guest


def draft(session_id: int, details: Attendee, *, guest: bool = False) -> Draft:
    code = new_check_in_code()
    secret = links.cancel_secret_of(session_id, details.email, code)
    return Draft(dict(
        event_session_id=session_id, name=details.name, email=details.email,
        user_id=details.user.id if details.user else None, guest=guest, check_in_code=code,
        cancel_token_hash=secrets.digest(secret), checked_in_at=None, reminded_at=None,
        language=details.language or select_locale()), secret)


def register(event_session: EventSession, *, name: object, email: object,
             user: User | None = None, now: datetime | None = None,
             guest: bool = False) -> Receipt:
    """A seat if one is free, else a waitlist place; pending in approval mode.
    It is `user`'s own only when for their email. Commits."""
    data = BookingInput.parse({"name": name, "email": email})
    booking_draft = draft(event_session.id, attendee(data, user), guest=guest)
    # Hold the session row before reading the clock: registrations then commit
    # in the order of their waitlist times (and ids), so the waitlist is served
    # in the order the server answered and positions never repeat.
    return register_held(seats.hold(event_session), booking_draft, now=now)


def register_held(opening: Opening, booking_draft: Draft, *,
                  now: datetime | None = None) -> Receipt:
    """As register, for a draft and a session whose row the caller holds and
    has just read (seats.hold_by_id). Commits."""
    now, guest = now or utcnow(), booking_draft.guest
    try:
        ensure_open(opening, now, invited=guest)
    except DomainError:
        db.session.rollback()
        raise
    written = _write(booking_draft, now, notice=None,
                     pending=opening.mode is RegistrationMode.approval and not guest)
    db.session.commit()
    # Built after the commit, with the lock let go: the answer needs no read.
    return _receipt(booking_draft, written)


def place(booking_draft: Draft, *, now: datetime, pending: bool = False,
          notice: Notice | None = None) -> Receipt:
    """Add a registration with a seat, a waitlist place, or (pending) neither,
    and queue its email: `notice`, by default the one for its status. The
    caller holds the session row and commits."""
    return _receipt(booking_draft, _write(booking_draft, now, pending, notice))


def _write(booking_draft: Draft, now: datetime, pending: bool,
           notice: Notice | None) -> booking.Written:
    try:
        return booking.write(booking_draft.values, now=now, pending=pending, notice=notice)
    except IntegrityError as exc:
        db.session.rollback()
        raise AlreadyRegistered(
            _("This email is already registered for this session."),
            fields={"email": _("already registered for this session")}) from exc


def _receipt(booking_draft: Draft, written: booking.Written) -> Receipt:
    """The registration as written, in the session as a row just loaded (no
    query to read it; its relationships load as usual)."""
    registration = Registration(**booking_draft.values, **written.columns())
    make_transient_to_detached(registration)
    db.session.add(registration)
    return Receipt(registration, booking_draft.secret, written.position)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next in line; None when not waitlisted."""
    if registration.status is not Status.waitlisted:
        return None
    return booking.position_of(registration.event_session_id,
                               present(registration.waitlisted_at), registration.id)


def held_by(user: User, event_session: EventSession) -> Registration | None:
    """The user's own live registration for the session (a seat, a waitlist
    place, awaiting approval or checked in), or None."""
    return db.session.scalar(sa.select(Registration).where(
        Registration.event_session_id == event_session.id,
        Registration.user_id == user.id,
        Registration.status.not_in((Status.cancelled, Status.declined))))


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
    transaction. Cancelling twice is harmless. Returns who was promoted. Commits."""
    if locked(registration).status in (Status.cancelled, Status.declined):
        db.session.rollback()
        return []
    promoted = withdraw(registration, now or utcnow())
    db.session.commit()
    return promoted


def withdraw(registration: Registration, now: datetime) -> list[Registration]:
    """Cancel an active registration whose session row the caller holds,
    promoting from the waitlist into a freed seat; no commit. Returns who was promoted."""
    promoted: list[Registration] = []
    if registration.status in SEATED:
        seats.release_seat(registration.event_session_id, guest=registration.guest)
        promoted = promote(registration.event_session, now)
    registration.status = Status.cancelled
    return promoted


def promote_waitlisted(event_session: EventSession, *,
                       now: datetime | None = None) -> list[Registration]:
    """Give free seats to the waitlist, first come first served (after a
    capacity rise, say). Commits."""
    lock_for_writing(db.session, EventSession, event_session.id)
    promoted = promote(event_session, now or utcnow())
    db.session.commit()
    return promoted


def promote(event_session: EventSession, now: datetime) -> list[Registration]:
    """Give free seats to the waitlist in order, telling each one promoted; in
    the caller's transaction, which holds the session row. No commit."""
    waiting = db.session.scalars(sa.select(Registration).where(
        Registration.event_session_id == event_session.id,
        Registration.status == Status.waitlisted,
    ).order_by(Registration.waitlisted_at, Registration.id)).all()
    promoted = []
    for candidate in waiting:
        # A guest may take a held-back seat that the one ahead of them may not.
        if seats.take_seat(event_session.id, guest=candidate.guest):
            candidate.status, candidate.waitlisted_at = Status.confirmed, None
            emails.notify(candidate, Notice.promoted)
            promoted.append(candidate)
    return promoted


def approve(registration: Registration, *, actor: User,
            now: datetime | None = None) -> Registration:
    """Give a pending registration a seat, or a waitlist place when full. Commits."""
    permissions.require_event_editor(actor, registration.event_session.event)
    _require_status(locked(registration), Status.pending,
                    _("Only pending registrations can be approved."))
    if seats.take_seat(registration.event_session_id, guest=registration.guest):
        registration.status = Status.confirmed
    else:
        registration.status, registration.waitlisted_at = Status.waitlisted, now or utcnow()
    emails.notify(registration, Notice(registration.status.value))
    db.session.commit()
    return registration


def decline(registration: Registration, *, actor: User) -> Registration:
    """Turn down a pending or waitlisted registration. Commits."""
    permissions.require_event_editor(actor, registration.event_session.event)
    _require_status(locked(registration), (Status.pending, Status.waitlisted),
                    _("Only pending or waitlisted registrations can be declined."))
    registration.status, registration.waitlisted_at = Status.declined, None
    emails.notify(registration, Notice.declined)
    db.session.commit()
    return registration


def _require_status(registration: Registration, allowed: Status | tuple[Status, ...],
                    message: str) -> None:
    allowed = allowed if isinstance(allowed, tuple) else (allowed,)
    if registration.status not in allowed:
        db.session.rollback()
        raise Conflict(message, code="wrong_status")
