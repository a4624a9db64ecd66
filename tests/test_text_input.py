"""Organiser and attendee text is checked in one place (the OneLine and
MultiLine types of scheduler.inputs) on every way in: the API, the forms,
.ics imports, the command line. One-line fields refuse line breaks; no field
takes a control character; each refusal names its field."""
from __future__ import annotations

from html import unescape

import pytest

from scheduler.accounts.inputs import SignUpInput
from scheduler.accounts.models import Role
from scheduler.accounts.services import create_user
from scheduler.errors import DomainError
from scheduler.inputs import Input, MultiLine, OneLine
from scheduler.venues.models import Venue
from tests.api.helpers import TBILISI, caller_with_role, error_of, new_event, new_venue, ok
from tests.factories import make_event, make_session, make_user, make_venue
from tests.imports.calendars import CHISINAU_DEFAULTS, calendar, upload, vevent

LINE_BREAKS = ["a\nb", "a\r\nb", "a\rb", "a\x0bb", "a\x85b", "a\u2028b"]
CONTROLS = ["a\x00b", "a\tb", "a\x1bb", "a\x7fb", "a\x9bb"]


class Sample(Input):
    title: OneLine = ""
    description: MultiLine = ""


def refusal_of(**values) -> dict[str, str]:
    with pytest.raises(DomainError) as refusal:
        Sample.parse(values)
    return refusal.value.fields


@pytest.mark.parametrize("value", LINE_BREAKS)
def test_one_line_text_refuses_line_breaks(app, value):
    assert refusal_of(title=value) == {"title": "must be a single line"}


@pytest.mark.parametrize("value", CONTROLS)
def test_one_line_text_refuses_control_characters(app, value):
    assert refusal_of(title=value) == {"title": "must not contain control characters"}


def test_multi_line_text_keeps_tabs_and_lines_as_newlines(app):
    text = Sample.parse({"description": " Doors\tat six\r\nFilm\rat seven\n"}).description
    assert text == "Doors\tat six\nFilm\nat seven"


@pytest.mark.parametrize("value", ["a\x00b", "a\x1bb", "a\x7fb", "a\x85b", "a\x0cb"])
def test_multi_line_text_refuses_control_characters(app, value):
    assert refusal_of(description=value) == {"description": "must not contain control characters"}


@pytest.fixture
def organiser(app):
    return caller_with_role(app, Role.organiser, email="org@example.org")


@pytest.mark.parametrize("path, body, field", [
    ("/api/v1/venues", TBILISI | {"online_url": "https://meet.example.org/a\r\nX-A:1"},
     "online_url"),
    ("/api/v1/venues", TBILISI | {"name": "Amirani\nCinema"}, "name"),
    ("/api/v1/venues", TBILISI | {"city": "Tbilisi\x1b"}, "city"),
    ("/api/v1/venues", TBILISI | {"address": "Kostava\x07"}, "address"),
    ("/api/v1/events", {"title": "Festival\r\nBcc: x", "kind": "film_festival"}, "title"),
    ("/api/v1/events", {"title": "Festival", "kind": "film_festival",
                        "description": "a\x1bb"}, "description"),
    ("/api/v1/films", {"title": "Flee", "runtime_minutes": 89, "director": "Jonas\nR."},
     "director"),
])
def test_the_api_names_the_refused_field(client, organiser, path, body, field):
    error = error_of(client.post(path, json=body, headers=organiser.headers), 422)
    assert (error["code"], list(error["fields"])) == ("invalid", [field])


def test_the_api_keeps_multi_line_descriptions(client, organiser):
    event = new_event(client, organiser, description="Line one\r\nLine two")
    venue = new_venue(client, organiser, address="36 Kostava St\nFloor 2")
    assert event["description"] == "Line one\nLine two"
    assert venue["address"] == "36 Kostava St\nFloor 2"


def test_a_session_title_with_a_line_break_is_refused(client, organiser):
    event, venue = new_event(client, organiser), new_venue(client, organiser)
    body = {"venue_id": venue["id"], "starts_at": "2027-12-14T19:00",
            "ends_at": "2027-12-14T21:00", "title": "Opening\nnight"}
    response = client.post(f"/api/v1/events/{event['id']}/sessions", json=body,
                           headers=organiser.headers)
    assert list(error_of(response, 422)["fields"]) == ["title"]


def test_an_attendee_name_with_a_line_break_is_refused(client, db):
    screening = make_session(make_event(make_user(role=Role.organiser)), make_venue())
    response = client.post(f"/api/v1/sessions/{screening.id}/registrations",
                           json={"name": "Nino\r\nBcc: all", "email": "nino@example.org"})
    assert list(error_of(response, 422)["fields"]) == ["name"]
    assert ok(client.post(f"/api/v1/sessions/{screening.id}/registrations",
                          json={"name": "Nino", "email": "nino@example.org"}), 201)


def test_the_venue_form_shows_the_refusal_under_the_field(app, db):
    browser = app.test_client(user=make_user(role=Role.organiser))
    response = browser.post("/organise/venues/new", data={
        "name": "Amirani", "city": "Tbilisi", "country": "GE", "timezone": "Asia/Tbilisi",
        "capacity": "40", "online_url": "https://meet.example.org/a\r\nX-A:1"})
    assert response.status_code == 422
    assert "Must be a single line" in unescape(response.get_data(as_text=True))
    assert db.session.query(Venue).count() == 0


def test_an_import_with_a_control_character_in_a_title_is_refused(app, db):
    owner = make_user(role=Role.organiser)
    festival = make_event(owner)
    make_venue(name="Amirani", city="Tbilisi")
    text = calendar(vevent("bad@partner", summary="Opening\x1b night"))
    response = app.test_client(user=owner).post(
        f"/organise/events/{festival.id}/import/commit",
        data={"calendar": text, **CHISINAU_DEFAULTS}, content_type="multipart/form-data")
    page = unescape(response.get_data(as_text=True))
    assert "SUMMARY must not contain control characters" in page
    assert festival.sessions == []


def test_an_import_with_a_line_break_in_a_new_venue_name_is_refused(app, db):
    owner = make_user(role=Role.organiser)
    festival = make_event(owner)
    text = calendar(vevent("bad@partner", location="Odeon\nHall, Chișinău"))
    response = app.test_client(user=owner).post(
        f"/organise/events/{festival.id}/import", data=upload(text, **CHISINAU_DEFAULTS),
        content_type="multipart/form-data")
    assert "name must be a single line" in unescape(response.get_data(as_text=True))
    assert db.session.query(Venue).count() == 0


@pytest.mark.parametrize("name", ["Nino\nBeridze", "Nino\x1b"])
def test_account_names_are_one_line(db, name):
    with pytest.raises(DomainError) as refusal:
        create_user(SignUpInput.parse(dict(
            email="nino@example.org", name=name, password="correct horse battery")))
    assert list(refusal.value.fields) == ["name"]


def test_the_command_line_refuses_a_bad_name(app, db):
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "nino@example.org", "--role", "organiser",
        "--name", "Nino\tBeridze", "--password", "correct horse battery"])
    assert result.exit_code != 0 and "name must not contain control characters" in result.output
