"""What an organiser gives for a film of the catalogue."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from scheduler.inputs import Between, Input, MultiLine, OneLine, Texts, Translations, Whole

MAX_RUNTIME = 24 * 60
MAX_SYNOPSIS = 20_000


class FilmTexts(Texts):
    """A film's texts in one more language."""

    title: OneLine = Field("", max_length=300)
    synopsis: MultiLine = Field("", max_length=MAX_SYNOPSIS)


class FilmInput(Input):
    title: OneLine = Field(min_length=1, max_length=300)
    runtime_minutes: Annotated[Whole, Between(1, MAX_RUNTIME)]
    original_title: OneLine = Field("", max_length=300)
    director: OneLine = Field("", max_length=200)
    country: OneLine = Field("", max_length=100)
    year: Annotated[Whole, Between(1888, 2100)] | None = None
    spoken_languages: OneLine = Field("", max_length=200)
    subtitles: OneLine = Field("", max_length=200)
    synopsis: MultiLine = Field("", max_length=MAX_SYNOPSIS)
    translations: Translations[FilmTexts]
