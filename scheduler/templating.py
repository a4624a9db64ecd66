"""Template filters: times in the venue's zone, formatted for the locale by Babel."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_interval, format_skeleton
from flask import Flask

LOCALE = "en"


def local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


def local_date(moment: datetime, timezone: str) -> str:
    return long_date(local(moment, timezone))


def long_date(day: date | datetime) -> str:
    """A calendar date with its weekday, e.g. "Mon, Dec 14, 2026"."""
    return format_skeleton("yMMMEd", day, locale=LOCALE)


def local_time(moment: datetime, timezone: str) -> str:
    """The venue's wall clock with its zone, e.g. "19:00 +04" or "14:00 CET"."""
    at_venue = local(moment, timezone)
    return f"{format_skeleton('Hm', at_venue, locale=LOCALE)} {at_venue.tzname()}"


def local_datetime(moment: datetime, timezone: str) -> str:
    return f"{local_date(moment, timezone)}, {local_time(moment, timezone)}"


def date_span(start: datetime, start_zone: str, end: datetime, end_zone: str) -> str:
    """The local dates from first to last, e.g. "Dec 14 – 18, 2026"."""
    return format_interval(local(start, start_zone).date(), local(end, end_zone).date(),
                           "yMMMd", locale=LOCALE)


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(local_date)
    app.add_template_filter(long_date)
    app.add_template_filter(local_time)
    app.add_template_filter(local_datetime)
    app.add_template_global(date_span)
