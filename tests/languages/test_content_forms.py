"""Organiser forms take texts in Russian and Georgian in a fieldset each (no
script needed), show what is stored, and save through the same input model
as the API: an empty field is not kept, a bad one is shown on its field."""
from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import Event, EventSession
from scheduler.films.models import Film
from scheduler.venues.models import Venue
from tests.factories import make_event, make_user, make_venue


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org")


@pytest.fixture
def browser(app, owner):
    return app.test_client(user=owner)


def fresh(db, model, row_id):
    db.session.rollback()
    return db.session.get(model, row_id)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_an_event_round_trip(browser, db, owner):
    form = text(browser.get("/organise/events/new"))
    assert '<legend lang="ru">Русский</legend>' in form
    assert '<legend lang="ka">ქართული</legend>' in form
    assert 'name="translations_ka-title"' in form
    browser.post("/organise/events/new", data={
        "title": "Migration Film Festival", "kind": "film_festival", "status": "draft",
        "translations_ru-title": "Кинофестиваль о миграции",
        "translations_ka-title": " მიგრაციის კინოფესტივალი ",
        "translations_ka-description": "ფილმები წასვლაზე"})
    db.session.rollback()
    event = db.session.scalar(sa.select(Event))
    assert event.translations == {"ru": {"title": "Кинофестиваль о миграции"},
                                  "ka": {"title": "მიგრაციის კინოფესტივალი",
                                         "description": "ფილმები წასვლაზე"}}
    edit = text(browser.get(f"/organise/events/{event.id}/edit"))
    assert 'value="მიგრაციის კინოფესტივალი"' in edit and "ფილმები წასვლაზე</textarea>" in edit
    browser.post(f"/organise/events/{event.id}/edit", data={
        "title": "Migration Film Festival", "kind": "film_festival", "retention_days": "365",
        # A browser sends every field, empty ones too.
        "translations_ru-title": "", "translations_ru-description": "",
        "translations_ka-title": "მიგრაციის კინოფესტივალი", "translations_ka-description": ""})
    assert fresh(db, Event, event.id).translations == {"ka": {"title": "მიგრაციის კინოფესტივალი"}}


def test_a_bad_translation_is_shown_on_its_field(browser, db):
    response = browser.post("/organise/events/new", data={
        "title": "Panel", "kind": "panel", "status": "draft",
        "translations_ka-title": "x" * 301})
    assert response.status_code == 422
    assert 'id="translations_ka-title-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Event)) is None


def test_a_translation_written_in_english_through_the_api_is_kept(browser, db, owner):
    event = make_event(owner, title="ფესტივალი", translations={"en": {"title": "Festival"}})
    browser.post(f"/organise/events/{event.id}/edit", data={
        "title": "ფესტივალი", "kind": "film_festival", "retention_days": "365",
        "translations_ru-title": "Фестиваль"})
    assert fresh(db, Event, event.id).translations == {"en": {"title": "Festival"},
                                                       "ru": {"title": "Фестиваль"}}


def test_film_venue_and_session_forms(browser, db, owner):
    browser.post("/organise/films/new", data={
        "title": "Flee", "runtime_minutes": "90", "translations_ka-title": "გაქცევა",
        "translations_ru-synopsis": "История."})
    film = db.session.scalar(sa.select(Film))
    assert film.translations == {"ka": {"title": "გაქცევა"}, "ru": {"synopsis": "История."}}
    assert 'value="გაქცევა"' in text(browser.get(f"/organise/films/{film.id}/edit"))
    venue = make_venue(created_by_id=owner.id)
    browser.post(f"/organise/venues/{venue.id}/edit", data={
        "name": venue.name, "city": "Tbilisi", "country": "GE", "timezone": "Asia/Tbilisi",
        "capacity": "40", "changeover_minutes": "0", "translations_ka-name": "ამირანი",
        "translations_ka-address": "კოსტავას 36"})
    assert fresh(db, Venue, venue.id).translations == {
        "ka": {"name": "ამირანი", "address": "კოსტავას 36"}}
    event = make_event(owner, title="Festival")
    browser.post(f"/organise/events/{event.id}/sessions/new", data={
        "venue_id": venue.id, "film_id": "", "title": "Opening night",
        "starts_on": "2030-12-14", "starts_at": "19:00", "ends_at": "21:00",
        "registration_mode": "open", "qa_minutes": "0",
        "translations_ru-title": "Открытие"})
    db.session.rollback()
    session = db.session.scalar(sa.select(EventSession))
    assert session.translations == {"ru": {"title": "Открытие"}}
    edit = text(browser.get(f"/organise/sessions/{session.id}/edit"))
    assert 'value="Открытие"' in edit
