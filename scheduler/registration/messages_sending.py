"""Writing to attendees: who a message reaches, the email each of them gets,
and sending it, one email per address, through the outbox."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale, gettext as _
from sqlalchemy.orm import contains_eager

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.database import lock_for_writing
from scheduler.errors import Conflict, DomainError
from scheduler.events.models import Event, EventSession
from scheduler.extensions import db
from scheduler.languages import in_language, supported
from scheduler.mail.models import OutboxMessage
from scheduler.registration import links
from scheduler.registration.messages import Message, MessageInput
from scheduler.registration.models import Registration


@dataclass(frozen=True)
class Recipient:
    """One address, with its registrations the message is for (several when
    a person has several sessions of the event): the first gives the name
    and the language, each its own cancel link."""

    email: str
    registrations: list[Registration]

    @property
    def language(self) -> str:
        return supported(self.registrations[0].language)


def session_of(event: Event, session_id: int | None) -> EventSession | None:
    """The event's session `session_id` (None for the whole event); a session
    of another event is refused as that field's problem."""
    if session_id is None:
        return None
    found = db.session.get(EventSession, session_id)
    if found is None or found.event_id != event.id:
        raise DomainError(_("Choose a session of this event."),
                          fields={"session_id": _("not a session of this event")})
    return found


def recipients(event: Event, data: MessageInput) -> list[Recipient]:
    """Everyone the message reaches, one per address, in order of their first
    registration: those of the event (or of its chosen session) whose
    registration is in one of the chosen states."""
    event_session = session_of(event, data.session_id)
    statement = (sa.select(Registration).join(Registration.event_session)
                 .options(contains_eager(Registration.event_session))
                 .where(EventSession.event_id == event.id,
                        Registration.status.in_([a.status for a in data.audiences]))
                 .order_by(Registration.id))
    if event_session is not None:
        statement = statement.where(Registration.event_session_id == event_session.id)
    by_email: dict[str, list[Registration]] = {}
    for registration in db.session.scalars(statement):
        by_email.setdefault(registration.email, []).append(registration)
    return [Recipient(email, found) for email, found in by_email.items()]


def email_body(message: Message, recipient: Recipient, *, preview: bool = False) -> str:
    """The email `recipient` gets, in their language; a preview shows where
    each cancel link goes instead of the attendee's secret link."""
    with force_locale(recipient.language):
        cancels = [(registration, _("(the attendee's own cancel link)") if preview
                    else in_language(links.cancel_url(registration), recipient.language))
                   for registration in recipient.registrations]
        return render_template("mail/message.txt", message=message,
                               registration=recipient.registrations[0], cancels=cancels)


def draft(event: Event, data: MessageInput, author: User) -> Message:
    """The message as it would be sent now, not kept."""
    return Message(event=event, event_session=session_of(event, data.session_id),
                   audience=data.stored_audience, subject=data.subject, body=data.body,
                   author=author)


def send(event: Event, data: MessageInput, token: str, *, actor: User) -> Message:
    """Keep the message and queue one email per recipient. `token` comes
    from the preview: sent again with it, the message is not sent twice and
    the first sending is answered. Flushes."""
    permissions.require_event_editor(actor, event)
    # Sends to one event wait for each other, so a second post of a preview
    # finds the first one's message (the unique token is the last word).
    lock_for_writing(db.session, Event, event.id)
    if (earlier := _sent_with(event, token)) is not None:
        return earlier
    message, chosen = draft(event, data, actor), recipients(event, data)
    if not chosen:
        raise Conflict(_("No attendee of this event matches: nothing was sent."),
                       code="no_recipients")
    message.token, message.recipients = token, len(chosen)
    db.session.add(message)
    db.session.add_all(OutboxMessage(recipient=recipient.email, subject=message.subject,
                                     body=email_body(message, recipient))
                       for recipient in chosen)
    db.session.flush()
    return message


def sent(event: Event) -> list[Message]:
    """The event's messages, newest first."""
    return list(db.session.scalars(sa.select(Message).where(Message.event_id == event.id)
                                   .order_by(Message.sent_at.desc(), Message.id.desc())))


def _sent_with(event: Event, token: str) -> Message | None:
    return db.session.scalar(sa.select(Message).where(Message.event_id == event.id,
                                                      Message.token == token))

