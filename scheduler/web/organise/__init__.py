"""Everything under /organise: events, sessions, people, films, venues,
imports, attendee lists, waitlists and check-in. Organisers only.

The routes are listed here, once; the modules beside hold the handlers."""
from __future__ import annotations

from flask import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from scheduler.bodies import takes_image
from scheduler.web.auth import organisers_only
from scheduler.web.organise import (
    dashboard,
    events,
    films,
    imports,
    messages,
    organisers,
    questions,
    registrations,
    sessions,
    venues,
)

EVENT = "/events/<int:event_id>"
SESSION = "/sessions/<int:session_id>"
REGISTRATION = "/registrations/<int:registration_id>"
QUESTION = "/questions/<int:question_id>"
GET_POST = ["GET", "POST"]


def blueprint() -> Blueprint:
    bp = Blueprint("organise", __name__, url_prefix="/organise")
    # One gate for every page below, before any of them loads a row.
    bp.before_request(organisers_only)
    bp.get("")(events.dashboard)
    add_event_routes(bp)
    add_session_routes(bp)
    add_registration_routes(bp)
    add_question_routes(bp)
    bp.get("/films")(films.films)
    bp.route("/films/new", methods=GET_POST)(takes_image(films.new_film))
    bp.route("/films/<int:film_id>/edit", methods=GET_POST)(takes_image(films.edit_film))
    bp.get("/venues")(venues.venues)
    bp.route("/venues/new", methods=GET_POST)(takes_image(venues.new_venue))
    bp.route("/venues/<int:venue_id>/edit", methods=GET_POST)(takes_image(venues.edit_venue))
    bp.errorhandler(RequestEntityTooLarge)(imports.too_large)
    return bp


def add_event_routes(bp: Blueprint) -> None:
    bp.route("/events/new", methods=GET_POST)(takes_image(events.new_event))
    bp.get(EVENT)(events.manage_event)
    bp.route(f"{EVENT}/edit", methods=GET_POST)(takes_image(events.edit_event))
    bp.post(f"{EVENT}/publish")(events.publish_event)
    bp.route(f"{EVENT}/cancel", methods=GET_POST)(events.cancel_event)
    bp.get(f"{EVENT}/organisers")(organisers.organisers_page)
    bp.post(f"{EVENT}/organisers")(organisers.add_co_organiser)
    bp.post(f"{EVENT}/organisers/<int:user_id>/remove")(organisers.remove_co_organiser)
    bp.route(f"{EVENT}/import", methods=GET_POST)(imports.upload)
    bp.post(f"{EVENT}/import/commit")(imports.commit)
    bp.get(f"{EVENT}/dashboard")(dashboard.event_dashboard)
    bp.get(f"{EVENT}/dashboard/sessions.csv")(dashboard.sessions_csv)
    bp.get(f"{EVENT}/dashboard/days.csv")(dashboard.days_csv)
    bp.get(f"{EVENT}/dashboard/answers.csv")(dashboard.answers_csv)
    add_message_routes(bp)


def add_message_routes(bp: Blueprint) -> None:
    bp.get(f"{EVENT}/messages")(messages.messages)
    bp.route(f"{EVENT}/messages/new", methods=GET_POST)(messages.new_message)
    bp.post(f"{EVENT}/messages/preview")(messages.preview_message)
    bp.post(f"{EVENT}/messages/send")(messages.send_message)
    bp.get(f"{EVENT}/messages/<int:message_id>")(messages.message)


def add_question_routes(bp: Blueprint) -> None:
    bp.route(f"{EVENT}/questions", methods=GET_POST)(questions.questions_page)
    bp.route(f"{QUESTION}/edit", methods=GET_POST)(questions.edit_question)
    bp.post(f"{QUESTION}/up")(questions.move_up)
    bp.post(f"{QUESTION}/down")(questions.move_down)
    bp.post(f"{QUESTION}/remove")(questions.remove_question)


def add_session_routes(bp: Blueprint) -> None:
    bp.route(f"{EVENT}/sessions/new", methods=GET_POST)(sessions.new_session)
    bp.route(f"{EVENT}/sessions/dates", methods=GET_POST)(sessions.several_dates)
    bp.route(f"{SESSION}/edit", methods=GET_POST)(sessions.edit_session)
    bp.route(f"{SESSION}/cancel", methods=GET_POST)(sessions.cancel_session)
    bp.post(f"{SESSION}/people")(sessions.add_person)
    bp.post(f"{SESSION}/people/<int:person_id>/remove")(sessions.remove_person)


def add_registration_routes(bp: Blueprint) -> None:
    bp.get(f"{SESSION}/attendees")(registrations.attendees)
    bp.get(f"{SESSION}/attendees.csv")(registrations.attendees_csv)
    bp.get(f"{SESSION}/attendees.xlsx")(registrations.attendees_xlsx)
    bp.route(f"{SESSION}/check-in", methods=GET_POST)(registrations.check_in)
    bp.post(f"{SESSION}/invitations")(registrations.invite)
    bp.post(f"{REGISTRATION}/approve")(registrations.approve)
    bp.post(f"{REGISTRATION}/decline")(registrations.decline)
    bp.post(f"{REGISTRATION}/move")(registrations.move)
