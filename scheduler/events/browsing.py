"""Browsing one event day by day: its local days, the day shown by default,
the filters' options, and one day's sessions, filtered.

A page costs the same few statements whatever the number of sessions: the
days come from each zone's first and last start and one EXISTS per day, and
only the chosen day's sessions are loaded.
"""
from __future__ import annotations

import enum
from collections.abc import Sequence
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

# Under SQLite's limit on a statement's columns (2,000).
DAYS_PER_STATEMENT = 500
# A zone's first and last start, and its first start of a session still to end.
Span = tuple[str, datetime, datetime, datetime | None]


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
    spans: Sequence[Span] = db.session.execute(
        sa.select(Venue.timezone, sa.func.min(EventSession.starts_at),
                  sa.func.max(EventSession.starts_at),
                  sa.func.min(sa.case((EventSession.ends_at > now, EventSession.starts_at))))
        .join(EventSession.venue).where(EventSession.event_id == event.id)
        .group_by(Venue.timezone)).all()
    days = _days_with_sessions(event, spans)
    still_to_end = [at_venue(starts_at, zone).date() for zone, _, _, starts_at in spans
                    if starts_at is not None]
    default = min(still_to_end, default=days[0] if days else None)
    in_event = sa.select(EventSession.id).where(EventSession.event_id == event.id)
    venues = db.session.scalars(
        sa.select(Venue).where(in_event.where(EventSession.venue_id == Venue.id).exists())
        .order_by(Venue.city, Venue.name, Venue.id)).all()
    written = db.session.scalars(
        sa.select(Film.spoken_languages + "," + Film.subtitles)
        .where(in_event.where(EventSession.film_id == Film.id).exists())).all()
    return EventOutline(days, default, list(venues), film_languages(list(written)))


def _days_with_sessions(event: Event, spans: Sequence[Span]) -> list[date]:
    """The local days between each zone's first and last start that have a
    session: one EXISTS per day, so the cost follows the event's length in days,
    not its number of sessions."""
    zones: list[str] = []
    candidates: set[date] = set()
    for zone, first, last, _ in spans:
        zones.append(zone)
        first_day, last_day = at_venue(first, zone).date(), at_venue(last, zone).date()
        candidates.update(first_day + timedelta(days=n)
                          for n in range((last_day - first_day).days + 1))
    ordered = sorted(candidates)
    days = []
    for start in range(0, len(ordered), DAYS_PER_STATEMENT):
        chunk = ordered[start:start + DAYS_PER_STATEMENT]
        found = db.session.execute(sa.select(*(
            sa.select(EventSession.id).join(EventSession.venue)
            .where(EventSession.event_id == event.id, starts_on(day, zones)).exists()
            for day in chunk))).one()
        days += [day for day, has_sessions in zip(chunk, found, strict=True) if has_sessions]
    return days


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
