"""Writing attendee emails to the outbox, in the caller's transaction."""
from __future__ import annotations

import enum

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale

from scheduler.extensions import db
from scheduler.feeds.calendar import session_calendar
from scheduler.feeds.settings import FeedSettings
from scheduler.languages import DEFAULT
from scheduler.mail.models import OutboxMessage
from scheduler.registration import links
from scheduler.events.models import EventSession
from scheduler.registration.models import Invitation, Registration


class Notice(enum.StrEnum):
    """What happened to a registration; each has a template in templates/mail/."""

    confirmed = "confirmed"
    waitlisted = "waitlisted"
    pending = "pending"
    promoted = "promoted"
    declined = "declined"
    reminder = "reminder"
    invited = "invited"
    moved = "moved"
    rescheduled = "rescheduled"
    cancelled = "cancelled"


SUBJECTS = {
    Notice.confirmed: "Your seat is confirmed: {title}",
    Notice.waitlisted: "You are on the waitlist: {title}",
    Notice.pending: "Registration received, awaiting approval: {title}",
    Notice.promoted: "A seat opened up for you: {title}",
    Notice.declined: "Your registration was not accepted: {title}",
    Notice.reminder: "Reminder: {title} starts soon",
    Notice.invited: "You are invited: {title}",
    Notice.moved: "Your registration has moved: {title}",
    Notice.rescheduled: "Changed time or place: {title}",
    Notice.cancelled: "Cancelled: {title}",
}


# The notices whose email carries the session as an .ics attachment, by METHOD
# (a cancellation notice would add "CANCEL").
# The attached calendar carries the session's UID and current SEQUENCE, so an
# entry already in the attendee's calendar moves (PUBLISH) or goes (CANCEL)
# instead of being duplicated.
CALENDAR_METHODS = {Notice.confirmed: "PUBLISH", Notice.promoted: "PUBLISH",
                    Notice.reminder: "PUBLISH", Notice.moved: "PUBLISH",
                    Notice.rescheduled: "PUBLISH", Notice.cancelled: "CANCEL"}


def notify(registration: Registration, notice: Notice) -> None:
    """Queue the email for `notice` (the registration must have its id); it is
    rendered when sent, from the registration and session as they are then."""
    queue(registration.id, registration.email, notice)


# Built once, and Core: the booking path writes one of these per request.
_QUEUE = sa.insert(OutboxMessage.__table__)


def queue(registration_id: int, recipient: str, notice: Notice) -> None:
    """As notify, from the registration's id and email alone: one INSERT, no
    ORM object, for the booking path."""
    db.session.execute(_QUEUE, {"recipient": recipient, "notice": notice.value,
                                "registration_id": registration_id})


def render(message: OutboxMessage) -> None:
    """Write the subject, body and calendar of a message queued as a notice,
    if not written yet. A "rescheduled" email rendered after a second change
    shows the latest time; a "cancelled" one is always METHOD:CANCEL."""
    if message.notice is None or message.body:
        return
    registration = db.session.get(Registration, message.registration_id)
    _write(message, Notice(message.notice), registration.event_session,
           registration=registration, cancel_url=links.cancel_url(registration))


def notify_invited(invitation: Invitation, accept_url: str) -> None:
    """Queue an invitation with its secret accept link, rendered now: only the
    link's digest is kept, so it could not be rendered later."""
    message = OutboxMessage(recipient=invitation.email)
    _write(message, Notice.invited, invitation.event_session,
           invitation=invitation, accept_url=accept_url)
    db.session.add(message)


def _write(message: OutboxMessage, notice: Notice, event_session: EventSession,
           **context) -> None:
    method = CALENDAR_METHODS.get(notice)
    message.subject = SUBJECTS[notice].format(title=event_session.display_title)[:300]
    # The emails are written in English only, so their dates are English too, whatever
    # language the page that caused them was in.
    with force_locale(DEFAULT):
        message.body = render_template(f"mail/{notice.value}.txt",
                                       event_session=event_session,
                                       base_url=current_app.config["PUBLIC_BASE_URL"],
                                       **context)
    message.calendar = (session_calendar(event_session, FeedSettings.current(), method)
                        if method else None)
    message.calendar_method = method
