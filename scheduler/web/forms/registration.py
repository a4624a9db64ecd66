"""Forms for registering, accepting invitations, inviting, moving and
checking in. They check the page's fields; the input models (registration.inputs)
and the services judge the rest."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional

from scheduler.dates import local_datetime
from scheduler.events.models import EventSession
from scheduler.languages import LANGUAGES, select_locale
from scheduler.registration.inputs import MAX_NAME
from scheduler.web.forms.support import NOT_AN_EMAIL, REQUIRED, SelectChoice

EMAIL_LENGTH = 254


def _stripped(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _name(label: str = _l("Your name"), *, required: bool = True) -> StringField:
    first = InputRequired(REQUIRED) if required else Optional()
    return StringField(label, [first, Length(max=MAX_NAME)], filters=[_stripped])


def _email(label: str) -> EmailField:
    return EmailField(label,
                      [InputRequired(REQUIRED), Email(NOT_AN_EMAIL), Length(max=EMAIL_LENGTH)],
                      filters=[_stripped])


class OneClickForm(FlaskForm):
    """A signed-in attendee registers with their account's name and email."""


class RegisterForm(FlaskForm):
    name = _name()
    email = _email(_l("Your email"))


class AcceptForm(FlaskForm):
    name = _name()


class InviteForm(FlaskForm):
    email = _email(_l("Guest's email"))
    name = _name(_l("Guest's name"), required=False)
    # Languages are named in themselves; the page's own language comes first chosen.
    language = SelectField(_l("Language of the email"), choices=[SelectChoice(code, name)
                                    for code, name in LANGUAGES.items()],
                           default=select_locale)


class CheckInForm(FlaskForm):
    code = StringField(_l("Check-in code"), [InputRequired(REQUIRED), Length(max=32)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters"})


class MoveForm(FlaskForm):
    session_id = SelectField(_l("Move to"), coerce=int)

    def offer(self, sessions: list[EventSession]) -> MoveForm:
        self.session_id.choices = [
            SelectChoice(s.id, f"{s.shown_title}, "
                               f"{local_datetime(s.starts_at, s.venue.timezone)}")
            for s in sessions]
        return self
