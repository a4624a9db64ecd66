"""The data revision: one row that the database bumps whenever anything a
calendar feed shows changes (migration 0007 adds the triggers), with the time
of the bump by the database's own clock (0008)."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.database import UTCDateTime
from scheduler.extensions import Model, db

THE_ROW = 1


class FeedRevision(Model):
    """A counter and when it last moved: feeds derive their validators from
    them (see freshness), never from app servers' clocks."""

    __tablename__ = "feed_revision"
    __table_args__ = (sa.CheckConstraint(f"id = {THE_ROW}", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)
    # Whole seconds, later at each bump by another transaction (see 0008).
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The transaction (PostgreSQL) or statement (SQLite) that bumped it last.
    bumped_by: Mapped[str | None] = mapped_column(sa.String(40))


class Revision(NamedTuple):
    value: int
    changed_at: datetime | None


# Built once: every remembered poll runs it, and nothing else.
_READ = sa.select(FeedRevision.value, FeedRevision.changed_at).where(
    FeedRevision.id == THE_ROW)


def current_revision() -> Revision:
    """The revision now, by primary key."""
    # A pooled connection of its own, not the ORM session: on a poll of
    # unchanged data the session's bookkeeping would cost more than the read.
    # Only committed changes count either way.
    with db.engine.connect() as connection:
        return Revision(*connection.execute(_READ).one())
