"""A booking that waits for the session row decides on what it finds once it
holds it, not on what it read before waiting."""
from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.errors import DomainError
from scheduler.events.models import EventSession, SessionStatus
from scheduler.extensions import db as database
from scheduler.registration.models import Registration
from scheduler.registration.rules import RegistrationClosed
from tests.factories import booked, make_event, make_session, make_user, make_venue


def test_a_session_cancelled_while_a_booking_waits_refuses_it(app, db):
    session_id = make_session(make_event(make_user(role=Role.organiser)), make_venue()).id
    outcome: list[object] = []

    def book() -> None:
        with app.app_context():
            event_session = database.session.get(EventSession, session_id)
            try:
                booked(event_session, name="Nino", email="nino@example.org")
                outcome.append("registered")
            except RegistrationClosed as refusal:
                outcome.append(refusal)

    # An organiser's transaction cancels the session and holds the row a while.
    with database.engine.connect() as organiser:
        table = EventSession.__table__
        organiser.execute(sa.update(table).where(table.c.id == session_id)
                          .values(status=SessionStatus.cancelled.value))
        booking = threading.Thread(target=book)
        booking.start()
        time.sleep(0.5)
        assert booking.is_alive()  # read the session as scheduled, now waits for it
        organiser.commit()
    booking.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], RegistrationClosed), outcome
    assert "cancelled" in outcome[0].message
    assert database.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


@pytest.mark.parametrize("through", ["service", "api"])
def test_bad_details_are_refused_without_waiting_for_the_session_row(app, db, through):
    """Details are checked before the row is held: a bad booking neither waits
    for the lock nor holds it."""
    session_id = make_session(make_event(make_user(role=Role.organiser)), make_venue()).id
    outcome: list[object] = []

    def book() -> None:
        if through == "api":
            response = app.test_client().post(f"/api/v1/sessions/{session_id}/registrations",
                                              json={"name": "Nino", "email": "nino@"})
            outcome.append(response.status_code)
            return
        with app.app_context():
            event_session = database.session.get(EventSession, session_id)
            try:
                booked(event_session, name="Nino", email="nino@")
            except DomainError as refusal:
                outcome.append(refusal.fields)

    # An organiser's transaction holds the session row (on SQLite the write lock).
    with database.engine.connect() as organiser:
        table = EventSession.__table__
        organiser.execute(sa.update(table).where(table.c.id == session_id)
                          .values(title="Moved"))
        booking = threading.Thread(target=book)
        booking.start()
        booking.join(timeout=5)
        refused_while_held = not booking.is_alive()
        organiser.rollback()
    booking.join(timeout=30)
    assert refused_while_held
    assert outcome in ([422], [{"email": "not a valid address"}]), outcome
