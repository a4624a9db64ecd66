"""The bound on the search for a rule's dates: a count, the same on every machine."""
from __future__ import annotations

import pytest
from icalendar import Calendar

from scheduler.imports.repeating import SearchTooLong, occurrences, search_allowance
from tests.imports.calendars import calendar, vevent


def monthly(count: int) -> Calendar:
    return Calendar.from_ical(calendar(vevent("m@partner", extra=(
        f"RRULE:FREQ=MONTHLY;COUNT={count}",))))


def test_the_allowance_counts_the_months_searched():
    """Twelve monthly dates need dateutil to enter thirteen months (the
    thirteenth finds COUNT spent); one month less is refused."""
    with search_allowance(13):
        assert len(list(occurrences(monthly(12)))) == 12
    with search_allowance(12), pytest.raises(SearchTooLong):
        list(occurrences(monthly(12)))


def test_a_rule_that_never_matches_stops_at_the_allowance():
    never = Calendar.from_ical(calendar(vevent("n@partner", extra=(
        "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=2",))))
    with search_allowance(24), pytest.raises(SearchTooLong):
        list(occurrences(never))


def test_rare_but_real_dates_are_found():
    """29 February: the search walks the years between leap days."""
    leap = Calendar.from_ical(calendar(vevent("leap@partner", extra=(
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=2",),
        start="DTSTART:20280229T150000Z", end="DTEND:20280229T170000Z")))
    with search_allowance():
        assert [o["DTSTART"].dt.year for o in occurrences(leap)] == [2028, 2032]
