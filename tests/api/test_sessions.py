"""Sessions through the API: local times, conflicts, changes, seats, people."""
import pytest
import sqlalchemy as sa

from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.registration.models import RegistrationStatus
from tests.api.helpers import error_of, new_event, new_session, new_venue, ok
from tests.factories import make_registration


@pytest.fixture
def festival(client, organiser):
    return new_event(client, organiser)["id"]


@pytest.fixture
def hall(client, organiser):
    return new_venue(client, organiser, changeover_minutes=15)["id"]


def test_local_time_at_the_venue_comes_back_with_its_offset_and_in_utc(
        client, organiser, festival, hall):
    session = ok(new_session(client, organiser, festival, hall), 201)
    assert (session["starts_at"], session["ends_at"]) == (
        "2027-12-14T19:00:00+04:00", "2027-12-14T21:00:00+04:00")
    assert (session["starts_at_utc"], session["ends_at_utc"]) == (
        "2027-12-14T15:00:00Z", "2027-12-14T17:00:00Z")
    assert session["timezone"] == "Asia/Tbilisi"
    assert session["venue"] == {"id": hall, "name": "Amirani Cinema", "city": "Tbilisi",
                                "country": "GE", "timezone": "Asia/Tbilisi",
                                "online_url": None}
    assert {key: session[key] for key in (
        "capacity", "seats_taken", "reserved_seats", "seats_left", "waitlist_length", "status",
        "sequence", "registration_mode", "film", "people", "event_id")} == {
        "capacity": 40, "seats_taken": 0, "reserved_seats": 0, "seats_left": 40,
        "waitlist_length": 0,
        "status": "scheduled", "sequence": 0, "registration_mode": "open", "film": None,
        "people": [], "event_id": festival}
    assert ok(client.get(f"/api/v1/sessions/{session['id']}")) == session


def test_a_time_with_an_offset_or_z_is_an_instant(client, organiser, festival, hall):
    session = ok(new_session(client, organiser, festival, hall,
                             starts_at="2027-12-14T12:00:00Z",
                             ends_at="2027-12-14T15:00:00+02:00"), 201)
    assert (session["starts_at"], session["ends_at_utc"]) == (
        "2027-12-14T16:00:00+04:00", "2027-12-14T13:00:00Z")


def test_overlap_is_409_naming_the_other_and_back_to_back_is_fine(
        client, organiser, festival, hall):
    first = ok(new_session(client, organiser, festival, hall), 201)
    clash = new_session(client, organiser, festival, hall,
                        starts_at="2027-12-14T20:00", ends_at="2027-12-14T22:00")
    error = error_of(clash, 409)
    assert error["code"] == "venue_conflict"
    assert error["conflicting_session_id"] == first["id"]
    # 21:00 plus the hall's 15 minutes' changeover.
    ok(new_session(client, organiser, festival, hall,
                   starts_at="2027-12-14T21:15", ends_at="2027-12-14T22:00"), 201)


@pytest.mark.parametrize("changes, field", [
    ({"ends_at": "2027-12-14T18:00"}, "ends_at"),
    ({"venue_id": 999_999}, "venue_id"),
    ({"capacity": 41}, "capacity"),
    ({"starts_at": "0001-01-01T10:00"}, "starts_at"),
    ({"starts_at": "0001-01-01T10:00:00+05:00"}, "starts_at"),
    ({"ends_at": "9999-12-31T23:00"}, "ends_at"),
    ({"ends_at": "9999-12-31T23:00:00-05:00"}, "ends_at"),
    ({"starts_at": 12}, "starts_at"), ({"starts_at": "tomorrow"}, "starts_at"),
    ({"starts_at": "2027-02-30T10:00"}, "starts_at"), ({"starts_at": None}, "starts_at"),
    ({"capacity": "many"}, "capacity"), ({"title": None}, "title"),
    ({"registration_mode": "lottery"}, "registration_mode"),
    ({"film_id": 999_999}, "film_id"), ({"venue_id": "1"}, "venue_id"),
    ({"reserved_seats": 41}, "reserved_seats"), ({"reserved_seats": -1}, "reserved_seats"),
    ({"capacity": 5, "reserved_seats": 6}, "reserved_seats"),
    ({"reserved_seats": None}, "reserved_seats"), ({"reserved_seats": "2"}, "reserved_seats"),
])
def test_bad_sessions_are_422_naming_the_field(client, organiser, festival, hall,
                                               changes, field):
    error = error_of(new_session(client, organiser, festival, hall, **changes), 422)
    assert field in error["fields"]


