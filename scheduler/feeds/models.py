"""The data revision: one row that the database bumps whenever anything a
calendar feed shows changes (migration 0007 adds the triggers), with the time
of the bump by the database's own clock (0008); and a revision per event and
per venue, bumped only by changes their feeds show (0019)."""
from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, QueryableAttribute, mapped_column

from scheduler.database import UTCDateTime
from scheduler.extensions import Model
from scheduler.key_reads import read_row

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


class FeedScope(Model):
    """An event's or a venue's own revision: what moves its feeds (0019)."""

    __tablename__ = "feed_scope"

    kind: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bumped_by: Mapped[str | None] = mapped_column(sa.String(40))


# What has a revision of its own; a Scope is (one of them, its id).
SCOPES = ("event", "venue")
Scope = tuple[str, int]


class Revision(NamedTuple):
    value: int
    changed_at: datetime | None


def current_revision() -> Revision:
    """The data revision now, by primary key."""
    return revisions()[0]


def revisions(scopes: tuple[Scope, ...] = ()) -> tuple[Revision, tuple[Revision, ...]]:
    """The data revision and those of `scopes` (value -1: no such scope),
    in one statement by primary keys: one snapshot, one round trip."""
    row = read_row(_read(len(scopes)), _scope_parameters(scopes))
    assert row is not None, "migration 0007 made the row, which nothing deletes"
    value, changed_at, *found = row
    scoped = tuple(Revision(-1 if scope is None else scope, stamp)
                   for scope, stamp in zip(found[0::2], found[1::2], strict=True))
    return Revision(value, changed_at), scoped


# Built once per number of scopes (none, one or two): every poll runs one.
@functools.lru_cache(maxsize=4)
def _read(count: int) -> sa.Select[Any]:
    columns: list[sa.ColumnElement[Any] | QueryableAttribute[Any]] = [
        FeedRevision.value, FeedRevision.changed_at]
    for n in range(count):
        row = sa.and_(FeedScope.kind == sa.bindparam(f"kind_{n}"),
                      FeedScope.id == sa.bindparam(f"id_{n}"))
        columns += [sa.select(FeedScope.value).where(row).scalar_subquery(),
                    sa.select(FeedScope.changed_at).where(row).scalar_subquery()]
    return sa.select(*columns).where(FeedRevision.id == THE_ROW)


def _scope_parameters(scopes: tuple[Scope, ...]) -> dict[str, object]:
    return {name: value for n, (kind, scope_id) in enumerate(scopes)
            for name, value in ((f"kind_{n}", kind), (f"id_{n}", scope_id))}
