"""Every web form, posted with what it must refuse, answers 422 with its page
and the errors on it: never a 200 that reads as success to anything but a
person. Forms without fields have nothing to refuse and are listed apart, so a
new write route fails the completeness test until it is placed."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler.accounts import resets
from scheduler.accounts.models import User
from scheduler.events.models import EventSession
from scheduler.films.models import Film
from scheduler.registration.questions_models import Question
from tests.registration.test_ui_permissions import build_ui_scene
from tests.test_permissions import route_key

BAD_ZONE_VENUE = {"name": "Black Box", "city": "Batumi", "country": "GE",
                  "timezone": "Mars/Olympus", "capacity": "30"}
# route: (who posts, path, a refused form, a message the page shows)
REFUSED_FORMS = {
    "POST /organise/events/new": ("owner", "/organise/events/new", {},
                                  "This field is required."),
    "POST /organise/events/<id>/edit": ("owner", "/organise/events/{event_id}/edit",
                                        {"title": "", "kind": "film_festival"},
                                        "This field is required."),
    "POST /organise/events/<id>/organisers": (
        "owner", "/organise/events/{event_id}/organisers", {"email": "not an email"},
        "Invalid email address."),
    "POST /organise/events/<id>/sessions/new": (
        "owner", "/organise/events/{event_id}/sessions/new", {}, "This field is required."),
    "POST /organise/events/<id>/sessions/dates": (
        "owner", "/organise/events/{event_id}/sessions/dates", {}, "This field is required."),
    "POST /organise/sessions/<id>/edit": ("owner", "/organise/sessions/{session_id}/edit",
                                          {}, "This field is required."),
    "POST /organise/sessions/<id>/people": ("owner", "/organise/sessions/{session_id}/people",
                                            {}, "This field is required."),
    "POST /organise/venues/new": ("owner", "/organise/venues/new", BAD_ZONE_VENUE,
                                  "Must be an IANA time zone"),
    "POST /organise/venues/<id>/edit": ("owner", "/organise/venues/{venue_id}/edit", {},
                                        "This field is required."),
    "POST /organise/films/new": ("owner", "/organise/films/new", {},
                                 "This field is required."),
    "POST /organise/films/<id>/edit": ("owner", "/organise/films/{film_id}/edit",
                                       {"title": "Flee", "runtime_minutes": "0"}, "runtime"),
    "POST /organise/events/<id>/import": ("owner", "/organise/events/{event_id}/import", {},
                                          "Choose an .ics file."),
    "POST /organise/events/<id>/import/commit": (
        "owner", "/organise/events/{event_id}/import/commit", {}, "upload the file again"),
    "POST /organise/sessions/<id>/invitations": (
        "owner", "/organise/sessions/{session_id}/invitations", {}, "This field is required."),
    "POST /organise/sessions/<id>/check-in": (
        "owner", "/organise/sessions/{session_id}/check-in", {}, "This field is required."),
    "POST /organise/events/<id>/messages/preview": (
        "owner", "/organise/events/{event_id}/messages/preview", {}, "Is required"),
    "POST /organise/events/<id>/messages/send": (
        "owner", "/organise/events/{event_id}/messages/send", {}, "preview came back incomplete"),
    "POST /sessions/<id>/register": ("anonymous", "/sessions/{session_id}/register",
                                     {"name": "Walk-in"}, "This field is required."),
    "POST /invitations/<id>/accept": ("anonymous", "{accept_path}", {"name": ""},
                                      "This field is required."),
    "POST /organise/events/<id>/questions": (
        "owner", "/organise/events/{event_id}/questions", {"kind": "text"},
        "Must be written in at least one language"),
    "POST /organise/questions/<id>/edit": (
        "owner", "/organise/questions/{question_id}/edit",
        {"kind": "choice", "label_en": "Sector", "options": "ngo | NGO"},
        "A choice needs at least two options"),
    "POST /account/password": ("owner", "/account/password",
                               {"current_password": "wrong", "password": "a new long one",
                                "password_again": "a new long one"}, "password"),
    "POST /account/delete": ("owner", "/account/delete", {"current_password": "wrong"},
                             "not your current password"),
    "POST /sign-in": ("anonymous", "/sign-in", {"email": "nobody@example.org",
                                                "password": "not it"}, "do not match"),
    "POST /sign-up": ("anonymous", "/sign-up", {}, "This field is required."),
    "POST /admin/users/<id>/role": ("admin", "/admin/users/{owner_id}/role", {"role": "king"},
                                    "Not a valid choice"),
    "POST /password/forgot": ("anonymous", "/password/forgot", {"email": "not an email"},
                              "Invalid email address."),
    "POST /password/reset/<id>": ("anonymous", "{reset_path}",
                                  {"password": "short", "password_again": "short"},
                                  "Too short"),
}
# Buttons with no field to get wrong; the move, which has no page of its
# own and goes back to the attendee list saying what was wrong; and a message's
# preview posted back to its form to be changed, which judges nothing.
NOTHING_TO_REFUSE = {
    "POST /organise/events/<id>/publish", "POST /organise/events/<id>/cancel",
    "POST /organise/sessions/<id>/cancel", "POST /organise/sessions/<id>/people/<id>/remove",
    "POST /organise/registrations/<id>/approve", "POST /organise/registrations/<id>/decline",
    "POST /organise/registrations/<id>/move", "POST /registrations/<id>/cancel",
    "POST /registrations/<id>/confirm",
    "POST /my/registrations/<id>/cancel", "POST /account/agenda-link", "POST /sign-out",
    "POST /organise/events/<id>/messages/new",
    "POST /organise/questions/<id>/up", "POST /organise/questions/<id>/down",
    "POST /organise/questions/<id>/remove", "POST /organise/events/<id>/organisers/<id>/remove",
    "POST /sessions/<id>/star", "POST /sessions/<id>/unstar",
}


def ids_of(db, scene: dict) -> dict:
    """The scene's ids, with those of its event, venue and film."""
    event_session = db.session.get(EventSession, scene["session_id"])
    owner = db.session.scalar(sa.select(User).where(User.id == event_session.event.owner_id))
    return scene | {"reset_path": f"/password/reset/{resets.make_token(owner)}",
                    "owner_id": owner.id,
                    "event_id": event_session.event_id, "venue_id": event_session.venue_id,
                    "film_id": db.session.scalar(sa.select(Film.id)),
                    "question_id": db.session.scalar(sa.select(Question.id))}


def test_every_web_write_route_is_placed(app):
    routes = {key for rule in app.url_map.iter_rules() if not rule.rule.startswith("/api/")
              for key in route_key(rule)}
    assert routes == set(REFUSED_FORMS) | NOTHING_TO_REFUSE


@pytest.mark.parametrize("route", sorted(REFUSED_FORMS))
def test_a_refused_form_is_a_422_page_with_its_errors(app, db, route):
    role, path, form, message = REFUSED_FORMS[route]
    scene, users = build_ui_scene(db)
    client = app.test_client() if role == "anonymous" else app.test_client(user=users[role])
    response = client.post(path.format(**ids_of(db, vars(scene))), data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:2000]
    assert response.mimetype == "text/html" and message in page


def test_a_form_page_that_was_not_posted_stays_200(app, db):
    _scene, users = build_ui_scene(db)
    client = app.test_client(user=users["owner"])
    assert client.get("/organise/venues/new").status_code == 200
    assert client.get("/programme?from=not-a-date").status_code == 200
