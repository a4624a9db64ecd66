"""The form an organiser writes a message to attendees in, and the preview's
send button carrying it back with its one-time token. The page's fields;
MessageInput and the sending service judge them."""
from __future__ import annotations

from typing import Self

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from scheduler.dates import local_datetime
from scheduler.events.models import EventSession
from scheduler.registration.messages import TOKEN_LENGTH, Audience
from scheduler.web.forms.support import REQUIRED, SelectChoice, optional_id

AUDIENCE_LABELS = {Audience.confirmed: _l("Confirmed"), Audience.waitlisted: _l("Waitlisted"),
                   Audience.pending: _l("Awaiting approval"),
                   Audience.checked_in: _l("Checked in")}


class MessageForm(FlaskForm):
    session_id = SelectField(_l("To the attendees of"), coerce=optional_id)
    audiences = SelectMultipleField(
        _l("Whose registration is"), default=[Audience.confirmed.value],
        choices=[SelectChoice(audience.value, label)
                 for audience, label in AUDIENCE_LABELS.items()],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    subject = StringField(_l("Subject"))
    body = TextAreaField(_l("Message"), render_kw={"rows": 12})

    def offer(self, sessions: list[EventSession]) -> Self:
        self.session_id.choices = [SelectChoice("", _l("The whole event"))] + [
            SelectChoice(s.id, f"{s.shown_title}, {local_datetime(s.starts_at, s.venue.timezone)}")
            for s in sessions]
        return self


class SendForm(MessageForm):
    token = HiddenField(validators=[InputRequired(REQUIRED), Length(max=TOKEN_LENGTH)])
