"""Events (programmes): creating, editing, publishing, cancelling, co-organisers.

Each only changes rows and flushes; the caller's unit of work commits."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.accounts.services import normalise_email, user_by_email
from scheduler.database import utcnow
from scheduler.errors import Conflict, DomainError
from scheduler.events import slugs
from scheduler.events.inputs import EventInput, NewEventInput
from scheduler.events.models import Event, EventSession, EventStatus, SessionStatus
from scheduler.extensions import db
from scheduler.images.services import ImageChange, changed_image
from scheduler.transactions import savepoint
from scheduler.transliteration import slug_of


def create_event(data: NewEventInput, *, owner: User,
                 banner: ImageChange | None = None) -> Event:
    """A new event owned by `owner`, a draft unless published at once; its
    slug the one given, else made from the title. Flushes."""
    permissions.require_organiser(owner)
    event = _event_with_slug(data, owner)
    event.banner = changed_image(None, banner)
    db.session.flush()
    return event


def _event_with_slug(data: NewEventInput, owner: User) -> Event:
    values = data.model_dump(exclude={"slug"})
    if data.slug is not None:
        event = Event(**values, owner=owner, slug=slugs.claim(data.slug))
        db.session.add(event)
        slugs.flush_claimed(data.slug)
        return event
    try:
        with savepoint():
            event = Event(**values, owner=owner, slug=slugs.free_slug(data.title))
            db.session.add(event)
            db.session.flush()
    except IntegrityError:
        # Another event took the slug in the meantime; a random tail cannot clash.
        event = Event(**values, owner=owner,
                      slug=f"{slug_of(data.title)}-{secrets.token_hex(3)}")
        db.session.add(event)
        db.session.flush()
    return event


def update_event(event: Event, data: EventInput, *, actor: User,
                 banner: ImageChange | None = None) -> Event:
    """Change title, kind, description, banner and the rest; a new slug keeps
    the old one redirecting (see slugs.change). Flushes."""
    permissions.require_event_editor(actor, event)
    for field, value in data.model_dump(exclude={"slug"}).items():
        setattr(event, field, value)
    if data.slug is not None:
        slugs.change(event, data.slug)
    event.banner = changed_image(event.banner, banner)
    db.session.flush()
    return event


def publish_event(event: Event, *, actor: User) -> Event:
    """Make a draft public. Publishing twice is harmless. Flushes."""
    permissions.require_event_editor(actor, event)
    if event.status is EventStatus.cancelled:
        raise Conflict(_("A cancelled event cannot be published again."),
                       code="event_cancelled")
    event.status = EventStatus.published
    db.session.flush()
    return event


def cancel_event(event: Event, *, actor: User,
                 now: datetime | None = None) -> list[EventSession]:
    """Cancel the event and every session still to come; rows stay so feeds
    can tell calendars. Returns the sessions cancelled now. Flushes."""
    permissions.require_event_editor(actor, event)
    now = now or utcnow()
    event.status = EventStatus.cancelled
    cancelled = [event_session for event_session in event.sessions
                 if event_session.status is SessionStatus.scheduled
                 and event_session.ends_at > now]
    for event_session in cancelled:
        event_session.status = SessionStatus.cancelled
        event_session.sequence += 1
    db.session.flush()
    return cancelled


def add_co_organiser(event: Event, *, email: str, actor: User) -> User:
    """Let another organiser edit this event. Adding someone twice is harmless. Flushes."""
    permissions.require_organiser_manager(actor, event)
    colleague = user_by_email(email or "")
    if colleague is None:
        raise DomainError(_("No account uses “%(email)s”.", email=normalise_email(email or "")),
                          fields={"email": _("no account with this email")},
                          code="no_such_account")
    if not colleague.is_organiser:
        raise DomainError(_("%(email)s has an attendee account: an admin must make it an "
                            "organiser first.", email=colleague.email),
                          fields={"email": _("not an organiser account")},
                          code="not_an_organiser")
    if colleague.id != event.owner_id and colleague not in event.co_organisers:
        event.co_organisers.append(colleague)
    db.session.flush()
    return colleague


def remove_co_organiser(event: Event, user_id: int, *, actor: User) -> None:
    """Stop a co-organiser editing this event; removing someone who is not one
    is harmless. The owner stays: an event always has someone who answers for it.
    Flushes."""
    permissions.require_organiser_manager(actor, event)
    if user_id == event.owner_id:
        raise Conflict(_("The owner of an event cannot be removed from it."),
                       code="owner_stays")
    event.co_organisers[:] = [user for user in event.co_organisers if user.id != user_id]
    db.session.flush()


def organisers(event: Event) -> list[User]:
    """The owner first, then the co-organisers by name."""
    return [event.owner, *sorted(event.co_organisers, key=lambda user: (user.name, user.id))]
