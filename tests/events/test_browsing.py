"""An event browsed day by day: its local days, the default day, the filters' SQL."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from scheduler.accounts.models import Role
from scheduler.events import browsing
from scheduler.events.browsing import DayFilters, SessionKind
from scheduler.events.models import SessionStatus
from scheduler.films.models import Film
from tests.factories import make_event, make_session, make_user, make_venue


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def festival(db):
    owner = make_user(role=Role.organiser, email="owner@example.org")
    amirani = make_venue(name="Amirani", city="Tbilisi")
    apollo = make_venue(name="Apollo", city="Batumi")
    arsenal = make_venue(name="Arsenal", city="Berlin", country="DE",
                         timezone="Europe/Berlin")
    flee = Film(title="Flee", runtime_minutes=90, spoken_languages="Danish, Dari",
                subtitles="Georgian, English")
    db.session.add(flee)
    event = make_event(owner, slug="fest")
    # 21:00 UTC on Jun 1 is 01:00 on Jun 2 in Tbilisi, 23:00 on Jun 1 in Berlin.
    make_session(event, amirani, starts_at=utc(2030, 6, 1, 21), title="Late in Tbilisi",
                 film=flee)
    make_session(event, arsenal, starts_at=utc(2030, 6, 1, 21), title="Late in Berlin")
    make_session(event, apollo, starts_at=utc(2030, 6, 3, 8), title="Full talk", capacity=10,
                 seats_taken=10)
    make_session(event, apollo, starts_at=utc(2030, 6, 3, 12), title="Open talk")
    return event


def titles(event, day, filters=None):
    zones = ["Asia/Tbilisi", "Europe/Berlin"]
    return [s.title for s in browsing.day_sessions(event, day, filters or DayFilters(),
                                                         zones).sessions]


def test_days_are_the_local_dates_sessions_start_on(festival):
    outline = browsing.outline(festival, utc(2026, 1, 1))
    assert (outline.first_day, outline.last_day) == (date(2030, 6, 1), date(2030, 6, 3))
    assert browsing.day_tabs(festival, outline, date(2030, 6, 2)) == [
        date(2030, 6, 1), date(2030, 6, 2), date(2030, 6, 3)]
    assert titles(festival, date(2030, 6, 1)) == ["Late in Berlin"]
    assert titles(festival, date(2030, 6, 2)) == ["Late in Tbilisi"]


def test_the_default_day_is_the_first_with_a_session_still_to_end(festival):
    assert browsing.outline(festival, utc(2026, 1, 1)).default_day == date(2030, 6, 1)
    # Both late sessions are over by then: the next day with sessions is the third.
    after_the_late_ones = browsing.outline(festival, utc(2030, 6, 2, 3))
    assert after_the_late_ones.default_day == date(2030, 6, 3)
    # All over: the first day again, rather than nothing.
    assert browsing.outline(festival, utc(2031, 1, 1)).default_day == date(2030, 6, 1)


def test_a_day_without_sessions_falls_back_to_the_default(festival):
    outline = browsing.outline(festival, utc(2026, 1, 1))
    assert browsing.day_shown(festival, outline, date(2030, 6, 3)) == date(2030, 6, 3)
    assert browsing.day_shown(festival, outline, date(2030, 7, 1)) == date(2030, 6, 1)
    assert browsing.day_shown(festival, outline, None) == date(2030, 6, 1)


def test_venues_are_ordered_by_city_then_name_and_languages_listed(festival):
    outline = browsing.outline(festival, utc(2026, 1, 1))
    assert [v.name for v in outline.venues] == ["Apollo", "Arsenal", "Amirani"]
    assert outline.cities == ["Batumi", "Berlin", "Tbilisi"]
    assert outline.languages == ["Danish", "Dari", "English", "Georgian"]


def test_an_event_without_sessions_has_no_days(db, festival):
    empty = make_event(festival.owner, slug="empty")
    outline = browsing.outline(empty, utc(2026, 1, 1))
    assert outline.first_day is None and outline.default_day is None


def test_filters_by_city_venue_kind_language_and_seats(festival):
    june_3 = date(2030, 6, 3)
    assert titles(festival, june_3) == ["Full talk", "Open talk"]
    assert titles(festival, june_3, DayFilters(seats_available=True)) == ["Open talk"]
    june_2 = date(2030, 6, 2)
    assert titles(festival, june_2, DayFilters(city="Batumi")) == []
    assert titles(festival, june_2, DayFilters(city="Tbilisi")) == ["Late in Tbilisi"]
    amirani = next(s.venue_id for s in festival.sessions if s.title == "Late in Tbilisi")
    assert titles(festival, june_2, DayFilters(venue_id=amirani)) == ["Late in Tbilisi"]
    assert titles(festival, june_2, DayFilters(kind=SessionKind.film)) == ["Late in Tbilisi"]
    assert titles(festival, june_2, DayFilters(kind=SessionKind.other)) == []
    assert titles(festival, june_3, DayFilters(kind=SessionKind.other)) == [
        "Full talk", "Open talk"]


def test_language_matches_a_whole_name_spoken_or_subtitled(festival):
    june_2 = date(2030, 6, 2)
    assert titles(festival, june_2, DayFilters(language="Dari")) == ["Late in Tbilisi"]
    assert titles(festival, june_2, DayFilters(language="English")) == ["Late in Tbilisi"]
    assert titles(festival, june_2, DayFilters(language="Eng")) == []
    assert titles(festival, june_2, DayFilters(language="%")) == []


def test_cancelled_sessions_stay_listed_but_have_no_seats(db, festival):
    [open_talk] = [s for s in festival.sessions if s.title == "Open talk"]
    open_talk.status = SessionStatus.cancelled
    db.session.commit()
    june_3 = date(2030, 6, 3)
    assert titles(festival, june_3) == ["Full talk", "Open talk"]
    assert titles(festival, june_3, DayFilters(seats_available=True)) == []


def test_filters_say_whether_any_is_on():
    assert not DayFilters().any
    assert DayFilters(language="Georgian").any and DayFilters(seats_available=True).any


def test_a_long_event_has_tabs_for_a_week_each_side_and_its_first_and_last_day(db, festival):
    venue = make_venue(name="Rustaveli", city="Tbilisi")
    long_one = make_event(festival.owner, slug="season")
    for n in range(0, 60, 2):  # every other day for two months, noon in Tbilisi
        make_session(long_one, venue, starts_at=utc(2030, 1, 1, 8) + timedelta(days=n))
    outline = browsing.outline(long_one, utc(2026, 1, 1))
    tabs = browsing.day_tabs(long_one, outline, date(2030, 1, 31))
    near = [date(2030, 1, 31) + timedelta(days=n) for n in range(-6, 7, 2)]
    assert tabs == [date(2030, 1, 1), *near, date(2030, 2, 28)]