def test_a_local_time_that_never_happens_is_422(client, organiser, festival):
    amsterdam = new_venue(client, organiser, name="Pakhuis", city="Amsterdam", country="NL",
                          timezone="Europe/Amsterdam")["id"]
    gap = new_session(client, organiser, festival, amsterdam,
                      starts_at="2027-03-28T02:30", ends_at="2027-03-28T04:00")
    assert "does not exist" in error_of(gap, 422)["fields"]["starts_at"]


def test_html_in_titles_is_stored_as_text(client, organiser, festival, hall):
    title = "<img src=x onerror=alert(1)> Q&A"
    session = ok(new_session(client, organiser, festival, hall, title=title), 201)
    assert ok(client.get(f"/api/v1/sessions/{session['id']}"))["title"] == title


def test_a_ten_megabyte_title_is_413(client, organiser, festival, hall):
    response = new_session(client, organiser, festival, hall, title="x" * 10_000_000)
    assert error_of(response, 413)["code"] == "too_large"


def test_rescheduling_bumps_sequence_and_renaming_does_not(client, organiser, festival, hall):
    session = ok(new_session(client, organiser, festival, hall), 201)
    path = f"/api/v1/sessions/{session['id']}"
    renamed = ok(client.patch(path, json={"title": "Opening night"}, headers=organiser.headers))
    assert (renamed["title"], renamed["sequence"]) == ("Opening night", 0)
    moved = ok(client.patch(path, json={"starts_at": "2027-12-15T19:00",
                                        "ends_at": "2027-12-15T21:30"},
                            headers=organiser.headers))
    assert (moved["starts_at"], moved["sequence"]) == ("2027-12-15T19:00:00+04:00", 1)
    refused = client.patch(path, json={"capacity": 41, "bogus": 1}, headers=organiser.headers)
    assert set(error_of(refused, 422)["fields"]) == {"bogus"}


def test_moving_onto_another_session_is_409(client, organiser, festival, hall):
    first = ok(new_session(client, organiser, festival, hall), 201)
    second = ok(new_session(client, organiser, festival, hall,
                            starts_at="2027-12-15T19:00", ends_at="2027-12-15T21:00"), 201)
    response = client.patch(f"/api/v1/sessions/{second['id']}",
                            json={"starts_at": "2027-12-14T20:00",
                                  "ends_at": "2027-12-14T22:00"}, headers=organiser.headers)
    assert error_of(response, 409)["conflicting_session_id"] == first["id"]


def test_capacity_cannot_drop_below_confirmed_seats(app, client, organiser, festival, hall):
    session = ok(new_session(client, organiser, festival, hall, capacity=3), 201)
    with app.app_context():
        row = db.session.get(EventSession, session["id"])
        for n in range(3):
            make_registration(row, email=f"a{n}@example.org")
        make_registration(row, email="w@example.org", status=RegistrationStatus.waitlisted)
        row.seats_taken = 3
        db.session.commit()
    path = f"/api/v1/sessions/{session['id']}"
    full = ok(client.get(path))
    assert (full["seats_taken"], full["seats_left"], full["waitlist_length"]) == (3, 0, 1)
    response = client.patch(path, json={"capacity": 2}, headers=organiser.headers)
    error = error_of(response, 409)
    assert error["code"] == "capacity_below_confirmed" and "capacity" in error["fields"]


