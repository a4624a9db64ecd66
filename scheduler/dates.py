"""Dates and times as readers see them: in the venue's zone, formatted for
the reader's locale by Babel. Pages, emails and messages all use these; and
instants as programs read them (the API, data downloads)."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_interval, format_skeleton
from flask_babel import get_locale

from scheduler.timezones import is_repeated


def _locale() -> Locale | str:
    # Outside a request (the CLI, emails sent later) there is no reader to ask.
    return get_locale() or "en"


def local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


def local_date(moment: datetime, timezone: str) -> str:
    return long_date(local(moment, timezone))


def long_date(day: date | datetime) -> str:
    """A calendar date with its weekday, e.g. "Mon, Dec 14, 2026" in English."""
    return format_skeleton("yMMMEd", day, locale=_locale())


def short_date(day: date) -> str:
    """A date within a known year, e.g. "Mon, Dec 14" in English: a day tab."""
    return format_skeleton("MMMEd", day, locale=_locale())


def days_span(first: date, last: date) -> str:
    """From one local date to another, e.g. "Dec 14 – 18, 2026"; one date alone if the same."""
    if first == last:
        return long_date(first)
    return format_interval(first, last, "yMMMd", locale=_locale())


def local_time(moment: datetime, timezone: str) -> str:
    """The venue's wall clock with its zone, e.g. "19:00 +04" or "14:00 CET";
    in the hour the clocks go back over, with the UTC offset too, e.g.
    "02:30 EEST (UTC+03:00)": the clock reading alone names two instants."""
    at_venue = local(moment, timezone)
    shown = f"{format_skeleton('Hm', at_venue, locale=_locale())} {at_venue.tzname()}"
    if is_repeated(moment, timezone):
        shown += f" (UTC{at_venue.isoformat()[-6:]})"
    return shown


def local_datetime(moment: datetime, timezone: str) -> str:
    return f"{local_date(moment, timezone)}, {local_time(moment, timezone)}"


def date_span(start: datetime, start_zone: str, end: datetime, end_zone: str) -> str:
    """The local dates from first to last, e.g. "Dec 14 – 18, 2026"."""
    return format_interval(local(start, start_zone).date(), local(end, end_zone).date(),
                           "yMMMd", locale=_locale())


def utc(moment: datetime) -> str:
    """An instant as ISO 8601 in UTC with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def utc_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else utc(moment)
