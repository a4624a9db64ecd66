"""Venues: where sessions happen, in which time zone, with how many seats."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.database import commit, utcnow
from scheduler.errors import Conflict
from scheduler.extensions import db
from scheduler.timezones import NOT_A_VENUE_ZONE, is_venue_zone
from scheduler.validation import FieldErrors, InputRecord, present
from scheduler.venues.models import Venue

MAX_CAPACITY = 100_000
MAX_CHANGEOVER_MINUTES = 24 * 60


@dataclass(frozen=True)
class VenueInput(InputRecord):
    name: str
    city: str
    country: str
    timezone: str
    capacity: int | None  # None from an import with no default: checked() refuses it
    address: str = ""
    online_url: str | None = None
    changeover_minutes: int = 0


def checked(data: VenueInput) -> VenueInput:
    """The input cleaned, or a DomainError naming every bad field."""
    errors = FieldErrors()
    clean = VenueInput(
        name=errors.text("name", data.name, max_length=200),
        city=errors.text("city", data.city, max_length=120),
        country=errors.country("country", data.country),
        timezone=errors.text("timezone", data.timezone, max_length=64),
        capacity=errors.integer("capacity", data.capacity, minimum=1, maximum=MAX_CAPACITY),
        address=errors.text("address", data.address, max_length=300, required=False,
                            multiline=True),
        online_url=errors.url("online_url", data.online_url),
        changeover_minutes=errors.integer("changeover_minutes", data.changeover_minutes,
                                          minimum=0, maximum=MAX_CHANGEOVER_MINUTES),
    )
    if clean.timezone and not is_venue_zone(clean.timezone):
        errors.add("timezone", str(NOT_A_VENUE_ZONE))
    errors.raise_if_any()
    return clean


def create_venue(data: VenueInput, *, actor: User) -> Venue:
    """Add a venue. Commits."""
    permissions.require_organiser(actor)
    venue = Venue(**vars(checked(data)), created_by_id=actor.id)
    db.session.add(venue)
    commit(db.session)
    return venue


def update_venue(venue: Venue, data: VenueInput, *, actor: User,
                 now: datetime | None = None) -> Venue:
    """Change a venue, keeping every session still to come possible. Commits."""
    permissions.require_venue_editor(actor, venue)
    clean = checked(data)
    now = now or utcnow()
    scheduled = [s for s in venue.sessions if s.is_upcoming(now)]
    if clean.timezone != venue.timezone and scheduled:
        raise Conflict(_("Sessions are scheduled here; changing the time zone would move "
                         "their local times. Move or cancel them first."),
                       code="venue_in_use", fields={"timezone": _("venue has sessions")})
    largest = max((s.capacity for s in scheduled), default=0)
    if present(clean.capacity) < largest:
        raise Conflict(_("A session here has %(num)s seats; lower its capacity first.",
                         num=largest), code="capacity_below_sessions",
                       fields={"capacity": _("must be at least %(num)s", num=largest)})
    for field, value in vars(clean).items():
        setattr(venue, field, value)
    for event_session in venue.sessions:
        event_session.blocked_until = event_session.ends_at + timedelta(
            minutes=clean.changeover_minutes)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict(_("With that changeover time, sessions here would overlap."),
                       code="venue_conflict",
                       fields={"changeover_minutes": _("sessions would overlap")}) from exc
    return venue


def list_venues(*, city: str | None = None) -> list[Venue]:
    statement = sa.select(Venue).order_by(Venue.city, Venue.name)
    if city:
        statement = statement.where(Venue.city == city)
    return list(db.session.scalars(statement))
