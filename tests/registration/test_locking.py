"""A booking that waits for the session row decides on what it finds once it
holds it, not on what it read before waiting."""
from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import EventSession, SessionStatus
from scheduler.extensions import db as database
from scheduler.registration import services
from scheduler.registration.models import Registration
from scheduler.registration.rules import RegistrationClosed
from tests.factories import make_event, make_session, make_user, make_venue


def test_a_session_cancelled_while_a_booking_waits_refuses_it(app, db):
    session_id = make_session(make_event(make_user(role=Role.organiser)), make_venue()).id
    outcome: list[object] = []

    def book() -> None:
        with app.app_context():
            event_session = database.session.get(EventSession, session_id)
            try:
                services.register(event_session, name="Nino", email="nino@example.org")
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
