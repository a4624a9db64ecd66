"""schema.org Event data on session and event pages, held to what Google's event
rich results require (name, startDate with an offset, a location with a postal
address or an online room's URL) and the recommended fields."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.discovery import outline
from scheduler.events.models import EventStatus, SessionStatus
from scheduler.films.models import Film
from scheduler.people.models import Person, PersonRole, SessionPerson
from scheduler.web import page_cache
from tests.discovery.conftest import BASE, head_of
from tests.factories import make_event, make_session, make_venue
from tests.public.bulk import add_sessions

SCHEMA = "https://schema.org"
WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
SOON = datetime(2030, 1, 10, 15, 0, tzinfo=UTC)


def assert_rich_result_ready(event: dict) -> None:
    assert event["@type"] in ("Event", "ScreeningEvent") and event["name"]
    assert WITH_OFFSET.match(event["startDate"]) and WITH_OFFSET.match(event["endDate"])
    locations = event["location"] if isinstance(event["location"], list) else [
        event["location"]]
    for place in locations:
        if place["@type"] == "VirtualLocation":
            assert place["url"].startswith("https://")
        else:
            address = place["address"]
            assert place["@type"] == "Place" and place["name"]
            assert address["@type"] == "PostalAddress"
            assert address["addressLocality"] and len(address["addressCountry"]) == 2
    assert event["eventStatus"].startswith(f"{SCHEMA}/Event")
    assert event["eventAttendanceMode"].endswith("EventAttendanceMode")


def session_data(client, session_id: int) -> dict:
    (document,) = head_of(client, f"/sessions/{session_id}").json_ld
    assert document["@context"] == SCHEMA
    assert_rich_result_ready(document)
    return document


@pytest.fixture
def festival(owner):
    return make_event(owner, title="Festival", slug="festival", description="Films.")


def test_in_person_session(client, festival):
    event_session = make_session(festival, make_venue(), starts_at=SOON,
                                 description="Opening night.")
    data = session_data(client, event_session.id)
    assert data["startDate"] == "2030-01-10T19:00:00+04:00"  # the venue's clock
    assert data["endDate"] == "2030-01-10T21:00:00+04:00"
    assert data["location"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "36 Kostava St",
        "addressLocality": "Tbilisi", "addressCountry": "GE"}
    assert data["eventAttendanceMode"] == f"{SCHEMA}/OfflineEventAttendanceMode"
    assert data["eventStatus"] == f"{SCHEMA}/EventScheduled"
    assert data["description"] == "Opening night."
    url = f"{BASE}/sessions/{event_session.id}"
    assert data["url"] == url
    assert data["offers"] == {"@type": "Offer", "url": url,
                              "availability": f"{SCHEMA}/InStock"}
    assert data["organizer"]["name"] == "Scheduler"
    assert data["superEvent"]["url"] == f"{BASE}/events/festival"
    assert "image" not in data


def test_online_session(client, festival):
    room = make_venue(name="Online room", timezone="UTC", address="",
                      online_url="https://meet.example.org/room")
    data = session_data(client, make_session(festival, room, starts_at=SOON).id)
    assert data["location"] == {"@type": "VirtualLocation",
                                "url": "https://meet.example.org/room"}
    assert data["eventAttendanceMode"] == f"{SCHEMA}/OnlineEventAttendanceMode"
    assert data["startDate"] == "2030-01-10T15:00:00+00:00"


@pytest.mark.parametrize("cancel", ["session", "event"])
def test_cancelled_session(client, festival, db, cancel):
    event_session = make_session(festival, make_venue(), starts_at=SOON)
    if cancel == "session":
        event_session.status = SessionStatus.cancelled
    else:
        festival.status = EventStatus.cancelled
    db.session.commit()
    data = session_data(client, event_session.id)
    assert data["eventStatus"] == f"{SCHEMA}/EventCancelled"
    assert "offers" not in data  # nothing to register for


def test_sold_out_session(client, festival):
    event_session = make_session(festival, make_venue(capacity=3), starts_at=SOON,
                                 seats_taken=3)
    availability = session_data(client, event_session.id)["offers"]["availability"]
    assert availability == f"{SCHEMA}/SoldOut"


def test_an_offer_is_valid_from_when_registration_opens(client, festival):
    event_session = make_session(festival, make_venue(), starts_at=SOON,
                                 registration_opens_at=SOON - timedelta(days=30))
    offers = session_data(client, event_session.id)["offers"]
    assert offers["validFrom"] == "2029-12-11T19:00:00+04:00"


def test_seats_held_for_guests_do_not_count_as_in_stock(client, festival):
    event_session = make_session(festival, make_venue(capacity=3), starts_at=SOON,
                                 seats_taken=1, reserved_seats=2)
    availability = session_data(client, event_session.id)["offers"]["availability"]
    assert availability == f"{SCHEMA}/SoldOut"


def test_a_moved_session_is_rescheduled(client, festival):
    event_session = make_session(festival, make_venue(), starts_at=SOON, sequence=1)
    status = session_data(client, event_session.id)["eventStatus"]
    assert status == f"{SCHEMA}/EventRescheduled"


def test_a_screening_names_its_film_and_people(client, festival, db):
    film = Film(title="Flee", runtime_minutes=89, synopsis="Amin tells his story.")
    person = Person(name="Jonas Poher Rasmussen", affiliation="")
    db.session.add_all([film, person])
    db.session.flush()
    event_session = make_session(festival, make_venue(), starts_at=SOON, film_id=film.id)
    db.session.add(SessionPerson(event_session_id=event_session.id, person_id=person.id,
                                 role=PersonRole.speaker))
    db.session.commit()
    data = session_data(client, event_session.id)
    assert data["@type"] == "ScreeningEvent"
    assert data["workPresented"] == {"@type": "Movie", "name": "Flee"}
    assert data["description"] == "Amin tells his story."
    assert data["performer"] == [{"@type": "Person", "name": "Jonas Poher Rasmussen"}]


def test_event_spans_its_sessions_and_lists_a_bounded_number(client, festival, monkeypatch):
    monkeypatch.setattr(outline, "MOST_SESSIONS", 3)
    tbilisi, berlin = make_venue(), make_venue(name="Kino Arsenal", city="Berlin",
                                               country="DE", timezone="Europe/Berlin")
    sessions = [make_session(festival, tbilisi if day % 2 else berlin,
                             starts_at=SOON + timedelta(days=day)) for day in range(5)]
    make_session(festival, tbilisi, starts_at=SOON + timedelta(days=9),
                 status=SessionStatus.cancelled)
    (data,) = head_of(client, "/events/festival").json_ld
    assert_rich_result_ready(data)
    assert data["startDate"] == "2030-01-10T16:00:00+01:00"  # first, in Berlin
    # The last scheduled session (Berlin); the later cancelled one is not the end.
    assert data["endDate"] == "2030-01-14T18:00:00+01:00"
    assert data["eventAttendanceMode"] == f"{SCHEMA}/OfflineEventAttendanceMode"
    assert {place["address"]["addressLocality"] for place in data["location"]} == {
        "Tbilisi", "Berlin"}
    assert [sub["url"] for sub in data["subEvent"]] == [
        f"{BASE}/sessions/{s.id}" for s in sessions[:3]]
    for sub in data["subEvent"]:
        assert_rich_result_ready(sub)


def test_sessions_still_to_come_are_listed_first(client, festival, monkeypatch):
    monkeypatch.setattr(outline, "MOST_SESSIONS", 1)
    now = datetime.now(UTC)
    make_session(festival, make_venue(), starts_at=now - timedelta(days=3))
    coming = make_session(festival, make_venue(), starts_at=now + timedelta(days=3))
    (data,) = head_of(client, "/events/festival").json_ld
    assert [sub["url"] for sub in data["subEvent"]] == [f"{BASE}/sessions/{coming.id}"]


def test_a_cancelled_event_says_so(client, festival, db):
    make_session(festival, make_venue(), starts_at=SOON)
    festival.status = EventStatus.cancelled
    db.session.commit()
    (data,) = head_of(client, "/events/festival").json_ld
    assert data["eventStatus"] == f"{SCHEMA}/EventCancelled"
    assert data["subEvent"][0]["eventStatus"] == f"{SCHEMA}/EventCancelled"


def test_an_event_without_sessions_has_no_event_data(client, festival):
    assert head_of(client, "/events/festival").json_ld == []


def test_pages_other_than_events_and_sessions_carry_none(client, festival):
    make_session(festival, make_venue(), starts_at=SOON)
    for path in ("/", "/programme", "/events/festival/timetable"):
        assert head_of(client, path).json_ld == []



def event_page_statements(app, client) -> tuple[int, dict]:
    """How many SQL statements the event page runs, and its schema.org data."""
    made: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        made.append(statement)

    engine = app.extensions["sqlalchemy"].engine
    app.extensions.pop(page_cache.EXTENSION, None)  # the page's own statements, rendered
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        (data,) = head_of(client, "/events/festival").json_ld
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(made), data


def test_event_data_costs_the_same_statements_for_few_sessions_as_for_many(
        app, client, festival, db):
    venues = [make_venue(name=f"Hall {n}") for n in range(3)]
    add_sessions([festival], venues, range(5))
    people = [Person(name=f"Speaker {n}", affiliation="") for n in range(2)]
    db.session.add_all(people)
    db.session.flush()
    for event_session in festival.sessions:
        db.session.add_all(SessionPerson(event_session_id=event_session.id, person_id=p.id,
                                         role=PersonRole.speaker) for p in people)
    db.session.commit()
    head_of(client, "/events/festival")  # warm up: first-request work is not the page's
    few, data = event_page_statements(app, client)
    assert len(data["subEvent"]) == 5 and data["subEvent"][0]["performer"]
    add_sessions([festival], venues, range(5, 300))
    many, data = event_page_statements(app, client)
    assert len(data["subEvent"]) == outline.MOST_SESSIONS
    # No more (one fewer: coming sessions fill the list, no past ones are asked for).
    assert many <= few
