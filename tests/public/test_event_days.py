"""The event page and the timetable, one local day at a time: tabs, filters, fallbacks."""
from __future__ import annotations

import re

import pytest

from scheduler.events import browsing
from scheduler.films.models import Film
from tests.factories import make_event, make_session
from tests.public.conftest import page_of, titles, utc

TABS = re.compile(r'<nav class="day-tabs"[^>]*>(.*?)</nav>', re.S)
PAGES = ["/events/fest", "/events/fest/timetable"]


@pytest.fixture
def festival(db, owner, venues):
    flee = Film(title="Flee", runtime_minutes=90, spoken_languages="Danish",
                subtitles="Georgian, English")
    db.session.add(flee)
    event = make_event(owner, title="Autumn Festival", slug="fest")
    # Tbilisi is UTC+4, Berlin UTC+2 in June.
    make_session(event, venues["amirani"], starts_at=utc(2030, 6, 1, 15), title="Opening Film",
                 film=flee)
    make_session(event, venues["rustaveli"], starts_at=utc(2030, 6, 1, 8), title="Morning Talk")
    make_session(event, venues["arsenal"], starts_at=utc(2030, 6, 2, 17), title="Berlin Night")
    make_session(event, venues["rustaveli"], starts_at=utc(2030, 6, 4, 8), title="Closing Talk",
                 capacity=5, seats_taken=5)
    return event


def shown(client, url: str) -> str:
    """The page's main content: its head also lists sessions, for search engines."""
    return page_of(client, url).split("<main", 1)[1]


def tabs(body: str) -> list[tuple[str, str, bool]]:
    """(href, label, current) for each day tab."""
    [nav] = TABS.findall(body)
    return [(href.replace("&amp;", "&"), label, bool(current)) for href, current, label in
            re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)]


@pytest.mark.parametrize("path", PAGES)
def test_tabs_link_each_local_day_and_mark_the_one_shown(client, festival, path):
    body = shown(client, path)
    assert tabs(body) == [
        (f"{path}?day=2030-06-01", "Sat, Jun 1", True),
        (f"{path}?day=2030-06-02", "Sun, Jun 2", False),
        (f"{path}?day=2030-06-04", "Tue, Jun 4", False)]
    assert "Opening Film" in body and "Morning Talk" in body
    assert "Berlin Night" not in body and "Closing Talk" not in body  # other days: absent


@pytest.mark.parametrize("path", PAGES)
def test_a_day_tab_shows_that_day_only(client, festival, path):
    body = shown(client, f"{path}?day=2030-06-04")
    assert [current for _, _, current in tabs(body)] == [False, False, True]
    assert "Closing Talk" in body
    assert "Opening Film" not in body and "Berlin Night" not in body


@pytest.mark.parametrize("path", PAGES)
def test_filters_keep_across_day_tabs_and_the_form_keeps_the_day(client, festival, path):
    body = shown(client, f"{path}?day=2030-06-01&city=Tbilisi&kind=film&seats=y")
    assert tabs(body)[1][0] == f"{path}?city=Tbilisi&kind=film&seats=y&day=2030-06-02"
    assert 'name="day" type="hidden" value="2030-06-01"' in body
    assert "Opening Film" in body and "Morning Talk" not in body


@pytest.mark.parametrize("path", PAGES)
def test_an_empty_filtered_day_says_so_and_links_to_clear(client, festival, path):
    body = shown(client, f"{path}?day=2030-06-04&seats=y")
    assert "No sessions on this day match the filters." in body
    assert f'href="{path}?day=2030-06-04">Clear the filters</a>' in body
    assert "Closing Talk" not in body


