"""Film pages, and screenings that pick a film, driven through the web client."""
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from scheduler.films.models import Film
from tests.factories import make_event, make_session, make_user, make_venue

FLEE = {"title": "Flee", "original_title": "Flugt", "director": "Jonas Poher Rasmussen",
        "country": "Denmark", "year": "2021", "runtime_minutes": "89",
        "spoken_languages": "Danish, Dari", "subtitles": "English, Georgian",
        "synopsis": "An animated documentary."}


@pytest.fixture
def organiser(db):
    return make_user(role=Role.organiser, email="films@example.org")


@pytest.fixture
def browser(app, organiser):
    return app.test_client(user=organiser)


def films(db) -> list[Film]:
    db.session.rollback()  # see what the requests committed
    return list(db.session.scalars(sa.select(Film)))


def test_add_and_edit_a_film(browser, db):
    assert 'name="runtime_minutes"' in browser.get("/organise/films/new").get_data(as_text=True)
    shown = browser.post("/organise/films/new", data=FLEE,
                         follow_redirects=True).get_data(as_text=True)
    assert "“Flee” is in the catalogue" in shown and "89 min" in shown and "Flugt" in shown
    [film] = films(db)
    assert (film.year, film.director, film.subtitles) == (
        2021, "Jonas Poher Rasmussen", "English, Georgian")
    assert 'value="Flugt"' in browser.get(f"/organise/films/{film.id}/edit").get_data(
        as_text=True)
    browser.post(f"/organise/films/{film.id}/edit", data=FLEE | {"runtime_minutes": "90"})
    assert films(db)[0].runtime_minutes == 90


@pytest.mark.parametrize("changes, field, error", [
    ({"runtime_minutes": "0"}, "runtime_minutes", "Must be between 1 and 1440"),
    ({"runtime_minutes": "long"}, "runtime_minutes", "Not a valid integer value."),
    ({"year": "1700"}, "year", "Must be between 1888 and 2100"),
    ({"title": ""}, "title", "This field is required."),
])
def test_bad_film_input_is_a_field_error(browser, db, changes, field, error):
    shown = browser.post("/organise/films/new", data=FLEE | changes).get_data(as_text=True)
    assert f'<small id="{field}-error" class="field-error">{error}' in shown
    assert films(db) == []


def test_a_longer_runtime_must_fit_the_scheduled_screenings(browser, db, organiser):
    film = Film(title="Flee", runtime_minutes=89)
    db.session.add(film)
    db.session.commit()
    make_session(make_event(organiser), make_venue(), hours=1.5, film_id=film.id)
    shown = browser.post(f"/organise/films/{film.id}/edit",
                         data=FLEE | {"runtime_minutes": "100"}).get_data(as_text=True)
    assert "Longer than a scheduled screening" in shown
    assert films(db)[0].runtime_minutes == 89


def test_screenings_pick_a_film_that_must_fit(browser, db, organiser):
    film = Film(title="Flee", runtime_minutes=89, year=2021)
    db.session.add(film)
    db.session.commit()
    event, venue = make_event(organiser), make_venue()
    url = f"/organise/events/{event.id}/sessions/new"
    assert "Flee (89 min)" in browser.get(url).get_data(as_text=True)
    screening = {"venue_id": venue.id, "film_id": film.id, "title": "", "starts_on": "2026-12-14",
                 "starts_at": "19:00", "ends_at": "20:30", "registration_mode": "open",
                 "qa_minutes": "30"}
    shown = browser.post(url, data=screening).get_data(as_text=True)
    assert "The screening needs at least 119 minutes" in shown
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EventSession)) == 0
    shown = browser.post(url, data=screening | {"ends_at": "21:00"},
                         follow_redirects=True).get_data(as_text=True)
    assert "Film: Flee (2021), 89 min + 30 min Q&amp;A" in shown
    db.session.rollback()
    stored = db.session.scalar(sa.select(EventSession))
    assert (stored.film_id, stored.starts_at) == (film.id, datetime(2026, 12, 14, 15,
                                                                    tzinfo=UTC))
