"""Reading an account's stars."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from scheduler.accounts.models import User
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.favourites.models import Favourite
from scheduler.registration.models import ENDED, Registration


def starred_ids(user: User, among: Iterable[int] | None = None) -> set[int]:
    """The ids of the sessions the user starred (only those in `among`, if given)."""
    statement = sa.select(Favourite.event_session_id).where(Favourite.user_id == user.id)
    if among is not None:
        statement = statement.where(Favourite.event_session_id.in_(list(among)))
    return set(db.session.scalars(statement))


def starred_sessions(user: User) -> sa.Select[Any]:
    """The user's starred sessions, soonest first (the caller filters visibility)."""
    return (sa.select(EventSession)
            .join(Favourite, Favourite.event_session_id == EventSession.id)
            .where(Favourite.user_id == user.id)
            .order_by(EventSession.starts_at, EventSession.id))


def stars_of(user: User) -> list[Favourite]:
    """For the user's data download: every star, oldest first."""
    return list(db.session.scalars(
        sa.select(Favourite).where(Favourite.user_id == user.id)
        .options(joinedload(Favourite.event_session).joinedload(EventSession.event),
                 joinedload(Favourite.event_session).joinedload(EventSession.venue))
        .order_by(Favourite.created_at, Favourite.id)))


def booked(user: User) -> dict[int, Registration]:
    """The user's active registrations (not cancelled or declined), by session id."""
    found = db.session.scalars(sa.select(Registration).where(
        Registration.user_id == user.id, Registration.status.not_in(ENDED)))
    return {registration.event_session_id: registration for registration in found}


def sessions_in_order(ids: Iterable[int]) -> list[EventSession]:
    """Those sessions with event, venue and film loaded, soonest first."""
    wanted = list(ids)
    if not wanted:
        return []
    return list(db.session.scalars(
        sa.select(EventSession).where(EventSession.id.in_(wanted))
        .options(joinedload(EventSession.event), joinedload(EventSession.venue),
                 joinedload(EventSession.film))
        .order_by(EventSession.starts_at, EventSession.id)))
