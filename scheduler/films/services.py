"""Films: a shared catalogue that screenings point at."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _, ngettext

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.errors import Conflict
from scheduler.extensions import db
from scheduler.films.models import Film
from scheduler.validation import FieldErrors, InputRecord

MAX_RUNTIME = 24 * 60
# The column sizes of the optional text fields.
TEXT_LIMITS = {"original_title": 300, "director": 200, "country": 100,
               "spoken_languages": 200, "subtitles": 200}


@dataclass(frozen=True)
class FilmInput(InputRecord):
    title: str
    runtime_minutes: int
    original_title: str = ""
    director: str = ""
    country: str = ""
    year: int | None = None
    spoken_languages: str = ""
    subtitles: str = ""
    synopsis: str = ""


def checked(data: FilmInput) -> dict[str, Any]:
    errors = FieldErrors()
    values = {
        "title": errors.text("title", data.title, max_length=300),
        "runtime_minutes": errors.integer("runtime_minutes", data.runtime_minutes,
                                          minimum=1, maximum=MAX_RUNTIME),
        "year": None if data.year is None else errors.integer(
            "year", data.year, minimum=1888, maximum=2100),
        "synopsis": errors.text("synopsis", data.synopsis, max_length=20_000,
                                required=False, multiline=True),
    }
    for field, longest in TEXT_LIMITS.items():
        values[field] = errors.text(field, getattr(data, field), max_length=longest,
                                    required=False)
    errors.raise_if_any()
    return values


def create_film(data: FilmInput, *, actor: User) -> Film:
    """Add a film to the catalogue. Commits."""
    permissions.require_organiser(actor)
    film = Film(**checked(data))
    db.session.add(film)
    db.session.commit()
    return film


def update_film(film: Film, data: FilmInput, *, actor: User) -> Film:
    """Correct a film. A longer runtime must still fit every scheduled screening. Commits."""
    permissions.require_organiser(actor)
    values = checked(data)
    too_short = [s for s in film.screenings if s.is_scheduled
                 and (s.ends_at - s.starts_at).total_seconds() / 60
                 < values["runtime_minutes"] + s.qa_minutes]
    if too_short:
        raise Conflict(ngettext(
            "%(num)s scheduled screening would be too short for that runtime; "
            "lengthen it first.",
            "%(num)s scheduled screenings would be too short for that runtime; "
            "lengthen them first.", len(too_short)), code="screening_too_short",
            fields={"runtime_minutes": _("longer than a scheduled screening")})
    for field, value in values.items():
        setattr(film, field, value)
    db.session.commit()
    return film


def list_films() -> list[Film]:
    return list(db.session.scalars(sa.select(Film).order_by(Film.title, Film.year)))
