"""The film form: shape only; the film service checks lengths and ranges."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from scheduler.films.services import FilmInput
from scheduler.validation import present
from scheduler.web.forms.support import REQUIRED


class FilmForm(FlaskForm):
    title = StringField(_l("Title"), [InputRequired(REQUIRED)])
    original_title = StringField(_l("Original title"))
    director = StringField(_l("Director"))
    country = StringField(_l("Country of production"))
    year = IntegerField(_l("Year"), [Optional()])
    runtime_minutes = IntegerField(_l("Runtime (minutes)"), [InputRequired(REQUIRED)])
    spoken_languages = StringField(_l("Spoken languages"))
    subtitles = StringField(_l("Subtitles"))
    synopsis = TextAreaField(_l("Synopsis"), render_kw={"rows": 5})

    def film_input(self) -> FilmInput:
        text = {name: getattr(self, name).data or "" for name in (
            "original_title", "director", "country", "spoken_languages", "subtitles",
            "synopsis")}
        return FilmInput(title=present(self.title.data),
                         runtime_minutes=present(self.runtime_minutes.data),
                         year=self.year.data, **text)
