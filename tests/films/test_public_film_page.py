"""The public film page, and a screening's session page pointing at it."""
from datetime import UTC, datetime

import pytest

from scheduler.accounts.models import Role
from scheduler.events.models import EventStatus, SessionStatus
from scheduler.extensions import db as database
from scheduler.films.models import Film
from scheduler.images.inputs import AltInput
from scheduler.images.services import store_image
from scheduler.people.models import Person, PersonRole, SessionPerson
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_session, make_user, make_venue
from tests.images.pictures import picture

# 19:30 in Tbilisi (+04).
EVENING = datetime(2031, 5, 14, 15, 30, tzinfo=UTC)


@pytest.fixture
def organiser(db):
    return make_user(role=Role.organiser, email="films@example.org")


@pytest.fixture
def film(db):
    with unit_of_work():
        poster = store_image(picture("PNG", (700, 1000)), AltInput.parse(
            {"en": "A boy running on a road", "ru": "Мальчик бежит по дороге"}))
        found = Film(title="Flee", original_title="Flugt", runtime_minutes=89,
                     director="Jonas Poher Rasmussen", spoken_languages="Danish, Dari",
                     subtitles="English, Georgian", synopsis="An animated documentary.",
                     poster=poster)
        database.session.add(found)
    return found


@pytest.fixture
def screenings(db, organiser, film):
    venue, other_venue = make_venue(), make_venue(name="Cinema Europe", capacity=3)
    festival = make_event(organiser, title="Tbilisi Film Days")
    first = make_session(festival, venue, starts_at=EVENING, film_id=film.id, capacity=40)
    second = make_session(festival, other_venue, starts_at=EVENING.replace(day=16),
                          film_id=film.id, capacity=3)
    draft = make_session(make_event(organiser, title="Secret Preview", status=EventStatus.draft),
                         venue, starts_at=EVENING.replace(day=20), film_id=film.id)
    cancelled = make_session(festival, venue, starts_at=EVENING.replace(day=22),
                             film_id=film.id, status=SessionStatus.cancelled)
    with unit_of_work():
        person = Person(name="Amin Nawabi", affiliation="")
        database.session.add(SessionPerson(event_session_id=first.id, person=person,
                                           role=PersonRole.speaker))
    return first, second, draft, cancelled


def test_the_film_page_shows_poster_facts_credits_and_public_screenings(client, screenings):
    first, second, draft, cancelled = screenings
    page = client.get(f"/films/{first.film_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for shown in ("Flee", "Flugt", "Jonas Poher Rasmussen", "89 min", "Danish, Dari",
                  "English, Georgian", "An animated documentary.", "Amin Nawabi",
                  "Tbilisi Film Days", "Cinema Europe", "19:30", "40 seats left", "Few left: 3"):
        assert shown in html, shown
    assert f"/sessions/{first.id}" in html and f"/sessions/{second.id}" in html
    # A draft programme's screening is not listed, nor a cancelled one.
    assert "Secret Preview" not in html and f"/sessions/{draft.id}\"" not in html
    assert f"/sessions/{cancelled.id}\"" not in html
    assert 'alt="A boy running on a road"' in html and " 320w" in html and " 640w" in html


def test_the_poster_alt_follows_the_page_language(client, screenings):
    html = client.get(f"/films/{screenings[0].film_id}?lang=ru").get_data(as_text=True)
    assert 'alt="Мальчик бежит по дороге"' in html


def test_drafts_show_to_their_organisers(app, organiser, screenings):
    html = app.test_client(user=organiser).get(
        f"/films/{screenings[0].film_id}").get_data(as_text=True)
    assert "Secret Preview" in html


def test_a_film_screened_only_in_a_draft_is_hidden(client, organiser, db):
    with unit_of_work():
        film = Film(title="Unannounced", runtime_minutes=90)
        database.session.add(film)
    make_session(make_event(organiser, status=EventStatus.draft), make_venue(), film_id=film.id)
    assert client.get(f"/films/{film.id}").status_code == 404
    assert client.get("/films/999999").status_code == 404


def test_a_screening_links_its_film_and_lists_the_other_screenings(client, screenings):
    first, second, draft, _ = screenings
    html = client.get(f"/sessions/{first.id}").get_data(as_text=True)
    assert f'href="/films/{first.film_id}"' in html
    assert 'alt="A boy running on a road"' in html
    assert "Other screenings" in html and f"/sessions/{second.id}\"" in html
    assert f"/sessions/{draft.id}\"" not in html


def test_previews_and_structured_data_use_the_poster(client, screenings):
    film_id = screenings[0].film_id
    for path in (f"/films/{film_id}", f"/sessions/{screenings[0].id}"):
        html = client.get(path).get_data(as_text=True)
        assert '<meta property="og:image" content="https://scheduler.test/media/' in html, path
    html = client.get(f"/films/{film_id}").get_data(as_text=True)
    assert '"@type": "Movie"' in html and '"image": ["https://scheduler.test/media/' in html


def test_the_sitemap_lists_screened_films_only(client, screenings, organiser):
    with unit_of_work():
        unscreened = Film(title="Never shown", runtime_minutes=60)
        database.session.add(unscreened)
    sitemap = client.get("/sitemaps/1.xml").get_data(as_text=True)
    assert f"https://scheduler.test/films/{screenings[0].film_id}<" in sitemap
    assert f"/films/{unscreened.id}<" not in sitemap
