"""A venue is somewhere: its zone is a geographic IANA zone (or UTC, for a
room that is only online), whether it comes from the service, the venue page,
the API or an .ics import's defaults."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.errors import DomainError
from scheduler.imports.services import commit_import
from scheduler.imports.venues import VenueDefaults
from scheduler.venues.inputs import VenueInput
from scheduler.venues.models import Venue
from scheduler.venues.services import create_venue
from tests.api.helpers import TBILISI, caller_with_role
from tests.factories import make_event, make_user
from tests.imports.calendars import NOW, calendar, vevent

# The host's own setting, a placeholder, a file that is no zone, and names of
# offsets or old aliases that say nowhere in particular.
NOT_PLACES = ("localtime", "Factory", "posixrules", "Etc/GMT+5", "EST5EDT", "GMT",
              "US/Eastern", "Japan")
PLACES = ("Asia/Tbilisi", "America/Argentina/Buenos_Aires", "Antarctica/Troll", "UTC")
VENUE = VenueInput(name="Amirani Cinema", city="Tbilisi", country="GE",
                   timezone="Asia/Tbilisi", capacity=40)


@pytest.fixture
def organiser(db):
    return make_user(role=Role.organiser)


def venue_names(db) -> list[str]:
    db.session.rollback()  # see what the requests committed
    return list(db.session.scalars(sa.select(Venue.name)))


@pytest.mark.parametrize("zone", NOT_PLACES)
def test_the_service_refuses_a_zone_that_is_no_place(organiser, zone):
    with pytest.raises(DomainError) as refusal:
        create_venue(VENUE.changed(timezone=zone), actor=organiser)
    assert "timezone" in refusal.value.fields


@pytest.mark.parametrize("zone", PLACES)
def test_the_service_takes_a_geographic_zone_or_utc(organiser, zone):
    assert create_venue(VENUE.changed(timezone=zone), actor=organiser).timezone == zone


@pytest.mark.parametrize("zone", NOT_PLACES)
def test_the_venue_page_refuses_it(app, db, organiser, zone):
    form = {"name": "Amirani Cinema", "city": "Tbilisi", "country": "GE",
            "timezone": zone, "capacity": "40"}
    response = app.test_client(user=organiser).post("/organise/venues/new", data=form)
    assert "Must be an IANA time zone" in response.get_data(as_text=True)
    assert venue_names(db) == []


def test_the_venue_page_offers_no_such_zone(app, organiser):
    page = app.test_client(user=organiser).get("/organise/venues/new").get_data(as_text=True)
    assert 'value="Asia/Tbilisi"' in page and 'value="UTC"' in page
    assert not any(f'value="{zone}"' in page for zone in NOT_PLACES)


@pytest.mark.parametrize("zone", NOT_PLACES)
def test_the_api_refuses_it(app, db, zone):
    caller = caller_with_role(app, Role.organiser)
    response = app.test_client().post("/api/v1/venues", json=TBILISI | {"timezone": zone},
                                      headers=caller.headers)
    assert response.status_code == 422
    assert "timezone" in response.get_json()["error"]["fields"]
    assert venue_names(db) == []


@pytest.mark.parametrize("zone", ("localtime", "Factory"))
def test_an_import_makes_no_venue_in_it(db, organiser, zone):
    event = make_event(organiser)
    defaults = VenueDefaults(city="Chișinău", country="MD", timezone=zone, capacity=50)
    report = commit_import(event, calendar(vevent("a@partner", location="Patria")),
                           defaults, actor=organiser, now=NOW)
    assert [line.message for line in report.problems] != []
    assert "IANA time zone" in report.problems[0].message
    assert venue_names(db) == []


@pytest.mark.parametrize("zone", ("localtime", "Factory"))
def test_a_file_in_the_hosts_own_zone_is_refused(db, organiser, zone):
    event = make_event(organiser)
    text = calendar(vevent("a@partner", start="DTSTART:20271214T190000",
                           end="DTEND:20271214T210000"), header=(f"X-WR-TIMEZONE:{zone}",))
    with pytest.raises(DomainError) as refusal:
        commit_import(event, text, VenueDefaults(), actor=organiser, now=NOW)
    assert "X-WR-TIMEZONE" in refusal.value.message
