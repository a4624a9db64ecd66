"""A festival timetable: for each local day a grid, venues across, time down.

Each session fills the quarter-hour rows from its start (rounded down) to its
end (rounded up) in its venue's column. Sessions of one venue that would share
a row (a cancelled one beside its replacement, or two short ones inside one
quarter hour) go side by side in lanes, so no cell is ever claimed twice.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from scheduler.events.models import EventSession
from scheduler.timezones import at_venue
from scheduler.venues.models import Venue

SLOT_MINUTES = 15
SLOTS_PER_HOUR = 60 // SLOT_MINUTES


@dataclass(frozen=True)
class Cell:
    """One grid cell: a session starting here (spanning `rows`), a cell a
    session above covers (nothing to write), or an empty one."""

    session: EventSession | None = None
    rows: int = 1
    covered: bool = False


@dataclass(frozen=True)
class VenueColumns:
    venue: Venue
    lanes: int
    zone: str  # the venue's zone that day, as its clock shows it: "+04", "CET"


@dataclass(frozen=True)
class DayGrid:
    day: date
    venues: list[VenueColumns]
    times: list[str]  # "19:15" on the venues' clocks, one per row
    rows: list[list[Cell]]


@dataclass
class _Placing:
    session: EventSession
    first: int  # slot numbers counted from the day's local midnight
    last: int  # exclusive
    lane: int = field(default=0)


def day_grid(day: date, sessions: list[EventSession], venues: list[Venue]) -> DayGrid:
    """The grid of `sessions` (all starting on `day`, at least one) with a column
    for each of `venues`, in their order, even one with nothing that day."""
    placings = [_slots(s, day) for s in sessions]
    columns, lanes = [], {}
    for venue in venues:
        lanes[venue.id] = max(1, _assign_lanes([p for p in placings
                                                if p.session.venue_id == venue.id]))
        columns += [(venue.id, lane) for lane in range(lanes[venue.id])]
    top = min(p.first for p in placings) // SLOTS_PER_HOUR * SLOTS_PER_HOUR
    bottom = max(p.last for p in placings)
    rows = [[Cell() for _ in columns] for _ in range(top, bottom)]
    for p in placings:
        column = columns.index((p.session.venue_id, p.lane))
        rows[p.first - top][column] = Cell(p.session, p.last - p.first)
        for below in range(p.first + 1, p.last):
            rows[below - top][column] = Cell(covered=True)
    return DayGrid(day, [VenueColumns(v, lanes[v.id], _zone_label(v, day)) for v in venues],
                   [_clock(slot) for slot in range(top, bottom)], rows)


def _slots(event_session: EventSession, day: date) -> _Placing:
    midnight = datetime.combine(day, time())
    zone = event_session.venue.timezone

    def minutes(moment: datetime) -> float:
        # Wall-clock minutes: on a day the clocks change, rows still read 19:00, 19:15…
        return (at_venue(moment, zone).replace(tzinfo=None) - midnight).total_seconds() / 60

    first = math.floor(minutes(event_session.starts_at) / SLOT_MINUTES)
    last = math.ceil(minutes(event_session.ends_at) / SLOT_MINUTES)
    return _Placing(event_session, first, max(last, first + 1))


def _assign_lanes(placings: list[_Placing]) -> int:
    """Put each session in the first lane free at its start; the number of lanes."""
    lane_ends: list[int] = []
    for p in sorted(placings, key=lambda p: (p.first, p.session.id)):
        p.lane = next((lane for lane, end in enumerate(lane_ends) if end <= p.first),
                      len(lane_ends))
        if p.lane == len(lane_ends):
            lane_ends.append(p.last)
        else:
            lane_ends[p.lane] = p.last
    return len(lane_ends)


def _zone_label(venue: Venue, day: date) -> str:
    # At noon: the clocks change at night, and the grid's rows are mostly daytime.
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(venue.timezone)).tzname() or ""


def _clock(slot: int) -> str:
    # Past midnight the rows go on at 00:00, 00:15… of the next morning.
    hours, quarter = divmod(slot, SLOTS_PER_HOUR)
    return f"{hours % 24:02d}:{quarter * SLOT_MINUTES:02d}"
