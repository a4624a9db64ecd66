"""The programme: upcoming sessions of published events, filtered, searched and paged.

A page costs the same few statements whatever the number of sessions: the
filter choices, one count, and one select that brings each session's event,
venue and film along in joins (tests/public/test_query_count.py holds it).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from scheduler.events.browsing import has_open_seats, starts_on_or_after, zones_of
from scheduler.events.models import Event, EventKind, EventSession, EventStatus
from scheduler.events.queries import SessionDay, by_local_day
from scheduler.extensions import db
from scheduler.films.models import Film
from scheduler.localised import in_every_language
from scheduler.venues.models import Venue
from scheduler.web.public.text_search import contains_text

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    """What the visitor asked for; None or empty means "any"."""

    kind: EventKind | None = None
    city: str | None = None
    venue_id: int | None = None
    event_slug: str | None = None
    first_day: date | None = None  # local dates at each venue, both included
    last_day: date | None = None
    seats_available: bool = False
    search: str = ""


@dataclass(frozen=True)
class Choices:
    """The events and venues with upcoming sessions: the filters' options."""

    events: list[Event]
    venues: list[Venue]

    @property
    def cities(self) -> list[str]:
        return sorted({venue.city for venue in self.venues})

    @property
    def zones(self) -> list[str]:
        return zones_of(self.venues)


@dataclass(frozen=True)
class ProgrammePage:
    days: list[SessionDay]
    number: int
    pages: int
    total: int
    asked_past_the_end: bool


def _upcoming(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Event.status == EventStatus.published, EventSession.ends_at > now)


def filter_choices(now: datetime) -> Choices:
    # EXISTS, not a join with DISTINCT: it stops at the first upcoming session.
    upcoming = sa.select(EventSession.id).where(EventSession.ends_at > now)
    events = db.session.scalars(
        sa.select(Event).where(Event.status == EventStatus.published,
                               upcoming.where(EventSession.event_id == Event.id).exists())
        .order_by(Event.title, Event.id)).all()
    in_listed_events = upcoming.join(EventSession.event).where(_upcoming(now))
    venues = db.session.scalars(
        sa.select(Venue).where(in_listed_events.where(EventSession.venue_id == Venue.id)
                               .exists())
        .order_by(Venue.name, Venue.id)).all()
    return Choices(list(events), list(venues))


def programme_page(filters: Filters, page: int, now: datetime,
                   choices: Choices) -> ProgrammePage:
    """Page `page` (from 1) of the matching sessions by local day; a page past
    the end gives the last one and says so."""
    matching = (sa.select(EventSession).join(EventSession.event).join(EventSession.venue)
                .outerjoin(EventSession.film)
                .where(_upcoming(now), *_conditions(filters, choices.zones)))
    total: int = db.session.execute(
        sa.select(sa.func.count()).select_from(matching.subquery())).scalar_one()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(page, pages)
    sessions = db.session.scalars(
        matching.options(contains_eager(EventSession.event), contains_eager(EventSession.venue),
                         contains_eager(EventSession.film))
        .order_by(EventSession.starts_at, EventSession.id)
        .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).all()
    return ProgrammePage(by_local_day(sessions), number, pages, total, page > pages)


def _conditions(filters: Filters, zones: list[str]) -> list[sa.ColumnElement[bool]]:
    conditions = []
    if filters.kind:
        conditions.append(Event.kind == filters.kind)
    if filters.city:
        conditions.append(Venue.city == filters.city)
    if filters.venue_id:
        conditions.append(Venue.id == filters.venue_id)
    if filters.event_slug:
        conditions.append(Event.slug == filters.event_slug)
    if filters.first_day:
        conditions.append(starts_on_or_after(filters.first_day, zones))
    if filters.last_day:
        conditions.append(sa.not_(starts_on_or_after(filters.last_day + timedelta(days=1),
                                                      zones)))
    if filters.seats_available:
        conditions.append(has_open_seats())
    if filters.search:
        titles = [*in_every_language(EventSession, "title"),
                  *in_every_language(Event, "title"), *in_every_language(Film, "title")]
        conditions.append(contains_text(titles, filters.search))
    return conditions
