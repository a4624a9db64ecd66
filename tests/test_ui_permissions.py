"""Who may write what through the web pages: every state-changing UI route for
every role, on the scene of tests/test_permissions.py. A route missing from the
table here or in tests/registration/test_ui_permissions.py fails the completeness test.

"done" is a redirect onward (the change was made, or refused on the page);
"sign_in" is the redirect to the sign-in page that strangers get.
"""
from __future__ import annotations

import io

import pytest

from tests.factories import PASSWORD
from tests.registration.test_ui_permissions import UI_WRITES as REGISTRATION_UI_WRITES
from tests.test_permissions import EDITORS, ORGANISERS, ROLES, Scene, build_scene, route_key

DONE, SIGN_IN = "done", "sign_in"
AT_TBILISI = {"venue_id": None, "film_id": "", "registration_mode": "open", "qa_minutes": "0",
              "ends_on": "", "later": "earlier",
              "starts_at": "10:00", "ends_at": "12:00"}


def expect(*, allowed=frozenset(EDITORS), outsider: int = 403) -> dict:
    return {role: (DONE if role in allowed else SIGN_IN if role == "anonymous" else outsider)
            for role in ROLES}


def new_session_form(scene: Scene) -> dict:
    return AT_TBILISI | {"venue_id": scene.venue_id, "starts_on": "2030-01-10"}


def several_dates_form(scene: Scene) -> dict:
    return AT_TBILISI | {"venue_id": scene.venue_id, "days-0": "2030-02-01",
                         "days-1": "2030-02-03"}


VENUE_FORM = {"name": "Black Box", "city": "Batumi", "country": "GE",
              "timezone": "Asia/Tbilisi", "capacity": "30", "changeover_minutes": "0"}
# To the scene's one pending registration.
LETTER = {"audiences": "pending", "subject": "Directions", "body": "Take the second door."}
FILM_FORM = {"title": "Io Capitano", "runtime_minutes": "121"}
# A partner's programme: one session at the scene's venue (an import previews
# with 200, then commits with a redirect onward).
IMPORT_FILE = "".join(f"{line}\r\n" for line in [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partner//Programme//EN", "BEGIN:VEVENT",
    "UID:ui-permissions@partner", "DTSTART;TZID=Asia/Tbilisi:20270610T100000",
    "DTEND;TZID=Asia/Tbilisi:20270610T120000", "SUMMARY:Imported",
    "LOCATION:Amirani Cinema", "END:VEVENT", "END:VCALENDAR"])

