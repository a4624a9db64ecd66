"""Session input: checking times, venue, film and capacity, and finding venue conflicts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _

from scheduler.database import Base
from scheduler.dates import local_datetime, local_time
from scheduler.errors import Conflict, DomainError
from scheduler.events.inputs import Instants, SessionInput
from scheduler.events.models import EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.films.models import Film
from scheduler.validation import FieldErrors, present
from scheduler.venues.models import Venue

M = TypeVar("M", bound=Base)


class VenueConflict(Conflict):
    code = "venue_conflict"


@dataclass(frozen=True)
class Checked:
    """A SessionInput resolved against the database: real venue, film, instants."""

    venue: Venue
    film: Film | None
    starts_at: datetime
    ends_at: datetime
    values: dict[str, Any]


def check(data: SessionInput) -> Checked:
    """Resolve the input against other rows: its venue and film, its times in
    the venue's zone, its seats within the venue's. Conflicts come later."""
    errors = FieldErrors()
    venue = _found(errors, Venue, data.venue_id, "venue_id", _("unknown venue"))
    film = _found(errors, Film, data.film_id, "film_id", _("unknown film")) \
        if data.film_id is not None else None
    instants = _instants(errors, data, venue.timezone if venue else "UTC")
    capacity = _capacity(errors, data.capacity, venue)
    if capacity is not None and data.reserved_seats > capacity:
        errors.add("reserved_seats", _("must not exceed the session's seats"))
    if instants is not None:
        _check_screening_length(errors, film, data.qa_minutes, instants)
    errors.raise_if_any()
    times = present(instants)
    values = data.model_dump(include={"title", "description", "translations", "registration_mode",
                                      "qa_minutes", "reserved_seats", "film_id"})
    return Checked(present(venue), film, times.starts_at, times.ends_at, values | {
        "capacity": capacity, "registration_opens_at": times.registration_opens_at,
        "registration_closes_at": times.registration_closes_at})


def _found(errors: FieldErrors, model: type[M], row_id: int, field: str,
           problem: str) -> M | None:
    row = db.session.get(model, row_id)
    if row is None:
        errors.add(field, problem)
    return row


def _instants(errors: FieldErrors, data: SessionInput, zone: str) -> Instants | None:
    try:
        return data.instants(zone)
    except DomainError as problem:
        errors.fields.update(problem.fields)
        return None


def _capacity(errors: FieldErrors, capacity: int | None, venue: Venue | None) -> int | None:
    if capacity is None:
        return venue.capacity if venue else None
    if venue and capacity > venue.capacity:
        errors.add("capacity", _("must not exceed the venue's %(num)s seats",
                                 num=venue.capacity))
    return capacity


def _check_screening_length(errors: FieldErrors, film: Film | None, qa_minutes: int,
                            instants: Instants) -> None:
    if film is None:
        return
    needed = film.runtime_minutes + qa_minutes
    if instants.ends_at - instants.starts_at < timedelta(minutes=needed):
        errors.add("ends_at", _("the screening needs at least %(needed)s minutes "
                                "(%(runtime)s min film + Q&A)",
                                needed=needed, runtime=film.runtime_minutes))


def find_conflict(venue: Venue, starts_at: datetime, ends_at: datetime,
                  *, ignoring: EventSession | None = None) -> EventSession | None:
    """The first scheduled session in the venue whose busy time (with the
    venue's changeover) overlaps this one's. Back-to-back is fine."""
    blocked_until = ends_at + timedelta(minutes=venue.changeover_minutes)
    statement = sa.select(EventSession).where(
        EventSession.venue_id == venue.id,
        EventSession.status == SessionStatus.scheduled,
        EventSession.starts_at < blocked_until,
        EventSession.blocked_until > starts_at,
    ).order_by(EventSession.starts_at).limit(1)
    if ignoring is not None and ignoring.id is not None:
        statement = statement.where(EventSession.id != ignoring.id)
    return db.session.scalar(statement)


def conflict_error(venue: Venue, other: EventSession) -> VenueConflict:
    taken = {"venue": venue.name, "title": other.shown_title,
             "starts": local_datetime(other.starts_at, venue.timezone),
             "ends": local_time(other.ends_at, venue.timezone),
             "changeover": venue.changeover_minutes}
    message = (_("%(venue)s is taken then: “%(title)s” runs %(starts)s to %(ends)s, "
                 "plus %(changeover)s minutes' changeover.", **taken)
               if venue.changeover_minutes else
               _("%(venue)s is taken then: “%(title)s” runs %(starts)s to %(ends)s.", **taken))
    return VenueConflict(
        message, fields={"starts_at": _("the venue is busy then")},
        conflicting_session_id=other.id)
