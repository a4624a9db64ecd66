"""Moving a registration to another session of the same event."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.database import lock_for_writing, utcnow
from scheduler.errors import Conflict, DomainError
from scheduler.events.models import EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.registration import booking, services
from scheduler.registration.inputs import BookingInput
from scheduler.registration.models import Registration, RegistrationStatus as Status

MOVABLE = (Status.pending, Status.confirmed, Status.waitlisted)


def move(registration: Registration, target: EventSession, *, actor: User,
         now: datetime | None = None) -> booking.Receipt:
    """In one transaction: cancel here (a freed seat goes to this session's
    waitlist), then a seat there, or its waitlist when full, for the same
    person, who is told. The organiser's move stands in for approval and
    invitation there."""
    now = now or utcnow()
    event = registration.event_session.event
    permissions.require_event_editor(actor, event)
    _check_target(registration, target, now)
    # Both rows in id order, so two moves in opposite directions cannot deadlock.
    for session_id in sorted({registration.event_session_id, target.id}):
        lock_for_writing(db.session, EventSession, session_id)
    db.session.refresh(registration)
    if registration.status not in MOVABLE:
        raise Conflict(_("Only pending, confirmed or waitlisted registrations can be moved."),
                       code="wrong_status")
    services.withdraw(registration, now)
    # The same person, as stored: nothing to check again.
    same = BookingInput.model_construct(name=registration.name, email=registration.email)
    return booking.book(target.id, same, actor=actor, now=now, moving=registration)


def _check_target(registration: Registration, target: EventSession, now: datetime) -> None:
    if target.event_id != registration.event_session.event_id:
        raise DomainError(_("Registrations move only between sessions of one event."),
                          fields={"session_id": _("not a session of this event")})
    if target.id == registration.event_session_id:
        raise DomainError(_("The registration is already in this session."),
                          fields={"session_id": _("choose another session")})
    if target.status is SessionStatus.cancelled or target.starts_at <= now:
        raise Conflict(_("That session is cancelled or has already started."),
                       code="registration_closed",
                       fields={"session_id": _("cancelled or already started")})


def destinations(event_session: EventSession, now: datetime) -> list[EventSession]:
    """The other sessions of the event that registrations here could move to."""
    return [candidate for candidate in event_session.event.sessions
            if candidate.id != event_session.id
            and candidate.status is SessionStatus.scheduled and candidate.starts_at > now]
