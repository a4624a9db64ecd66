"""Template filters: times in the venue's zone, formatted for the locale by Babel."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_interval, format_skeleton
from flask import Flask
from flask_babel import format_number, get_locale, lazy_gettext as _l

from scheduler.events.models import EventKind
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


# Enum values stay English in the database, the API and the feeds; pages show these.
KIND_LABELS = {
    EventKind.training: _l("Training"), EventKind.study_visit: _l("Study visit"),
    EventKind.film_festival: _l("Film festival"), EventKind.screening: _l("Screening"),
    EventKind.panel: _l("Panel"), EventKind.conference: _l("Conference"),
    EventKind.policy_dialogue: _l("Policy dialogue"), EventKind.campaign: _l("Campaign"),
    EventKind.other: _l("Other"),
}
STATUS_LABELS = {
    "draft": _l("Draft"), "published": _l("Published"), "scheduled": _l("Scheduled"),
    "cancelled": _l("Cancelled"), "pending": _l("Pending"), "confirmed": _l("Confirmed"),
    "waitlisted": _l("Waitlisted"), "declined": _l("Declined"), "attended": _l("Attended"),
    # Registration modes.
    "open": _l("Open"), "approval": _l("Approval"), "invitation": _l("Invitation"),
}
ROLE_LABELS = {"speaker": _l("Speaker"), "moderator": _l("Moderator"), "trainer": _l("Trainer")}


def kind_label(kind: EventKind) -> str:
    return str(KIND_LABELS[kind])


def status_label(status: str) -> str:
    """An event's, session's or registration's status, or a registration mode."""
    return str(STATUS_LABELS[str(status)])


def role_label(role: str) -> str:
    return str(ROLE_LABELS[str(role)])


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(local_date)
    app.add_template_filter(long_date)
    app.add_template_filter(local_time)
    app.add_template_filter(local_datetime)
    app.add_template_global(date_span)
    app.add_template_filter(format_number, "number")
    for label in (kind_label, status_label, role_label):
        app.add_template_global(label)
