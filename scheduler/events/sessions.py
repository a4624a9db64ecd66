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
from scheduler.events.models import EventSession, RegistrationMode, SessionStatus
from scheduler.extensions import db
from scheduler.films.models import Film
from scheduler.timezones import as_instant
from scheduler.validation import FieldErrors, InputRecord, present
from scheduler.venues.models import Venue

MAX_DURATION = timedelta(days=14)
MAX_QA_MINUTES = 600

M = TypeVar("M", bound=Base)


class VenueConflict(Conflict):
    code = "venue_conflict"


@dataclass(frozen=True)
class SessionInput(InputRecord):
    """What an organiser gives for a session. Naive times are wall-clock
    times at the venue; aware ones are instants."""

    venue_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int | None = None  # None: the venue's capacity
    reserved_seats: int = 0  # held back for invited guests
    registration_mode: RegistrationMode | str = RegistrationMode.open
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    title: str = ""
    description: str = ""
    film_id: int | None = None
    qa_minutes: int = 0


@dataclass(frozen=True)
class Checked:
    """A SessionInput resolved against the database: real venue, film, instants."""

    venue: Venue
    film: Film | None
    starts_at: datetime
    ends_at: datetime
    values: dict[str, Any]


def check(data: SessionInput) -> Checked:
    """Validate everything about a session except conflicts with other rows."""
    errors = FieldErrors()
    venue = _found(errors, Venue, data.venue_id, "venue_id", _("unknown venue"))
    film = _found(errors, Film, data.film_id, "film_id", _("unknown film")) \
        if data.film_id is not None else None
    zone = venue.timezone if venue else "UTC"
    starts_at, ends_at = _instants(errors, data, zone)
    opens_at = _optional_instant(errors, data.registration_opens_at, zone,
                                 "registration_opens_at")
    closes_at = _optional_instant(errors, data.registration_closes_at, zone,
                                  "registration_closes_at")
    qa_minutes = errors.integer("qa_minutes", data.qa_minutes, minimum=0,
                                maximum=MAX_QA_MINUTES)
    values = {
        "title": errors.text("title", data.title, max_length=300, required=False),
        "description": errors.text("description", data.description, max_length=20_000,
                                   required=False, multiline=True),
        "registration_mode": errors.choice("registration_mode", data.registration_mode,
                                           RegistrationMode),
        "qa_minutes": qa_minutes,
        "capacity": _capacity(errors, data.capacity, venue),
        "reserved_seats": errors.integer("reserved_seats", data.reserved_seats, minimum=0,
                                         maximum=100_000),
        "registration_opens_at": opens_at, "registration_closes_at": closes_at,
        "film_id": film.id if film else None,
    }
    if isinstance(values["capacity"], int) and isinstance(values["reserved_seats"], int) \
            and values["reserved_seats"] > values["capacity"]:
        errors.add("reserved_seats", _("must not exceed the session's seats"))
    if opens_at and closes_at and closes_at <= opens_at:
        errors.add("registration_closes_at", _("must be after registration opens"))
    _check_screening_length(errors, film, qa_minutes, starts_at, ends_at)
    errors.raise_if_any()
    return Checked(present(venue), film, present(starts_at), present(ends_at), values)


def _found(errors: FieldErrors, model: type[M], row_id: object, field: str,
           problem: str) -> M | None:
    if isinstance(row_id, bool) or not isinstance(row_id, int):
        errors.add(field, _("must be a whole number id"))
        return None
    row = db.session.get(model, row_id)
    if row is None:
        errors.add(field, problem)
    return row


def _instants(errors: FieldErrors, data: SessionInput,
              zone: str) -> tuple[datetime | None, datetime | None]:
    starts_at = _optional_instant(errors, data.starts_at, zone, "starts_at", required=True)
    ends_at = _optional_instant(errors, data.ends_at, zone, "ends_at", required=True)
    if starts_at and ends_at:
        if ends_at <= starts_at:
            errors.add("ends_at", _("must be after the start"))
        elif ends_at - starts_at > MAX_DURATION:
            errors.add("ends_at", _("a session may last at most 14 days"))
    return starts_at, ends_at


def _optional_instant(errors: FieldErrors, moment: object, zone: str, field: str,
                      *, required: bool = False) -> datetime | None:
    if moment is None:
        if required:
            errors.add(field, _("is required"))
        return None
    if not isinstance(moment, datetime):
        errors.add(field, _("must be a date and time"))
        return None
    try:
        return as_instant(moment, zone, field=field)
    except DomainError as problem:
        errors.fields.update(problem.fields)
        return None


def _capacity(errors: FieldErrors, capacity: object, venue: Venue | None) -> int | None:
    if capacity is None:
        return venue.capacity if venue else None
    seats = errors.integer("capacity", capacity, minimum=1, maximum=100_000)
    if venue and isinstance(seats, int) and seats > venue.capacity:
        errors.add("capacity", _("must not exceed the venue's %(num)s seats",
                                      num=venue.capacity))
    return seats


def _check_screening_length(errors: FieldErrors, film: Film | None, qa_minutes: int,
                            starts_at: datetime | None, ends_at: datetime | None) -> None:
    if not (film and starts_at and ends_at):
        return
    needed = film.runtime_minutes + (qa_minutes if isinstance(qa_minutes, int) else 0)
    if ends_at - starts_at < timedelta(minutes=needed):
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
