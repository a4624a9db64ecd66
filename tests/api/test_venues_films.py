"""Venues and films: shared lists that anyone reads and organisers keep."""
import pytest

from tests.api.helpers import TBILISI, error_of, new_event, new_session, new_venue, ok


def test_organiser_adds_a_venue_anyone_reads_it(client, organiser):
    venue = new_venue(client, organiser, country="GE", address="36 Kostava St",
                      changeover_minutes=15)
    assert (venue["country"], venue["created_by_id"], venue["online_url"]) == (
        "GE", organiser.user_id, None)
    assert client.get(f"/api/v1/venues/{venue['id']}").get_json() == venue
    assert [v["id"] for v in ok(client.get("/api/v1/venues"))["items"]] == [venue["id"]]


def test_attendees_cannot_add_venues(client, attendee):
    response = client.post("/api/v1/venues", json=TBILISI, headers=attendee.headers)
    assert error_of(response, 403)["code"] == "forbidden"


def test_only_the_venues_creator_or_an_admin_changes_it(client, organiser, other_organiser,
                                                         admin):
    venue = new_venue(client, organiser)
    path = f"/api/v1/venues/{venue['id']}"
    assert error_of(client.patch(path, json={"capacity": 50},
                                 headers=other_organiser.headers), 403)
    changed = ok(client.patch(path, json={"capacity": 50}, headers=organiser.headers))
    assert (changed["capacity"], changed["name"]) == (50, "Amirani Cinema")
    assert ok(client.patch(path, json={"online_url": "https://meet.example.org/a"},
                           headers=admin.headers))["online_url"] == "https://meet.example.org/a"
    assert ok(client.patch(path, json={"online_url": None},
                           headers=admin.headers))["online_url"] is None


def test_a_venue_with_sessions_keeps_its_time_zone(client, organiser):
    venue = new_venue(client, organiser)
    event = new_event(client, organiser)
    ok(new_session(client, organiser, event["id"], venue["id"]), 201)
    response = client.patch(f"/api/v1/venues/{venue['id']}",
                            json={"timezone": "Europe/Amsterdam"}, headers=organiser.headers)
    assert error_of(response, 409)["code"] == "venue_in_use"


def test_unknown_venue_and_film_are_404(client):
    assert error_of(client.get("/api/v1/venues/424242"), 404)["code"] == "not_found"
    assert error_of(client.get("/api/v1/films/424242"), 404)["code"] == "not_found"


FLEE = {"title": "Flee", "runtime_minutes": 89, "director": "Jonas Poher Rasmussen",
        "year": 2021, "country": "Denmark"}


def test_films_are_added_read_and_corrected(client, organiser):
    film = ok(client.post("/api/v1/films", json=FLEE, headers=organiser.headers), 201)
    assert (film["title"], film["runtime_minutes"], film["synopsis"]) == ("Flee", 89, "")
    assert ok(client.get(f"/api/v1/films/{film['id']}")) == film
    assert [f["id"] for f in ok(client.get("/api/v1/films"))["items"]] == [film["id"]]
    changed = ok(client.patch(f"/api/v1/films/{film['id']}", json={"year": None},
                              headers=organiser.headers))
    assert (changed["year"], changed["title"]) == (None, "Flee")


@pytest.mark.parametrize("changes, field", [
    ({"runtime_minutes": 0}, "runtime_minutes"), ({"year": 1700}, "year"),
    ({"title": ""}, "title"), ({"country": "c" * 101}, "country"),
])
def test_bad_films_are_422(client, organiser, changes, field):
    response = client.post("/api/v1/films", json=FLEE | changes, headers=organiser.headers)
    assert field in error_of(response, 422)["fields"]


def test_attendees_cannot_add_or_change_films(client, organiser, attendee):
    film = ok(client.post("/api/v1/films", json=FLEE, headers=organiser.headers), 201)
    assert error_of(client.post("/api/v1/films", json=FLEE, headers=attendee.headers), 403)
    assert error_of(client.patch(f"/api/v1/films/{film['id']}", json={"year": 2020},
                                 headers=attendee.headers), 403)


def test_screenings_carry_their_film_and_keep_it_fitting(client, organiser):
    film = ok(client.post("/api/v1/films", json=FLEE, headers=organiser.headers), 201)
    venue, event = new_venue(client, organiser), new_event(client, organiser)
    screening = ok(new_session(client, organiser, event["id"], venue["id"],
                               film_id=film["id"], qa_minutes=20), 201)
    assert screening["film"] == {"id": film["id"], "title": "Flee", "runtime_minutes": 89}
    too_long = client.patch(f"/api/v1/films/{film['id']}", json={"runtime_minutes": 101},
                            headers=organiser.headers)
    assert error_of(too_long, 409)["code"] == "screening_too_short"
    short = new_session(client, organiser, event["id"], venue["id"], film_id=film["id"],
                        starts_at="2027-12-15T19:00", ends_at="2027-12-15T20:00")
    assert "ends_at" in error_of(short, 422)["fields"]


def test_venues_films_and_sessions_speak_the_language_asked(client, organiser):
    venue = new_venue(client, organiser, name="Amirani Cinema", address="36 Kostava St",
                      translations={"ka": {"name": "კინო ამირანი"}})
    film = ok(client.post("/api/v1/films", json={
        "title": "Flee", "runtime_minutes": 90, "synopsis": "A story.",
        "translations": {"ru": {"title": "Бегство"}}}, headers=organiser.headers), 201)
    event = new_event(client, organiser)
    screening = ok(new_session(client, organiser, event["id"], venue["id"],
                               film_id=film["id"]), 201)
    assert screening["translations"] == {}
    ka = ok(client.get(f"/api/v1/venues/{venue['id']}?lang=ka"))
    assert (ka["name"], ka["address"]) == ("კინო ამირანი", "36 Kostava St")
    ru = ok(client.get(f"/api/v1/films/{film['id']}?lang=ru"))
    assert (ru["title"], ru["synopsis"]) == ("Бегство", "A story.")
    path = f"/api/v1/sessions/{screening['id']}"
    assert ok(client.get(f"{path}?lang=ru"))["shown_title"] == "Бегство"
    assert ok(client.get(f"{path}?lang=ka"))["venue"]["name"] == "კინო ამირანი"
    titled = ok(client.patch(path, json={"title": "Flee + Q&A", "translations": {
        "ka": {"title": "გაქცევა + კითხვები"}}}, headers=organiser.headers))
    assert titled["translations"] == {"ka": {"title": "გაქცევა + კითხვები"}}
    assert ok(client.get(f"{path}?lang=ka"))["shown_title"] == "გაქცევა + კითხვები"
