"""Films: the shared catalogue that screenings (sessions with a film_id) point at."""
from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from scheduler import lookups, permissions
from scheduler.api.auth import signed_in
from scheduler.api.json import Paging, created, listing, paged, read_body, read_changes, read_query
from scheduler.api.queries import films
from scheduler.api.serializers import film_json
from scheduler.films import services
from scheduler.films.inputs import FilmInput
from scheduler.transactions import unit_of_work


def film_index() -> ResponseReturnValue:
    page = paged(films(), read_query(Paging))
    return listing([film_json(film) for film in page.rows], page)


def film_detail(film_id: int) -> ResponseReturnValue:
    return jsonify(film_json(lookups.film(film_id)))


def film_create() -> ResponseReturnValue:
    user = signed_in()
    permissions.require_organiser(user)
    data = read_body(FilmInput)
    with unit_of_work():
        film = services.create_film(data, actor=user)
    return created(film_json(film), url_for("api.film_detail", film_id=film.id))


def film_update(film_id: int) -> ResponseReturnValue:
    user = signed_in()
    film = lookups.film(film_id)
    permissions.require_organiser(user)
    data = read_changes(FilmInput.of(film))
    with unit_of_work():
        services.update_film(film, data, actor=user)
    return jsonify(film_json(film))
