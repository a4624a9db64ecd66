"""Rows stored before input refused control characters and line breaks (or
written around the services) still give every feed kind, well formed: one-line
properties on one line, no control character anywhere."""
from __future__ import annotations

import re

import icalendar
import pytest

from scheduler.accounts.models import Role
from scheduler.feeds import agenda
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_registration, make_session, make_user, make_venue
from tests.feeds.conftest import feed_text

# Everything but NUL, which PostgreSQL cannot store at all.
BAD_URL = "https://meet.example.org/room\r\nX-INJECTED:1"
# Tabs are allowed in iCalendar text (RFC 5545 TSAFE-CHAR).
CONTROL_BUT_TAB_AND_LINE_ENDS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture
def tainted(db):
    """A session whose every shown text holds line breaks and control characters."""
    owner = make_user(role=Role.organiser, name="Owner\x1b[2J")
    event = make_event(owner, title="Festival\r\nX-EVIL:1\x07", slug="tainted",
                       description="Line one\r\nline two\x1b\x85 end")
    venue = make_venue(name="Amirani\nCinema\x7f", city="Tbi\x9blisi",
                       address="36 Kostava St\r\nFloor 2\x0c", online_url=BAD_URL)
    screening = make_session(event, venue, title="Session\u2028title\x01",
                             description="About\tthis\x02")
    attendee = make_user(email="nino@example.org", name="Nino\r\nBeridze\x1f")
    make_registration(screening, email=attendee.email, user=attendee)
    return screening, attendee


def feed_paths(screening, attendee) -> list[str]:
    with unit_of_work():
        secret = agenda.ensure_agenda_secret(attendee)
    return ["/calendar.ics", f"/events/{screening.event.slug}/calendar.ics",
            f"/venues/{screening.venue_id}/calendar.ics", f"/sessions/{screening.id}.ics",
            f"/feeds/{secret}/agenda.ics"]


def test_every_feed_kind_is_served_well_formed(client, tainted):
    for path in feed_paths(*tainted):
        text = feed_text(client, path)
        assert not CONTROL_BUT_TAB_AND_LINE_ENDS.search(text), path
        assert "\n" not in text.replace("\r\n", ""), path
        assert not re.search("^X-(INJECTED|EVIL)", text, re.MULTILINE), path
        calendar = icalendar.Calendar.from_ical(text)
        [vevent] = calendar.walk("VEVENT")
        assert str(vevent["SUMMARY"]) == "Session title", path
        assert str(vevent["LOCATION"]) == "Amirani Cinema, 36 Kostava St Floor 2, Tbi lisi"
        assert str(vevent["CONFERENCE"]) == "https://meet.example.org/room X-INJECTED:1"
        assert "About\tthis" in str(vevent["DESCRIPTION"])
        for name in ("NAME", "X-WR-CALNAME"):
            assert "\n" not in str(calendar[name]), path


def test_the_feed_name_is_cleaned_text(client, tainted):
    screening, _ = tainted
    calendar = icalendar.Calendar.from_ical(
        feed_text(client, f"/events/{screening.event.slug}/calendar.ics"))
    assert str(calendar["NAME"]) == "Festival X-EVIL:1"
    assert str(calendar["DESCRIPTION"]) == "Line one\nline two end"
