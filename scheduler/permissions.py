"""Who may see and change what: the one place these rules live."""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from flask_babel import gettext as _

from scheduler.errors import Forbidden, NotFound

# Rules about rows, not queries: they read attributes, so every area may ask.
if TYPE_CHECKING:
    from scheduler.accounts.models import User
    from scheduler.events.models import Event
    from scheduler.registration.models import Registration
    from scheduler.venues.models import Venue


def is_signed_in(user: User | None) -> TypeGuard[User]:
    return user is not None and getattr(user, "is_authenticated", False)


def is_organiser(user: User | None) -> TypeGuard[User]:
    return is_signed_in(user) and user.is_organiser


def can_edit_event(user: User | None, event: Event) -> bool:
    """Admins edit everything; organisers the events they own or co-organise."""
    if not is_organiser(user):
        return False
    if user.is_admin:
        return True
    return event.owner_id == user.id or any(
        organiser.id == user.id for organiser in event.co_organisers)


def can_manage_organisers(user: User | None, event: Event) -> bool:
    """Who adds and removes an event's co-organisers: its owner, who answers for
    it, and admins. Co-organisers edit the event and see who else does, but do
    not decide who shares it."""
    if not is_organiser(user):
        return False
    return user.is_admin or event.owner_id == user.id


def can_read_registration(user: User | None, registration: Registration) -> bool:
    """Its attendee when signed in, and the organisers of its event."""
    if not is_signed_in(user):
        return False
    return (registration.user_id == user.id
            or can_edit_event(user, registration.event_session.event))


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


def require_organiser_manager(user: User | None, event: Event) -> None:
    """As require_event_editor, then 403 for an editor who is not its owner or an admin."""
    require_event_editor(user, event)
    if not can_manage_organisers(user, event):
        raise Forbidden(_("Only the event's owner or an admin can change its organisers."))


def require_admin(user: User | None) -> None:
    if not (is_signed_in(user) and user.is_admin):
        raise Forbidden(_("Only admins can do this."))


def require_organiser(user: User | None) -> None:
    if not is_organiser(user):
        raise Forbidden(_("Only organisers can do this."))


def require_venue_editor(user: User | None, venue: Venue) -> None:
    if not can_edit_venue(user, venue):
        raise Forbidden(_("Only whoever added this venue, or an admin, can change it."))
