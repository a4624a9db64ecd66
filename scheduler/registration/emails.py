"""Registration's emails: what each notice says, queued in the caller's
transaction and written out (subject, body, calendar) when it is sent."""
from __future__ import annotations

import enum
from typing import Any

from flask import render_template
from flask_babel import force_locale, lazy_gettext as _l

from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.ical.calendar import session_calendar
from scheduler.ical.settings import FeedSettings
from scheduler.languages import in_language, supported
from scheduler.mail import outbox
from scheduler.mail.models import OutboxMessage
from scheduler.mail.sender import Attachment
from scheduler.registration import links
from scheduler.registration.models import Invitation, Registration
from scheduler.registration.ticket_pdf import ticket_pdf
from scheduler.registration.tickets import ticket_of


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
    confirm_email = "confirm_email"


SUBJECTS = {
    Notice.confirmed: _l("Your seat is confirmed: %(title)s"),
    Notice.waitlisted: _l("You are on the waitlist: %(title)s"),
    Notice.pending: _l("Registration received, awaiting approval: %(title)s"),
    Notice.promoted: _l("A seat opened up for you: %(title)s"),
    Notice.declined: _l("Your registration was not accepted: %(title)s"),
    Notice.reminder: _l("Reminder: %(title)s starts soon"),
    Notice.invited: _l("You are invited: %(title)s"),
    Notice.moved: _l("Your registration has moved: %(title)s"),
    Notice.rescheduled: _l("Changed time or place: %(title)s"),
    Notice.cancelled: _l("Cancelled: %(title)s"),
    Notice.confirm_email: _l("Confirm your email to keep your place: %(title)s"),
}


# The notices whose email carries the session as an .ics attachment, by METHOD
# (a cancellation notice would add "CANCEL").
# The attached calendar carries the session's UID and current SEQUENCE, so an
# entry already in the attendee's calendar moves (PUBLISH) or goes (CANCEL)
# instead of being duplicated.
CALENDAR_METHODS = {Notice.confirmed: "PUBLISH", Notice.promoted: "PUBLISH",
                    Notice.reminder: "PUBLISH", Notice.moved: "PUBLISH",
                    Notice.rescheduled: "PUBLISH", Notice.cancelled: "CANCEL"}
# The notices that give a seat or change what its ticket says (the time, the
# place, or the session its QR code checks in to): their email carries the
# ticket as a PDF, when the registration holds a seat.
TICKET_NOTICES = frozenset({Notice.confirmed, Notice.promoted, Notice.moved,
                            Notice.rescheduled})


def notify(registration: Registration, notice: Notice) -> None:
    """Queue the email for `notice` (the registration must have its id); it is
    rendered when sent, from the registration and session as they are then."""
    outbox.queue(registration.id, registration.email, notice)


def render(message: OutboxMessage) -> None:
    """Write the subject, body and calendar of a message queued as a notice,
    if not written yet. A "rescheduled" email rendered after a second change
    shows the latest time; a "cancelled" one is always METHOD:CANCEL."""
    if message.notice is None or message.body:
        return
    registration = db.session.get_one(Registration, message.registration_id)
    language = supported(registration.language)
    notice = Notice(message.notice)
    secret = links.cancel_secret(registration)
    links_in = {"cancel_url": in_language(links.cancel_url(registration, secret), language),
                "ticket_url": in_language(links.ticket_url(registration, secret), language)}
    if notice is Notice.confirm_email:
        links_in["confirm_url"] = in_language(links.confirm_url(registration), language)
    _write(message, notice, registration.event_session, language,
           registration=registration, **links_in)


def prepare(message: OutboxMessage) -> list[Attachment]:
    """What the sender calls before each attempt: the message rendered (once),
    and its files beyond the calendar, made afresh."""
    render(message)
    if message.notice is None:
        return []
    registration = db.session.get_one(Registration, message.registration_id)
    return ticket_attachments(registration, Notice(message.notice))


def ticket_attachments(registration: Registration, notice: Notice) -> list[Attachment]:
    """The ticket's PDF for an email giving a seat, in the attendee's language,
    made as the seat stands when it is sent: a seat cancelled since gets none."""
    if notice not in TICKET_NOTICES or not registration.has_ticket:
        return []
    with force_locale(supported(registration.language)):
        content = ticket_pdf(ticket_of(registration))
    return [Attachment(filename="ticket.pdf", maintype="application", subtype="pdf",
                       content=content)]


def notify_invited(invitation: Invitation, accept_url: str, language: str) -> None:
    """Queue an invitation with its secret accept link, rendered now: only the
    link's digest is kept, so it could not be rendered later."""
    message, language = OutboxMessage(recipient=invitation.email), supported(language)
    _write(message, Notice.invited, invitation.event_session, language,
           invitation=invitation, accept_url=in_language(accept_url, language))
    db.session.add(message)


def _write(message: OutboxMessage, notice: Notice, event_session: EventSession,
           language: str, **context: Any) -> None:
    method = CALENDAR_METHODS.get(notice)
    # Everything is written before anything is kept: a failure half way (a
    # delivery error to the sender) must not keep a body without its calendar,
    # since a kept body is what a retry sends as it is.
    calendar = (session_calendar(event_session, FeedSettings.current(), method, language)
                if method else None)
    # In the attendee's language, whoever's request or command writes it: the words,
    # and the dates too (the session's own clock and zone stay as they are).
    with force_locale(language):
        subject = str(SUBJECTS[notice] % {"title": event_session.shown_title_in(language)})[:300]
        body = render_template(f"mail/{notice.value}.txt", event_session=event_session,
                               **context)
    message.subject, message.body = subject, body
    message.calendar, message.calendar_method = calendar, method
