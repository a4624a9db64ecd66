"""Films: a shared catalogue that screenings point at."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _, ngettext

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.errors import Conflict
from scheduler.extensions import db
from scheduler.films.inputs import FilmInput
from scheduler.films.models import Film
from scheduler.images.services import ImageChange, changed_image


def create_film(data: FilmInput, *, actor: User, poster: ImageChange | None = None) -> Film:
    """Add a film to the catalogue. Flushes; the caller's unit of work commits."""
    permissions.require_organiser(actor)
    film = Film(**data.model_dump(), poster=changed_image(None, poster))
    db.session.add(film)
    db.session.flush()
    return film


def update_film(film: Film, data: FilmInput, *, actor: User,
                poster: ImageChange | None = None) -> Film:
    """Correct a film. A longer runtime must still fit every scheduled screening. Flushes."""
    permissions.require_organiser(actor)
    too_short = [s for s in film.screenings if s.is_scheduled
                 and (s.ends_at - s.starts_at).total_seconds() / 60
                 < data.runtime_minutes + s.qa_minutes]
    if too_short:
        raise Conflict(ngettext(
            "%(num)s scheduled screening would be too short for that runtime; "
            "lengthen it first.",
            "%(num)s scheduled screenings would be too short for that runtime; "
            "lengthen them first.", len(too_short)), code="screening_too_short",
            fields={"runtime_minutes": _("longer than a scheduled screening")})
    for field, value in data.model_dump().items():
        setattr(film, field, value)
    film.poster = changed_image(film.poster, poster)
    db.session.flush()
    return film


def list_films() -> list[Film]:
    return list(db.session.scalars(sa.select(Film).order_by(Film.title, Film.year)))
