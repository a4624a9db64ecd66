"""Who may see and change what: the one place these rules live."""
from __future__ import annotations

from typing import TypeGuard

import sqlalchemy as sa
from flask_babel import gettext as _

from scheduler.accounts.models import User
from scheduler.errors import Forbidden, NotFound
from scheduler.events.models import Event, event_organiser
from scheduler.venues.models import Venue


def _signed_in(user: User | None) -> TypeGuard[User]:
    return user is not None and getattr(user, "is_authenticated", False)


def is_organiser(user: User | None) -> TypeGuard[User]:
    return _signed_in(user) and user.is_organiser


def can_edit_event(user: User | None, event: Event) -> bool:
    """Admins edit everything; organisers the events they own or co-organise."""
    if not is_organiser(user):
        return False
    if user.is_admin:
        return True
    return event.owner_id == user.id or any(
        organiser.id == user.id for organiser in event.co_organisers)


def can_view_event(user: User | None, event: Event) -> bool:
    """Drafts exist only for those who can edit them."""
    return event.is_public or can_edit_event(user, event)


def can_edit_venue(user: User | None, venue: Venue) -> bool:
    """Venues are shared; whoever entered one keeps it right, and admins."""
    if not is_organiser(user):
        return False
    return user.is_admin or venue.created_by_id == user.id


def require_event_editor(user: User | None, event: Event) -> None:
    """404 for a draft the user may not see, 403 for an event they may only see."""
    if not can_view_event(user, event):
        raise NotFound(_("There is no such event."))
    if not can_edit_event(user, event):
        raise Forbidden(_("Only this event's organisers can change it."))


def require_organiser(user: User | None) -> None:
    if not is_organiser(user):
        raise Forbidden(_("Only organisers can do this."))


def require_venue_editor(user: User | None, venue: Venue) -> None:
    if not can_edit_venue(user, venue):
        raise Forbidden(_("Only whoever added this venue, or an admin, can change it."))


def editable_events_clause(user: User) -> sa.ColumnElement[bool]:
    """The SQL form of can_edit_event, for listing a user's events."""
    if not is_organiser(user):
        return sa.false()
    if user.is_admin:
        return sa.true()
    co_organised = sa.select(event_organiser.c.event_id).where(
        event_organiser.c.user_id == user.id)
    return sa.or_(Event.owner_id == user.id, Event.id.in_(co_organised))


def visible_events_clause(user: User | None) -> sa.ColumnElement[bool]:
    """The SQL form of can_view_event."""
    public = Event.is_public.expression
    return sa.or_(public, editable_events_clause(user)) if _signed_in(user) else public
