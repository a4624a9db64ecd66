"""Every time an organiser types in the form is read as they chose when the
clocks show it twice: several dates at once and registration windows too."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scheduler.events.models import EventSession
from tests.events.test_organiser_ui import (  # noqa: F401 (fixtures)
    browser,
    festival,
    fresh,
    owner,
    page,
    session_form,
    sessions,
)
from tests.factories import make_venue


@pytest.fixture
def chisinau(db, owner):
    return make_venue(name="Cinema Patria", city="Chișinău", country="MD",
                      timezone="Europe/Chisinau", created_by_id=owner.id)


@pytest.mark.parametrize("choice, utc_hour", [("earlier", 23), ("later", 0)])
def test_several_dates_take_the_chosen_instant(browser, db, festival, chisinau, choice,
                                               utc_hour):
    url = f"/organise/events/{festival.id}/sessions/dates"
    assert 'name="later"' in page(browser.get(url))
    data = session_form(chisinau, start="02:30", end="04:00", later=choice) | {
        "days-0": "2027-10-31"}
    shown = page(browser.post(url, data=data, follow_redirects=True))
    assert "1 session added" in shown
    [stored] = sessions(db)
    assert stored.starts_at.hour == utc_hour


@pytest.mark.parametrize("choice, utc_hour", [("earlier", 23), ("later", 0)])
def test_a_registration_window_takes_the_chosen_instant(browser, db, festival, chisinau,
                                                       choice, utc_hour):
    data = session_form(chisinau, day="2027-11-02", later=choice,
                        registration_closes_at="2027-10-31T02:30")
    browser.post(f"/organise/events/{festival.id}/sessions/new", data=data,
                 follow_redirects=True)
    [stored] = sessions(db)
    closes = fresh(db, EventSession, stored.id).registration_closes_at
    assert closes == datetime(2027, 10, 30 if utc_hour == 23 else 31, utc_hour, 30,
                              tzinfo=UTC)
