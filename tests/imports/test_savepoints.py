"""Scheduling services composed in one unit of work, each in a savepoint, as
the import runs them."""
from __future__ import annotations

import threading
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role, User
from scheduler.events import scheduling
from scheduler.events.inputs import SessionInput
from scheduler.events.models import Event, EventSession
from scheduler.events.sessions import VenueConflict
from scheduler.extensions import db as database
from scheduler.imports.services import Action, commit_import
from scheduler.imports.venues import VenueDefaults
from scheduler.transactions import savepoint, unit_of_work
from tests.factories import make_event, make_user, make_venue
from tests.imports.calendars import NOW, calendar, vevent

EVENING = datetime(2027, 12, 14, 15, 0, tzinfo=UTC)


def slot(venue, hours_later: float) -> SessionInput:
    start = EVENING + timedelta(hours=hours_later)
    return SessionInput(venue_id=venue.id, starts_at=start, ends_at=start + timedelta(hours=2),
                        title=f"At +{hours_later}h")


def titles(db) -> list[str]:
    db.session.rollback()
    return sorted(db.session.scalars(sa.select(EventSession.title)))


@pytest.fixture
def scene(db):
    owner = make_user(role=Role.organiser)
    return owner, make_event(owner), make_venue(capacity=40)


def schedule(event, data, owner) -> None:
    with savepoint():
        scheduling.schedule_session(event, data, actor=owner)


class Undo(Exception):
    pass


@pytest.mark.parametrize("keep", [True, False])
def test_steps_are_kept_or_dropped_together(db, scene, keep):
    owner, event, venue = scene
    with pytest.raises(Undo) if not keep else nullcontext(), unit_of_work():
        schedule(event, slot(venue, 0), owner)
        with pytest.raises(VenueConflict):
            schedule(event, slot(venue, 1), owner)
        schedule(event, slot(venue, 3), owner)
        if not keep:
            raise Undo
    assert titles(db) == (["At +0h", "At +3h"] if keep else [])


class BlindOnce:
    """find_conflict that misses the first conflict it is asked about."""

    def __init__(self, real) -> None:
        self.real, self.blind = real, True

    def __call__(self, *args, **kwargs):
        if self.blind:
            self.blind = False
            return None
        return self.real(*args, **kwargs)


def test_a_write_the_database_refuses_undoes_only_its_step(db, scene, monkeypatch):
    """The database's overlap guard catches what the check missed; the step
    becomes a named conflict and the rest of the unit of work goes on."""
    owner, event, venue = scene
    with unit_of_work():
        schedule(event, slot(venue, 0), owner)
        monkeypatch.setattr(scheduling, "find_conflict", BlindOnce(scheduling.find_conflict))
        with pytest.raises(VenueConflict) as refusal:
            schedule(event, slot(venue, 1), owner)
        assert "At +0h" in refusal.value.message
        schedule(event, slot(venue, 4), owner)
    assert titles(db) == ["At +0h", "At +4h"]


def test_two_imports_of_one_file_at_once_make_each_session_once(app):
    """Each import holds the event's row, so the second reads what the first
    stored and updates (here: leaves unchanged) instead of duplicating."""
    with app.app_context():
        owner = make_user(role=Role.organiser)
        event_id, owner_id = make_event(owner).id, owner.id
        make_venue(name="Amirani")
    text = calendar(*(vevent(f"s{n}@partner", start=f"DTSTART:202712{10 + n}T150000Z",
                             end=f"DTEND:202712{10 + n}T170000Z") for n in range(6)))
    barrier, outcomes = threading.Barrier(2), []

    def run() -> None:
        with app.app_context():
            event = database.session.get(Event, event_id)
            actor = database.session.get(User, owner_id)
            barrier.wait()
            try:
                with unit_of_work():
                    report = commit_import(event, text, VenueDefaults(), actor=actor, now=NOW)
                outcomes.append(sorted({line.action.value for line in report.lines}))
            except Exception as exc:  # anything else is a failure to report
                outcomes.append([repr(exc)])
            finally:
                database.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [[Action.create.value], [Action.unchanged.value]]
    with app.app_context():
        assert database.session.scalar(sa.select(sa.func.count(EventSession.id))) == 6
