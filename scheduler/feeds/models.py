"""The data revision: one row that the database bumps whenever anything a
calendar feed shows changes (migration 0007 adds the triggers)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.extensions import db

THE_ROW = 1


class FeedRevision(db.Model):
    """Only a counter: feeds take their ETags from the data, and read this
    row to learn whether the validators they computed may still hold."""

    __tablename__ = "feed_revision"
    __table_args__ = (sa.CheckConstraint(f"id = {THE_ROW}", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)


# Built once: every remembered poll runs it, and nothing else.
_READ = sa.select(FeedRevision.value).where(FeedRevision.id == THE_ROW)


def current_revision() -> int:
    """The revision now, by primary key."""
    # A pooled connection of its own, not the ORM session: on a poll of
    # unchanged data the session's bookkeeping would cost more than the read.
    # Only committed changes count either way.
    with db.engine.connect() as connection:
        return connection.execute(_READ).scalar_one()