def test_seats_left_are_those_a_booking_can_take(client, organiser, festival, hall):
    session = ok(new_session(client, organiser, festival, hall, capacity=10,
                             reserved_seats=8), 201)
    assert (session["reserved_seats"], session["seats_left"]) == (8, 2)
    path = f"/api/v1/sessions/{session['id']}"
    bookings = [client.post(f"{path}/registrations",
                            json={"name": f"Nino {n}", "email": f"nino{n}@example.org"})
                for n in range(3)]
    assert [ok(b, 201)["status"] for b in bookings] == ["confirmed", "confirmed", "waitlisted"]
    assert ok(client.get(path))["seats_left"] == 0
    # Holding fewer back opens seats: the waitlisted guest takes one.
    fewer = ok(client.patch(path, json={"reserved_seats": 5}, headers=organiser.headers))
    assert (fewer["reserved_seats"], fewer["seats_taken"], fewer["seats_left"],
            fewer["waitlist_length"]) == (5, 3, 2, 0)
    too_many = client.patch(path, json={"capacity": 4}, headers=organiser.headers)
    assert "reserved_seats" in error_of(too_many, 422)["fields"]
    assert ok(client.get(path))["reserved_seats"] == 5


def test_cancel_keeps_the_row(client, organiser, festival, hall):
    session = ok(new_session(client, organiser, festival, hall), 201)
    path = f"/api/v1/sessions/{session['id']}"
    cancelled = ok(client.post(f"{path}/cancel", headers=organiser.headers))
    assert (cancelled["status"], cancelled["sequence"]) == ("cancelled", 1)
    assert ok(client.get(path))["status"] == "cancelled"
    listed = ok(client.get(f"/api/v1/events/{festival}/sessions"))["items"]
    assert [(s["id"], s["status"]) for s in listed] == [(session["id"], "cancelled")]
    again = client.patch(path, json={"title": "x"}, headers=organiser.headers)
    assert error_of(again, 409)["code"] == "session_cancelled"
    # The slot is free again.
    ok(new_session(client, organiser, festival, hall), 201)


def test_who_may_schedule(client, organiser, other_organiser, attendee, admin, hall):
    public = new_event(client, organiser)["id"]
    draft = new_event(client, organiser, status="draft")["id"]
    assert error_of(new_session(client, attendee, public, hall), 403)["code"] == "forbidden"
    assert error_of(new_session(client, other_organiser, public, hall), 403)
    assert error_of(new_session(client, other_organiser, draft, hall), 404)
    assert error_of(client.post(f"/api/v1/events/{public}/sessions",
                                json={}), 401)["code"] == "unauthorized"
    ok(new_session(client, admin, public, hall), 201)
    client.post(f"/api/v1/events/{public}/organisers", json={"email": "other@example.org"},
                headers=organiser.headers)
    ok(new_session(client, other_organiser, public, hall,
                   starts_at="2027-12-16T10:00", ends_at="2027-12-16T11:00"), 201)


def test_sessions_of_drafts_are_hidden(client, organiser, other_organiser, hall):
    draft = new_event(client, organiser, status="draft")["id"]
    session = ok(new_session(client, organiser, draft, hall), 201)
    assert error_of(client.get(f"/api/v1/sessions/{session['id']}"), 404)
    assert error_of(client.get(f"/api/v1/sessions/{session['id']}",
                               headers=other_organiser.headers), 404)
    assert error_of(client.patch(f"/api/v1/sessions/{session['id']}", json={"title": "x"},
                                 headers=other_organiser.headers), 404)
    assert error_of(client.get(f"/api/v1/events/{draft}/sessions"), 404)
    assert ok(client.get("/api/v1/sessions"))["items"] == []
    assert len(ok(client.get("/api/v1/sessions", headers=organiser.headers))["items"]) == 1


def test_session_filters(client, organiser, hall):
    festival = new_event(client, organiser)["id"]
    panel = new_event(client, organiser, title="Panel", kind="panel")["id"]
    batumi = new_venue(client, organiser, name="Batumi Hall", city="Batumi")["id"]
    evening = ok(new_session(client, organiser, festival, hall), 201)["id"]
    morning = ok(new_session(client, organiser, panel, batumi, starts_at="2027-12-15T10:00",
                             ends_at="2027-12-15T12:00"), 201)["id"]

    def ids(query):
        return [s["id"] for s in ok(client.get(f"/api/v1/sessions?{query}"))["items"]]
    assert ids("") == [evening, morning]
    assert ids("kind=panel") == ids("city=BATUMI") == ids(f"venue={batumi}") == [morning]
    assert ids("from=2027-12-15") == [morning]
    assert ids("to=2027-12-14T18:00:00%2B04:00") == []
    assert ids("to=2027-12-14T20:00:00%2B04:00") == [evening]
    assert ids("from=2027-12-14T15:30:00Z&to=2027-12-14T16:00Z") == [evening]
    assert ids("limit=1") == [evening]
    assert ids("limit=1&page=2") == [morning]


