"""Browsing one event day by day: its local days, the day shown by default,
the filters' options, and one day's sessions, filtered.

A page costs the same few statements whatever the number of sessions: the
days are read as bare columns, and only the chosen day's sessions are loaded.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from scheduler.events.models import Event, EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.films.models import Film
from scheduler.timezones import at_venue
from scheduler.venues.models import Venue


class SessionKind(enum.StrEnum):
    """What the models can tell apart: a screening names a film, the rest do not."""

    film = "film"
    other = "other"


@dataclass(frozen=True)
class DayFilters:
    """What the visitor asked for within an event; None or False means "any"."""

    venue_id: int | None = None
    city: str | None = None
    kind: SessionKind | None = None
    language: str | None = None  # spoken or subtitled
    seats_available: bool = False

    @property
    def any(self) -> bool:
        return any((self.venue_id, self.city, self.kind, self.language, self.seats_available))


@dataclass(frozen=True)
class EventOutline:
    """An event's local days with sessions, its venues (city, then name) and film languages."""

    days: list[date]
    default_day: date | None
    venues: list[Venue]
    languages: list[str]

    @property
    def cities(self) -> list[str]:
        return sorted({venue.city for venue in self.venues})

    def day_or_default(self, asked: date | None) -> date | None:
        return asked if asked in self.days else self.default_day


def outline(event: Event, now: datetime) -> EventOutline:
    """The event's days, the first with a session still to end being the default
    (else the first day), its venues in one order and its films' languages."""
    rows = db.session.execute(
        sa.select(EventSession.starts_at, EventSession.ends_at, Venue.timezone)
        .join(EventSession.venue).where(EventSession.event_id == event.id)).all()
    by_day: dict[date, bool] = {}
    for starts_at, ends_at, zone in rows:
        day = at_venue(starts_at, zone).date()
        by_day[day] = by_day.get(day, False) or ends_at > now
    days = sorted(by_day)
    default = next((day for day in days if by_day[day]), days[0] if days else None)
    in_event = sa.select(EventSession.id).where(EventSession.event_id == event.id)
    venues = db.session.scalars(
        sa.select(Venue).where(in_event.where(EventSession.venue_id == Venue.id).exists())
        .order_by(Venue.city, Venue.name, Venue.id)).all()
    written = db.session.scalars(
        sa.select(Film.spoken_languages + "," + Film.subtitles)
        .where(in_event.where(EventSession.film_id == Film.id).exists())).all()
    return EventOutline(days, default, list(venues), film_languages(list(written)))


def film_languages(written: list[str]) -> list[str]:
    """The languages named in comma-separated lists, each once, sorted."""
    return sorted({name.strip() for text in written for name in text.split(",")
                   if name.strip()})


def day_sessions(event: Event, day: date, filters: DayFilters,
                 zones: list[str]) -> list[EventSession]:
    """The event's sessions starting on `day` by their venues' clocks (`zones`
    are the event's venues' zones), cancelled ones too, matching `filters`;
    venue and film loaded, in start order."""
    return list(db.session.scalars(
        sa.select(EventSession).join(EventSession.venue).outerjoin(EventSession.film)
        .where(EventSession.event_id == event.id, starts_on(day, zones),
               *conditions(filters))
        .options(contains_eager(EventSession.venue), contains_eager(EventSession.film))
        .order_by(EventSession.starts_at, EventSession.id)).unique())


def conditions(filters: DayFilters) -> list[sa.ColumnElement[bool]]:
    """The SQL form of `filters`, over sessions joined to venues and (outer) films."""
    chosen: list[sa.ColumnElement[bool]] = []
    if filters.venue_id:
        chosen.append(Venue.id == filters.venue_id)
    if filters.city:
        chosen.append(Venue.city == filters.city)
    if filters.kind is SessionKind.film:
        chosen.append(EventSession.film_id.is_not(None))
    elif filters.kind is SessionKind.other:
        chosen.append(EventSession.film_id.is_(None))
    if filters.language:
        chosen.append(sa.or_(_names(Film.spoken_languages, filters.language),
                             _names(Film.subtitles, filters.language)))
    if filters.seats_available:
        chosen.append(has_open_seats())
    return chosen


def _names(column: Any, language: str) -> sa.ColumnElement[bool]:
    # "Georgian, English" names Georgian and English, not "Eng".
    listed = sa.literal(",") + sa.func.replace(column, ", ", ",", type_=sa.String) + ","
    return listed.contains(f",{language},", autoescape=True)


def has_open_seats() -> sa.ColumnElement[bool]:
    """A scheduled session the public can still book a seat of."""
    return sa.and_(EventSession.status == SessionStatus.scheduled, EventSession.open_seats > 0)


def starts_on(day: date, zones: list[str]) -> sa.ColumnElement[bool]:
    """The session starts on `day` by its venue's clock."""
    return sa.and_(starts_on_or_after(day, zones),
                   sa.not_(starts_on_or_after(day + timedelta(days=1), zones)))


def starts_on_or_after(day: date, zones: list[str]) -> sa.ColumnElement[bool]:
    """The session starts on `day` or later by its venue's clock: one bound per zone."""
    return sa.or_(sa.false(), *(
        sa.and_(Venue.timezone == zone, EventSession.starts_at >= local_midnight(day, zone))
        for zone in zones))


def local_midnight(day: date, zone: str) -> datetime:
    # In a zone whose clocks jump over midnight, the day begins at the jump.
    return datetime.combine(day, time(), tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))
