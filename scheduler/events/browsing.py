"""Browsing one event day by day: its local days, the day shown by default,
the filters' options, and one day's sessions, filtered.

A page costs the same few statements whatever the number of sessions: the
event's span comes from each zone's first and last start, the day tabs (a
week each side of the day shown, the first and the last day) from one EXISTS
per day, and only the chosen day's sessions are loaded, DAY_PAGE_SIZE at most.
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

# Day tabs each side of the day shown: a week, whatever the event's length.
TAB_REACH = 7
# A day's sessions on one page: a festival's busiest day, and a bound for any day.
DAY_PAGE_SIZE = 100


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
    """An event's first and last local days, the day shown by default, its
    venues (city, then name) and its films' languages."""

    first_day: date | None
    last_day: date | None
    default_day: date | None
    venues: list[Venue]
    languages: list[str]

    @property
    def cities(self) -> list[str]:
        return sorted({venue.city for venue in self.venues})

    @property
    def zones(self) -> list[str]:
        return zones_of(self.venues)


def zones_of(venues: list[Venue]) -> list[str]:
    return sorted({venue.timezone for venue in venues})


def outline(event: Event, now: datetime) -> EventOutline:
    """The event's span in local days, the first day with a session still to
    end being the default (else the first day), its venues in one order and
    its films' languages: from each zone's first and last start (index seeks),
    not from every session."""
    in_event = sa.select(EventSession.id).where(EventSession.event_id == event.id)
    venues = list(db.session.scalars(
        sa.select(Venue).where(in_event.where(EventSession.venue_id == Venue.id).exists())
        .order_by(Venue.city, Venue.name, Venue.id)))
    zones = zones_of(venues)
    orders: dict[str, tuple[Any, ...]] = {
        "first": (EventSession.starts_at,), "last": (EventSession.starts_at.desc(),),
        "still to end": (EventSession.starts_at, EventSession.ends_at > now)}
    seeks = [(zone, kind, _first_start(event, zone, *order))
             for zone in zones for kind, order in orders.items()]
    found = db.session.execute(sa.select(*(seek for *_, seek in seeks))).one() if seeks else ()
    days: dict[str, list[date]] = {kind: [] for kind in orders}
    for (zone, kind, _), start in zip(seeks, found, strict=True):
        if start is not None:
            days[kind].append(at_venue(start, zone).date())
    first = min(days["first"], default=None)
    written = db.session.scalars(
        sa.select(Film.spoken_languages + "," + Film.subtitles)
        .where(in_event.where(EventSession.film_id == Film.id).exists())).all()
    return EventOutline(first, max(days["last"], default=None),
                        min(days["still to end"], default=first), venues,
                        film_languages(list(written)))


def _first_start(event: Event, zone: str, order: Any,
                 *conditions: sa.ColumnElement[bool]) -> sa.ScalarSelect[Any]:
    """The start of the event's first session at a venue in `zone` by `order`."""
    return (sa.select(EventSession.starts_at).join(EventSession.venue)
            .where(EventSession.event_id == event.id, Venue.timezone == zone, *conditions)
            .order_by(order).limit(1).scalar_subquery())


def day_shown(event: Event, outline: EventOutline, asked: date | None) -> date | None:
    """`asked` when a session of the event starts on it, else the default day."""
    if asked is not None and days_with_sessions(event, outline, [asked]):
        return asked
    return outline.default_day


def day_tabs(event: Event, outline: EventOutline, day: date) -> list[date]:
    """The days with sessions within TAB_REACH days of `day`, and the event's
    first and last: as many tabs, and one EXISTS each, however long the event."""
    assert outline.first_day is not None and outline.last_day is not None
    near = [day + timedelta(days=n) for n in range(-TAB_REACH, TAB_REACH + 1)]
    inside = [near_day for near_day in near
              if outline.first_day <= near_day <= outline.last_day]
    return sorted({outline.first_day, outline.last_day,
                   *days_with_sessions(event, outline, inside)})


def days_with_sessions(event: Event, outline: EventOutline, days: list[date]) -> list[date]:
    """Those of `days` on which a session of the event starts: one statement,
    one index seek per day."""
    if not days:
        return []
    found = db.session.execute(sa.select(*(
        sa.select(EventSession.id).join(EventSession.venue)
        .where(EventSession.event_id == event.id, starts_on(day, outline.zones)).exists()
        for day in days))).one()
    return [day for day, has_sessions in zip(days, found, strict=True) if has_sessions]


def film_languages(written: list[str]) -> list[str]:
    """The languages named in comma-separated lists, each once, sorted."""
    return sorted({name.strip() for text in written for name in text.split(",")
                   if name.strip()})


@dataclass(frozen=True)
class DayPage:
    """A day's sessions, DAY_PAGE_SIZE at most, and whether more follow."""

    sessions: list[EventSession]
    more: bool


def day_sessions(event: Event, day: date, filters: DayFilters, zones: list[str],
                 page: int = 1) -> DayPage:
    """Page `page` (from 1) of the event's sessions starting on `day` by their
    venues' clocks (`zones` are the event's venues' zones), cancelled ones
    too, matching `filters`; venue and film loaded, in start order."""
    found = list(db.session.scalars(
        sa.select(EventSession).join(EventSession.venue).outerjoin(EventSession.film)
        .where(EventSession.event_id == event.id, starts_on(day, zones),
               *conditions(filters))
        .options(contains_eager(EventSession.venue), contains_eager(EventSession.film))
        .order_by(EventSession.starts_at, EventSession.id)
        .limit(DAY_PAGE_SIZE + 1).offset((page - 1) * DAY_PAGE_SIZE)).unique())
    return DayPage(found[:DAY_PAGE_SIZE], len(found) > DAY_PAGE_SIZE)


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
    """The session starts on `day` by its venue's clock. Between the zones'
    earliest midnight and latest next one too: bounds an index on starts_at
    can seek to, which the per-zone test alone is not."""
    if not zones:
        return sa.false()
    next_day = day + timedelta(days=1)
    return sa.and_(
        EventSession.starts_at >= min(local_midnight(day, zone) for zone in zones),
        EventSession.starts_at < max(local_midnight(next_day, zone) for zone in zones),
        starts_on_or_after(day, zones), sa.not_(starts_on_or_after(next_day, zones)))


def starts_on_or_after(day: date, zones: list[str]) -> sa.ColumnElement[bool]:
    """The session starts on `day` or later by its venue's clock: one bound per zone."""
    return sa.or_(sa.false(), *(
        sa.and_(Venue.timezone == zone, EventSession.starts_at >= local_midnight(day, zone))
        for zone in zones))


def local_midnight(day: date, zone: str) -> datetime:
    # In a zone whose clocks jump over midnight, the day begins at the jump.
    return datetime.combine(day, time(), tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))
