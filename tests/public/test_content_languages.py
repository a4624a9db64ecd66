"""Public pages in the reader's language: translated titles, descriptions,
synopses and venue names, each falling back to the text as first written;
and the programme search finds a title in any of its languages."""
from __future__ import annotations

import pytest

from scheduler.events.models import EventKind
from scheduler.films.models import Film
from tests.factories import _saved, make_event, make_registration, make_session
from tests.public.conftest import page_of, titles, utc

FLEE = {"ru": {"title": "Бегство"}, "ka": {"title": "გაქცევა", "synopsis": "ამბავი"}}


@pytest.fixture
def festival(db, owner, venues):
    festival = make_event(owner, title="Migration Film Festival", slug="mff",
                          kind=EventKind.film_festival, description="Films about leaving.",
                          translations={"ka": {"title": "მიგრაციის კინოფესტივალი"}})
    film = _saved(Film(title="Flee", runtime_minutes=90, synopsis="A story.",
                       translations=FLEE))
    venues["amirani"].translations = {"ka": {"name": "კინო ამირანი"}}
    screening = make_session(festival, venues["amirani"], starts_at=utc(2030, 1, 10, 15),
                             film=film)
    make_session(festival, venues["rustaveli"], starts_at=utc(2030, 1, 11, 15),
                 title="Closing talk", translations={"ru": {"title": "Заключительная беседа"}})
    return screening


def test_the_session_page_in_georgian(client, festival):
    body = page_of(client, f"/sessions/{festival.id}?lang=ka")
    assert "<h1>გაქცევა</h1>" in body
    assert "ამბავი" in body and "კინო ამირანი" in body
    assert "მიგრაციის კინოფესტივალი" in body
    # No Georgian description was written: the one first written is shown.
    english = page_of(client, f"/sessions/{festival.id}?lang=en")
    assert "<h1>Flee</h1>" in english and "A story." in english


def test_the_event_page_and_programme_fall_back_per_text(client, festival):
    event = page_of(client, "/events/mff?lang=ka")
    assert "მიგრაციის კინოფესტივალი" in event and "Films about leaving." in event
    assert titles(page_of(client, "/programme?lang=ka")) == ["გაქცევა", "Closing talk"]
    assert titles(page_of(client, "/programme?lang=ru")) == ["Бегство",
                                                             "Заключительная беседа"]


def test_the_timetable_names_venues_in_the_page_language(client, festival):
    body = page_of(client, "/events/mff/timetable?lang=ka")
    assert "კინო ამირანი" in body and "გაქცევა" in body


def test_my_registrations_show_the_translated_title(app, festival, owner):
    make_registration(festival, email=owner.email, user=owner)
    body = page_of(app.test_client(user=owner), "/my/registrations?lang=ru")
    assert "Бегство" in body


@pytest.mark.parametrize("search, found", [
    ("бегство", ["Бегство"]), ("გაქცევა", ["გაქცევა"]), ("flee", ["Flee"]),
    ("беседа", ["Заключительная беседа"]),
])
def test_search_finds_titles_in_every_language(client, festival, search, found):
    language = "ka" if search == "გაქცევა" else "ru" if search[0] > "z" else "en"
    body = page_of(client, f"/programme?q={search}&lang={language}")
    assert titles(body) == found


def test_the_programme_filters_name_events_and_venues_in_the_page_language(client, festival):
    body = page_of(client, "/programme?lang=ka")
    assert ">მიგრაციის კინოფესტივალი</option>" in body
    assert ">კინო ამირანი, Tbilisi</option>" in body
