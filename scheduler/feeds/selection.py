"""Which sessions a feed holds, read two ways: one aggregate row for the
validators, and one light row per session (ids and revision stamps) for
assembling the feed from cached fragments."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from scheduler.database import UTCDateTime
from scheduler.events.models import Event, EventSession, EventStatus, SessionStatus
from scheduler.extensions import db
from scheduler.feeds.settings import FeedSettings
from scheduler.feeds.vevent import fragment_key, shown_status
from scheduler.films.models import Film
from scheduler.registration.models import Registration, RegistrationStatus
from scheduler.venues.models import Venue

CONFIRMED_REGISTRATIONS = (RegistrationStatus.confirmed, RegistrationStatus.attended)
TENTATIVE_REGISTRATIONS = (RegistrationStatus.waitlisted, RegistrationStatus.pending)


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
    public: bool = True


# (fragment cache key, session id, tentative): what assembling needs of a session.
Entry = tuple[tuple, int, bool]


@dataclass(frozen=True)
class Aggregate:
    count: int
    id_sum: int
    stamps: tuple = ()
    # When a listed cancellation next leaves the feed: its one change that
    # comes with time, not with a write.
    next_drop: datetime | None = None

    @property
    def last_change(self) -> datetime | None:
        known = [stamp for stamp in self.stamps if stamp is not None]
        return max(known) if known else None


FILTER_COLUMNS = {"kind": Event.kind, "city": Venue.city, "venue": EventSession.venue_id,
                  "event": EventSession.event_id, "session": EventSession.id}


def _stamp(expression) -> sa.ColumnElement:
    return sa.type_coerce(sa.func.max(expression), UTCDateTime())


def _base(filters: tuple[tuple[str, object], ...], agenda_user_id: int | None) -> sa.Select:
    statement = (sa.select().select_from(EventSession)
                 .join(Event, Event.id == EventSession.event_id)
                 .join(Venue, Venue.id == EventSession.venue_id)
                 .outerjoin(Film, Film.id == EventSession.film_id)
                 .where(Event.status != EventStatus.draft,
                        *(FILTER_COLUMNS[name] == value for name, value in filters)))
    if agenda_user_id is not None:
        statement = statement.join(Registration, sa.and_(
            Registration.event_session_id == EventSession.id,
            Registration.user_id == agenda_user_id))
    return statement


def _listed(feed: Feed, settings: FeedSettings, now: datetime) -> sa.ColumnElement:
    shown = sa.true() if feed.keeps_old_cancellations else sa.or_(
        EventSession.status == SessionStatus.scheduled,
        EventSession.updated_at >= now - settings.cancelled_window)
    if feed.agenda_user_id is None:
        return shown
    return sa.and_(shown, Registration.status.in_(
        CONFIRMED_REGISTRATIONS + TENTATIVE_REGISTRATIONS))


def aggregate(feed: Feed, settings: FeedSettings, now: datetime) -> Aggregate:
    """Count, id sum and latest revision stamps of the sessions in the feed's
    scope, when a cancellation last dropped out of it and when the next one
    will: one query, no rows.

    The stamps cover every session in scope, listed or not: whatever enters or
    leaves the feed by an edit bumps a stamp, and a cancellation that leaves
    it as time passes moves the drop-out stamp."""
    statement = _aggregate_statement(feed.filters, feed.agenda_user_id,
                                     feed.keeps_old_cancellations)
    count, id_sum, last_dropped, next_dropping, *stamps = db.session.execute(
        statement, {"since": now - settings.cancelled_window}).one()
    # A cancellation leaves the feed when its window closes.
    window = settings.cancelled_window
    left_at = last_dropped + window if last_dropped else None
    next_drop = next_dropping + window if next_dropping else None
    return Aggregate(int(count), int(id_sum), (left_at, *stamps), next_drop)


# Building the statement costs more than running it on a thousand sessions;
# it depends on plain values only, so each distinct feed builds it once.
@functools.lru_cache(maxsize=1024)
def _aggregate_statement(filters: tuple[tuple[str, object], ...], agenda_user_id: int | None,
                         keeps_old_cancellations: bool) -> sa.Select:
    since = sa.bindparam("since", type_=UTCDateTime())
    cancelled = sa.false() if keeps_old_cancellations else (
        EventSession.status == SessionStatus.cancelled)
    dropped = sa.and_(cancelled, EventSession.updated_at < since)
    dropping = sa.and_(cancelled, EventSession.updated_at >= since)
    # Only the drop-out times need a CASE (the other stamps cover the whole
    # scope), which keeps the scan cheap.
    columns = [sa.func.count(), sa.func.coalesce(sa.func.sum(EventSession.id), 0),
               _stamp(sa.case((dropped, EventSession.updated_at), else_=None)),
               sa.type_coerce(sa.func.min(sa.case((dropping, EventSession.updated_at),
                                                  else_=None)), UTCDateTime()),
               *(_stamp(column) for column in (
                   EventSession.updated_at, Event.updated_at, Venue.updated_at,
                   Film.updated_at))]
    if agenda_user_id is not None:
        # Any change to the user's registrations, a cancelled one included.
        columns.append(_stamp(Registration.updated_at))
    return _base(filters, agenda_user_id).add_columns(*columns)


def _as_stored(column) -> sa.ColumnElement:
    # Only compared, never shown: the stored text (SQLite) or the driver's
    # value (PostgreSQL) skips converting 40,000 timestamps per 10,000 rows.
    return sa.type_coerce(column, sa.String())


def entries(feed: Feed, settings: FeedSettings, now: datetime) -> list[Entry]:
    """The feed's sessions in time order, each once (an agenda with two
    registrations for one session shows the firmer)."""
    tentative = (sa.case((Registration.status.in_(TENTATIVE_REGISTRATIONS), True),
                         else_=False) if feed.agenda_user_id is not None
                 else sa.false())
    statement = _base(feed.filters, feed.agenda_user_id).add_columns(
        EventSession.id, EventSession.sequence, EventSession.status,
        *(_as_stored(column).label(f"stamp_{number}") for number, column in enumerate(
            (EventSession.updated_at, Event.updated_at, Venue.updated_at, Film.updated_at))),
        tentative,
    ).where(_listed(feed, settings, now)).order_by(EventSession.starts_at, EventSession.id)
    chosen: dict[int, Entry] = {}
    for session_id, sequence, status, *stamps, is_tentative in db.session.execute(statement):
        if session_id in chosen and not chosen[session_id][2]:
            continue
        is_tentative = bool(is_tentative)
        key = fragment_key(session_id, sequence, tuple(stamps),
                           shown_status(status, is_tentative), settings)
        chosen[session_id] = (key, session_id, is_tentative)
    return list(chosen.values())


def zone_years(feed: Feed, settings: FeedSettings, now: datetime) -> dict[str, tuple[int, int]]:
    """Each time zone the feed's sessions use, with the first and last (UTC)
    year they touch, so its VTIMEZONE covers them."""
    rows = db.session.execute(
        _base(feed.filters, feed.agenda_user_id).add_columns(Venue.timezone, sa.func.min(EventSession.starts_at),
                                sa.func.max(EventSession.ends_at))
        .where(_listed(feed, settings, now)).group_by(Venue.timezone)
        .order_by(Venue.timezone))
    return {zone: (first.year, last.year) for zone, first, last in rows}
