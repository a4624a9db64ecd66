"""Which sessions a feed holds, read two ways: one aggregate row for the
validators, and one light row per session (ids and revision stamps) for
assembling the feed from cached fragments."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute

from scheduler.accounts.models import User
from scheduler.database import UTCDateTime
from scheduler.events.models import Event, EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.favourites.models import Favourite
from scheduler.feeds.models import Scope
from scheduler.films.models import Film
from scheduler.ical.settings import FeedSettings
from scheduler.ical.vevent import (
    AWAITED,
    HELD,
    WITHDRAWN,
    Entry,
    Standing,
    fragment_key,
    shown_status,
)
from scheduler.registration.models import ENDED, Registration, RegistrationStatus
from scheduler.venues.models import Venue

CONFIRMED_REGISTRATIONS = (RegistrationStatus.confirmed, RegistrationStatus.attended)
TENTATIVE_REGISTRATIONS = (RegistrationStatus.waitlisted, RegistrationStatus.pending)
# The bind parameters of the time windows: what left a feed before them is gone.
CANCELLED_SINCE, PAST_SINCE = "cancelled_since", "past_since"
# An agenda shows a session by the firmest of the attendee's registrations.
STANDINGS = {3: HELD, 2: AWAITED, 1: WITHDRAWN}
STARRED = 2


@dataclass(frozen=True)
class Feed:
    """A calendar: its identity (part of the ETag), its name, its sessions.
    `filters` are (name in FILTER_COLUMNS, value) pairs: plain values, so the
    validator query can be built once per distinct feed and reused."""

    key: str
    name: str
    description: str
    filters: tuple[tuple[str, object], ...] = ()
    agenda_user_id: int | None = None
    # A single-session download shows a cancellation however long ago it was.
    keeps_old_cancellations: bool = False
    # Only listings (programme, event, venue) let sessions long over go.
    keeps_past: bool = False
    public: bool = True
    # Texts in this language where written so (?lang=); None: as first written.
    # Words of our own (a cancellation's mark) are then in the default language.
    language: str | None = None
    # The events and venues whose revisions move on every change the feed
    # shows (feeds/models.py); none: only the data revision does.
    scopes: tuple[Scope, ...] = ()


@dataclass(frozen=True)
class Aggregate:
    """What a feed's validators need beyond the data revision: when a
    session last left it, and next will, as time passed (its only changes
    that come with time, not with a write), and for an agenda its
    registrations, which change without moving the data revision."""

    left_at: datetime | None = None
    next_drop: datetime | None = None
    registrations: tuple[Any, ...] = ()
    registrations_changed_at: datetime | None = None


FILTER_COLUMNS = {"kind": Event.kind, "city": Venue.city, "venue": EventSession.venue_id,
                  "event": EventSession.event_id, "session": EventSession.id}
# The filter of a value that names nothing (any more): no session matches.
NOTHING = "nothing"


def _condition(name: str, value: object) -> sa.ColumnElement[Any]:
    return sa.false() if name == NOTHING else FILTER_COLUMNS[name] == value


def _base(filters: tuple[tuple[str, object], ...], agenda_user_id: int | None) -> sa.Select[Any]:
    statement = (sa.select().select_from(EventSession)
                 .join(Event, Event.id == EventSession.event_id)
                 .join(Venue, Venue.id == EventSession.venue_id)
                 .outerjoin(Film, Film.id == EventSession.film_id)
                 .where(Event.is_public,
                        *(_condition(name, value) for name, value in filters)))
    if agenda_user_id is not None:
        standing = _standings(agenda_user_id)
        statement = statement.join(standing, standing.c.session_id == EventSession.id)
    return statement


@functools.lru_cache(maxsize=1024)
def _standings(user_id: int) -> sa.Subquery:
    """Per session, the user's registrations and star taken together: the
    firmest standing (withdrawn ones only while recent; a star alone is
    awaited), every status change counted, the latest change, and when a
    withdrawn one left or will leave."""
    mine = sa.union_all(_registrations(user_id), _stars(user_id)).subquery("mine")
    return (sa.select(
        mine.c.session_id, sa.func.max(mine.c.rank).label("rank"),
        sa.func.count().label("count"), sa.func.sum(mine.c.id_key).label("id_sum"),
        sa.func.sum(mine.c.revision).label("revisions"),
        _moment(mine.c.changed, sa.func.max).label("changed_at"),
        _moment(mine.c.left, sa.func.max).label("left"),
        _moment(mine.c.leaving, sa.func.min).label("leaving"))
        .group_by(mine.c.session_id).subquery("standing"))


def _registrations(user_id: int) -> sa.Select[*tuple[Any, ...]]:
    since = sa.bindparam(CANCELLED_SINCE, type_=UTCDateTime())
    changed = sa.func.coalesce(Registration.status_changed_at, Registration.created_at)
    withdrawn = Registration.status.in_(ENDED)
    rank = sa.case((Registration.status.in_(CONFIRMED_REGISTRATIONS), 3),
                   (Registration.status.in_(TENTATIVE_REGISTRATIONS), 2),
                   (sa.and_(withdrawn, changed >= since), 1), else_=0)
    return sa.select(
        Registration.event_session_id.label("session_id"), rank.label("rank"),
        Registration.id.label("id_key"), Registration.status_revision.label("revision"),
        changed.label("changed"),
        sa.case((sa.and_(withdrawn, changed < since), changed)).label("left"),
        sa.case((sa.and_(withdrawn, changed >= since), changed)).label("leaving"),
    ).where(Registration.user_id == user_id)


def _stars(user_id: int) -> sa.Select[*tuple[Any, ...]]:
    # A star is awaited (TENTATIVE) and adds nothing to SEQUENCE: booking
    # then moves it on, and unstarring a booked session changes nothing shown.
    # Its id counts negated, so no star counts as some registration would.
    no_time = sa.cast(sa.null(), UTCDateTime())
    return sa.select(
        Favourite.event_session_id.label("session_id"), sa.literal(STARRED).label("rank"),
        (-Favourite.id).label("id_key"), sa.literal(0).label("revision"),
        Favourite.created_at.label("changed"), no_time.label("left"),
        no_time.label("leaving"),
    ).where(Favourite.user_id == user_id)


def _moment(expression: sa.ColumnElement[Any],
            how: Callable[[sa.ColumnElement[Any]], sa.ColumnElement[Any]] = sa.func.max,
            ) -> sa.ColumnElement[Any]:
    """An aggregate of timestamps, read back as aware UTC datetimes."""
    return sa.type_coerce(how(expression), UTCDateTime())


Drop = tuple[QueryableAttribute[datetime], sa.ColumnElement[bool], str]


def _drops(feed: Feed) -> list[Drop]:
    """What leaves the feed as time passes: (when it starts to count, which
    sessions, the window's bind parameter). They leave one window after."""
    drops: list[Drop] = []
    if not feed.keeps_old_cancellations:
        drops.append((EventSession.updated_at, EventSession.status == SessionStatus.cancelled,
                      CANCELLED_SINCE))
    if not feed.keeps_past:
        drops.append((EventSession.ends_at, sa.true(), PAST_SINCE))
    return drops


def _listed(feed: Feed) -> sa.ColumnElement[Any]:
    conditions = [sa.or_(sa.not_(applies), since_when >= sa.bindparam(since, type_=UTCDateTime()))
                  for since_when, applies, since in _drops(feed)]
    if feed.agenda_user_id is not None:
        conditions.append(_standings(feed.agenda_user_id).c.rank > 0)
    return sa.and_(sa.true(), *conditions)


def _windows(settings: FeedSettings) -> dict[str, timedelta]:
    return {CANCELLED_SINCE: settings.cancelled_window, PAST_SINCE: settings.past_window}


def _parameters(settings: FeedSettings, now: datetime) -> dict[str, datetime]:
    return {name: now - window for name, window in _windows(settings).items()}


def aggregate(feed: Feed, settings: FeedSettings, now: datetime) -> Aggregate:
    """When a session last left the feed as time passed and when the next
    will, and for an agenda its registrations' counts: one query, no rows."""
    _, *row = db.session.execute(_aggregate_statement(feed), _parameters(settings, now)).one()
    windows = [_windows(settings)[name] for name in _drop_names(feed)]
    pairs, rest = row[:2 * len(windows)], row[2 * len(windows):]
    left = [stamp + window for stamp, window in zip(pairs[0::2], windows, strict=True) if stamp]
    coming = [stamp + window for stamp, window in zip(pairs[1::2], windows, strict=True) if stamp]
    registrations: tuple[Any, ...] = ()
    changed_at = None
    if feed.agenda_user_id is not None:
        *counts, changed_at, starred_at = rest
        # An unstar leaves no row: only the user's stamp says it happened.
        registrations = (*(int(value or 0) for value in counts),
                         starred_at.isoformat() if starred_at else None)
        changed_at = max((stamp for stamp in (changed_at, starred_at) if stamp), default=None)
    return Aggregate(max(left, default=None), min(coming, default=None),
                     registrations, changed_at)


def _stars_changed_at(user_id: int) -> sa.ColumnElement[Any]:
    return sa.type_coerce(sa.select(User.stars_changed_at).where(User.id == user_id)
                          .scalar_subquery(), UTCDateTime())


def _drop_names(feed: Feed) -> list[str]:
    """The window of each (left, leaving) pair the aggregate reads, in order."""
    names = [since for _, _, since in _drops(feed)]
    return names + ([CANCELLED_SINCE] if feed.agenda_user_id is not None else [])


# Building the statement costs more than running it on a thousand sessions;
# it depends on plain values only, so each distinct feed builds it once.
@functools.lru_cache(maxsize=1024)
def _aggregate_statement(feed: Feed) -> sa.Select[Any]:
    # count() first: a feed that keeps everything has no other column to read.
    columns: list[sa.ColumnElement[Any]] = [sa.func.count()]
    for since_when, applies, since in _drops(feed):
        threshold = sa.bindparam(since, type_=UTCDateTime())
        columns += [_moment(sa.case((sa.and_(applies, since_when < threshold), since_when))),
                    _moment(sa.case((sa.and_(applies, since_when >= threshold), since_when)),
                            sa.func.min)]
    if feed.agenda_user_id is not None:
        standing = _standings(feed.agenda_user_id)
        columns += [_moment(standing.c.left), _moment(standing.c.leaving, sa.func.min),
                    sa.func.sum(standing.c.count), sa.func.sum(standing.c.id_sum),
                    sa.func.sum(standing.c.revisions), _moment(standing.c.changed_at),
                    _stars_changed_at(feed.agenda_user_id)]
    return _base(feed.filters, feed.agenda_user_id).add_columns(*columns)


def _as_stored(column: QueryableAttribute[Any]) -> sa.ColumnElement[Any]:
    # Only compared, never shown: the stored text (SQLite) or the driver's
    # value (PostgreSQL) skips converting 40,000 timestamps per 10,000 rows.
    return sa.type_coerce(column, sa.String())


def entries(feed: Feed, settings: FeedSettings, now: datetime) -> list[Entry]:
    """The feed's sessions in time order."""
    agenda = _standings(feed.agenda_user_id) if feed.agenda_user_id is not None else None
    standing_columns = ((agenda.c.rank, agenda.c.revisions, agenda.c.changed_at)
                        if agenda is not None else ())
    statement = _base(feed.filters, feed.agenda_user_id).add_columns(
        EventSession.id, EventSession.sequence, EventSession.status,
        *(_as_stored(column).label(f"stamp_{number}") for number, column in enumerate(
            (EventSession.updated_at, Event.updated_at, Venue.updated_at, Film.updated_at))),
        *standing_columns,
    ).where(_listed(feed)).order_by(EventSession.starts_at, EventSession.id)
    found = []
    for session_id, sequence, status, *rest in db.session.execute(
            statement, _parameters(settings, now)):
        stamps, standing = tuple(rest[:4]), None
        if agenda is not None:
            rank, revisions, changed_at = rest[4:]
            standing = Standing(STANDINGS[rank], int(revisions), changed_at)
        shown = shown_status(status, standing.standing if standing else None)
        key = fragment_key(session_id, sequence, stamps, shown, settings, feed.language,
                           standing)
        found.append(Entry(key, session_id, standing))
    return found


def zone_years(feed: Feed, settings: FeedSettings, now: datetime) -> dict[str, tuple[int, int]]:
    """Each time zone the feed's sessions use, with the first and last (UTC)
    year they touch, so its VTIMEZONE covers them."""
    rows = db.session.execute(
        _base(feed.filters, feed.agenda_user_id)
        .add_columns(Venue.timezone, sa.func.min(EventSession.starts_at),
                     sa.func.max(EventSession.ends_at))
        .where(_listed(feed)).group_by(Venue.timezone).order_by(Venue.timezone),
        _parameters(settings, now))
    return {zone: (first.year, last.year) for zone, first, last in rows}
