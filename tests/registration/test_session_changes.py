"""The use cases that change sessions under their registrations: the change,
the notices and the waitlist's promotions are one unit of work."""
from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler.events.inputs import SessionInput
from scheduler.events.models import SessionStatus
from scheduler.registration import services as registrations, session_changes
from scheduler.registration.models import RegistrationStatus as Status
from scheduler.transactions import unit_of_work
from tests.factories import make_registration, make_session, make_venue
from tests.registration.conftest import SOON, emails, registrations as stored


@pytest.fixture
def full(db, festival):
    """Two seats, both taken; one waiting, one who cancelled (and is not told)."""
    event_session = make_session(festival, make_venue(capacity=10), starts_at=SOON,
                                 capacity=2, seats_taken=2, title="Opening night")
    for name in ("nino", "giorgi"):
        make_registration(event_session, email=f"{name}@example.org")
    make_registration(event_session, email="levan@example.org", status=Status.waitlisted)
    make_registration(event_session, email="gone@example.org", status=Status.cancelled)
    return event_session


ACTIVE = {"nino@example.org", "giorgi@example.org", "levan@example.org"}


def told(db, subject_start: str) -> set[str]:
    return {recipient for recipient, subject in emails(db) if subject.startswith(subject_start)}


def later(event_session, hours: int = 1) -> SessionInput:
    return SessionInput.of(event_session).changed(
        starts_at=event_session.starts_at + timedelta(hours=hours),
        ends_at=event_session.ends_at + timedelta(hours=hours))


def test_a_reschedule_tells_every_active_registration(db, owner, full):
    with unit_of_work():
        session_changes.update_session(full, later(full), actor=owner)
    assert told(db, "Changed time or place") == ACTIVE
    assert full.sequence == 1


def test_a_new_title_alone_tells_nobody(db, owner, full):
    with unit_of_work():
        session_changes.update_session(
            full, SessionInput.of(full).changed(title="Renamed"), actor=owner)
    assert emails(db) == []


def test_freed_seats_go_to_the_waitlist_in_the_same_unit_of_work(db, owner, full):
    with unit_of_work():
        session_changes.update_session(
            full, SessionInput.of(full).changed(capacity=3), actor=owner)
    assert {r.email: r.status for r in stored(db, full)}["levan@example.org"] is Status.confirmed
    assert full.seats_taken == 3
    assert told(db, "A seat opened up for you") == {"levan@example.org"}


def test_cancelling_tells_everyone_once(db, owner, full):
    for _ in range(2):
        with unit_of_work():
            session_changes.cancel_session(full, actor=owner)
    assert full.status is SessionStatus.cancelled and full.sequence == 1
    assert told(db, "Cancelled: Opening night") == ACTIVE
    assert len(emails(db)) == len(ACTIVE)


def test_cancelling_the_event_tells_only_sessions_still_to_come(db, owner, festival, full):
    over = make_session(festival, full.venue, starts_at=SOON - timedelta(days=30),
                        title="Last year's")
    make_registration(over, email="past@example.org")
    with unit_of_work():
        session_changes.cancel_event(festival, actor=owner, now=SOON - timedelta(days=1))
    assert (full.status, over.status) == (SessionStatus.cancelled, SessionStatus.scheduled)
    assert told(db, "Cancelled") == ACTIVE


def test_a_failure_after_the_change_undoes_the_change_and_its_notices(
        db, owner, full, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the waitlist could not be read")

    monkeypatch.setattr(registrations, "promote", broken)
    starts_at = full.starts_at
    moved_and_wider = later(full).changed(capacity=3)
    with pytest.raises(RuntimeError), unit_of_work():
        session_changes.update_session(full, moved_and_wider, actor=owner)
    db.session.expire_all()
    assert (full.starts_at, full.capacity, full.sequence) == (starts_at, 2, 0)
    assert emails(db) == []
