"""The JSON API under /api/v1 (see the OpenAPI document at /api/v1/openapi.json).

The routes are listed here, once; the modules beside hold the handlers."""
from __future__ import annotations

from flask import Blueprint

from scheduler.api import (
    accounts,
    auth,
    events,
    films,
    openapi,
    questions,
    registrations,
    sessions,
    stars,
    stats,
    venues,
)

EVENT = "/events/<int:event_id>"
SESSION = "/sessions/<int:session_id>"
REGISTRATION = "/registrations/<int:registration_id>"


def blueprint() -> Blueprint:
    bp = Blueprint("api", __name__, url_prefix="/api/v1")
    bp.after_request(auth.challenge)
    bp.get("/openapi.json")(openapi.openapi_document)
    bp.post("/users")(accounts.user_create)
    bp.post("/tokens")(accounts.token_create)
    bp.delete("/tokens/current")(accounts.token_revoke)
    bp.get("/venues")(venues.venue_index)
    bp.post("/venues")(venues.venue_create)
    bp.get("/venues/<int:venue_id>")(venues.venue_detail)
    bp.patch("/venues/<int:venue_id>")(venues.venue_update)
    bp.get("/films")(films.film_index)
    bp.post("/films")(films.film_create)
    bp.get("/films/<int:film_id>")(films.film_detail)
    bp.patch("/films/<int:film_id>")(films.film_update)
    add_event_routes(bp)
    add_session_routes(bp)
    add_registration_routes(bp)
    return bp


def add_event_routes(bp: Blueprint) -> None:
    bp.get("/events")(events.event_index)
    bp.post("/events")(events.event_create)
    bp.get(EVENT)(events.event_detail)
    bp.patch(EVENT)(events.event_update)
    bp.post(f"{EVENT}/publish")(events.event_publish)
    bp.post(f"{EVENT}/cancel")(events.event_cancel)
    bp.get(f"{EVENT}/organisers")(events.event_organisers)
    bp.post(f"{EVENT}/organisers")(events.event_add_organiser)
    bp.delete(f"{EVENT}/organisers/<int:user_id>")(events.event_remove_organiser)
    bp.get(f"{EVENT}/stats")(stats.event_stats)
    bp.get(f"{EVENT}/questions")(questions.question_index)
    bp.post(f"{EVENT}/questions")(questions.question_create)
    bp.patch("/questions/<int:question_id>")(questions.question_update)
    bp.delete("/questions/<int:question_id>")(questions.question_delete)


def add_session_routes(bp: Blueprint) -> None:
    bp.get("/sessions")(sessions.session_index)
    bp.get(f"{EVENT}/sessions")(sessions.event_session_index)
    bp.post(f"{EVENT}/sessions")(sessions.session_create)
    bp.get(SESSION)(sessions.session_detail)
    bp.patch(SESSION)(sessions.session_update)
    bp.post(f"{SESSION}/cancel")(sessions.session_cancel)
    bp.post(f"{SESSION}/people")(sessions.session_add_person)
    bp.delete(f"{SESSION}/people/<int:person_id>")(sessions.session_remove_person)
    bp.put(f"{SESSION}/star")(stars.star)
    bp.delete(f"{SESSION}/star")(stars.unstar)
    bp.get("/me/stars")(stars.my_stars)


def add_registration_routes(bp: Blueprint) -> None:
    bp.post(f"{SESSION}/registrations")(registrations.registration_create)
    bp.get(f"{SESSION}/registrations")(registrations.registration_index)
    bp.get(REGISTRATION)(registrations.registration_detail)
    bp.delete(REGISTRATION)(registrations.registration_cancel)
    bp.post(f"{REGISTRATION}/approve")(registrations.registration_approve)
    bp.post(f"{REGISTRATION}/decline")(registrations.registration_decline)
    bp.post(f"{REGISTRATION}/check-in")(registrations.registration_check_in)
