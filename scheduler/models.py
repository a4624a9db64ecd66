"""Every model, imported once so the metadata (and Alembic) sees the whole schema."""
from scheduler.accounts.models import Role, User
from scheduler.events.models import (
    Event, EventKind, EventSession, EventStatus, RegistrationMode, SessionStatus,
    event_organiser,
)
from scheduler.registration.models import Registration, RegistrationStatus
from scheduler.venues.models import Venue

__all__ = [
    "Event", "EventKind", "EventSession", "EventStatus", "Registration",
    "RegistrationMode", "RegistrationStatus", "Role", "SessionStatus", "User", "Venue",
    "event_organiser",
]
