"""Waiting for SQLite's one write lock (scheduler.database.lock_for_writing):
short pauses between tries, the busy timeout kept, and the connection's own
busy timeout as it was afterwards."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pytest
import sqlalchemy as sa

from scheduler import create_app, database, extensions
from scheduler.events.models import EventSession


class Clock:
    """time for scheduler.database: sleeping moves the clock on at once, and
    `on_sleep` runs at each pause, so a test decides when the lock is let go."""

    def __init__(self, on_sleep):
        self.now, self.pauses, self.on_sleep = 0.0, [], on_sleep

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds
        self.on_sleep(len(self.pauses))


@pytest.fixture
def sqlite_db(tmp_path) -> Iterator[tuple[sa.orm.scoped_session, str]]:
    path = str(tmp_path / "lock.db")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "x"})
    with app.app_context():
        # Connected before another writer holds the lock: connecting switches the
        # new file to WAL, which needs it.
        assert busy_timeout(extensions.db.session) == database.SQLITE_BUSY_TIMEOUT_MS
        yield extensions.db.session, path
        extensions.db.session.remove()
        extensions.db.engine.dispose()


def busy_timeout(session) -> int:
    return session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()


def test_a_writer_tries_again_soon_after_another_lets_the_lock_go(sqlite_db, monkeypatch):
    session, path = sqlite_db
    with closing(sqlite3.connect(path, isolation_level=None, timeout=0)) as other_writer:
        other_writer.execute("BEGIN IMMEDIATE")
        clock = Clock(on_sleep=lambda pauses: pauses == 4 and other_writer.execute("COMMIT"))
        monkeypatch.setattr(database, "time", clock)
        database.lock_for_writing(session, EventSession, 1)
        # Held now: another writer is refused at once.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other_writer.execute("BEGIN IMMEDIATE")
    assert clock.pauses == [0.0001, 0.0002, 0.0004, 0.0008]
    assert busy_timeout(session) == database.SQLITE_BUSY_TIMEOUT_MS
    session.rollback()


def test_a_writer_gives_up_after_the_busy_timeout(sqlite_db, monkeypatch):
    session, path = sqlite_db
    with closing(sqlite3.connect(path, isolation_level=None, timeout=0)) as other_writer:
        other_writer.execute("BEGIN IMMEDIATE")
        clock = Clock(on_sleep=lambda _: None)
        monkeypatch.setattr(database, "time", clock)
        monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 200)  # fewer tries
        # The error the app answers 503 to (errors.DATABASE_UNAVAILABLE).
        with pytest.raises(sa.exc.OperationalError, match="locked"):
            database.lock_for_writing(session, EventSession, 1)
        other_writer.execute("COMMIT")
    assert database.SQLITE_BUSY_TIMEOUT_MS / 1000 - 0.002 <= clock.now \
        <= database.SQLITE_BUSY_TIMEOUT_MS / 1000
    assert max(clock.pauses) == 0.002
    session.rollback()
    assert busy_timeout(session) == database.SQLITE_BUSY_TIMEOUT_MS
