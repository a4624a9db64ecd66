"""Organiser pages for writing to an event's attendees: the messages sent,
writing one, its preview with the count, and sending it. Event editors only."""
from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from scheduler import lookups
from scheduler.errors import DomainError, NotFound
from scheduler.events.models import Event
from scheduler.extensions import db
from scheduler.registration import messages_sending as sending
from scheduler.registration.messages import Message, MessageInput
from scheduler.transactions import unit_of_work
from scheduler.validation import present
from scheduler.web.forms.messages import AUDIENCE_LABELS, MessageForm, SendForm
from scheduler.web.forms.support import input_of, show_refusal
from scheduler.web.organise.registrations import organiser

TOKEN_BYTES = 32


def messages(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    return render_template("organise/messages.html", event=event, messages=sending.sent(event),
                           labels=AUDIENCE_LABELS, zone=event_zone(event))


def message(event_id: int, message_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    found = db.session.get(Message, message_id)
    if found is None or found.event_id != event.id:
        raise NotFound(_("There is no such message."))
    return render_template("organise/messages_one.html", event=event, message=found,
                           labels=AUDIENCE_LABELS, zone=event_zone(event))


def new_message(event_id: int) -> ResponseReturnValue:
    """Empty, or (posted back from the preview) as it was written."""
    event = lookups.editable_event(event_id, current_user)
    return write_page(event, MessageForm().offer(event.sessions))


def preview_message(event_id: int) -> ResponseReturnValue:
    """The email the first recipient would get and how many would go; sends nothing."""
    event = lookups.editable_event(event_id, current_user)
    form = MessageForm().offer(event.sessions)
    if not form.validate_on_submit():
        return write_page(event, form)
    try:
        data = input_of(form, MessageInput)
        chosen = sending.recipients(event, data)
    except DomainError as refusal:
        show_refusal(form, refusal)
        return write_page(event, form)
    if not chosen:
        form.form_errors.append(_("No attendee of this event matches: choose other "
                                  "registrations or another session."))
        return write_page(event, form)
    draft = sending.draft(event, data, organiser())
    send_form = SendForm(formdata=None, data=form.data | {
        "token": secrets.token_urlsafe(TOKEN_BYTES)}).offer(event.sessions)
    return render_template("organise/messages_preview.html", event=event, form=send_form,
                           message=draft, first=chosen[0], count=len(chosen),
                           body=sending.email_body(draft, chosen[0], preview=True),
                           labels=AUDIENCE_LABELS)


def send_message(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    form = SendForm().offer(event.sessions)
    if not form.validate_on_submit():
        form.form_errors.append(_("The preview came back incomplete: nothing was sent. "
                                  "Check the message and preview it again."))
        return write_page(event, form)
    try:
        data = input_of(form, MessageInput)
        with unit_of_work():
            sent = sending.send(event, data, present(form.token.data), actor=organiser())
    except DomainError as refusal:
        show_refusal(form, refusal)
        return write_page(event, form)
    flash(ngettext("Message sent: %(num)s email is on its way.",
                   "Message sent: %(num)s emails are on their way.", sent.recipients),
          "success")
    return redirect(url_for(".message", event_id=event.id, message_id=sent.id))


def write_page(event: Event, form: MessageForm) -> str:
    return render_template("organise/messages_write.html", event=event, form=form)


def event_zone(event: Event) -> str:
    """Where the event happens, for the times messages were sent: its first
    session's venue (UTC while it has none)."""
    return event.sessions[0].venue.timezone if event.sessions else "UTC"
