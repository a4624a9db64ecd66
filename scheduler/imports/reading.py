"""Reading an .ics file into the sessions it describes. Pure: no database.

What the file's times mean:
- with a TZID: wall-clock time in that IANA zone (icalendar also maps
  Windows zone names to IANA ones); any other TZID is refused, naming it,
  since a zone defined only inside the file cannot be checked;
- in UTC (a trailing Z): that instant;
- floating (neither): wall-clock time at the session's venue, or in the
  calendar's X-WR-TIMEZONE when it names one (as Google Calendar's exports do);
- all day (a DATE without a time): no time of day to hold a session at, so
  the event is skipped with a note.
Recurring events (RRULE, RDATE, EXDATE, overridden RECURRENCE-IDs) are
expanded by recurring-ical-events, within MAX_SESSIONS and HORIZON, and with
the search for their dates bounded (scheduler.imports.repeating).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import x_wr_timezone
from flask_babel import gettext as _
from icalendar import Calendar, Component, vDDDTypes

from scheduler.dates import long_date
from scheduler.errors import DomainError
from scheduler.imports.repeating import (
    SearchTooLong,
    frequency_problem,
    occurrences,
    search_allowance,
)
from scheduler.timezones import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    NonexistentLocalTime,
    is_known_zone,
    resolve,
)

MAX_SESSIONS = 500
HORIZON = timedelta(days=2 * 365)
MAX_KEY_LENGTH = 320  # event_session.import_key
# The properties whose values are times, and so may carry a TZID.
TIMED = ("DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE")
READ = (*TIMED, "DURATION", "RRULE", "EXRULE")
ONCE = ("UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "SUMMARY", "DESCRIPTION",
        "LOCATION", "STATUS")


class ImportRefused(DomainError):
    """The file as a whole cannot be imported."""

    code = "import_refused"


@dataclass(frozen=True)
class Entry:
    """One session the file asks for. Naive times are floating (venue's clock)."""

    key: str  # UID, plus the RECURRENCE-ID for one occurrence of a series
    uid: str
    label: str
    title: str
    description: str
    location: str
    starts_at: datetime
    ends_at: datetime
    cancelled: bool

    @property
    def venue_name(self) -> str:
        return venue_name_of(self.location)

    @property
    def address(self) -> str:
        return self.location.partition(",")[2].strip()


def venue_name_of(location: str) -> str:
    """LOCATION's first comma part names the venue; the rest is its address."""
    return location.split(",", 1)[0].strip()


@dataclass(frozen=True)
class Notice:
    """A VEVENT that gives no session: a problem blocks the import, a skip does not."""

    label: str
    message: str
    blocking: bool = True


@dataclass
class Reading:
    entries: list[Entry]
    notices: list[Notice]
    # The UIDs whose every occurrence is among the entries (the series read whole).
    complete: set[str] = field(default_factory=set)


def read_calendar(text: str, now: datetime) -> Reading:
    """The sessions in an iCalendar text, and a notice for each VEVENT that
    gives none. Raises ImportRefused when the file as a whole is unusable."""
    calendar = _parsed(text)
    components = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    if not components:
        raise ImportRefused(_("The file has no events (VEVENT) in it."))
    reading = Reading([], [])
    series: dict[str, list[Component]] = defaultdict(list)
    for component in components:
        notice = _notice(component)
        if notice:
            reading.notices.append(notice)
        else:
            series[str(component["UID"]).strip()].append(component)
    with search_allowance():
        for uid, group in series.items():
            _expand_into(reading, uid, group, horizon=now + HORIZON)
    return reading


def _parsed(text: str) -> Calendar:
    try:
        calendar = Calendar.from_ical(text)
    except ValueError as exc:
        reason = str(exc).split("\n", 1)[0][:200]
        raise ImportRefused(_("This is not an iCalendar (.ics) file: %(reason)s",
                              reason=reason)) from exc
    if not isinstance(calendar, Calendar):
        raise ImportRefused(_("This is not an iCalendar (.ics) file: it must begin "
                              "with BEGIN:VCALENDAR."))
    zone = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if not zone:
        return calendar
    if not is_known_zone(zone):
        raise ImportRefused(_("The calendar's time zone (X-WR-TIMEZONE) “%(zone)s” is not "
                              "a known IANA time zone, such as Europe/Chisinau.", zone=zone))
    return x_wr_timezone.to_standard(calendar)


def label_of(component: Component) -> str:
    summary = str(component.get("SUMMARY", "")).strip()
    uid = str(component.get("UID", "")).strip() or _("no UID")
    return f"“{summary}” ({uid})" if summary else uid


def _notice(event: Component) -> Notice | None:
    label = label_of(event)
    broken = [(name, problem) for name, problem in event.errors if name in READ]
    if broken:
        name, reason = broken[0]
        return Notice(label, _("Its %(property)s cannot be read: %(problem)s.",
                               property=name, problem=reason))
    repeated = [name for name in ONCE if isinstance(event.get(name), list)]
    if repeated:
        return Notice(label, _("It has more than one %(property)s; an event may have only one.",
                               property=repeated[0]))
    start = event.get("DTSTART")
    if start is None:
        return Notice(label, _("It has no DTSTART, so it has no start time."))
    if not isinstance(start.dt, datetime):
        return Notice(label, _("An all-day event: sessions need a start and an end time, "
                               "so it is skipped."), blocking=False)
    problem = _shape_problem(event, start.dt) or _zone_problem(event) \
        or _end_problem(event, start.dt) or _rule_problem(event)
    return Notice(label, problem) if problem else None


def _shape_problem(event: Component, start: datetime) -> str | None:
    uid = str(event.get("UID", "")).strip()
    if not uid:
        return _("It has no UID, so importing the file again could not update it.")
    if len(uid) > MAX_KEY_LENGTH - 20:
        return _("Its UID is longer than %(num)s characters.", num=MAX_KEY_LENGTH - 20)
    if not EARLIEST_YEAR <= start.year <= LATEST_YEAR:
        return _("It starts in %(year)s; give a date between %(earliest)s and %(latest)s.",
                 year=start.year, earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
    if not venue_name_of(str(event.get("LOCATION", ""))):
        return _("It has no LOCATION, so there is no venue to hold it in.")
    return None


def _zone_problem(event: Component) -> str | None:
    for name in TIMED:
        for prop in _listed(event.get(name)):
            tzid = prop.params.get("TZID")
            if tzid and not all(_in_known_zone(moment) for moment in _moments(prop)):
                return _("Its %(property)s names the time zone “%(zone)s”, which is not a "
                         "known IANA time zone (such as Europe/Chisinau or Asia/Tbilisi).",
                         property=name, zone=tzid)
    return None


def _rule_problem(event: Component) -> str | None:
    for rule in _listed(event.get("RRULE")):
        costly = frequency_problem(rule)
        if costly:
            return _("Its RRULE repeats with %(part)s: sessions may repeat at most hourly, "
                     "and BYSETPOS needs a daily or longer FREQ.", part=costly)
    return None


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _moments(prop: Any) -> list[Any]:
    values = [item.dt for item in prop.dts] if hasattr(prop, "dts") else [prop.dt]
    # A PERIOD value is a (start, end or duration) pair.
    return [value[0] if isinstance(value, tuple) else value for value in values]


def _in_known_zone(moment: date | datetime) -> bool:
    if not isinstance(moment, datetime):
        return True  # a date has no time, hence no zone to check
    zone = moment.tzinfo
    return isinstance(zone, ZoneInfo) and is_known_zone(zone.key)


def _end_problem(event: Component, start: datetime) -> str | None:
    end, duration = event.get("DTEND"), event.get("DURATION")
    if end is not None and duration is not None:
        return _("It has both DTEND and DURATION; give only one.")
    if duration is not None:
        length = duration.dt
        if not isinstance(length, timedelta) or length <= timedelta(0):
            return _("Its DURATION must be a positive length of time, such as PT2H.")
        return None
    if end is None:
        return _("It has neither DTEND nor DURATION, so its end is unknown.")
    finish = end.dt
    if not isinstance(finish, datetime) or (finish.tzinfo is None) != (start.tzinfo is None):
        return _("Its DTEND must be a date and time given like its DTSTART "
                 "(both with a time zone or UTC, or both without).")
    if finish <= start:
        return _("It ends (DTEND) before it starts.") if finish < start \
            else _("It ends (DTEND) the moment it starts.")
    return None


def _expand_into(reading: Reading, uid: str, group: list[Component], *,
                 horizon: datetime) -> None:
    repeated = [c for c, count in Counter(_recurrence_id(c) for c in group).items()
                if count > 1]
    if repeated:
        reading.notices.append(Notice(label_of(group[0]), _(
            "Its UID is used by more than one VEVENT for the same date; "
            "give each its own UID.")))
        return
    recurring = any(name in c for c in group for name in ("RRULE", "RDATE", "RECURRENCE-ID"))
    calendar = Calendar()
    for component in group:
        calendar.add_component(component)
    try:
        found = _found(calendar, uid, recurring, horizon, len(reading.entries))
    except SearchTooLong as exc:
        raise ImportRefused(_endless_search(label_of(group[0]))) from exc
    except (_BeyondHorizon, NonexistentLocalTime) as problem:
        reading.notices.append(Notice(label_of(group[0]), problem.message))
        return
    except ValueError as exc:  # recurring_ical_events.InvalidCalendar, a bad rule
        reading.notices.append(Notice(label_of(group[0]),
                                      _("Its repetition cannot be worked out: %(problem)s",
                                        problem=exc)))
        return
    reading.entries += found
    reading.complete.add(uid)


class _BeyondHorizon(DomainError):
    pass


def _found(calendar: Calendar, uid: str, recurring: bool, horizon: datetime,
           earlier: int) -> list[Entry]:
    """The entries of one series, after `earlier` entries of the file."""
    found: list[Entry] = []
    for occurrence in occurrences(calendar):
        if approximate_utc(_timed(occurrence, "DTSTART")) > horizon:
            raise _BeyondHorizon(_beyond(horizon))
        _count_one_more(earlier + len(found))
        found.append(_entry(uid, occurrence, recurring))
    return found


def _recurrence_id(component: Component) -> str:
    recurrence_id = component.get("RECURRENCE-ID")
    return recurrence_id.to_ical().decode() if recurrence_id is not None else ""


def _beyond(horizon: datetime) -> str:
    return _("It has a date after %(date)s: sessions can be imported at most two years "
             "ahead (a repeating event needs an UNTIL or a COUNT).",
             date=long_date(horizon))


def _endless_search(label: str) -> str:
    return _("The dates of %(event)s cannot be worked out: its RRULE goes on searching the "
             "calendar for dates it does not find (a rule that never matches, such as "
             "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30?). Nothing has been imported; correct or "
             "remove that rule.", event=label)


def _count_one_more(count: int) -> None:
    if count >= MAX_SESSIONS:
        raise ImportRefused(_("The file holds more than %(num)s sessions (repetitions "
                              "counted); import at most %(num)s at a time.", num=MAX_SESSIONS))


def approximate_utc(moment: datetime) -> datetime:
    """Aware in UTC; a floating time taken as if UTC (near enough to sort
    by, or for a two-year bound)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _entry(uid: str, occurrence: Component, recurring: bool) -> Entry:
    key = uid
    if recurring:
        key = f"{uid}#{_stamp(_value(occurrence, 'RECURRENCE-ID'))}"
    return Entry(
        key=key, uid=uid, label=label_of(occurrence),
        title=str(occurrence.get("SUMMARY", "")).strip(),
        description=str(occurrence.get("DESCRIPTION", "")).strip(),
        location=str(occurrence.get("LOCATION", "")).strip(),
        starts_at=_existing(occurrence, "DTSTART"), ends_at=_existing(occurrence, "DTEND"),
        cancelled=str(occurrence.get("STATUS", "")).upper() == "CANCELLED")


def _stamp(recurrence_id: date | datetime) -> str:
    """The RECURRENCE-ID in UTC; a floating one stays the wall clock it names."""
    if not isinstance(recurrence_id, datetime):
        return f"{recurrence_id:%Y%m%d}"
    if recurrence_id.tzinfo is None:
        return f"{recurrence_id:%Y%m%dT%H%M%S}"
    return f"{recurrence_id.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _existing(occurrence: Component, name: str) -> datetime:
    """The occurrence's time; one its TZID zone's clocks skip raises NonexistentLocalTime."""
    moment = _timed(occurrence, name)
    if isinstance(moment.tzinfo, ZoneInfo):
        try:
            resolve(moment.replace(tzinfo=None), moment.tzinfo.key, later=bool(moment.fold))
        except NonexistentLocalTime as gap:
            raise NonexistentLocalTime(_("Its %(property)s: %(problem)s",
                                         property=name, problem=gap.message)) from gap
    return moment


def _value(component: Component, name: str) -> date | datetime:
    """The value of a DTSTART, DTEND or RECURRENCE-ID the component has."""
    # icalendar parses these properties to vDDDTypes, but types item access with every
    # property type, and their value with every value type (durations, periods...).
    return cast("date | datetime", cast(vDDDTypes, component[name]).dt)


def _timed(occurrence: Component, name: str) -> datetime:
    """The DTSTART or DTEND of an occurrence: timed, since all-day events are skipped."""
    return cast(datetime, _value(occurrence, name))
