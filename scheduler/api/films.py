"""Films: the shared catalogue that screenings (sessions with a film_id) point at."""
from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from scheduler import lookups, permissions
from scheduler.api.auth import signed_in
from scheduler.api.fields import Integer, Spec, Text
from scheduler.api.json import PAGING, created, listing, paged, read_body, read_query
from scheduler.api.queries import films
from scheduler.api.serializers import film_json
from scheduler.films import services
from scheduler.films.models import Film
from scheduler.films.services import MAX_RUNTIME, FilmInput

MAX_SYNOPSIS = 20_000
FILM_FIELDS: Spec = {
    "title": Text(Film.title.type.length, required=True),
    "runtime_minutes": Integer(1, MAX_RUNTIME, required=True),
    "original_title": Text(Film.original_title.type.length),
    "director": Text(Film.director.type.length),
    "country": Text(Film.country.type.length),
    "year": Integer(1888, 2100, nullable=True),
    "spoken_languages": Text(Film.spoken_languages.type.length),
    "subtitles": Text(Film.subtitles.type.length),
    "synopsis": Text(MAX_SYNOPSIS),
}


def film_index() -> ResponseReturnValue:
    page = paged(films(), read_query(PAGING))
    return listing([film_json(film) for film in page.rows], page)


def film_detail(film_id: int) -> ResponseReturnValue:
    return jsonify(film_json(lookups.film(film_id)))


def film_create() -> ResponseReturnValue:
    user = signed_in()
    permissions.require_organiser(user)
    film = services.create_film(FilmInput(**read_body(FILM_FIELDS)), actor=user)
    return created(film_json(film), url_for("api.film_detail", film_id=film.id))


def film_update(film_id: int) -> ResponseReturnValue:
    user = signed_in()
    film = lookups.film(film_id)
    permissions.require_organiser(user)
    changes = read_body(FILM_FIELDS, partial=True)
    services.update_film(film, FilmInput.of(film).changed(**changes), actor=user)
    return jsonify(film_json(film))
