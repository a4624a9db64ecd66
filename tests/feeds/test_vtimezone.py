"""Generated VTIMEZONEs against the IANA data, and the trap they avoid."""
from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from scheduler.ical.vtimezone import build_vtimezone, observances
from tests.feeds import parsers

ZONES = ["Asia/Tbilisi", "Europe/Chisinau", "Europe/Amsterdam", "Europe/Minsk",
         "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe", "Africa/Casablanca",
         "Asia/Kathmandu", "Pacific/Chatham", "UTC"]


def offset_from(found, moment: datetime) -> timedelta:
    return [o for o in found if o.onset <= moment][-1].offset_to


@pytest.mark.parametrize("zone_name", ZONES)
def test_observances_give_the_iana_offset_at_every_moment(zone_name):
    zone = ZoneInfo(zone_name)
    found = observances(zone, 2026, 2028)
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment < datetime(2029, 1, 1, tzinfo=UTC):
        assert offset_from(found, moment) == moment.astimezone(zone).utcoffset(), moment
        moment += timedelta(hours=1)
    for before, after in itertools.pairwise(found):
        assert before.offset_to == after.offset_from


def test_each_change_is_its_own_observance_without_rdate_lists():
    text = build_vtimezone("Europe/Amsterdam", 2026, 2027).to_ical().decode()
    assert "RDATE" not in text and "RRULE" not in text
    assert text.count("BEGIN:DAYLIGHT") == 2 and text.count("BEGIN:STANDARD") == 3
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZNAME:CEST\r\n" in text


def test_the_parsers_catch_icalendars_own_comma_separated_rdates():
    """Why we write our own: with icalendar's generated VTIMEZONE, vobject and
    ical.js put an Amsterdam summer evening an hour off."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    summer = datetime(2027, 7, 15, 20, tzinfo=ZoneInfo("Europe/Amsterdam"))
    event = icalendar.Event()
    for name, value in [("uid", "u"), ("dtstamp", summer), ("dtstart", summer),
                        ("dtend", summer + timedelta(hours=2)), ("summary", "s"),
                        ("description", "d"), ("status", "CONFIRMED"), ("sequence", 0)]:
        event.add(name, value)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    text = calendar.to_ical().decode()
    assert parsers.with_icalendar(text)[0].start.hour == 18
    parsers.node_or_skip()
    assert parsers.with_vobject(text)[0].start.hour == 19
    assert parsers.with_icaljs(text)[0].start.hour == 19
