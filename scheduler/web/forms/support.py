"""What every form page shares: showing a service's refusal on the form that
asked for it, and the status of a refused post."""
from __future__ import annotations

from typing import Any, TypeVar

from flask import Flask, Response, g, has_request_context, request, template_rendered
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from jinja2 import Template
from wtforms import Field

# WTForms 3.2's choice type, which types-WTForms does not have yet.
from wtforms.fields.choices import SelectChoice as SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import ValidationError

from scheduler.errors import DomainError, Forbidden, NotFound
from scheduler.inputs import Input
from scheduler.web.forms.translations import TranslatableForm, translated_field

In = TypeVar("In", bound=Input)

# WTForms' own catalogues have Russian but no Georgian, so the messages attendees meet
# most are in ours (with WTForms' English wording).
REQUIRED = _l("This field is required.")
NOT_AN_EMAIL = _l("Invalid email address.")
GEORGIAN_LETTERS = ("\u10d0", "\u10ff")  # Mkhedruli, the everyday script



def show_refusal(form: FlaskForm, refusal: DomainError) -> None:
    """Put each field problem under the matching form field. The message goes
    above the form when a problem has no field here, or when it says more than
    the field notes do (a conflict names the other session; a plain "invalid"
    refusal only lists its fields). 403 and 404 decide the whole page, so they
    go on to the error handlers."""
    if isinstance(refusal, (Forbidden, NotFound)):
        raise refusal
    g.refused_with = refusal.status
    unmatched = not refusal.fields
    for name, problem in refusal.fields.items():
        field = form[name] if name in form else translated_field(form, name)
        if field is not None:
            # Before validation WTForms keeps errors as a tuple.
            field.errors = [*field.errors, _sentence(problem)]
        else:
            unmatched = True
    if unmatched or refusal.code != DomainError.code:
        form.form_errors.append(refusal.message)


def input_of(form: FlaskForm, model: type[In], leave_out: tuple[str, ...] = ()) -> In:
    """The form's fields as the use case's input model (fields left empty, or
    left out, take the model's defaults); a DomainError names each bad field,
    for show_refusal."""
    values = {name: form[name].data for name in model.model_fields
              if name in form and form[name].data is not None and name not in leave_out}
    if isinstance(form, TranslatableForm) and "translations" in model.model_fields:
        values["translations"] = form.translations_data()
    return model.parse(values)


def answer_refused_posts(app: Flask) -> None:
    """A POST answered with its page again, showing a form's errors, says so
    in its status, whichever view rendered it: 422, or the status of the
    service's refusal shown (409 for a conflict). Views that choose a status
    of their own keep it."""
    template_rendered.connect(_note_refused_form, app)
    app.after_request(_refused_status)


def _note_refused_form(_app: Flask, template: Template, context: dict[str, Any],
                       **_extra: Any) -> None:
    # Emails are rendered too, some outside any request.
    if has_request_context() and request.method == "POST" and any(
            isinstance(value, FlaskForm) and value.errors for value in context.values()):
        g.form_refused = True


def _refused_status(response: Response) -> Response:
    if response.status_code == 200 and g.pop("form_refused", False):
        response.status_code = g.get("refused_with", 422)
    return response


def capitals(value: str | None) -> str | None:
    """A field filter for codes people type in any case (a country's GE)."""
    return value.strip().upper() if isinstance(value, str) else value


def no_nul(_form: FlaskForm, field: Field) -> None:
    """PostgreSQL text cannot hold a NUL character, so refuse it as shape."""
    if isinstance(field.data, str) and "\x00" in field.data:
        raise ValidationError(_("Remove the NUL character (\\0) from this field."))


def _sentence(problem: str) -> str:
    # Services word field problems to follow the field's name ("must be ...").
    # Georgian has no capitals in running text: upper() would give Mtavruli.
    if GEORGIAN_LETTERS[0] <= problem[:1] <= GEORGIAN_LETTERS[1]:
        return problem
    return problem[:1].upper() + problem[1:]


def optional_id(value: str | int | None) -> int | None:
    """Coerce for a select whose first option ("" = none) is no row at all."""
    if value is None or value == "":
        return None
    return int(value)

