"""A film's screenings as the public sees them, and who is credited at them."""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from scheduler.accounts.models import User
from scheduler.events.models import EventSession, SessionStatus
from scheduler.events.queries import visible_events_clause
from scheduler.extensions import db
from scheduler.people.models import SessionPerson


def screenings(film_id: int, user: User | None) -> list[EventSession]:
    """The film's scheduled screenings in events `user` may see (drafts only
    for their organisers), soonest first, with event, venue and people loaded."""
    return list(db.session.scalars(
        sa.select(EventSession).join(EventSession.event)
        .where(EventSession.film_id == film_id,
               EventSession.status == SessionStatus.scheduled,
               visible_events_clause(user))
        .options(contains_eager(EventSession.event), joinedload(EventSession.venue),
                 selectinload(EventSession.people))
        .order_by(EventSession.starts_at, EventSession.id)).unique())


def credits(shown: Iterable[EventSession]) -> list[SessionPerson]:
    """Each person once per part they play across these screenings, in order met."""
    seen: dict[tuple[int, str], SessionPerson] = {}
    for event_session in shown:
        for link in event_session.people:
            seen.setdefault((link.person_id, link.role.value), link)
    return list(seen.values())

