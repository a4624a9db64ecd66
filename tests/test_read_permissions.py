"""Who may read what: every GET route of the web UI and the API, for every role,
on a published event and on a draft.

The scene is tests/registration/test_ui_permissions.py's (an event owned by
`owner` with `co_organiser`, two sessions, a pending registration, a guest's
registration with its secret link, the attendee's own registration, an
invitation) plus the attendee's agenda feed secret. Web pages are visited
signed in; API calls carry the role's bearer token. A GET route missing from
READS fails the completeness test: adding one is one line.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from scheduler.events.models import EventSession, EventStatus
from scheduler.feeds.agenda import ensure_agenda_secret
from scheduler.films.models import Film
from scheduler.registration.messages import Message
from scheduler.registration.questions_models import Question
from scheduler.transactions import unit_of_work
from tests.registration.test_ui_permissions import build_ui_scene, client_for
from tests.test_permissions import EDITORS, ORGANISERS, ROLES, api_headers
from tests.test_ui_permissions import DONE, SIGN_IN, outcome

SIGNED_IN = set(ROLES) - {"anonymous"}


def by_role(allowed, *, anonymous, outsider) -> dict:
    return {role: 200 if role in allowed else anonymous if role == "anonymous" else outsider
            for role in ROLES}


EVERYONE = dict.fromkeys(ROLES, 200)
NOBODY = dict.fromkeys(ROLES, 404)
# Drafts: only those who may edit the event see it; the others learn nothing.
EDITORS_ONLY = by_role(EDITORS, anonymous=404, outsider=404)
SIGNED_IN_ONLY = by_role(SIGNED_IN, anonymous=SIGN_IN, outsider=None)


def organiser_page(allowed=EDITORS, *, outsider: int = 403) -> dict:
    """Organiser pages turn away attendees at the gate, before any lookup."""
    return by_role(allowed, anonymous=SIGN_IN, outsider=outsider) | {"attendee": 403}


def api_editors(outsider: int) -> dict:
    return by_role(EDITORS, anonymous=401, outsider=outsider)


EVENT_PAGE = (organiser_page(), organiser_page(outsider=404))
ORGANISERS_PAGE = (organiser_page(ORGANISERS), None)
PUBLIC_PAGE = (EVERYONE, EDITORS_ONLY)
PUBLIC_FEED = (EVERYONE, NOBODY)
# Not about any event: the same on a draft, so asked once.
UNSCOPED = (EVERYONE, None)

# Route -> (path, expected on a published event, expected on a draft or None).
# Paths use the scene's values.
READS = {
    "GET /": ("/", *UNSCOPED),
    "GET /healthz": ("/healthz", *UNSCOPED),
    "GET /readyz": ("/readyz", *UNSCOPED),
    # Signed in already: on to the home page.
    "GET /sign-in": ("/sign-in", {role: 200 if role == "anonymous" else DONE for role in ROLES},
                     None),
    "GET /sign-up": ("/sign-up", {role: 200 if role == "anonymous" else DONE for role in ROLES},
                     None),
    "GET /admin/users": ("/admin/users", organiser_page({"admin"}) | {"stranger": 403}, None),
    "GET /password/forgot": ("/password/forgot", *UNSCOPED),
    # A link that is not one is refused alike for everyone (tests/accounts for real ones).
    "GET /password/reset/<id>": ("/password/reset/not-a-token", dict.fromkeys(ROLES, 400),
                                 None),
    "GET /account": ("/account", SIGNED_IN_ONLY, None),
    "GET /account/password": ("/account/password", SIGNED_IN_ONLY, None),
    "GET /account/delete": ("/account/delete", SIGNED_IN_ONLY, None),
    "GET /account/data.json": ("/account/data.json", SIGNED_IN_ONLY, None),
    "GET /programme": ("/programme", *UNSCOPED),
    # For search engines and phones: the same for everyone (drafts never listed).
    "GET /sitemap.xml": ("/sitemap.xml", *UNSCOPED),
    "GET /sitemaps/<id>.xml": ("/sitemaps/1.xml", *UNSCOPED),
    "GET /robots.txt": ("/robots.txt", *UNSCOPED),
    "GET /manifest.webmanifest": ("/manifest.webmanifest", *UNSCOPED),
    "GET /favicon.ico": ("/favicon.ico", dict.fromkeys(ROLES, 301), None),
    # Images are public files; a name never stored is missing for everyone
    # (tests/images/test_media.py serves stored ones).
    "GET /media/<id>": ("/media/" + "0" * 32 + "-320.webp", dict.fromkeys(ROLES, 404), None),
    "GET /events/<id>/timetable": ("/events/{slug}/timetable", *PUBLIC_PAGE),
    "GET /my/registrations": ("/my/registrations", SIGNED_IN_ONLY, None),
    # Guests see the stars of their own browser.
    "GET /my-programme": ("/my-programme", *UNSCOPED),
    "GET /events/<id>": ("/events/{slug}", *PUBLIC_PAGE),
    "GET /sessions/<id>": ("/sessions/{session_id}", *PUBLIC_PAGE),
    # The scene's film has no screening: only the catalogue's organisers see it
    # (tests/films/test_public_film_page.py has screened ones and drafts).
    "GET /films/<id>": ("/films/{film_id}", by_role(ORGANISERS, anonymous=404, outsider=404),
                        None),
    "GET /sessions/<id>/seats": ("/sessions/{session_id}/seats", *PUBLIC_PAGE),
    "GET /calendar.ics": ("/calendar.ics", *UNSCOPED),
    "GET /events/<id>/calendar.ics": ("/events/{slug}/calendar.ics", *PUBLIC_FEED),
    "GET /sessions/<id>.ics": ("/sessions/{session_id}.ics", *PUBLIC_FEED),
    "GET /venues/<id>/calendar.ics": ("/venues/{venue_id}/calendar.ics", *UNSCOPED),
    # Secret links: whoever holds the secret, signed in or not.
    "GET /feeds/<id>/agenda.ics": ("/feeds/{agenda_secret}/agenda.ics", *UNSCOPED),
    "GET /registrations/<id>": ("/registrations/{guest_id}?token={guest_token}", *UNSCOPED),
    "GET /registrations/<id>/cancel": ("{guest_path}", *UNSCOPED),
    "GET /registrations/<id>/ticket": ("/registrations/{guest_id}/ticket?token={guest_token}",
                                       *UNSCOPED),
    "GET /registrations/<id>/confirm": ("{confirm_path}", *UNSCOPED),
    "GET /invitations/<id>/accept": ("{accept_path}", EVERYONE, NOBODY),
    "GET /organise": ("/organise", *ORGANISERS_PAGE),
    "GET /organise/events/new": ("/organise/events/new", *ORGANISERS_PAGE),
    "GET /organise/events/<id>": ("/organise/events/{event_id}", *EVENT_PAGE),
    "GET /organise/events/<id>/edit": ("/organise/events/{event_id}/edit", *EVENT_PAGE),
    "GET /organise/events/<id>/organisers": ("/organise/events/{event_id}/organisers",
                                             *EVENT_PAGE),
    "GET /organise/events/<id>/cancel": ("/organise/events/{event_id}/cancel", *EVENT_PAGE),
    "GET /organise/events/<id>/import": ("/organise/events/{event_id}/import", *EVENT_PAGE),
    "GET /organise/events/<id>/dashboard": ("/organise/events/{event_id}/dashboard",
                                            *EVENT_PAGE),
    "GET /organise/events/<id>/dashboard/sessions.csv": (
        "/organise/events/{event_id}/dashboard/sessions.csv", *EVENT_PAGE),
    "GET /organise/events/<id>/dashboard/days.csv": (
        "/organise/events/{event_id}/dashboard/days.csv", *EVENT_PAGE),
    "GET /organise/events/<id>/dashboard/answers.csv": (
        "/organise/events/{event_id}/dashboard/answers.csv", *EVENT_PAGE),
    "GET /organise/events/<id>/sessions/new": (
        "/organise/events/{event_id}/sessions/new", *EVENT_PAGE),
    "GET /organise/events/<id>/sessions/dates": (
        "/organise/events/{event_id}/sessions/dates", *EVENT_PAGE),
    "GET /organise/events/<id>/messages": ("/organise/events/{event_id}/messages", *EVENT_PAGE),
    "GET /organise/events/<id>/messages/new": (
        "/organise/events/{event_id}/messages/new", *EVENT_PAGE),
    "GET /organise/events/<id>/messages/<id>": (
        "/organise/events/{event_id}/messages/{message_id}", *EVENT_PAGE),
    "GET /organise/sessions/<id>/edit": ("/organise/sessions/{session_id}/edit", *EVENT_PAGE),
    "GET /organise/sessions/<id>/cancel": ("/organise/sessions/{session_id}/cancel",
                                           *EVENT_PAGE),
    "GET /organise/sessions/<id>/attendees": ("/organise/sessions/{second_session_id}/attendees",
                                              *EVENT_PAGE),
    "GET /organise/sessions/<id>/attendees.csv": (
        "/organise/sessions/{second_session_id}/attendees.csv", *EVENT_PAGE),
    "GET /organise/sessions/<id>/attendees.xlsx": (
        "/organise/sessions/{second_session_id}/attendees.xlsx", *EVENT_PAGE),
    "GET /organise/events/<id>/questions": ("/organise/events/{event_id}/questions",
                                            *EVENT_PAGE),
    "GET /organise/questions/<id>/edit": ("/organise/questions/{question_id}/edit",
                                          *EVENT_PAGE),
    "GET /organise/sessions/<id>/check-in": ("/organise/sessions/{session_id}/check-in",
                                             *EVENT_PAGE),
    "GET /organise/venues": ("/organise/venues", *ORGANISERS_PAGE),
    "GET /organise/venues/new": ("/organise/venues/new", *ORGANISERS_PAGE),
    "GET /organise/venues/<id>/edit": ("/organise/venues/{venue_id}/edit",
                                       organiser_page({"owner", "admin"}), None),
    "GET /organise/films": ("/organise/films", *ORGANISERS_PAGE),
    "GET /organise/films/new": ("/organise/films/new", *ORGANISERS_PAGE),
    "GET /organise/films/<id>/edit": ("/organise/films/{film_id}/edit", *ORGANISERS_PAGE),
    "GET /api/v1/openapi.json": ("/api/v1/openapi.json", *UNSCOPED),
    "GET /api/v1/venues": ("/api/v1/venues", *UNSCOPED),
    "GET /api/v1/venues/<id>": ("/api/v1/venues/{venue_id}", *UNSCOPED),
    "GET /api/v1/films": ("/api/v1/films", *UNSCOPED),
    "GET /api/v1/films/<id>": ("/api/v1/films/{film_id}", *UNSCOPED),
    "GET /api/v1/events": ("/api/v1/events", *UNSCOPED),
    "GET /api/v1/events/<id>": ("/api/v1/events/{event_id}", *PUBLIC_PAGE),
    "GET /api/v1/events/<id>/sessions": ("/api/v1/events/{event_id}/sessions", *PUBLIC_PAGE),
    "GET /api/v1/events/<id>/stats": ("/api/v1/events/{event_id}/stats", api_editors(403),
                                      api_editors(404)),
    # Emails of the event's organisers: its editors only.
    "GET /api/v1/events/<id>/organisers": ("/api/v1/events/{event_id}/organisers",
                                           api_editors(403), api_editors(404)),
    "GET /api/v1/events/<id>/questions": ("/api/v1/events/{event_id}/questions",
                                          *PUBLIC_PAGE),
    "GET /api/v1/sessions": ("/api/v1/sessions", *UNSCOPED),
    "GET /api/v1/me/stars": ("/api/v1/me/stars", by_role(SIGNED_IN, anonymous=401,
                                                         outsider=None), None),
    "GET /api/v1/sessions/<id>": ("/api/v1/sessions/{session_id}", *PUBLIC_PAGE),
    "GET /api/v1/sessions/<id>/registrations": (
        "/api/v1/sessions/{second_session_id}/registrations", api_editors(403),
        api_editors(404)),
    "GET /api/v1/registrations/<id>": (
        "/api/v1/registrations/{guest_id}?token={guest_token}", *UNSCOPED),
}
# Each secret link, with a wrong secret: not found, for everyone.
WRONG_SECRETS = ["/feeds/not-the-secret/agenda.ics",
                 "/registrations/{guest_id}?token=not-the-secret",
                 "/registrations/{guest_id}/cancel?token=not-the-secret",
                 "/registrations/{guest_id}/confirm?token=not-the-secret",
                 "/invitations/{invitation_id}/accept?token=not-the-secret",
                 "/api/v1/registrations/{guest_id}?token=not-the-secret"]
ATTENDEE_LISTS = ["GET /organise/sessions/<id>/attendees",
                  "GET /organise/sessions/<id>/attendees.csv",
                  "GET /api/v1/sessions/<id>/registrations"]


def read_scene(db, event_status=EventStatus.published) -> tuple[dict, dict]:
    scene, users = build_ui_scene(db, event_status)
    with unit_of_work():
        agenda_secret = ensure_agenda_secret(users["attendee"])
    event_session = db.session.get(EventSession, scene.session_id)
    values = vars(scene) | {
        "event_id": event_session.event_id, "slug": event_session.event.slug,
        "venue_id": event_session.venue_id, "film_id": db.session.query(Film.id).scalar(),
        "question_id": db.session.query(Question.id).scalar(),
        "guest_token": scene.guest_path.partition("token=")[2],
        "invitation_id": re.search(r"/invitations/(\d+)/", scene.accept_path).group(1),
        "agenda_secret": agenda_secret, "message_id": message_id(db, event_session)}
    return values, users


def message_id(db, event_session: EventSession) -> int:
    """A message sent to the event's attendees, as kept."""
    message = Message(event_id=event_session.event_id, audience="confirmed", subject="Hello",
                      body="Welcome.", token="read-scene", recipients=1)
    db.session.add(message)
    db.session.commit()
    return message.id


