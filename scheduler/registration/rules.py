"""When a session takes registrations."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from scheduler.dates import local_datetime
from scheduler.errors import Conflict, NotFound
from scheduler.events.models import EventSession, EventStatus, RegistrationMode, SessionStatus


class RegistrationClosed(Conflict):
    code = "registration_closed"


class AlreadyRegistered(Conflict):
    code = "already_registered"


@dataclass(frozen=True)
class Opening:
    """What decides whether a session takes registrations: plain values, so
    the booking path can read them in one row under the session's lock
    (writers.Writer.hold) without building the session, event and venue objects."""

    session_id: int
    event_id: int
    event_status: EventStatus
    status: SessionStatus
    starts_at: datetime
    opens_at: datetime | None
    closes_at: datetime | None
    mode: RegistrationMode
    timezone: str  # the venue's, for the dates in a refusal
    confirm_guest_email: bool  # the event's setting

    @classmethod
    def of(cls, event_session: EventSession) -> Opening:
        return cls(event_session.id, event_session.event_id, event_session.event.status,
                   event_session.status, event_session.starts_at,
                   event_session.registration_opens_at,
                   event_session.registration_closes_at,
                   event_session.registration_mode, event_session.venue.timezone,
                   event_session.event.confirm_guest_email)


def ensure_open(opening: Opening, now: datetime, *, invited: bool = False) -> None:
    """Refuse, saying why in plain words, unless this session takes registrations now."""
    if not opening.event_status.is_public:
        raise NotFound(_("There is no such session."))
    if (opening.event_status is EventStatus.cancelled
            or opening.status is SessionStatus.cancelled):
        raise RegistrationClosed(_("This session has been cancelled."))
    if opening.starts_at <= now:
        raise RegistrationClosed(_("This session has already started."))
    if opening.opens_at and now < opening.opens_at:
        raise RegistrationClosed(_("Registration opens %(when)s.",
                                   when=local_datetime(opening.opens_at, opening.timezone)))
    if opening.closes_at and now >= opening.closes_at:
        raise RegistrationClosed(_("Registration closed %(when)s.",
                                   when=local_datetime(opening.closes_at, opening.timezone)))
    if opening.mode is RegistrationMode.invitation and not invited:
        raise RegistrationClosed(_("This session is by invitation only."))
