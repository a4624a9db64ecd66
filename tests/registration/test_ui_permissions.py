"""Who may use each web write route added for registrations, for every role.

Each case runs on fresh data (tests/test_permissions.py's scene: an event
owned by `owner` with `co_organiser`, its approval-mode session with a
pending registration) plus a second session holding a confirmed guest, the
attendee's own registration, and an invitation. A new write route missing
from the table fails the completeness test in tests/test_ui_permissions.py.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from scheduler.events.models import EventSession, EventStatus
from scheduler.registration import invitations, links
from scheduler.registration.inputs import InvitationInput
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_session
from tests.test_permissions import EDITORS, ROLES, START, build_scene

OK, SIGN_IN = "ok", "sign in"


@dataclass
class UiScene:
    session_id: int
    second_session_id: int
    pending_id: int
    guest_id: int
    guest_path: str
    confirm_path: str
    check_in_code: str
    mine_id: int
    accept_path: str


def build_ui_scene(db, event_status=EventStatus.published) -> tuple[UiScene, dict]:
    scene = build_scene(db, event_status=EventStatus.published)
    first = db.session.get(EventSession, scene.session_id)
    second = make_session(first.event, first.venue, starts_at=START.replace(
        year=START.year + 1))
    guest = booked(second, name="Guest", email="linked@example.org")
    attendee = scene.users["attendee"]
    mine = booked(second, name=attendee.name, email=attendee.email, user=attendee)
    with unit_of_work():
        invitation = invitations.invite(
            first, InvitationInput(email="invitee@example.org", name="Ina"),
            actor=scene.users["owner"])
    accept_path = invitations.accept_url(invitation).removeprefix("https://scheduler.test")
    first.event.status = event_status
    db.session.commit()
    return UiScene(
        scene.session_id, second.id, scene.registration_id, guest.registration.id,
        f"/registrations/{guest.registration.id}/cancel?token={guest.secret}",
        f"/registrations/{guest.registration.id}/confirm"
        f"?token={links.confirm_secret(guest.registration)}",
        guest.registration.check_in_code, mine.registration.id, accept_path), scene.users


def organisers_only(outsider: int = 403) -> dict:
    return {role: OK if role in EDITORS else SIGN_IN if role == "anonymous" else outsider
            for role in ROLES}


EVERYONE = dict.fromkeys(ROLES, OK)
# (path, form data, expected by role): OK is a redirect onwards, SIGN_IN one to sign in.
UI_WRITES = {
    "POST /sessions/<id>/register": (
        "/sessions/{session_id}/register",
        {"name": "Walk-in", "email": "walk-in@example.org"}, EVERYONE),
    "POST /registrations/<id>/cancel": ("{guest_path}", {}, EVERYONE),
    "POST /registrations/<id>/confirm": ("{confirm_path}", {}, EVERYONE),
    "POST /invitations/<id>/accept": ("{accept_path}", {"name": "Ina"}, EVERYONE),
    "POST /my/registrations/<id>/cancel": (
        "/my/registrations/{mine_id}/cancel", {},
        {role: OK if role == "attendee" else SIGN_IN if role == "anonymous" else 404
         for role in ROLES}),
    "POST /organise/registrations/<id>/approve": (
        "/organise/registrations/{pending_id}/approve", {}, organisers_only()),
    "POST /organise/registrations/<id>/decline": (
        "/organise/registrations/{pending_id}/decline", {}, organisers_only()),
    "POST /organise/registrations/<id>/move": (
        "/organise/registrations/{pending_id}/move", {"session_id": "{second_session_id}"},
        organisers_only()),
    "POST /organise/sessions/<id>/invitations": (
        "/organise/sessions/{session_id}/invitations", {"email": "new@example.org"},
        organisers_only()),
    "POST /organise/sessions/<id>/check-in": (
        "/organise/sessions/{second_session_id}/check-in", {"code": "{check_in_code}"},
        organisers_only()),
}


def client_for(app, users: dict, role: str):
    return app.test_client() if role == "anonymous" else app.test_client(user=users[role])


def outcome(response) -> str | int:
    if response.status_code != 302:
        return response.status_code
    return SIGN_IN if "/sign-in" in response.headers["Location"] else OK


def send(app, db, route: str, role: str, event_status=EventStatus.published):
    path, data, expected = UI_WRITES[route]
    scene, users = build_ui_scene(db, event_status)
    values = vars(scene)
    response = client_for(app, users, role).post(
        path.format(**values), data={key: value.format(**values) for key, value in data.items()})
    return outcome(response), expected[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(UI_WRITES))
def test_ui_write_routes_by_role(app, db, route, role):
    got, expected = send(app, db, route, role)
    assert got == expected


ORGANISER_ROUTES = sorted(route for route in UI_WRITES if "/organise/" in route)


@pytest.mark.parametrize("role", ["anonymous", "attendee", "stranger"])
@pytest.mark.parametrize("route", [*ORGANISER_ROUTES, "POST /sessions/<id>/register"])
def test_drafts_are_not_found_by_outsiders(app, db, route, role):
    """Organiser pages turn away non-organisers before looking anything up
    (the same answer for every id); organisers and the public learn nothing."""
    got, _ = send(app, db, route, role, event_status=EventStatus.draft)
    if "/organise/" in route and role != "stranger":
        assert got == {"anonymous": SIGN_IN, "attendee": 403}[role]
    else:
        assert got == 404

