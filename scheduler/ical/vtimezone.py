"""VTIMEZONE components generated from the IANA data through zoneinfo.

Each offset change in the years a feed covers is its own STANDARD or DAYLIGHT
observance with a single DTSTART: no RRULE to interpret and no comma-separated
RDATE list (which ical.js and vobject read only the first value of), so every
parser finds the same offset for every local time.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from scheduler.ical import cache

SCAN_STEP = timedelta(days=1)
PRECISION = timedelta(seconds=1)


@dataclass(frozen=True)
class Observance:
    """From `onset` (UTC) on, the zone's clocks read UTC + `offset_to`."""

    onset: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def vtimezone_bytes(zone_name: str, first_year: int, last_year: int) -> bytes:
    """The serialised VTIMEZONE covering whole years `first_year`..`last_year`."""
    key = (zone_name, first_year, last_year)
    serialised = cache.vtimezones.get(key)
    if serialised is None:
        serialised = build_vtimezone(zone_name, first_year, last_year).to_ical()
        cache.vtimezones.put(key, serialised)
    return serialised


def build_vtimezone(zone_name: str, first_year: int, last_year: int) -> Timezone:
    component = Timezone()
    component.add("tzid", zone_name)
    for observance in observances(ZoneInfo(zone_name), first_year, last_year):
        component.add_component(_observance_component(observance))
    return component


def observances(zone: ZoneInfo, first_year: int, last_year: int) -> list[Observance]:
    """The offset in force when the range starts, then every change in it."""
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    offset = _offset(zone, start)
    found = [_observance(zone, start, offset, offset)]
    for onset, before, after in _changes(zone, start, end):
        found.append(_observance(zone, onset, before, after))
    return found


def _changes(zone: ZoneInfo, start: datetime, end: datetime
             ) -> Iterator[tuple[datetime, timedelta, timedelta]]:
    moment, offset = start, _offset(zone, start)
    while moment < end:
        following = min(moment + SCAN_STEP, end)
        next_offset = _offset(zone, following)
        if next_offset != offset:
            yield _first_moment_of(zone, next_offset, moment, following), offset, next_offset
            offset = next_offset
        moment = following


def _first_moment_of(zone: ZoneInfo, offset: timedelta, before: datetime,
                     after: datetime) -> datetime:
    # Bisection: `before` still has the old offset, `after` the new one.
    while after - before > PRECISION:
        middle = before + (after - before) / 2
        if _offset(zone, middle) == offset:
            after = middle
        else:
            before = middle
    return after.replace(microsecond=0)


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None, "astimezone gives an aware time, which has an offset"
    return offset


def _observance(zone: ZoneInfo, onset: datetime, before: timedelta,
                after: timedelta) -> Observance:
    local = onset.astimezone(zone)
    return Observance(onset, before, after, local.tzname() or "",
                      bool(local.dst()))


def _observance_component(observance: Observance) -> TimezoneDaylight | TimezoneStandard:
    component = TimezoneDaylight() if observance.daylight else TimezoneStandard()
    # The onset is written as the wall clock just before the change.
    local_onset = (observance.onset + observance.offset_from).replace(tzinfo=None)
    component.add("dtstart", local_onset)
    component.add("tzoffsetfrom", observance.offset_from)
    component.add("tzoffsetto", observance.offset_to)
    if observance.name:
        component.add("tzname", observance.name)
    return component
