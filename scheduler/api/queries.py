"""Read-side queries for the API's lists: filters, visibility, and no N+1."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from pydantic import Field
from sqlalchemy.orm import QueryableAttribute, selectinload

from scheduler.accounts.models import User
from scheduler.api.json import Paging
from scheduler.events.models import Event, EventKind, EventSession, SessionStatus
from scheduler.events.queries import visible_events_clause
from scheduler.extensions import db
from scheduler.favourites import queries as favourites
from scheduler.films.models import Film
from scheduler.inputs import Id, OneLine, UtcMoment
from scheduler.localised import in_every_language
from scheduler.registration.models import Registration, RegistrationStatus
from scheduler.venues.models import Venue

SEARCH_LENGTH = 200


class _Where(Paging):
    """Where and when the sessions of a list are."""

    from_: UtcMoment | None = Field(None, alias="from", description=(
        "Ending after this (no offset: UTC)."))
    to: UtcMoment | None = Field(None, description="Starting before this (no offset: UTC).")
    kind: EventKind | None = None
    city: OneLine | None = Field(None, max_length=120, description="A city.")


class EventFilters(_Where):
    """Events with a scheduled session ending after `from`, starting before
    `to`, in `city`; of a kind; with text `q`."""

    q: OneLine | None = Field(None, max_length=SEARCH_LENGTH,
                              description="Text in the title or description.")


class SessionFilters(_Where):
    venue: Id | None = Field(None, description="A venue id.")


class RegistrationFilters(Paging):
    status: RegistrationStatus | None = None


def _contains(column: sa.ColumnElement[str] | QueryableAttribute[str],
              text: str) -> sa.ColumnElement[bool]:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def venues() -> sa.Select[Any]:
    return sa.select(Venue).order_by(Venue.city, Venue.name, Venue.id)


def films() -> sa.Select[Any]:
    return sa.select(Film).order_by(Film.title, Film.year, Film.id)


def events(user: User | None, filters: EventFilters) -> sa.Select[Any]:
    """Events the user may see, oldest first, filtered by kind, text, and where
    and when their scheduled sessions are."""
    statement = sa.select(Event).where(visible_events_clause(user)).options(
        selectinload(Event.owner), selectinload(Event.co_organisers))
    if filters.kind:
        statement = statement.where(Event.kind == filters.kind)
    if filters.q:
        texts = [*in_every_language(Event, "title"), *in_every_language(Event, "description")]
        statement = statement.where(sa.or_(*(_contains(text, filters.q) for text in texts)))
    session_filters = _session_filters(filters)
    if session_filters:
        matching = (sa.select(EventSession.event_id).join(EventSession.venue)
                    .where(EventSession.status == SessionStatus.scheduled, *session_filters))
        statement = statement.where(Event.id.in_(matching))
    return statement.order_by(Event.id)


def _session_filters(filters: _Where) -> list[sa.ColumnElement[bool]]:
    """Conditions on EventSession joined to its Venue (and, for kind, its Event)."""
    conditions = []
    if filters.from_:
        conditions.append(EventSession.ends_at > filters.from_)
    if filters.to:
        conditions.append(EventSession.starts_at < filters.to)
    if filters.city:
        city = filters.city
        # Exact, or any case; SQLite's lower() knows only ASCII, hence both.
        conditions.append(sa.or_(Venue.city == city, sa.func.lower(Venue.city) == city.lower()))
    if isinstance(filters, SessionFilters) and filters.venue:
        conditions.append(EventSession.venue_id == filters.venue)
    return conditions


def _with_details(statement: sa.Select[Any]) -> sa.Select[Any]:
    return statement.options(selectinload(EventSession.venue),
                             selectinload(EventSession.film),
                             selectinload(EventSession.people))


def sessions(user: User | None, filters: SessionFilters) -> sa.Select[Any]:
    """Sessions of events the user may see, soonest first, cancelled ones included
    (calendars need to hear about those)."""
    statement = (sa.select(EventSession).join(EventSession.event).join(EventSession.venue)
                 .where(visible_events_clause(user), *_session_filters(filters)))
    if filters.kind:
        statement = statement.where(Event.kind == filters.kind)
    return _with_details(statement).order_by(EventSession.starts_at, EventSession.id)


def starred_sessions(user: User) -> sa.Select[Any]:
    """The user's starred sessions that they may still see, soonest first."""
    return _with_details(favourites.starred_sessions(user).join(EventSession.event)
                         .where(visible_events_clause(user)))


def event_sessions(event: Event) -> sa.Select[Any]:
    return _with_details(sa.select(EventSession).where(EventSession.event_id == event.id)
                         ).order_by(EventSession.starts_at, EventSession.id)


def waitlist_lengths(event_sessions: list[EventSession]) -> dict[int, int]:
    """Waitlisted registrations per session, for a whole page in one query."""
    ids = [event_session.id for event_session in event_sessions]
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Registration.event_session_id, sa.func.count())
        .where(Registration.event_session_id.in_(ids),
               Registration.status == RegistrationStatus.waitlisted)
        .group_by(Registration.event_session_id))
    return dict(rows.all())
