"""PUT and DELETE /api/v1/sessions/{id}/star, GET /api/v1/me/stars; every
response checked against the OpenAPI document."""
from __future__ import annotations

from scheduler.events.models import EventStatus
from tests.api.conftest import checked_responses  # noqa: F401  (autouse fixture)
from tests.api.helpers import error_of, ok
from tests.factories import make_event, make_session, make_token, make_venue


def test_star_list_and_unstar(app, nino, screenings):
    client, headers = app.test_client(), {"Authorization": f"Bearer {make_token(nino)}"}
    for event_session in (screenings[0], screenings[1], screenings[0]):
        answer = client.put(f"/api/v1/sessions/{event_session.id}/star", headers=headers)
        assert answer.status_code == 204
    listed = ok(client.get("/api/v1/me/stars", headers=headers))
    # Soonest first: screening 1 starts days before screening 0.
    assert [item["id"] for item in listed["items"]] == [screenings[1].id, screenings[0].id]
    for _ in range(2):
        answer = client.delete(f"/api/v1/sessions/{screenings[1].id}/star", headers=headers)
        assert answer.status_code == 204
    listed = ok(client.get("/api/v1/me/stars", headers=headers))
    assert [item["id"] for item in listed["items"]] == [screenings[0].id]


def test_stars_need_a_token(client, screenings):
    error_of(client.put(f"/api/v1/sessions/{screenings[0].id}/star"), 401)
    error_of(client.get("/api/v1/me/stars"), 401)


def test_hidden_or_missing_sessions_are_404(app, owner, nino):
    hidden = make_session(make_event(owner, status=EventStatus.draft, slug="draft"),
                          make_venue(name="Elsewhere"))
    headers = {"Authorization": f"Bearer {make_token(nino)}"}
    client = app.test_client()
    error_of(client.put(f"/api/v1/sessions/{hidden.id}/star", headers=headers), 404)
    error_of(client.put("/api/v1/sessions/999999/star", headers=headers), 404)
    assert ok(client.get("/api/v1/me/stars", headers=headers))["items"] == []
