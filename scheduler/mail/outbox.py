"""Writing attendee emails to the outbox, in the caller's transaction."""
from __future__ import annotations

import enum

from flask import current_app, render_template

from scheduler.extensions import db
from scheduler.feeds.calendar import session_calendar
from scheduler.feeds.settings import FeedSettings
from scheduler.mail.models import OutboxMessage
from scheduler.registration import links
from scheduler.registration.models import Registration


class Notice(enum.StrEnum):
    """What happened to a registration; each has a template in templates/mail/."""

    confirmed = "confirmed"
    waitlisted = "waitlisted"
    pending = "pending"
    promoted = "promoted"
    declined = "declined"
    reminder = "reminder"


SUBJECTS = {
    Notice.confirmed: "Your seat is confirmed: {title}",
    Notice.waitlisted: "You are on the waitlist: {title}",
    Notice.pending: "Registration received, awaiting approval: {title}",
    Notice.promoted: "A seat opened up for you: {title}",
    Notice.declined: "Your registration was not accepted: {title}",
    Notice.reminder: "Reminder: {title} starts soon",
}


# The notices whose email carries the session as an .ics attachment, by METHOD
# (a cancellation notice would add "CANCEL").
CALENDAR_METHODS = {Notice.confirmed: "PUBLISH", Notice.promoted: "PUBLISH",
                    Notice.reminder: "PUBLISH"}


def notify(registration: Registration, notice: Notice) -> None:
    """Queue the email for `notice` (the registration must have its id)."""
    event_session = registration.event_session
    body = render_template(f"mail/{notice.value}.txt", registration=registration,
                           event_session=event_session,
                           cancel_url=links.cancel_url(registration),
                           base_url=current_app.config["PUBLIC_BASE_URL"])
    method = CALENDAR_METHODS.get(notice)
    db.session.add(OutboxMessage(
        recipient=registration.email,
        subject=SUBJECTS[notice].format(title=event_session.display_title)[:300],
        body=body,
        calendar=session_calendar(event_session, FeedSettings.current(), method)
        if method else None,
        calendar_method=method))
