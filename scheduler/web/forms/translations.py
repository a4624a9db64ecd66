"""The fieldsets of a form for texts in other languages: one per language,
with the same fields as the text first written, no script needed. They feed
`translations` of the same input model the API parses (scheduler.inputs)."""
from __future__ import annotations

from typing import Any, cast

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, FormField, StringField, TextAreaField

from scheduler.languages import LANGUAGES
from scheduler.localised import Translations

# The languages a form asks for beside the text as first written (most often
# English); one written through the API in another is kept on save.
FORM_LANGUAGES = ("ru", "ka")
PREFIX = "translations_"


class EventTextsForm(Form):
    title = StringField(_l("Title"))
    description = TextAreaField(_l("Description"), render_kw={"rows": 3})


class FilmTextsForm(Form):
    title = StringField(_l("Title"))
    synopsis = TextAreaField(_l("Synopsis"), render_kw={"rows": 3})


class VenueTextsForm(Form):
    name = StringField(_l("Name"))
    address = StringField(_l("Address"))


def in_language(texts: type[Form], code: str) -> FormField[Any]:
    """The fieldset for `code`, named in its own language (its legend)."""
    return FormField(texts, label=LANGUAGES[code])


class TranslatableForm(FlaskForm):
    """A form with a fieldset `translations_<code>` per language of
    FORM_LANGUAGES, filled from the row's (or the data's) `translations`."""

    stored_translations: Translations

    def process(self, formdata: Any = None, obj: Any = None, data: Any = None,
                extra_filters: Any = None, **kwargs: Any) -> None:
        stored = getattr(obj, "translations", None) or (data or {}).get("translations")
        self.stored_translations = stored or {}
        for code in FORM_LANGUAGES:
            kwargs.setdefault(f"{PREFIX}{code}", self.stored_translations.get(code, {}))
        super().process(formdata, obj, data, extra_filters, **kwargs)

    def translations_data(self) -> dict[str, dict[str, str]]:
        """The texts the fieldsets hold, with those of languages they do not show."""
        given = {code: {name: value or "" for name, value in self[f"{PREFIX}{code}"].data.items()}
                 for code in FORM_LANGUAGES}
        kept = {code: texts for code, texts in self.stored_translations.items()
                if code not in FORM_LANGUAGES}
        return kept | given

    def fieldsets(self) -> list[tuple[str, FormField[Any]]]:
        """(language code, fieldset), for the template."""
        return [(code, _fieldset(self, code)) for code in FORM_LANGUAGES]


def translated_field(form: FlaskForm, name: str) -> Field | None:
    """The field a problem named like "translations.ka.title" belongs to."""
    parts = name.split(".")
    if len(parts) != 3 or parts[0] != "translations" or f"{PREFIX}{parts[1]}" not in form:
        return None
    fieldset = _fieldset(form, parts[1])
    return fieldset[parts[2]] if parts[2] in fieldset.form else None


def _fieldset(form: FlaskForm, code: str) -> FormField[Any]:
    return cast("FormField[Any]", form[f"{PREFIX}{code}"])