def test_language_filter_finds_subtitled_films(client, festival):
    body = page_of(client, "/events/fest?day=2030-06-01&language=Georgian")
    assert titles(body) == ["Opening Film"]
    assert '<option selected value="Georgian">Georgian</option>' in body


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("day", ["2030-06-03", "1999-01-01"])
def test_a_day_without_sessions_falls_back_to_the_default_and_says_so(client, festival,
                                                                       path, day):
    body = page_of(client, f"{path}?day={day}")
    assert "This event has no sessions on" in body
    assert "Opening Film" in body


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("day", ["tomorrow", "2030-13-40", "", "2030-06-01\x00"])
def test_a_malformed_day_says_so_and_shows_the_default(client, festival, path, day):
    response = client.get(path, query_string={"day": day})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Opening Film" in body
    assert ("Give a date such as" in body) == (day != "")


def test_unknown_filter_values_are_named_and_left_out(client, festival):
    body = page_of(client, "/events/fest?venue=999999&city=Atlantis&kind=opera")
    assert "so that filter is off" in body
    assert "Opening Film" in body and "Morning Talk" in body


def test_the_timetable_keeps_every_venue_column_in_one_order_every_day(client, festival):
    expected = ["Kino Arsenal", "Amirani Cinema", "Rustaveli Hall"]  # Berlin, then Tbilisi
    for day in ("2030-06-01", "2030-06-02", "2030-06-04"):
        body = page_of(client, f"/events/fest/timetable?day={day}")
        header = re.search(r"<thead>(.*?)</thead>", body, re.S).group(1)
        assert re.findall(r'<th scope="col">([^<]+)<br>', header) == expected, day


def test_the_timetable_drops_columns_a_place_filter_leaves_out(client, festival):
    body = page_of(client, "/events/fest/timetable?day=2030-06-01&city=Tbilisi")
    header = re.search(r"<thead>(.*?)</thead>", body, re.S).group(1)
    assert "Kino Arsenal" not in header and "Amirani Cinema" in header


def test_the_event_page_shows_its_dates_and_places(client, festival):
    body = page_of(client, "/events/fest")
    facts = re.search(r'<dl class="event-facts">(.*?)</dl>', body, re.S).group(1)
    assert "Jun 1\u2009–\u20094, 2030" in facts
    assert "Berlin: Kino Arsenal; Tbilisi: Amirani Cinema, Rustaveli Hall" in facts


def test_dates_are_in_the_page_language(client, festival):
    body = page_of(client, "/events/fest?lang=ru")
    facts = re.search(r'<dl class="event-facts">(.*?)</dl>', body, re.S).group(1)
    assert "2030" in facts and "Jun" not in facts and "июн" in facts


def test_a_single_day_event_has_no_tabs(client, owner, venues):
    event = make_event(owner, slug="one-day")
    make_session(event, venues["amirani"], starts_at=utc(2030, 6, 1, 15), title="Only")
    body = page_of(client, "/events/one-day")
    assert 'class="day-tabs"' not in body and "Only" in body
    assert "Sat, Jun 1, 2030" in body


@pytest.mark.parametrize("path", PAGES)
def test_a_busy_day_comes_in_pages_that_link_each_other(client, festival, venues, monkeypatch,
                                                        path):
    monkeypatch.setattr(browsing, "DAY_PAGE_SIZE", 2)
    first = shown(client, f"{path}?day=2030-06-01&kind=other")
    assert set(titles(first)) == {"Morning Talk"}  # one page holds it all
    assert 'rel="next"' not in first
    for hour in (11, 13):
        make_session(festival, venues["rustaveli"], starts_at=utc(2030, 6, 1, hour),
                     title=f"Talk at {hour}")
    one, two = shown(client, f"{path}?day=2030-06-01"), shown(client,
                                                              f"{path}?day=2030-06-01&page=2")
    assert len(set(titles(one))) == 2 and len(set(titles(two))) == 2
    assert set(titles(one)).isdisjoint(titles(two))
    assert f'href="{path}?day=2030-06-01&amp;page=2" rel="next"' in one
    assert f'href="{path}?day=2030-06-01&amp;page=1" rel="prev"' in two
