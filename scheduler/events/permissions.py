"""Who may change what: the one place these rules live."""
from __future__ import annotations

import sqlalchemy as sa

from scheduler.accounts.models import User
from scheduler.events.models import Event, event_organiser


def can_edit_event(user: User | None, event: Event) -> bool:
    """Admins edit everything; organisers the events they own or co-organise."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    if not user.is_organiser:
        return False
    return event.owner_id == user.id or any(
        organiser.id == user.id for organiser in event.co_organisers)


def editable_events_clause(user: User) -> sa.ColumnElement[bool]:
    """The SQL form of can_edit_event, for listing a user's events."""
    if user.is_admin:
        return sa.true()
    if not user.is_organiser:
        return sa.false()
    co_organised = sa.select(event_organiser.c.event_id).where(
        event_organiser.c.user_id == user.id)
    return sa.or_(Event.owner_id == user.id, Event.id.in_(co_organised))
