"""The programme page: upcoming sessions of published events by local day,
its filters, search, pages, badges, and what it never shows."""
from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler.events.models import EventKind, EventStatus, SessionStatus
from scheduler.films.models import Film
from scheduler.web.public.listing import PAGE_SIZE
from tests.factories import _saved, make_event, make_registration, make_session
from tests.public.conftest import page_of, titles, titles_by_day, utc

JAN_10 = utc(2030, 1, 10, 8)


@pytest.fixture
def festival(db, owner, venues):
    """Sessions in Tbilisi (+04) and Berlin (+01) around the night of 10 January 2030."""
    festival = make_event(owner, title="Tbilisi Film Days", slug="tfd",
                          kind=EventKind.film_festival)
    dialogue = make_event(owner, title="Policy Dialogue", slug="dialogue",
                          kind=EventKind.policy_dialogue)
    film = _saved(Film(title="Дикие истории", runtime_minutes=100))
    # 21:30 UTC is 01:30 on 11 January in Tbilisi but still 22:30 on the 10th in Berlin.
    make_session(festival, venues["amirani"], starts_at=utc(2030, 1, 10, 21, 30),
                 title="Late Night Shorts")
    make_session(festival, venues["arsenal"], starts_at=utc(2030, 1, 10, 21, 30),
                 title="Berlin Late Show")
    make_session(festival, venues["rustaveli"], starts_at=JAN_10, film=film)
    make_session(dialogue, venues["arsenal"], starts_at=utc(2030, 1, 12, 9),
                 title="Water and Borders 100%")
    return festival


def test_sessions_are_grouped_by_the_local_day_at_their_venue(client, festival):
    days = titles_by_day(page_of(client, "/programme"))
    assert days == {
        "Thu, Jan 10, 2030": ["Дикие истории", "Berlin Late Show"],
        "Fri, Jan 11, 2030": ["Late Night Shorts"],
        "Sat, Jan 12, 2030": ["Water and Borders 100%"],
    }


def test_each_entry_shows_local_time_zone_event_venue_and_city(client, festival):
    body = page_of(client, "/programme")
    assert "01:30–03:30 +04" in body
    assert "22:30–00:30 CET" not in body  # ends on the next local day: the date is given
    assert "Kino Arsenal, Berlin" in body and "Amirani Cinema, Tbilisi" in body
    assert '<a href="/events/tfd">Tbilisi Film Days</a>' in body


@pytest.mark.parametrize("query, expected", [
    ("kind=policy_dialogue", ["Water and Borders 100%"]),
    ("city=Berlin", ["Berlin Late Show", "Water and Borders 100%"]),
    ("event=dialogue", ["Water and Borders 100%"]),
    # Local dates: the Tbilisi late show is on the 11th there, though the 10th in UTC.
    ("from=2030-01-11&to=2030-01-11", ["Late Night Shorts"]),
    ("to=2030-01-10", ["Дикие истории", "Berlin Late Show"]),
    ("from=2030-01-12", ["Water and Borders 100%"]),
    ("city=Tbilisi&to=2030-01-10", ["Дикие истории"]),
])
def test_filters(client, festival, query, expected):
    assert titles(page_of(client, f"/programme?{query}")) == expected


def test_venue_filter(client, festival, venues):
    body = page_of(client, f"/programme?venue={venues['amirani'].id}")
    assert titles(body) == ["Late Night Shorts"]


@pytest.mark.parametrize("q, expected", [
    ("late", ["Berlin Late Show", "Late Night Shorts"]),  # session titles, any case
    ("ДИКИЕ", ["Дикие истории"]),  # a film's title, Cyrillic folded on both databases
    ("film days", ["Дикие истории", "Berlin Late Show", "Late Night Shorts"]),  # the event
    ("100%", ["Water and Borders 100%"]),  # % is a character, not a wildcard
    ("%", ["Water and Borders 100%"]),
    ("nothing like this", []),
])
def test_title_search(client, festival, q, expected):
    assert titles(page_of(client, "/programme?" + f"q={q}".replace("%", "%25"))) == expected


def test_seats_available_leaves_out_full_and_cancelled_sessions(client, owner, venues):
    event = make_event(owner)
    make_session(event, venues["amirani"], starts_at=JAN_10, title="Open", capacity=10,
                 seats_taken=9)
    make_session(event, venues["rustaveli"], starts_at=JAN_10, title="Full", capacity=10,
                 seats_taken=10)
    make_session(event, venues["arsenal"], starts_at=JAN_10, title="Held back", capacity=10,
                 seats_taken=5, reserved_seats=5)
    make_session(event, venues["amirani"], starts_at=JAN_10 + timedelta(hours=3),
                 title="Called off", status=SessionStatus.cancelled)
    assert titles(page_of(client, "/programme")) == ["Open", "Full", "Held back", "Called off"]
    assert titles(page_of(client, "/programme?seats=y")) == ["Open"]


