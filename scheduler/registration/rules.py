"""When a session takes registrations, and what an attendee must give."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from scheduler.accounts.services import checked_email
from scheduler.errors import Conflict, DomainError, NotFound
from scheduler.events.models import EventSession, EventStatus, RegistrationMode, SessionStatus
from scheduler.templating import local_datetime
from scheduler.validation import FieldErrors

MAX_NAME = 200


class RegistrationClosed(Conflict):
    code = "registration_closed"


class AlreadyRegistered(Conflict):
    code = "already_registered"


def ensure_open(event_session: EventSession, now: datetime, *, invited: bool = False) -> None:
    """Refuse, saying why in plain words, unless this session takes registrations now."""
    event = event_session.event
    if event.status is EventStatus.draft:
        raise NotFound(_("There is no such session."))
    if event.status is EventStatus.cancelled or event_session.status is SessionStatus.cancelled:
        raise RegistrationClosed(_("This session has been cancelled."))
    if event_session.starts_at <= now:
        raise RegistrationClosed(_("This session has already started."))
    zone = event_session.venue.timezone
    opens, closes = event_session.registration_opens_at, event_session.registration_closes_at
    if opens and now < opens:
        raise RegistrationClosed(_("Registration opens %(when)s.",
                                   when=local_datetime(opens, zone)))
    if closes and now >= closes:
        raise RegistrationClosed(_("Registration closed %(when)s.",
                                   when=local_datetime(closes, zone)))
    if event_session.registration_mode is RegistrationMode.invitation and not invited:
        raise RegistrationClosed(_("This session is by invitation only."))


def attendee_details(name: object, email: object) -> tuple[str, str]:
    """The attendee's name and normalised email, or a DomainError naming the bad fields."""
    errors = FieldErrors()
    clean_name = errors.text("name", name, max_length=MAX_NAME)
    clean_email = attendee_email(errors, email)
    errors.raise_if_any()
    return clean_name, clean_email


def attendee_email(errors: FieldErrors, email: object) -> str:
    """The normalised email; its problem, if any, goes into `errors`."""
    clean_email = errors.text("email", email, max_length=254)
    if clean_email and "email" not in errors.fields:
        try:
            clean_email = checked_email(clean_email)
        except DomainError as problem:
            errors.fields.update(problem.fields)
    return clean_email
