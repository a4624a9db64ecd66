"""Venues: where sessions happen, in which time zone, with how many seats.

Each use case only changes rows and flushes; the caller's unit of work commits."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.errors import Conflict
from scheduler.extensions import db
from scheduler.images.services import ImageChange, changed_image
from scheduler.transactions import savepoint
from scheduler.venues.inputs import VenueInput
from scheduler.venues.models import Venue


def create_venue(data: VenueInput, *, actor: User, photo: ImageChange | None = None) -> Venue:
    """Add a venue. Flushes."""
    permissions.require_organiser(actor)
    venue = Venue(**data.model_dump(), created_by_id=actor.id, photo=changed_image(None, photo))
    db.session.add(venue)
    db.session.flush()
    return venue


def update_venue(venue: Venue, data: VenueInput, *, actor: User,
                 now: datetime | None = None, photo: ImageChange | None = None) -> Venue:
    """Change a venue, keeping every session still to come possible. Flushes."""
    permissions.require_venue_editor(actor, venue)
    now = now or utcnow()
    scheduled = [s for s in venue.sessions if s.is_upcoming(now)]
    if data.timezone != venue.timezone and scheduled:
        raise Conflict(_("Sessions are scheduled here; changing the time zone would move "
                         "their local times. Move or cancel them first."),
                       code="venue_in_use", fields={"timezone": _("venue has sessions")})
    largest = max((s.capacity for s in scheduled), default=0)
    if data.capacity < largest:
        raise Conflict(_("A session here has %(num)s seats; lower its capacity first.",
                         num=largest), code="capacity_below_sessions",
                       fields={"capacity": _("must be at least %(num)s", num=largest)})
    try:
        # In a savepoint, so a refused write leaves the rest of the transaction
        # usable; begun before the changes, since beginning one flushes them.
        with savepoint():
            for field, value in data.model_dump().items():
                setattr(venue, field, value)
            for event_session in venue.sessions:
                event_session.blocked_until = event_session.ends_at + timedelta(
                    minutes=data.changeover_minutes)
            db.session.flush()
    except IntegrityError as exc:
        raise Conflict(_("With that changeover time, sessions here would overlap."),
                       code="venue_conflict",
                       fields={"changeover_minutes": _("sessions would overlap")}) from exc
    venue.photo = changed_image(venue.photo, photo)
    db.session.flush()
    return venue


def list_venues(*, city: str | None = None) -> list[Venue]:
    statement = sa.select(Venue).order_by(Venue.city, Venue.name)
    if city:
        statement = statement.where(Venue.city == city)
    return list(db.session.scalars(statement))
