"""One title rule everywhere: a session is called by its own title, else its
film's, else its event's; never the festival's name for an untitled screening."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from scheduler.accounts.models import Role
from scheduler.api.serializers import clash_json
from scheduler.events import people
from scheduler.events.models import EventSession
from scheduler.films.models import Film
from scheduler.mail.models import OutboxMessage
from scheduler.people.inputs import PersonInput
from scheduler.transactions import unit_of_work
from tests.factories import _saved, booked, make_event, make_session, make_user, make_venue
from tests.outbox import rendered_outbox

SOON = datetime.now(UTC).replace(hour=15, minute=0, second=0,
                                          microsecond=0) + timedelta(days=10)
FESTIVAL, FILM = "Tbilisi Film Festival", "Taste of Cherry"


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org")


@pytest.fixture
def sessions(db, owner) -> dict[str, EventSession]:
    """An untitled screening, an untitled talk after it, and a titled
    screening at the same time elsewhere."""
    festival = make_event(owner, title=FESTIVAL, slug="festival")
    film = _saved(Film(title=FILM, runtime_minutes=95))
    hall, annex = make_venue(), make_venue(name="Annex")
    return {
        "screening": make_session(festival, hall, starts_at=SOON, film=film),
        "talk": make_session(festival, hall, starts_at=SOON + timedelta(hours=3)),
        "gala": make_session(festival, annex, starts_at=SOON, film=film, title="Gala"),
    }


def test_the_rule(sessions):
    assert [s.shown_title for s in sessions.values()] == [FILM, FESTIVAL, "Gala"]


def test_home_page_names_the_film(client, sessions):
    page = client.get("/").get_data(as_text=True)
    assert f">{FILM}</a>" in page and f">{FESTIVAL}</a>" in page


def test_confirmation_email_names_the_film(db, sessions):
    booked(sessions["screening"], name="Nino", email="nino@example.org")
    [mail] = rendered_outbox(db, OutboxMessage.recipient == "nino@example.org")
    assert mail.subject == f"Your seat is confirmed: {FILM}"
    assert mail.body.count(FILM) == 1 and FESTIVAL in mail.body


def test_clash_messages_name_the_film(app, db, owner, sessions):
    for part in ("screening", "gala"):
        with unit_of_work():
            people.add_person(sessions[part], PersonInput.parse(dict(
                name="Ketevan", affiliation="", role="moderator")), actor=owner)
    [clash] = people.clashes(sessions["gala"])
    with app.test_request_context():
        assert clash_json(clash)["message"] == f"Ketevan is also in “{FILM}” at that time."
    page = app.test_client(user=owner).get(f"/organise/sessions/{sessions['gala'].id}/edit")
    assert f"Ketevan is also in “{FILM}” at 19:00" in page.get_data(as_text=True)


def test_cancel_page_names_the_film_or_the_event(app, owner, sessions):
    organiser = app.test_client(user=owner)
    for part, title in (("screening", FILM), ("talk", FESTIVAL)):
        page = organiser.get(f"/organise/sessions/{sessions[part].id}/cancel")
        assert f"Cancel “{title}” on" in page.get_data(as_text=True)


def test_feed_summary_names_the_film_or_the_event(client, sessions):
    summaries = {}
    for part in ("screening", "talk"):
        feed = Calendar.from_ical(client.get(f"/sessions/{sessions[part].id}.ics").data)
        [vevent] = feed.walk("VEVENT")
        summaries[part] = str(vevent["SUMMARY"])
    assert summaries == {"screening": FILM, "talk": FESTIVAL}


def test_api_gives_the_shown_title_beside_the_own(client, sessions):
    body = client.get(f"/api/v1/sessions/{sessions['screening'].id}").get_json()
    assert (body["title"], body["shown_title"]) == ("", FILM)
