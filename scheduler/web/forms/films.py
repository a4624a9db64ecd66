"""The film form: the page's fields; FilmInput checks what they hold."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from scheduler.films.inputs import FilmInput
from scheduler.web.forms.images import IMAGE_TYPES, ImageFields
from scheduler.web.forms.support import REQUIRED, input_of
from scheduler.web.forms.translations import FilmTextsForm, TranslatableForm, in_language


class FilmForm(TranslatableForm, ImageFields):
    title = StringField(_l("Title"), [InputRequired(REQUIRED)])
    original_title = StringField(_l("Original title"))
    director = StringField(_l("Director"))
    country = StringField(_l("Country of production"))
    year = IntegerField(_l("Year"), [Optional()])
    runtime_minutes = IntegerField(_l("Runtime (minutes)"), [InputRequired(REQUIRED)])
    spoken_languages = StringField(_l("Spoken languages"))
    subtitles = StringField(_l("Subtitles"))
    synopsis = TextAreaField(_l("Synopsis"), render_kw={"rows": 5})
    translations_ru = in_language(FilmTextsForm, "ru")
    translations_ka = in_language(FilmTextsForm, "ka")
    image = FileField(_l("Poster"), render_kw={"accept": IMAGE_TYPES})

    def film_input(self) -> FilmInput:
        return input_of(self, FilmInput)