def visit(app, users: dict, role: str, path: str):
    if path.startswith("/api/"):
        headers = api_headers(app, SimpleNamespace(users=users), role)
        return app.test_client().get(path, headers=headers)
    return client_for(app, users, role).get(path)


def outcomes(app, db, role: str, event_status: EventStatus, routes) -> dict:
    """Each route's outcome for `role`, on one scene: reading changes nothing."""
    values, users = read_scene(db, event_status)
    return {route: outcome(visit(app, users, role, READS[route][0].format(**values)))
            for route in routes}


@pytest.mark.parametrize("role", ROLES)
def test_read_routes_by_role(app, db, role):
    expected = {route: published[role] for route, (_, published, _) in READS.items()}
    assert outcomes(app, db, role, EventStatus.published, READS) == expected


@pytest.mark.parametrize("role", ROLES)
def test_read_routes_on_a_draft_by_role(app, db, role):
    expected = {route: draft[role] for route, (_, _, draft) in READS.items() if draft}
    assert outcomes(app, db, role, EventStatus.draft, expected) == expected


@pytest.mark.parametrize("role", ROLES)
def test_attendee_names_and_emails_only_reach_editors_and_wrong_secrets_no_one(app, db, role):
    values, users = read_scene(db)
    for route in ATTENDEE_LISTS:
        body = visit(app, users, role, READS[route][0].format(**values)).get_data(as_text=True)
        assert ("linked@example.org" in body) == (role in EDITORS), route
    for path in WRONG_SECRETS:
        assert visit(app, users, role, path.format(**values)).status_code == 404, path


def test_every_read_route_is_in_the_table(app):
    routes = {f"GET {re.sub(r'<[^>]+>', '<id>', rule.rule)}"
              for rule in app.url_map.iter_rules()
              if "GET" in rule.methods and rule.endpoint != "static"}
    assert routes == set(READS)
