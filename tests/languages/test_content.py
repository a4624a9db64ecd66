"""Organiser content in the reader's language: one function picks the text,
falling back, field by field, to the text as first written."""
from __future__ import annotations

from typing import get_args

import pytest

from scheduler.errors import DomainError
from scheduler.events.inputs import EventInput
from scheduler.events.models import Event, EventSession
from scheduler.films.inputs import FilmInput
from scheduler.films.models import Film
from scheduler.inputs import ContentLanguage
from scheduler.languages import LANGUAGES
from scheduler.localised import CONTENT_LANGUAGES, localised
from scheduler.venues.models import Venue

TRANSLATED = {"ru": {"title": "Бегство"}, "ka": {"title": "გაქცევა", "synopsis": "ამბავი"}}


def film(**values) -> Film:
    return Film(**({"title": "Flee", "synopsis": "A story.", "translations": TRANSLATED}
                   | values))


def test_each_language_shows_its_own_text():
    assert localised(film(), "title", "ka") == "გაქცევა"
    assert localised(film(), "title", "ru") == "Бегство"


def test_a_missing_text_falls_back_to_the_one_first_written():
    assert localised(film(), "synopsis", "ru") == "A story."
    assert localised(film(), "title", "en") == "Flee"
    assert localised(film(translations=None), "title", "ka") == "Flee"


def test_no_language_asked_means_as_first_written():
    assert localised(film(), "title", None) == "Flee"


def test_an_english_translation_of_a_georgian_original():
    venue = Venue(name="ამირანი", address="", translations={"en": {"name": "Amirani"}})
    assert localised(venue, "name", "en") == "Amirani"
    assert localised(venue, "name", "ru") == "ამირანი"


def test_a_session_title_follows_the_same_rule_through_its_film_and_event():
    event = Event(title="Festival", translations={"ka": {"title": "ფესტივალი"}})
    screening = EventSession(title="", event=event, film=film())
    assert screening.shown_title_in("ka") == "გაქცევა"
    assert screening.shown_title == screening.shown_title_in(None) == "Flee"
    talk = EventSession(title="Talk", event=event, translations={"ru": {"title": "Беседа"}})
    assert (talk.shown_title_in("ru"), talk.shown_title_in("ka")) == ("Беседа", "Talk")
    untitled = EventSession(title="", event=event, translations={})
    assert untitled.shown_title_in("ka") == "ფესტივალი"


def test_the_input_keeps_only_texts_given(app):
    data = EventInput.parse({"title": "Panel", "kind": "panel", "translations": {
        "ru": {"title": "  Панель ", "description": ""}, "ka": {"title": ""}}})
    assert data.model_dump()["translations"] == {"ru": {"title": "Панель"}}


@pytest.mark.parametrize("translations, field", [
    ({"de": {"title": "Flucht"}}, "translations.de.[key]"),
    ({"ru": {"description": "x"}}, "translations.ru.description"),
    ({"ru": {"title": "two\nlines"}}, "translations.ru.title"),
    ({"ka": {"title": "x" * 301}}, "translations.ka.title"),
    ({"ka": {"title": "\x07"}}, "translations.ka.title"),
    ({"ka": "გაქცევა"}, "translations.ka"),
])
def test_bad_translations_are_refused_by_field(app, translations, field):
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        FilmInput.parse({"title": "Flee", "runtime_minutes": 90,
                         "translations": translations})
    assert field in refused.value.fields


def test_content_is_taken_in_the_languages_of_the_interface():
    assert get_args(ContentLanguage) == tuple(LANGUAGES) == CONTENT_LANGUAGES
