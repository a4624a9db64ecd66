"""Starring and unstarring. Flush only; the caller's unit of work commits."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from scheduler.accounts.models import User
from scheduler.database import rows_changed, table_of, utcnow
from scheduler.extensions import db
from scheduler.favourites.models import Favourite

_TABLE = table_of(Favourite)
# The least a change moves the user's stamp, so two in one instant still differ.
_TICK = timedelta(microseconds=1)


def _insert_ignoring_duplicates(rows: list[dict[str, Any]]) -> sa.Insert:
    """One INSERT that skips rows already there: a second star, even from a
    request racing this one, changes nothing and raises nothing."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement: sa.Insert = insert(_TABLE).values(rows).on_conflict_do_nothing(
        index_elements=["user_id", "event_session_id"]).returning(_TABLE.c.id)
    return statement


def star(user: User, session_ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Star sessions for the user (the caller checked they may see them);
    how many were not starred before."""
    when = now or utcnow()
    rows = [{"user_id": user.id, "event_session_id": session_id, "created_at": when}
            for session_id in dict.fromkeys(session_ids)]
    if not rows:
        return 0
    # The rows it returns are the ones written (a driver's rowcount may be -1).
    added = len(db.session.execute(_insert_ignoring_duplicates(rows)).all())
    if added:
        _changed(user, when)
    return added


def unstar(user: User, session_id: int, *, now: datetime | None = None) -> bool:
    """Unstar; harmless when it was not starred."""
    removed = rows_changed(db.session, sa.delete(Favourite).where(
        Favourite.user_id == user.id, Favourite.event_session_id == session_id)) > 0
    if removed:
        _changed(user, now or utcnow())
    return removed


def _changed(user: User, now: datetime) -> None:
    # Always later than before: the agenda's validators must move at every
    # change, even with a clock that stepped back.
    previous = user.stars_changed_at
    user.stars_changed_at = max(now, previous + _TICK) if previous else now
    db.session.flush()
