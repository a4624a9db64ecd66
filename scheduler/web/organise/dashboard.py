"""An event's dashboard for its organisers: each session's registrations by
status and registrations per day, as charts, as tables beside them, and as
CSV files. Event editors and admins only (403 for others, 404 for drafts)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from babel.dates import format_skeleton
from flask import Response, render_template
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from scheduler import lookups
from scheduler.database import utcnow
from scheduler.dates import local_datetime
from scheduler.events.models import Event
from scheduler.languages import select_locale
from scheduler.registration import stats as numbers
from scheduler.registration.answers import value_shown
from scheduler.registration.exports import spreadsheet_csv
from scheduler.registration.questions import in_language
from scheduler.registration.stats import Breakdown, EventStats, SessionStats
from scheduler.web import charts

# The table's and the CSV's columns after the session's: (attribute, heading).
FIGURES = (
    ("capacity", _l("Capacity")), ("confirmed", _l("Confirmed")),
    ("checked_in", _l("Checked in")), ("no_shows", _l("No-shows")),
    ("pending", _l("Pending")), ("waitlisted", _l("Waitlisted")),
    ("declined", _l("Declined")), ("cancelled", _l("Cancelled")),
)
# The chart's segments: every registration in exactly one, seats first.
SEGMENTS = (
    ("checked_in", _l("Checked in")), ("not_checked_in", _l("Confirmed, not checked in")),
    ("pending", _l("Pending")), ("waitlisted", _l("Waitlisted")),
    ("declined", _l("Declined")), ("cancelled", _l("Cancelled")),
)


@dataclass(frozen=True)
class AnswerTable:
    """One counted question as the page shows it: its label, its values as
    read in the page's language with their counts, and their chart."""

    heading: str
    retired: bool
    rows: list[tuple[str, int]]
    chart: Markup


def figures(row: SessionStats) -> list[int | None]:
    """A session's numbers in FIGURES order; None for no-shows before its end."""
    return [row.event_session.capacity if name == "capacity" else getattr(row, name)
            for name, _heading in FIGURES]


def event_dashboard(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    stats = EventStats.of(event, utcnow())
    return render_template("organise/dashboard.html", event=event, stats=stats,
                           figures=figures, headings=[str(h) for _n, h in FIGURES],
                           status_chart=status_chart(stats), day_chart=day_chart(stats),
                           answer_tables=answer_tables(stats.breakdowns, select_locale()))


def status_chart(stats: EventStats) -> str:
    series = [charts.Series(str(label), colour)
              for (_name, label), colour in zip(SEGMENTS, charts.PALETTE, strict=False)]
    bars = [charts.Bar(session_label(row), [getattr(row, name) for name, _label in SEGMENTS],
                       marker=row.event_session.capacity) for row in stats.sessions]
    return charts.stacked_bars(
        "status-chart", _("Registrations by status, per session"),
        _("One bar per session, in parts by status; a line marks its capacity. "
          "The table below gives the numbers."), series, bars, _("Capacity"))


def day_chart(stats: EventStats) -> str:
    points = [(format_skeleton("MMMd", day.day, locale=get_locale() or "en"), day.count)
              for day in stats.by_day]
    return charts.columns(
        "day-chart", _("Registrations per day"),
        _("One bar per day, from the first registration to the last. The table below "
          "gives the numbers of the days with registrations."), points)


def answer_rows(breakdown: Breakdown, language: str) -> list[tuple[str, int]]:
    return [(value_shown(breakdown.question, value, language), count)
            for value, count in breakdown.counts.items()]


def answer_tables(breakdowns: list[Breakdown], language: str) -> list[AnswerTable]:
    tables = []
    for breakdown in breakdowns:
        heading = in_language(breakdown.question.label, language)
        rows = answer_rows(breakdown, language)
        chart = charts.bars(
            f"answers-{breakdown.question.id}-chart", heading,
            _("One bar per answer: how many registrations gave it. The table below "
              "gives the numbers."), _("Registrations"), rows)
        tables.append(AnswerTable(heading, breakdown.question.retired, rows, chart))
    return tables


def session_label(row: SessionStats) -> str:
    event_session = row.event_session
    return f"{event_session.shown_title}, " + local_datetime(
        event_session.starts_at, event_session.venue.timezone)


def sessions_csv(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    rows = ([row.event_session.shown_title,
             local_datetime(row.event_session.starts_at, row.event_session.venue.timezone),
             *("" if value is None else str(value) for value in figures(row))]
            for row in numbers.session_stats(event, utcnow()))
    header = [_("Session"), _("Starts"), *(str(heading) for _n, heading in FIGURES)]
    return _download(event, "sessions", spreadsheet_csv(header, rows))


def days_csv(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    days: Iterator[list[str]] = ([day.day.isoformat(), str(day.count)]
                                 for day in numbers.registrations_by_day(event))
    return _download(event, "days", spreadsheet_csv([_("Date"), _("Registrations")], days))


def answers_csv(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    language = select_locale()
    rows = ([in_language(breakdown.question.label, language), label, str(count)]
            for breakdown in numbers.answer_breakdowns(event)
            for label, count in answer_rows(breakdown, language))
    header = [_("Question"), _("Answer"), _("Registrations")]
    return _download(event, "answers", spreadsheet_csv(header, rows))


def _download(event: Event, table: str, text: str) -> Response:
    return Response(text.encode("utf-8"), headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="event-{event.id}-{table}.csv"'})