@pytest.mark.parametrize("query, field", [
    ("venue=abc", "venue"), ("venue=0", "venue"), ("venue=99999999999", "venue"),
    ("kind=party", "kind"), ("from=notadate", "from"), ("to=2027-12-14T25:00", "to"),
    ("limit=-5", "limit"),
])
def test_bad_session_filters_are_400(client, query, field):
    assert field in error_of(client.get(f"/api/v1/sessions?{query}"), 400)["fields"]


def test_a_page_of_sessions_costs_the_same_queries_however_long(
        app, client, organiser, festival, hall):
    def queries_for_listing() -> int:
        statements = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        sa.event.listen(engine, "before_cursor_execute", listener)
        try:
            ok(client.get("/api/v1/sessions", headers=organiser.headers))
        finally:
            sa.event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    def add_sessions(day: int) -> None:
        for hour in (10, 13, 16):
            created = ok(new_session(client, organiser, festival, hall,
                                     starts_at=f"2027-12-{day}T{hour}:00",
                                     ends_at=f"2027-12-{day}T{hour + 2}:00"), 201)
            client.post(f"/api/v1/sessions/{created['id']}/people",
                        json={"name": f"Speaker {day} {hour}", "role": "speaker"},
                        headers=organiser.headers)

    add_sessions(14)
    few = queries_for_listing()
    add_sessions(15)
    add_sessions(16)
    assert queries_for_listing() == few


def test_people_on_sessions_and_double_bookings(client, organiser, festival, hall):
    online = new_venue(client, organiser, name="Online room",
                       online_url="https://meet.example.org/room")["id"]
    panel = ok(new_session(client, organiser, festival, hall), 201)["id"]
    stream = ok(new_session(client, organiser, festival, online,
                            starts_at="2027-12-14T20:00", ends_at="2027-12-14T22:00"), 201)["id"]
    ana = {"name": " Ana Lomidze ", "affiliation": "Public Service Hall", "role": "moderator"}
    first = ok(client.post(f"/api/v1/sessions/{panel}/people", json=ana,
                           headers=organiser.headers), 201)
    assert (first["name"], first["role"], first["warnings"]) == ("Ana Lomidze", "moderator", [])
    second = ok(client.post(f"/api/v1/sessions/{stream}/people", json=ana | {"role": "speaker"},
                            headers=organiser.headers), 201)
    assert second["person_id"] == first["person_id"]
    [warning] = second["warnings"]
    assert (warning["code"], warning["session_id"]) == ("double_booked", panel)
    people = ok(client.get(f"/api/v1/sessions/{panel}"))["people"]
    assert people == [{"person_id": first["person_id"], "name": "Ana Lomidze",
                       "affiliation": "Public Service Hall", "role": "moderator"}]
    path = f"/api/v1/sessions/{panel}/people/{first['person_id']}"
    assert client.delete(path, headers=organiser.headers).status_code == 204
    assert ok(client.get(f"/api/v1/sessions/{panel}"))["people"] == []


def test_people_need_an_editor_and_a_role(client, organiser, attendee, festival, hall):
    panel = ok(new_session(client, organiser, festival, hall), 201)["id"]
    body = {"name": "Ana", "role": "speaker"}
    assert error_of(client.post(f"/api/v1/sessions/{panel}/people", json=body,
                                headers=attendee.headers), 403)
    assert error_of(client.delete(f"/api/v1/sessions/{panel}/people/1",
                                  headers=attendee.headers), 403)
    refused = client.post(f"/api/v1/sessions/{panel}/people",
                          json={"name": "", "role": "juggler"}, headers=organiser.headers)
    assert set(error_of(refused, 422)["fields"]) == {"name", "role"}
