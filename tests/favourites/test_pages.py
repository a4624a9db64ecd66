"""The star button, guests' stars in a signed cookie merged at sign-in, and
My programme."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import User
from scheduler.events.models import EventStatus
from scheduler.extensions import db
from scheduler.favourites import queries
from scheduler.secrets import Purpose, seal
from scheduler.security import GUEST_STARS_COOKIE
from scheduler.timezones import at_venue
from scheduler.web.guest_stars import MAX_GUEST_STARS, guest_star_ids
from tests.factories import PASSWORD, make_event, make_registration, make_session, make_venue


def csrf(client, path: str = "/programme") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    return found.group(1) if found else ""


def local_day(event_session) -> str:
    """The session's date on its venue's clock, as the event page's day tabs link it."""
    return at_venue(event_session.starts_at, event_session.venue.timezone).date().isoformat()


def star(client, session_id: int, *, action: str = "star", **extra) -> object:
    token = csrf(client, f"/sessions/{session_id}")
    return client.post(f"/sessions/{session_id}/{action}", data={"csrf_token": token, **extra},
                       headers=extra.pop("headers", {}))


def test_signed_in_star_goes_to_the_account_and_back_to_the_page(app, nino, screenings):
    client = app.test_client(user=nino)
    first = screenings[0]
    answer = star(client, first.id, next="/events/gmff")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/events/gmff"
    assert queries.starred_ids(nino) == {first.id}
    starred_day = client.get(f"/events/gmff?day={local_day(first)}").text
    other_day = client.get(f"/events/gmff?day={local_day(screenings[1])}").text
    assert 'aria-pressed="true"' in starred_day and 'aria-pressed="true"' not in other_day
    assert 'aria-pressed="false"' in other_day
    assert star(client, first.id, action="unstar").status_code == 302
    assert queries.starred_ids(nino) == set()


def test_the_star_message_names_the_session_in_the_page_language(app, nino, screenings):
    screenings[0].translations = {"ka": {"title": "ჩვენება ნული"}}
    db.session.commit()
    client = app.test_client(user=nino)
    client.get("/programme?lang=ka")  # the reader chose Georgian
    assert star(client, screenings[0].id).status_code == 302
    page = client.get(f"/sessions/{screenings[0].id}").text
    assert "ჩვენება ნული" in page and "Screening 0" not in page.split("<main")[1]


def test_a_foreign_next_goes_to_the_session_page_instead(app, nino, screenings):
    client = app.test_client(user=nino)
    answer = star(client, screenings[0].id, next="//evil.example/")
    assert answer.headers["Location"] == f"/sessions/{screenings[0].id}"


def test_htmx_gets_the_button_alone(app, nino, screenings):
    client = app.test_client(user=nino)
    token = csrf(client)
    answer = client.post(f"/sessions/{screenings[1].id}/star",
                         data={"csrf_token": token, "next": "/programme"},
                         headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith("<form")
    assert 'aria-pressed="true"' in answer.text and "Starred" in answer.text
    assert f"/sessions/{screenings[1].id}/unstar" in answer.text


def test_without_csrf_nothing_is_starred(app, nino, screenings):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client(user=nino)
    answer = client.post(f"/sessions/{screenings[0].id}/star")
    assert answer.status_code == 400
    assert queries.starred_ids(nino) == set()


def test_hidden_sessions_cannot_be_starred(app, owner, nino):
    draft = make_event(owner, status=EventStatus.draft, slug="draft")
    hidden = make_session(draft, make_venue(name="Elsewhere"))
    client = app.test_client(user=nino)
    token = csrf(client)
    answer = client.post(f"/sessions/{hidden.id}/star", data={"csrf_token": token})
    assert answer.status_code == 404
    assert queries.starred_ids(nino) == set()


def test_guest_stars_live_in_a_signed_no_store_cookie(client, screenings):
    for event_session in screenings[:2]:
        assert star(client, event_session.id).status_code == 302
    cookie = client.get_cookie(GUEST_STARS_COOKIE)
    assert cookie is not None and cookie.http_only
    page = client.get("/my-programme")
    assert page.headers["Cache-Control"] == "no-store"
    mine = page.text.split("<h1>")[1]
    # Soonest first: screening 1 starts days before screening 0.
    assert mine.index("Screening 1") < mine.index("Screening 0")
    assert "Screening 2" not in mine


def test_a_tampered_cookie_is_ignored(client, screenings):
    star(client, screenings[0].id)
    sealed = client.get_cookie(GUEST_STARS_COOKIE).value
    client.set_cookie(GUEST_STARS_COOKIE, sealed.replace("[", f"[{screenings[2].id},", 1))
    assert "Screening" not in client.get("/my-programme").text.split("<h1>")[1]


def test_guest_cookie_keeps_the_newest_stars_only(app, client, screenings):
    with app.test_request_context():
        many = seal(Purpose.guest_stars, list(range(1000, 1000 + MAX_GUEST_STARS)))
    client.set_cookie(GUEST_STARS_COOKIE, many)
    star(client, screenings[0].id)
    sealed = client.get_cookie(GUEST_STARS_COOKIE).value
    with app.test_request_context(headers={"Cookie": f"{GUEST_STARS_COOKIE}={sealed}"}):
        kept = guest_star_ids()
    assert len(kept) == MAX_GUEST_STARS
    assert kept[-1] == screenings[0].id and 1000 not in kept


def test_signing_in_merges_guest_stars_and_clears_the_cookie(client, nino, screenings):
    star(client, screenings[0].id)
    star(client, screenings[2].id)
    token = csrf(client, "/sign-in")
    answer = client.post("/sign-in", data={"csrf_token": token, "email": nino.email,
                                           "password": PASSWORD})
    assert answer.status_code == 302
    assert client.get_cookie(GUEST_STARS_COOKIE) is None
    assert queries.starred_ids(db.session.get(User, nino.id)) == {screenings[0].id,
                                                                  screenings[2].id}
    assert "Screening 2" in client.get("/my-programme").text


def test_signing_up_keeps_guest_stars_on_the_new_account(client, screenings):
    star(client, screenings[1].id)
    token = csrf(client, "/sign-up")
    answer = client.post("/sign-up", data={
        "csrf_token": token, "name": "Tamar Lomidze", "email": "tamar@example.org",
        "password": "a long enough password", "password_again": "a long enough password"})
    assert answer.status_code == 302
    assert client.get_cookie(GUEST_STARS_COOKIE) is None
    user = db.session.scalars(sa.select(User).where(User.email == "tamar@example.org")).one()
    assert queries.starred_ids(user) == {screenings[1].id}


def test_my_programme_shows_bookings_and_stars_in_time_order(app, nino, screenings):
    make_registration(screenings[0], email=nino.email, user=nino)
    client = app.test_client(user=nino)
    star(client, screenings[1].id)
    page = client.get("/my-programme").text.split("<h1>")[1]
    assert page.index("Screening 1") < page.index("Screening 0")
    assert "Booked" in page
    assert "Screening 2" not in page


@pytest.mark.parametrize("path", ["/my-programme"])
def test_my_programme_is_in_the_nav(client, path, db):
    assert f'href="{path}"' in client.get("/").text


def test_my_registrations_are_in_session_order(app, nino, screenings):
    for event_session in screenings:  # booked in the order 0, 1, 2
        make_registration(event_session, email=nino.email, user=nino)
    page = app.test_client(user=nino).get("/my/registrations").text.split("<h1>")[1]
    # Soonest first: 1, then 2, then 0.
    assert page.index("Screening 1") < page.index("Screening 2") < page.index("Screening 0")
