"""Writing a booking (scheduler.registration.writers): on PostgreSQL one
statement under the session's lock, on SQLite several; both must store the same."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler.events.models import RegistrationMode
from scheduler.mail import outbox
from scheduler.mail.models import OutboxMessage
from scheduler.registration import services
from scheduler.registration.emails import Notice
from scheduler.registration.models import Registration, RegistrationStatus as Status
from tests.factories import booked, make_session, make_venue
from tests.statements import statements_run


def book(event_session, number):
    return booked(event_session, name=f"Guest {number}",
                  email=f"guest{number}@example.org")


def outbox_row(db, message_id: int) -> dict:
    columns = OutboxMessage.__table__.c
    row = db.session.execute(sa.select(columns).where(columns.id == message_id)).one()
    return dict(row._mapping)


def test_the_email_row_a_booking_writes_is_the_one_the_outbox_writes(db, screening):
    registration = book(screening, 1).registration
    outbox.queue(registration.id, registration.email, Notice.confirmed)
    db.session.commit()
    written_with_booking, queued = (
        outbox_row(db, message_id) for message_id in db.session.scalars(
            sa.select(OutboxMessage.id).order_by(OutboxMessage.id)))
    ignored = {"id", "created_at", "send_after"}  # the row's own, and the clock's
    assert {key: value for key, value in written_with_booking.items() if key not in ignored} \
        == {key: value for key, value in queued.items() if key not in ignored}
    for stamp in ("created_at", "send_after"):  # due at once
        assert abs(written_with_booking[stamp] - registration.created_at) < timedelta(seconds=5)


def test_positions_counted_with_the_booking_are_the_waitlist(db, screening):
    receipts = [book(screening, number) for number in range(6)]  # three seats
    assert [receipt.position for receipt in receipts] == [None, None, None, 1, 2, 3]
    db.session.expire_all()
    assert [services.waitlist_position(db.session.get(Registration, receipt.registration.id))
            for receipt in receipts] == [None, None, None, 1, 2, 3]


def test_a_pending_booking_takes_no_seat_and_is_told_so(db, festival, screening):
    approval = make_session(festival, make_venue(), starts_at=screening.starts_at,
                            capacity=1, registration_mode=RegistrationMode.approval,
                            title="By approval")
    receipt = book(approval, 1)
    db.session.refresh(approval)
    assert (receipt.registration.status, receipt.position, approval.seats_taken) == (
        Status.pending, None, 0)
    assert db.session.scalar(sa.select(OutboxMessage.notice)) == "pending"


def test_on_postgresql_the_lock_is_held_for_one_statement_and_the_commit(db, screening):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no data-modifying WITH: there it is several statements")
    with statements_run() as statements:
        book(screening, 1)
    locked = next(number for number, sql in enumerate(statements) if "FOR UPDATE" in sql)
    after_the_lock = [sql.split()[0].upper() for sql in statements[locked + 1:]]
    assert after_the_lock == ["WITH", "COMMIT"]


def test_a_waitlist_place_is_counted_after_the_commit(db, screening):
    for number in range(3):  # three seats
        book(screening, number)
    with statements_run() as statements:
        receipt = book(screening, 3)
        assert not any("count(" in sql.lower() for sql in statements)
        assert receipt.position == 1
    counted = next(number for number, sql in enumerate(statements) if "count(" in sql.lower())
    assert counted > statements.index("COMMIT")


def test_a_booking_without_answers_asks_about_questions_only_in_the_session_row(db,
                                                                               screening):
    with statements_run() as statements:
        book(screening, 1)
    about_questions = [sql for sql in statements if "registration_question" in sql]
    assert len(about_questions) == 1 and "EXISTS" in about_questions[0].upper()
    assert "event_session" in about_questions[0]
