"""Reading an account's stars."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from scheduler.accounts.models import User
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.favourites.models import Favourite


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
    return list(db.session.scalars(sa.select(Favourite).where(Favourite.user_id == user.id)
                                   .order_by(Favourite.created_at, Favourite.id)))
