"""Expanding repeating events with a bound on the work, not only on the result.

dateutil, under recurring-ical-events, looks for a rule's next date period by
period and has no limit of its own: a rule that can never match, such as
FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30, is searched to the year 9999, seconds of
CPU for a few bytes of file. So every rule built here counts the months (or
years) of calendar dateutil walks through, and all the rules of one file may
walk at most MAX_MONTHS_SEARCHED together: a count, so the bound is the same
on every machine. Sub-daily rules cost far more per month searched; those
that could spin (MINUTELY, SECONDLY, BYSETPOS on hours) are refused up front.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import recurring_ical_events
from dateutil.rrule import rrule
from icalendar import Calendar, Component, vRecur
from recurring_ical_events.selection.name import ComponentsWithName
from recurring_ical_events.series import Series

# Enough for any sensible programme: a weekly series over two years walks 25 months.
MAX_MONTHS_SEARCHED = 6000
ALLOWED_FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY")


class SearchTooLong(Exception):
    """The file's rules walked more calendar than MAX_MONTHS_SEARCHED."""


class _Allowance:
    def __init__(self, months: int) -> None:
        self.left = months

    def spend_month(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise SearchTooLong


_allowance: ContextVar[_Allowance] = ContextVar("rule_search_allowance")


class _CountedRule(rrule):
    """An rrule that spends the allowance each time dateutil starts on a new
    month or year: its _iterinfo.rebuild() reads _bynweekday once per call."""

    @property
    def _bynweekday(self) -> Any:
        _allowance.get().spend_month()
        return self.__dict__["_bynweekday"]

    @_bynweekday.setter
    def _bynweekday(self, value: Any) -> None:
        self.__dict__["_bynweekday"] = value


class _CountedSeries(Series):
    class RecurrenceRules(Series.RecurrenceRules):
        def rrulestr(self, rule_string: str) -> rrule:
            rule = super().rrulestr(rule_string)
            rule.__class__ = _CountedRule  # same layout; only the read above differs
            return rule


@contextmanager
def search_allowance(months: int = MAX_MONTHS_SEARCHED) -> Iterator[None]:
    """The months of calendar the rules expanded inside may search, together."""
    token = _allowance.set(_Allowance(months))
    try:
        yield
    finally:
        _allowance.reset(token)


def occurrences(calendar: Calendar) -> Iterator[Component]:
    """Every occurrence of the calendar's VEVENTs, in time order. Raises
    SearchTooLong once the rules have searched more than the allowance."""
    selection = [ComponentsWithName("VEVENT", series=_CountedSeries)]
    return recurring_ical_events.of(calendar, components=selection).all()


def frequency_problem(rule: vRecur) -> str | None:
    """The RRULE part that makes a rule too costly to search, if any."""
    frequency = str((rule.get("FREQ") or [""])[0]).upper()
    if frequency not in ALLOWED_FREQUENCIES:
        return f"FREQ={frequency}"
    if frequency == "HOURLY" and rule.get("BYSETPOS"):
        return "FREQ=HOURLY;BYSETPOS"
    return None
