"""The film form: shape only; the film service checks lengths and ranges."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from scheduler.films.services import FilmInput


class FilmForm(FlaskForm):
    title = StringField("Title", [InputRequired()])
    original_title = StringField("Original title")
    director = StringField("Director")
    country = StringField("Country of production")
    year = IntegerField("Year", [Optional()])
    runtime_minutes = IntegerField("Runtime (minutes)", [InputRequired()])
    spoken_languages = StringField("Spoken languages")
    subtitles = StringField("Subtitles")
    synopsis = TextAreaField("Synopsis", render_kw={"rows": 5})

    def film_input(self) -> FilmInput:
        text = {name: getattr(self, name).data or "" for name in (
            "original_title", "director", "country", "spoken_languages", "subtitles",
            "synopsis")}
        return FilmInput(title=self.title.data, runtime_minutes=self.runtime_minutes.data,
                         year=self.year.data, **text)
