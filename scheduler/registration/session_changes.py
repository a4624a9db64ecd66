"""Changing or cancelling sessions with the people registered in mind.

The events services change the sessions and say what changed; here those
changes reach the registrations in the same transaction: a notice to each
active one, and freed seats to the waitlist. The caller's unit of work commits.
"""
from __future__ import annotations

from datetime import datetime

from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.events import scheduling, services as events
from scheduler.events.inputs import SessionInput
from scheduler.events.models import Event, EventSession
from scheduler.extensions import db
from scheduler.registration import notices, services as registrations
from scheduler.registration.emails import Notice


def update_session(event_session: EventSession, data: SessionInput, *, actor: User,
                   now: datetime | None = None) -> EventSession:
    """Change a session (see scheduling.update_session); a move is told to
    everyone registered, and seats freed (more capacity, fewer held back) go
    to the waitlist. Flushes."""
    now = now or utcnow()
    change = scheduling.update_session(event_session, data, actor=actor, now=now)
    if change.rescheduled:
        notices.tell_everyone(event_session, Notice.rescheduled)
    if change.seats_freed:
        registrations.promote(event_session, now)
    db.session.flush()
    return event_session


def cancel_session(event_session: EventSession, *, actor: User,
                   now: datetime | None = None) -> EventSession:
    """Cancel a session, telling everyone registered; their registrations stay
    on record. Cancelling it again tells no one. Flushes."""
    if scheduling.cancel_session(event_session, actor=actor, now=now).cancelled:
        notices.tell_everyone(event_session, Notice.cancelled)
        db.session.flush()
    return event_session


def cancel_event(event: Event, *, actor: User, now: datetime | None = None) -> Event:
    """Cancel an event and its sessions still to come, telling everyone
    registered for those. Flushes."""
    for event_session in events.cancel_event(event, actor=actor, now=now):
        notices.tell_everyone(event_session, Notice.cancelled)
    db.session.flush()
    return event
