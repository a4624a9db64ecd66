"""Venue pages, driven through the web client."""
import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.venues.models import Venue
from tests.factories import make_user, make_venue

GOOD = {"name": "Amirani Cinema", "city": "Tbilisi", "country": "ge", "address": "36 Kostava St",
        "timezone": "Asia/Tbilisi", "capacity": "40", "online_url": "",
        "changeover_minutes": "15"}


@pytest.fixture
def organiser(db):
    return make_user(role=Role.organiser, email="venues@example.org")


@pytest.fixture
def browser(app, organiser):
    return app.test_client(user=organiser)


def venues(db) -> list[Venue]:
    db.session.rollback()  # see what the requests committed
    return list(db.session.scalars(sa.select(Venue)))


def test_add_a_venue(browser, db, organiser):
    form = browser.get("/organise/venues/new").get_data(as_text=True)
    assert 'list="time-zones"' in form and '<option value="Asia/Tbilisi">' in form
    response = browser.post("/organise/venues/new", data=GOOD, follow_redirects=True)
    shown = response.get_data(as_text=True)
    assert "Amirani Cinema (Tbilisi) is added" in shown and "Asia/Tbilisi" in shown
    [venue] = venues(db)
    assert (venue.country, venue.capacity, venue.changeover_minutes, venue.created_by_id) == (
        "GE", 40, 15, organiser.id)
    assert f"/organise/venues/{venue.id}/edit" in shown


def test_an_online_venue_has_a_time_zone_too(browser, db):
    browser.post("/organise/venues/new", data=GOOD | {
        "name": "Zoom room", "timezone": "Europe/Chisinau",
        "online_url": "https://meet.example.org/room"})
    [venue] = venues(db)
    assert venue.is_online and venue.timezone == "Europe/Chisinau"


@pytest.mark.parametrize("changes, field, error", [
    ({"timezone": "Mars/Olympus"}, "timezone", "Must be an IANA time zone"),
    ({"timezone": ""}, "timezone", "This field is required."),
    ({"country": "XX"}, "country", "Must be an ISO 3166-1 alpha-2 code"),
    ({"country": "GEO"}, "country", "Must be"),
    ({"capacity": "0"}, "capacity", "Must be between 1 and 100000"),
    ({"capacity": "-5"}, "capacity", "Must be between 1 and 100000"),
    ({"capacity": "forty"}, "capacity", "Not a valid integer value."),
    ({"capacity": ""}, "capacity", "This field is required."),
    ({"online_url": "javascript:alert(1)"}, "online_url", "Must be an http:// or https://"),
    ({"changeover_minutes": "-1"}, "changeover_minutes", "Must be between 0"),
])
def test_bad_venue_input_is_a_field_error_and_stores_nothing(browser, db, changes, field,
                                                             error):
    response = browser.post("/organise/venues/new", data=GOOD | changes)
    shown = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<small id="{field}-error" class="field-error">{error}' in shown
    assert venues(db) == []


def test_only_whoever_added_a_venue_or_an_admin_may_edit_it(app, browser, db, organiser):
    venue = make_venue(created_by_id=organiser.id)
    other = app.test_client(user=make_user(role=Role.organiser))
    assert f"/organise/venues/{venue.id}/edit" not in other.get(
        "/organise/venues").get_data(as_text=True)
    assert other.get(f"/organise/venues/{venue.id}/edit").status_code == 403
    assert other.post(f"/organise/venues/{venue.id}/edit", data=GOOD).status_code == 403
    admin = app.test_client(user=make_user(role=Role.admin))
    assert admin.get(f"/organise/venues/{venue.id}/edit").status_code == 200
    assert browser.get("/organise/venues/999999/edit").status_code == 404


def test_edit_a_venue(browser, db, organiser):
    venue = make_venue(created_by_id=organiser.id)
    form = browser.get(f"/organise/venues/{venue.id}/edit").get_data(as_text=True)
    assert 'value="Amirani Cinema"' in form
    browser.post(f"/organise/venues/{venue.id}/edit", data=GOOD | {"capacity": "55"})
    assert venues(db)[0].capacity == 55
