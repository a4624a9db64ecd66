"""Checking attendees in at the door by the code on their confirmation."""
from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _, lazy_gettext as _l

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.dates import local_time
from scheduler.errors import Conflict, DomainError
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.registration.models import (
    CHECK_IN_LENGTH,
    Registration,
    RegistrationStatus as Status,
)
from scheduler.registration.services import locked
from scheduler.validation import present

REFUSALS = {
    Status.waitlisted: _l("%(name)s is on the waitlist and has no seat."),
    Status.pending: _l("%(name)s is still awaiting approval."),
    Status.unconfirmed: _l("%(name)s has not confirmed their email yet."),
    Status.declined: _l("%(name)s was declined."),
    Status.cancelled: _l("%(name)s was cancelled."),
}


class UnknownCode(DomainError):
    code = "unknown_check_in_code"


def clean_code(typed: str) -> str:
    """The code as stored: typed in any case, with spaces or dashes."""
    return re.sub(r"[\s-]", "", typed or "").upper()


def find(event_session: EventSession, typed: str) -> Registration:
    """The session's registration with this check-in code, or UnknownCode."""
    code = clean_code(typed)
    registration = db.session.scalar(sa.select(Registration).where(
        Registration.event_session_id == event_session.id,
        Registration.check_in_code == code)) if len(code) == CHECK_IN_LENGTH else None
    if registration is None:
        raise UnknownCode(_("No registration for this session has the code “%(code)s”.",
                            code=code), fields={"code": _("not a code for this session")})
    return registration


def already_checked_in(registration: Registration) -> str | None:
    """What the door is told of someone checked in before: when, on the
    venue's clock. None for anyone not checked in."""
    if registration.status is not Status.attended:
        return None
    return _("%(name)s: already checked in at %(time)s.", name=registration.name,
             time=local_time(present(registration.checked_in_at),
                             registration.event_session.venue.timezone))


def check_in(registration: Registration, *, actor: User,
             now: datetime | None = None) -> str | None:
    """Mark a seated registration attended. Checking in twice keeps the first
    time, and answers already_checked_in's warning (None the first time).
    Refuses, saying why, anyone without a seat. Flushes."""
    permissions.require_event_editor(actor, registration.event_session.event)
    status = locked(registration).status
    if status in REFUSALS:
        raise Conflict(REFUSALS[status] % {"name": registration.name}, code="not_seated")
    warning = already_checked_in(registration)
    if status is Status.confirmed:
        registration.status, registration.checked_in_at = Status.attended, now or utcnow()
    db.session.flush()
    return warning
