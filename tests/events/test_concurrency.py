"""Two organisers saving the same slot at the same moment: exactly one wins."""
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from scheduler.accounts.models import Role, User
from scheduler.events import scheduling
from scheduler.events.inputs import SessionInput
from scheduler.events.models import Event, EventSession
from scheduler.events.sessions import VenueConflict
from scheduler.extensions import db as database
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_session, make_user, make_venue

ATTEMPTS = 8


@pytest.fixture
def contested(app):
    with app.app_context():
        owner = make_user(role=Role.organiser)
        event = make_event(owner)
        venue = make_venue(changeover_minutes=10)
        return owner.id, event.id, venue.id


def attempt_all_at_once(app, owner_id, event_id, venue_id) -> list[str]:
    """Each thread has its own app context, so its own connection and transaction."""
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []

    def attempt(offset_minutes: int) -> None:
        with app.app_context():
            owner = database.session.get(User, owner_id)
            event = database.session.get(Event, event_id)
            start = datetime(2026, 12, 14, 19, 0) + timedelta(minutes=offset_minutes)
            data = SessionInput(venue_id=venue_id, starts_at=start,
                                ends_at=start + timedelta(hours=2))
            barrier.wait()
            try:
                with unit_of_work():
                    scheduling.schedule_session(event, data, actor=owner)
                outcomes.append("won")
            except VenueConflict:
                outcomes.append("conflict")
            except OperationalError as exc:
                # PostgreSQL may break a cycle of inserts waiting on each other's exclusion
                # checks by aborting one: refused too, just under another name.
                deadlocked = getattr(exc.orig, "sqlstate", None) == "40P01"
                outcomes.append("deadlock" if deadlocked else repr(exc))
            except Exception as exc:  # anything else is a failure to report
                outcomes.append(repr(exc))
            finally:
                database.session.remove()

    threads = [threading.Thread(target=attempt, args=(n * 5,)) for n in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_conflicting_creations_exactly_one_wins(app, contested):
    outcomes = attempt_all_at_once(app, *contested)
    assert sorted(outcomes) == ["conflict"] * (ATTEMPTS - 1) + ["won"]
    with app.app_context():
        assert database.session.scalar(
            sa.select(sa.func.count()).select_from(EventSession)) == 1


def test_without_the_lock_the_database_still_lets_only_one_win(app, contested, monkeypatch):
    monkeypatch.setattr(scheduling, "lock_for_writing", lambda *args: None)
    outcomes = attempt_all_at_once(app, *contested)
    assert len(outcomes) == ATTEMPTS and outcomes.count("won") == 1
    assert set(outcomes) - {"won"} <= {"conflict", "deadlock"}, outcomes
    with app.app_context():
        assert database.session.scalar(
            sa.select(sa.func.count()).select_from(EventSession)) == 1


def test_database_refuses_overlapping_rows_written_directly(db):
    owner = make_user(role=Role.organiser)
    event = make_event(owner)
    venue = make_venue(changeover_minutes=15)
    start = datetime(2026, 12, 14, 15, 0, tzinfo=UTC)
    first = make_session(event, venue, starts_at=start, hours=2)
    with pytest.raises(IntegrityError):
        make_session(event, venue, starts_at=start + timedelta(hours=2, minutes=10))
    db.session.rollback()
    make_session(event, venue, starts_at=start + timedelta(hours=2, minutes=15))
    moved = make_session(event, venue, starts_at=start + timedelta(hours=5))
    with pytest.raises(IntegrityError):
        moved.place(venue, start + timedelta(minutes=30), start + timedelta(hours=1))
        db.session.commit()
    db.session.rollback()
    first.status = first.status.cancelled
    db.session.commit()
    make_session(event, venue, starts_at=start)  # a cancelled slot is free again
