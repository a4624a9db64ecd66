"""An event's sessions one local day at a time, filtered: what the event page
and the timetable share."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for

from scheduler.events import browsing
from scheduler.events.browsing import DayFilters, EventOutline
from scheduler.events.models import Event, EventSession
from scheduler.events.queries import SessionDay
from scheduler.web.forms.browsing import (
    DayFilterForm,
    day_filter_form,
    day_filters_from,
    day_page_asked,
    kept_arguments,
)


@dataclass(frozen=True)
class DayView:
    """The day shown, its sessions after the filters, and what links need."""

    event: Event
    endpoint: str
    outline: EventOutline
    form: DayFilterForm
    filters: DayFilters
    day: date | None
    tabs: list[date]  # days with sessions near the day shown, the first and the last
    sessions: list[EventSession]
    page: int  # of the day's sessions, from 1
    more: bool  # the day has more sessions on later pages
    missing_day: date | None  # asked for, well formed, without sessions: another is shown

    def day_url(self, day: date, endpoint: str | None = None) -> str:
        """This page (or `endpoint`'s) on `day`, with the filters as they were asked."""
        return url_for(endpoint or self.endpoint, slug=self.event.slug,
                       **(kept_arguments() | {"day": day.isoformat()}))

    @property
    def listing(self) -> SessionDay | None:
        return SessionDay(self.day, self.sessions) if self.day and self.sessions else None

    def page_url(self, number: int) -> str:
        """This page on the day shown, with its filters, at the day's page `number`."""
        assert self.day is not None
        return url_for(self.endpoint, slug=self.event.slug,
                       **(kept_arguments() | {"day": self.day.isoformat(), "page": number}))

    def clear_url(self) -> str:
        """This page on the day shown, without filters."""
        if self.day is None:
            return url_for(self.endpoint, slug=self.event.slug)
        return url_for(self.endpoint, slug=self.event.slug, day=self.day.isoformat())


def day_view(event: Event, endpoint: str, now: datetime) -> DayView:
    outline = browsing.outline(event, now)
    form = day_filter_form(outline)
    filters = day_filters_from(form)
    asked = None if form.day.errors else form.day.data
    day = browsing.day_shown(event, outline, asked)
    tabs = browsing.day_tabs(event, outline, day) if day else []
    page = day_page_asked(form)
    found = (browsing.day_sessions(event, day, filters, outline.zones, page) if day
             else browsing.DayPage([], more=False))
    missing = asked if asked is not None and day != asked else None
    # The form sends back the day shown, not a malformed one it was asked for.
    form.day.data, form.day.raw_data = day, None
    return DayView(event, endpoint, outline, form, filters, day, tabs, found.sessions, page,
                   found.more, missing)
