"""Who may write what: every write route of the API and the web UI, for every role.

Each case runs on fresh data: a published event owned by `owner`, with
`co_organiser`; a session in it at a venue `owner` entered; a film; a person
on the session. A route missing from the tables fails the completeness test.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from scheduler import extensions
from scheduler.accounts.models import Role
from scheduler.events.models import EventStatus, RegistrationMode
from scheduler.events.people import add_person
from scheduler.films.models import Film
from scheduler.people.inputs import PersonInput
from scheduler.registration.models import RegistrationStatus
from scheduler.registration.questions import add_question
from scheduler.registration.questions_inputs import QuestionInput
from scheduler.transactions import unit_of_work
from tests.factories import (
    make_event,
    make_registration,
    make_session,
    make_token,
    make_user,
    make_venue,
)

ROLES = ["anonymous", "attendee", "stranger", "co_organiser", "owner", "admin"]
START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


@dataclass
class Scene:
    users: dict
    event_id: int
    session_id: int
    venue_id: int
    film_id: int
    person_id: int
    registration_id: int
    question_id: int
    co_organiser_id: int = 0


def build_scene(db, event_status=EventStatus.published) -> Scene:
    users = {role: make_user(role=kind, email=f"{role}@example.org") for role, kind in [
        ("attendee", Role.attendee), ("stranger", Role.organiser),
        ("co_organiser", Role.organiser), ("owner", Role.organiser), ("admin", Role.admin)]}
    venue = make_venue(created_by_id=users["owner"].id, capacity=50)
    event = make_event(users["owner"], status=event_status,
                       co_organisers=[users["co_organiser"]])
    event_session = make_session(event, venue, starts_at=START,
                                 registration_mode=RegistrationMode.approval)
    pending = make_registration(event_session, email="guest@example.org",
                                status=RegistrationStatus.pending)
    film = Film(title="Flee", runtime_minutes=89)
    db.session.add(film)
    db.session.commit()
    with unit_of_work():
        add_person(event_session, PersonInput.parse(
            dict(name="Ana", affiliation="", role="speaker")), actor=users["owner"])
    person_id = event_session.people[0].person_id
    with unit_of_work():
        question = add_question(event, QuestionInput.parse(
            {"kind": "text", "label": {"en": "Organisation"}}), actor=users["owner"])
    return Scene(users, event.id, event_session.id, venue.id, film.id, person_id, pending.id,
                 question.id, users["co_organiser"].id)


EDITORS = {"co_organiser", "owner", "admin"}


def expect(success: int, *, allowed=frozenset(EDITORS), outsider: int = 403) -> dict:
    """Statuses by role: `success` for the allowed roles, 401 without a token."""
    return {role: (success if role in allowed else 401 if role == "anonymous" else outsider)
            for role in ROLES}


ORGANISERS = {"stranger", "co_organiser", "owner", "admin"}
SESSION_BODY = {"venue_id": None, "starts_at": "2030-01-10T10:00", "ends_at": "2030-01-10T12:00"}

# (method, path, body, expected statuses). Paths and bodies use the scene's ids.
API_WRITES = {
    "POST /api/v1/venues": ("POST", "/api/v1/venues", lambda s: {
        "name": "Hall", "city": "Batumi", "country": "GE", "timezone": "Asia/Tbilisi",
        "capacity": 10}, expect(201, allowed=ORGANISERS)),
    "PATCH /api/v1/venues/<id>": ("PATCH", "/api/v1/venues/{venue_id}",
                                  lambda s: {"capacity": 60},
                                  expect(200, allowed={"owner", "admin"})),
    "POST /api/v1/events": ("POST", "/api/v1/events", lambda s: {
        "title": "New", "kind": "panel"}, expect(201, allowed=ORGANISERS)),
    "PATCH /api/v1/events/<id>": ("PATCH", "/api/v1/events/{event_id}",
                                  lambda s: {"title": "Renamed"}, expect(200)),
    "POST /api/v1/events/<id>/publish": ("POST", "/api/v1/events/{event_id}/publish",
                                         None, expect(200)),
    "POST /api/v1/events/<id>/cancel": ("POST", "/api/v1/events/{event_id}/cancel",
                                        None, expect(200)),
    # Only the owner and admins decide who shares an event.
    "POST /api/v1/events/<id>/organisers": ("POST", "/api/v1/events/{event_id}/organisers",
                                            lambda s: {"email": "stranger@example.org"},
                                            expect(200, allowed={"owner", "admin"})),
    "DELETE /api/v1/events/<id>/organisers/<id>": (
        "DELETE", "/api/v1/events/{event_id}/organisers/{co_organiser_id}", None,
        expect(200, allowed={"owner", "admin"})),
    "POST /api/v1/events/<id>/sessions": ("POST", "/api/v1/events/{event_id}/sessions",
                                          lambda s: SESSION_BODY | {"venue_id": s.venue_id},
                                          expect(201)),
    "PATCH /api/v1/sessions/<id>": ("PATCH", "/api/v1/sessions/{session_id}",
                                    lambda s: {"title": "Renamed"}, expect(200)),
    "POST /api/v1/sessions/<id>/cancel": ("POST", "/api/v1/sessions/{session_id}/cancel",
                                          None, expect(200)),
    "POST /api/v1/sessions/<id>/people": ("POST", "/api/v1/sessions/{session_id}/people",
                                          lambda s: {"name": "Giorgi", "role": "moderator"},
                                          expect(201)),
    "DELETE /api/v1/sessions/<id>/people/<id>": (
        "DELETE", "/api/v1/sessions/{session_id}/people/{person_id}", None, expect(204)),
    "POST /api/v1/films": ("POST", "/api/v1/films", lambda s: {
        "title": "Io Capitano", "runtime_minutes": 121}, expect(201, allowed=ORGANISERS)),
    "PATCH /api/v1/films/<id>": ("PATCH", "/api/v1/films/{film_id}",
                                 lambda s: {"director": "Jonas Poher Rasmussen"},
                                 expect(200, allowed=ORGANISERS)),
    "POST /api/v1/registrations/<id>/approve": (
        "POST", "/api/v1/registrations/{registration_id}/approve", None, expect(200)),
    "POST /api/v1/registrations/<id>/decline": (
        "POST", "/api/v1/registrations/{registration_id}/decline", None, expect(200)),
    # The scene's registration is pending: editors hear it has no seat yet.
    "POST /api/v1/registrations/<id>/check-in": (
        "POST", "/api/v1/registrations/{registration_id}/check-in", None, expect(409)),
    "POST /api/v1/events/<id>/questions": ("POST", "/api/v1/events/{event_id}/questions",
                                           lambda s: {"kind": "boolean",
                                                      "label": {"en": "Vegetarian?"}},
                                           expect(201)),
    "PATCH /api/v1/questions/<id>": ("PATCH", "/api/v1/questions/{question_id}",
                                     lambda s: {"required": True}, expect(200)),
    "DELETE /api/v1/questions/<id>": ("DELETE", "/api/v1/questions/{question_id}", None,
                                      expect(204)),
    # Anyone with a token who sees the session; twice is harmless.
    "PUT /api/v1/sessions/<id>/star": ("PUT", "/api/v1/sessions/{session_id}/star", None,
                                       expect(204, allowed=set(ROLES) - {"anonymous"})),
    "DELETE /api/v1/sessions/<id>/star": ("DELETE", "/api/v1/sessions/{session_id}/star",
                                          None,
                                          expect(204, allowed=set(ROLES) - {"anonymous"})),
    "DELETE /api/v1/tokens/current": ("DELETE", "/api/v1/tokens/current", None,
                                      expect(204, allowed=set(ROLES) - {"anonymous"})),
}
# Open to everyone by design: signing up, signing in, registering as a guest,
# and cancelling with the registration's own secret (tests/api/test_registrations.py).
API_PUBLIC_WRITES = {"POST /api/v1/users", "POST /api/v1/tokens",
                     "POST /api/v1/sessions/<id>/registrations",
                     "DELETE /api/v1/registrations/<id>"}


def api_headers(app, scene: Scene, role: str) -> dict:
    if role == "anonymous":
        return {}
    with app.app_context():
        user = extensions.db.session.merge(scene.users[role])
        return {"Authorization": f"Bearer {make_token(user)}"}


def route_key(rule) -> list[str]:
    path = re.sub(r"<[^>]+>", "<id>", rule.rule)
    return [f"{method} {path}" for method in sorted(rule.methods - {"GET", "HEAD", "OPTIONS"})]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(API_WRITES))
def test_api_write_routes_by_role(app, db, route, role):
    method, path, body, expected = API_WRITES[route]
    scene = build_scene(db)
    url = path.format(**vars(scene))
    response = app.test_client().open(url, method=method, headers=api_headers(app, scene, role),
                                      json=body(scene) if body else None)
    assert response.status_code == expected[role], response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["anonymous", "attendee", "stranger"])
@pytest.mark.parametrize("route", sorted(
    route for route, (_, path, _, _) in API_WRITES.items()
    if any(key in path for key in ("{event_id}", "{session_id}", "{registration_id}"))))
def test_api_drafts_are_not_found_by_outsiders(app, db, route, role):
    method, path, body, _ = API_WRITES[route]
    scene = build_scene(db, event_status=EventStatus.draft)
    response = app.test_client().open(path.format(**vars(scene)), method=method,
                                      headers=api_headers(app, scene, role),
                                      json=body(scene) if body else None)
    assert response.status_code == (401 if role == "anonymous" else 404)


def test_every_api_write_route_is_in_the_table(app):
    routes = {key for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
              for key in route_key(rule)}
    assert routes == set(API_WRITES) | API_PUBLIC_WRITES
