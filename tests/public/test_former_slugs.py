"""An event's former slugs answer 301 with the same page at its current slug:
the event page, its timetable and its feed, query string kept."""
from __future__ import annotations

import pytest

from scheduler.events.inputs import EventInput
from scheduler.events.models import EventStatus
from scheduler.events.services import update_event
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_session


@pytest.fixture
def festival(db, owner, venues):
    event = make_event(owner, title="Migration Film Festival", slug="festival")
    make_session(event, venues["amirani"], title="Opening night")
    with unit_of_work():
        update_event(event, EventInput.of(event).changed(slug="film-festival-2026"),
                     actor=owner)
    return event


NEW = "/events/film-festival-2026"


@pytest.mark.parametrize("old, new", [
    ("/events/festival", NEW),
    ("/events/festival/timetable?lang=ka&day=2", f"{NEW}/timetable?lang=ka&day=2"),
    ("/events/festival/calendar.ics?x=%C3%A9+1", f"{NEW}/calendar.ics?x=%C3%A9+1"),
])
def test_old_addresses_redirect_permanently_keeping_the_query(client, festival, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == new


def test_the_current_slug_answers_itself(client, festival):
    assert client.get("/events/film-festival-2026").status_code == 200
    assert client.get("/events/film-festival-2026/timetable").status_code == 200


def test_a_feed_client_following_the_redirect_gets_the_feed(client, festival):
    response = client.get("/events/festival/calendar.ics", follow_redirects=True)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "Opening night" in response.get_data(as_text=True)
    assert [r.status_code for r in response.history] == [301]


def test_a_feed_polled_before_the_change_redirects_after_it(client, db, owner, venues):
    event = make_event(owner, slug="panel")
    make_session(event, venues["amirani"])
    assert client.get("/events/panel/calendar.ics").status_code == 200
    with unit_of_work():
        update_event(event, EventInput.of(event).changed(slug="panel-2026"), actor=owner)
    assert client.get("/events/panel/calendar.ics").headers["Location"] == (
        "/events/panel-2026/calendar.ics")


def test_a_drafts_former_slug_tells_strangers_nothing(app, client, db, owner, festival):
    festival.status = EventStatus.draft
    db.session.commit()
    assert client.get("/events/festival").status_code == 404
    assert "film-festival-2026" not in client.get("/events/festival").get_data(as_text=True)
    organiser = app.test_client(user=owner)
    assert organiser.get("/events/festival").status_code == 301


@pytest.mark.parametrize("path", ["/events/nothing-here", "/events/%00",
                                  "/events/" + "x" * 300, "/events/nothing-here/timetable"])
def test_unknown_slugs_are_still_404(client, festival, path):
    assert client.get(path).status_code == 404