# (path, form, expected by role). Paths and forms use the scene's ids.
UI_WRITES = {
    "POST /organise/events/new": ("/organise/events/new", lambda s: {
        "title": "Winter school", "kind": "training", "status": "draft"},
        expect(allowed=ORGANISERS)),
    "POST /organise/events/<id>/edit": ("/organise/events/{event_id}/edit", lambda s: {
        "title": "Renamed", "kind": "film_festival"}, expect()),
    "POST /organise/events/<id>/publish": ("/organise/events/{event_id}/publish", None,
                                           expect()),
    "POST /organise/events/<id>/cancel": ("/organise/events/{event_id}/cancel", None,
                                          expect()),
    # Co-organisers edit the event; only its owner and admins decide who shares it.
    "POST /organise/events/<id>/organisers": ("/organise/events/{event_id}/organisers",
                                              lambda s: {"email": "stranger@example.org"},
                                              expect(allowed={"owner", "admin"})),
    "POST /organise/events/<id>/organisers/<id>/remove": (
        "/organise/events/{event_id}/organisers/{co_organiser_id}/remove", None,
        expect(allowed={"owner", "admin"})),
    "POST /organise/events/<id>/sessions/new": ("/organise/events/{event_id}/sessions/new",
                                                new_session_form, expect()),
    "POST /organise/events/<id>/sessions/dates": (
        "/organise/events/{event_id}/sessions/dates", several_dates_form, expect()),
    "POST /organise/sessions/<id>/edit": ("/organise/sessions/{session_id}/edit",
                                          new_session_form, expect()),
    "POST /organise/sessions/<id>/cancel": ("/organise/sessions/{session_id}/cancel", None,
                                            expect()),
    "POST /organise/sessions/<id>/people": ("/organise/sessions/{session_id}/people",
                                            lambda s: {"name": "Giorgi", "role": "moderator"},
                                            expect()),
    "POST /organise/sessions/<id>/people/<id>/remove": (
        "/organise/sessions/{session_id}/people/{person_id}/remove", None, expect()),
    "POST /organise/venues/new": ("/organise/venues/new", lambda s: VENUE_FORM,
                                  expect(allowed=ORGANISERS)),
    "POST /organise/venues/<id>/edit": ("/organise/venues/{venue_id}/edit",
                                        # The scene's session holds 50 seats.
                                        lambda s: VENUE_FORM | {"capacity": "60"},
                                        expect(allowed={"owner", "admin"})),
    "POST /organise/films/new": ("/organise/films/new", lambda s: FILM_FORM,
                                 expect(allowed=ORGANISERS)),
    "POST /organise/films/<id>/edit": ("/organise/films/{film_id}/edit", lambda s: FILM_FORM,
                                       expect(allowed=ORGANISERS)),
    "POST /organise/events/<id>/import": (
        "/organise/events/{event_id}/import",
        lambda s: {"calendar": (io.BytesIO(IMPORT_FILE.encode()), "programme.ics")},
        expect() | dict.fromkeys(EDITORS, 200)),
    "POST /organise/events/<id>/import/commit": (
        "/organise/events/{event_id}/import/commit", lambda s: {"calendar": IMPORT_FILE},
        expect()),
    # The write form posted back and the preview answer their page; the send moves on.
    "POST /organise/events/<id>/messages/new": (
        "/organise/events/{event_id}/messages/new", lambda s: LETTER,
        expect() | dict.fromkeys(EDITORS, 200)),
    "POST /organise/events/<id>/messages/preview": (
        "/organise/events/{event_id}/messages/preview", lambda s: LETTER,
        expect() | dict.fromkeys(EDITORS, 200)),
    "POST /organise/events/<id>/messages/send": (
        "/organise/events/{event_id}/messages/send", lambda s: LETTER | {"token": "once"},
        expect()),
    "POST /organise/events/<id>/questions": ("/organise/events/{event_id}/questions",
                                             lambda s: {"kind": "text",
                                                        "label_en": "Position"}, expect()),
    "POST /organise/questions/<id>/edit": ("/organise/questions/{question_id}/edit",
                                           lambda s: {"kind": "text", "label_ka": "ორგ."},
                                           expect()),
    "POST /organise/questions/<id>/up": ("/organise/questions/{question_id}/up", None,
                                         expect()),
    "POST /organise/questions/<id>/down": ("/organise/questions/{question_id}/down", None,
                                           expect()),
    "POST /organise/questions/<id>/remove": ("/organise/questions/{question_id}/remove",
                                             None, expect()),
    # Anyone who sees a session may star it: guests in their cookie.
    "POST /sessions/<id>/star": ("/sessions/{session_id}/star", None,
                                 dict.fromkeys(ROLES, DONE)),
    "POST /sessions/<id>/unstar": ("/sessions/{session_id}/unstar", None,
                                   dict.fromkeys(ROLES, DONE)),
    "POST /admin/users/<id>/role": ("/admin/users/{co_organiser_id}/role",
                                    lambda s: {"role": "attendee"}, expect(allowed={"admin"})),
    "POST /account/agenda-link": ("/account/agenda-link", None, {
        role: SIGN_IN if role == "anonymous" else DONE for role in ROLES}),
    # Each scene user's password is tests.factories.PASSWORD.
    "POST /account/password": ("/account/password", lambda s: {
        "current_password": PASSWORD, "password": "a new long password",
        "password_again": "a new long password"},
        expect(allowed=set(ROLES) - {"anonymous"})),
    # The owner's event passes to its co-organiser.
    "POST /account/delete": ("/account/delete", lambda s: {"current_password": PASSWORD},
                             expect(allowed=set(ROLES) - {"anonymous"})),
}
# Not behind the organisers' gate: on a draft, everyone outside it finds nothing.
SEEN_SESSION_WRITES = {"POST /sessions/<id>/star", "POST /sessions/<id>/unstar"}
# Open to everyone by design.
UI_PUBLIC_WRITES = {"POST /sign-in", "POST /sign-out", "POST /sign-up", "POST /password/forgot",
                    "POST /password/reset/<id>"}


def browser_for(app, scene: Scene, role: str):
    if role == "anonymous":
        return app.test_client()
    return app.test_client(user=scene.users[role])


def outcome(response) -> str | int:
    if response.status_code == 302:
        return SIGN_IN if response.location.startswith("/sign-in") else DONE
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(UI_WRITES))
def test_ui_write_routes_by_role(app, db, route, role):
    path, form, expected = UI_WRITES[route]
    scene = build_scene(db)
    response = browser_for(app, scene, role).post(path.format(**vars(scene)),
                                                  data=form(scene) if form else None)
    assert outcome(response) == expected[role], response.get_data(as_text=True)[:2000]


@pytest.mark.parametrize("role", ["attendee", "stranger"])
@pytest.mark.parametrize("route", sorted(
    route for route, (path, _, _) in UI_WRITES.items()
    if "{event_id}" in path or "{session_id}" in path))
def test_ui_drafts_are_not_found_by_outsiders(app, db, route, role):
    path, form, _ = UI_WRITES[route]
    scene = build_scene(db, event_status="draft")
    response = browser_for(app, scene, role).post(path.format(**vars(scene)),
                                                  data=form(scene) if form else None)
    # Attendees are turned away at the organisers-only gate before any lookup.
    gated = role == "attendee" and route not in SEEN_SESSION_WRITES
    assert response.status_code == (403 if gated else 404)


def test_every_ui_write_route_is_in_the_table(app):
    routes = {key for rule in app.url_map.iter_rules() if not rule.rule.startswith("/api/")
              for key in route_key(rule)}
    assert routes == set(UI_WRITES) | set(REGISTRATION_UI_WRITES) | UI_PUBLIC_WRITES
