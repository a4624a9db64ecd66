"""One definition of open seats: what the model says, what SQL filters on and
what a public booking can take are the same number, whatever the counts."""
from __future__ import annotations

from itertools import product

import sqlalchemy as sa

from scheduler.events.models import EventSession
from scheduler.registration import seats

CAPACITY = 3


def states():
    """Every (taken, guests among them, held back) a three-seat session allows."""
    for taken, reserved in product(range(CAPACITY + 1), repeat=2):
        for guests in range(taken + 1):
            yield taken, guests, reserved


def put(db, event_session: EventSession, state: tuple[int, int, int]) -> None:
    """Set the counts in the open transaction, for the test to roll back."""
    taken, guests, reserved = state
    db.session.execute(sa.update(EventSession).where(EventSession.id == event_session.id)
                       .values(seats_taken=taken, guest_seats_taken=guests,
                               reserved_seats=reserved))
    db.session.refresh(event_session)


def test_model_sql_and_booking_agree(db, screening):
    for state in states():
        taken, guests, reserved = state
        put(db, screening, state)
        in_python = screening.open_seats
        in_sql = db.session.scalar(sa.select(EventSession.open_seats)
                                   .where(EventSession.id == screening.id))
        listed = db.session.scalar(sa.select(sa.func.count()).where(
            EventSession.id == screening.id, EventSession.open_seats > 0))
        took = seats.take_seat(screening.id)
        db.session.rollback()
        put(db, screening, state)
        guest_took = seats.take_seat(screening.id, guest=True)
        db.session.rollback()
        assert in_python == max(CAPACITY - taken - max(reserved - guests, 0), 0), state
        assert (in_sql, listed, took) == (in_python, int(in_python > 0), in_python > 0), state
        # Invited guests may take held-back seats too: any free seat.
        assert guest_took == (taken < CAPACITY), state


def test_pages_tell_the_public_what_it_can_book(client, db, screening):
    screening.reserved_seats = 2
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    session_page = client.get(f"/sessions/{screening.id}").get_data(as_text=True)
    assert "1 of 3" in home and "1 of 3 seats left" in session_page
