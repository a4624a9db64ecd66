"""GET /api/v1/events/{id}/stats: for the event's organisers only, in the
documented shape (every response here is checked against the OpenAPI document)."""
from __future__ import annotations

from scheduler.accounts.models import Role, User
from scheduler.api.openapi import document
from scheduler.events.models import EventStatus
from tests.api.helpers import error_of, ok
from tests.factories import make_token, make_user
from tests.registration.test_stats import answered_scene, mixed_scene


def test_organisers_get_each_sessions_numbers(client, db, organiser, admin):
    scene = mixed_scene(db.session.get(User, organiser.user_id))
    for caller in (organiser, admin):
        answer = ok(client.get(f"/api/v1/events/{scene.event.id}/stats",
                               headers=caller.headers))
        past, coming, empty = answer["sessions"]
        assert past == {"id": scene.past.id, "capacity": 8, "confirmed": 5, "pending": 0,
                        "waitlisted": 1, "declined": 1, "cancelled": 1, "checked_in": 3,
                        "no_shows": 2}
        assert (coming["confirmed"], coming["checked_in"], coming["no_shows"]) == (5, 1, None)
        assert empty["id"] == scene.empty.id and empty["confirmed"] == 0
        # Every registration of the event, whatever its status, on the day it was made.
        assert sum(day["count"] for day in answer["registrations_by_day"]) == 20
        assert answer["answers"] == {}


def test_the_answers_to_each_counted_question_every_option_included(client, db, organiser):
    form = answered_scene(db.session.get(User, organiser.user_id))
    answer = ok(client.get(f"/api/v1/events/{form.event.id}/stats",
                           headers=organiser.headers))
    assert answer["answers"] == {
        str(form.sector.id): {"ngo": 2, "government": 1, "academia": 0},
        str(form.meals.id): {"true": 1, "false": 1},
        str(form.country.id): {"GE": 2, "UA": 1},
        str(form.languages.id): {"en": 2, "ru": 0, "ka": 2},
        str(form.retired.id): {"a": 0, "b": 1}}


def test_a_co_organiser_may_read_them(client, db, organiser):
    scene = mixed_scene(db.session.get(User, organiser.user_id))
    colleague = make_user(role=Role.organiser)
    scene.event.co_organisers.append(colleague)
    db.session.commit()
    headers = {"Authorization": f"Bearer {make_token(colleague)}"}
    ok(client.get(f"/api/v1/events/{scene.event.id}/stats", headers=headers))


def test_strangers_are_refused(client, db, organiser, other_organiser, attendee):
    scene = mixed_scene(db.session.get(User, organiser.user_id))
    path = f"/api/v1/events/{scene.event.id}/stats"
    assert error_of(client.get(path), 401)
    for stranger in (other_organiser, attendee):
        assert error_of(client.get(path, headers=stranger.headers), 403)["code"]
    scene.event.status = EventStatus.draft
    db.session.commit()
    error_of(client.get(path, headers=other_organiser.headers), 404)
    error_of(client.get("/api/v1/events/424242/stats", headers=organiser.headers), 404)


def test_the_document_describes_the_endpoint():
    operation = document()["paths"]["/events/{event_id}/stats"]["get"]
    assert operation["security"] == [{"bearer": []}]
    assert {"200", "401", "403", "404"} <= set(operation["responses"])
    schema = document()["components"]["schemas"]["EventStats"]
    assert set(schema["required"]) == {"sessions", "registrations_by_day", "answers"}