def test_badges(client, owner, venues):
    event = make_event(owner)
    for hour, (title, taken) in enumerate([("Plenty", 0), ("Few", 97), ("Waitlist", 100)]):
        make_session(event, venues["amirani"], starts_at=JAN_10 + timedelta(hours=3 * hour),
                     title=title, seats_taken=taken)
    make_session(event, venues["rustaveli"], starts_at=JAN_10, title="Off",
                 status=SessionStatus.cancelled)
    make_session(event, venues["arsenal"], starts_at=JAN_10, title="Closed", seats_taken=100,
                 registration_closes_at=utc(2029, 1, 1),
                 registration_opens_at=utc(2028, 1, 1))
    body = page_of(client, "/programme")
    for badge in ['seats-seats">100 seats left', 'seats-few">Few left: 3',
                  'seats-waitlist">Full: join the waitlist', 'seats-cancelled">Cancelled',
                  'seats-full">Full<']:
        assert badge in body


def test_drafts_cancelled_events_and_past_sessions_are_never_listed(client, owner, venues):
    listed = make_event(owner, title="Listed")
    draft = make_event(owner, title="Secret draft", slug="secret", status=EventStatus.draft)
    called_off = make_event(owner, title="Called-off event", status=EventStatus.cancelled)
    make_session(listed, venues["amirani"], starts_at=JAN_10, title="Upcoming")
    make_session(listed, venues["rustaveli"], starts_at=utc(2020, 1, 1), title="Long ago")
    make_session(draft, venues["arsenal"], starts_at=JAN_10, title="Draft session")
    make_session(called_off, venues["rustaveli"], starts_at=JAN_10, title="Event gone")
    body = page_of(client, "/programme")
    assert titles(body) == ["Upcoming"]
    # Not even as a choice: neither the draft nor the venue only it uses.
    assert "Secret draft" not in body and "secret" not in body and "Kino Arsenal" not in body
    assert "There is no event “secret”" in page_of(client, "/programme?event=secret")


def test_no_attendee_name_or_email_appears(client, festival):
    registered = festival.sessions[0]
    make_registration(registered, email="nino.private@example.org", name="Nino Private")
    body = page_of(client, "/programme")
    assert "Nino Private" not in body and "nino.private@example.org" not in body


def many_sessions(owner, venues, count: int) -> None:
    event = make_event(owner, title="Marathon")
    for number in range(count):
        make_session(event, venues["amirani"], starts_at=JAN_10 + timedelta(hours=3 * number),
                     title=f"Screening {number:03d}")


def test_pages_of_fifty_with_links_that_keep_the_filters(client, owner, venues):
    many_sessions(owner, venues, PAGE_SIZE * 2 + 7)
    first = page_of(client, "/programme?city=Tbilisi")
    assert titles(first) == [f"Screening {n:03d}" for n in range(PAGE_SIZE)]
    assert "page 1 of 3" in first
    assert 'href="/programme?city=Tbilisi&amp;page=2" rel="next"' in first
    last = page_of(client, "/programme?city=Tbilisi&page=3")
    assert titles(last) == [f"Screening {n:03d}" for n in range(2 * PAGE_SIZE, 2 * PAGE_SIZE + 7)]
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_page_links_carry_only_the_filters(client, owner, venues):
    many_sessions(owner, venues, PAGE_SIZE + 1)
    body = page_of(client, "/programme?seats=y&_external=1&_anchor=x&_scheme=javascript&x=1")
    assert 'href="/programme?seats=y&amp;page=2" rel="next"' in body


@pytest.mark.parametrize("query, message", [
    ("kind=opera", "There is no kind “opera” in the programme"),
    ("city=Atlantis", "There is no city “Atlantis” in the programme"),
    ("venue=999999", "There is no venue “999999” in the programme"),
    ("venue=abc", "There is no venue “abc” in the programme"),
    ("event=no-such-event", "There is no event “no-such-event” in the programme"),
    ("from=2030-02-30", "Give a date such as 2026-12-14"),
    ("to=yesterday", "Give a date such as 2026-12-14"),
    ("from=9999-12-31", "Give a date between 2000 and 2100"),
    ("to=1900-01-01", "Give a date between 2000 and 2100"),
    ("from=2030-01-10&to=2030-01-09", "The end date is before the start date"),
    ("page=abc", "Pages are numbered 1, 2, 3"),
    ("page=0", "Pages are numbered 1, 2, 3"),
    ("page=-3", "Pages are numbered 1, 2, 3"),
    ("page=99999999999999999999", "Pages are numbered 1, 2, 3"),
    ("page=7", "There is no page 7: this is the last one."),
    ("q=" + "x" * 101, "Search with at most 100 characters"),
    ("q=late%00show", "Remove the NUL character"),  # PostgreSQL text cannot hold one
    ("city=%00", "There is no city"),
])
def test_bad_input_shows_the_page_with_a_message_and_the_rest_applied(client, festival,
                                                                       query, message):
    # A good filter beside the bad one still applies.
    good, expected = (("city=Berlin", ["Berlin Late Show", "Water and Borders 100%"])
                      if query.startswith("q=") else
                      ("q=late", ["Berlin Late Show", "Late Night Shorts"]))
    body = page_of(client, f"/programme?{query}&{good}")
    assert message in body
    assert titles(body) == expected


def test_the_nav_points_to_the_programme(client, festival):
    assert '<a href="/programme">Programme</a>' in page_of(client, "/")
