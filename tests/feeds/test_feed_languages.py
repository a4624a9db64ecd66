"""Feeds in a language: ?lang= picks the texts of SUMMARY, DESCRIPTION and
LOCATION (falling back to those as first written); without it, the texts as
first written. Each language is its own body, under its own ETag."""
from __future__ import annotations

import pytest

from scheduler.films.models import Film
from tests.factories import _saved, make_session
from tests.feeds.conftest import feed_text, local
from tests.feeds.parsers import with_icalendar


@pytest.fixture
def screening(festival, tbilisi):
    festival.translations = {"ka": {"title": "გლობალური მიგრაციის კინოფესტივალი"}}
    tbilisi.translations = {"ka": {"name": "კინო ამირანი", "address": "კოსტავას 36"},
                            "ru": {"name": "Кинотеатр Амирани"}}
    film = _saved(Film(title="Flee", runtime_minutes=90, translations={
        "ka": {"title": "გაქცევა"}, "ru": {"title": "Бегство"}}))
    return make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 10, 19),
                        film=film)


def test_lang_ka_writes_the_georgian_texts(client, screening):
    text = feed_text(client, "/events/gmff/calendar.ics?lang=ka")
    [read] = with_icalendar(text)
    assert read.summary == "გაქცევა"
    assert "Film: გაქცევა" in read.description
    assert "Part of გლობალური მიგრაციის კინოფესტივალი" in read.description
    assert "LOCATION:კინო ამირანი\\, კოსტავას 36\\, Tbilisi" in text.replace("\r\n ", "")


def test_without_lang_the_texts_as_first_written(client, screening):
    [read] = with_icalendar(feed_text(client, f"/sessions/{screening.id}.ics",
                                      **{"Accept-Language": "ka"}))
    assert read.summary == "Flee" and "Part of Global Migration Film Festival" in read.description


def test_a_missing_translation_falls_back(client, screening):
    text = feed_text(client, "/calendar.ics?lang=ru")
    [read] = with_icalendar(text)
    assert read.summary == "Бегство"
    assert "Part of Global Migration Film Festival" in read.description
    assert "LOCATION:Кинотеатр Амирани\\, 36 Kostava St\\, Tbilisi" in text.replace("\r\n ", "")


@pytest.mark.parametrize("path", ["/calendar.ics", "/events/gmff/calendar.ics",
                                  "/venues/{venue}/calendar.ics", "/sessions/{session}.ics"])
def test_each_language_has_its_own_body_and_etag(client, screening, path):
    path = path.format(venue=screening.venue_id, session=screening.id)
    answers = {code: client.get(f"{path}?lang={code}") for code in ("ka", "ru", "en")}
    answers[None] = client.get(path)
    etags = {code: answer.headers["ETag"] for code, answer in answers.items()}
    assert len(set(etags.values())) == 4
    assert "გაქცევა" in answers["ka"].get_data(as_text=True)
    assert "გაქცევა" not in answers["ru"].get_data(as_text=True)
    # Asked again (from the cache now), each language keeps its own body.
    again = client.get(f"{path}?lang=ru")
    assert again.headers["ETag"] == etags["ru"] and "Бегство" in again.get_data(as_text=True)
    ka_etag = etags["ka"]
    assert client.get(f"{path}?lang=ka", headers={"If-None-Match": ka_etag}).status_code == 304
    assert client.get(f"{path}?lang=ru", headers={"If-None-Match": ka_etag}).status_code == 200


@pytest.mark.parametrize("lang", ["de", "KA", "ka-GE"])
def test_an_unknown_language_is_a_400(client, screening, lang):
    response = client.get(f"/events/gmff/calendar.ics?lang={lang}")
    assert response.status_code == 400
    assert client.get(f"/calendar.ics?lang={lang}").status_code == 400
    assert client.get(f"/sessions/{screening.id}.ics?lang={lang}").status_code == 400


def test_a_feed_in_a_language_sets_no_cookie(client, screening):
    # A feed is cached publicly: it must not carry the page language's cookie.
    response = client.get("/events/gmff/calendar.ics?lang=ka")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
