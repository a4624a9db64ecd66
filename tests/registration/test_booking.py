"""Writing a booking (scheduler.registration.writers): on PostgreSQL one
statement under the session's lock, on SQLite several; both must store the same."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.events.models import EventSession, RegistrationMode, SessionStatus
from scheduler.mail import outbox
from scheduler.mail.models import OutboxMessage
from scheduler.registration import booking, services, writers
from scheduler.registration.emails import Notice
from scheduler.registration.inputs import BookingInput
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.registration.rules import RegistrationClosed
from scheduler.transactions import unit_of_work
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


def postgresql_only(db) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no data-modifying WITH: there the write lock comes first")


def test_on_postgresql_the_lock_is_held_for_one_statement_and_the_commit(db, screening):
    postgresql_only(db)
    with statements_run() as statements:
        book(screening, 1)
    locked = [number for number, sql in enumerate(statements) if "FOR UPDATE" in sql]
    assert len(locked) == 1
    assert [sql.split()[0].upper() for sql in statements[locked[0]:]] == ["WITH", "COMMIT"]


def test_on_sqlite_the_write_lock_is_held_for_the_read_the_writes_and_the_commit(db, screening):
    """A session found full under the lock takes no seat: no UPDATE asks."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL locks the row in the writing statement")
    sent = []
    for number in range(4):  # three seats
        with statements_run() as statements:
            book(screening, number)
        locked = statements.index("BEGIN IMMEDIATE")
        sent.append([sql.split()[0].upper() for sql in statements[locked + 1:]])
    assert sent == [["SELECT", "UPDATE", "INSERT", "INSERT", "COMMIT"]] * 3 + [
        ["SELECT", "INSERT", "INSERT", "COMMIT"]]
    db.session.refresh(screening)
    assert (screening.seats_taken, screening.waitlist_length) == (3, 1)


def changed_once_read(db, monkeypatch, change) -> None:
    """The next booking's session is changed and committed elsewhere right
    after the booking read it, before it writes."""
    writer = writers.current()
    read = writer.read

    def read_then_changed(session_id):
        held = read(session_id)
        with db.engine.begin() as elsewhere:
            elsewhere.execute(sa.update(EventSession).where(EventSession.id == session_id)
                              .values(change))
        monkeypatch.setattr(writer, "read", read)
        return held

    monkeypatch.setattr(writer, "read", read_then_changed)


def test_a_session_cancelled_after_the_booking_read_it_is_judged_again(db, screening,
                                                                      monkeypatch):
    postgresql_only(db)
    changed_once_read(db, monkeypatch, {"status": SessionStatus.cancelled})
    with pytest.raises(RegistrationClosed):
        book(screening, 1)
    db.session.refresh(screening)
    assert screening.seats_taken == 0
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_a_session_changed_but_still_open_takes_the_booking_under_the_lock(db, screening,
                                                                          monkeypatch):
    postgresql_only(db)
    changed_once_read(db, monkeypatch, {"starts_at": screening.starts_at + timedelta(hours=1)})
    with statements_run() as statements:
        receipt = book(screening, 1)
    assert receipt.registration.status is Status.confirmed
    # The write found the change and wrote nothing; the row was held, read and
    # judged again, and the second write took the seat.
    assert sum("FOR UPDATE" in sql for sql in statements) == 3
    db.session.refresh(screening)
    assert screening.seats_taken == 1


def test_on_postgresql_a_session_in_demand_is_booked_in_one_statement_and_the_commit(
        db, screening):
    postgresql_only(db)
    book(screening, 1)
    db.session.refresh(screening)  # read here, not as the booking starts
    with statements_run() as statements:
        book(screening, 2)
    assert [sql.split()[0].upper() for sql in statements] == ["WITH", "COMMIT"]


def test_on_postgresql_the_driver_keeps_the_booking_statements_parsed(db, screening):
    """psycopg keeps the parse of a statement's parameters only while it has
    at most MAX_CACHED_STATEMENT_LENGTH characters and MAX_CACHED_STATEMENT_PARAMS
    parameters; past that it parsed the writing statement again on every
    booking, a sixth of the app's own instructions per booking."""
    postgresql_only(db)
    from psycopg import _queries
    sent = []

    def record(_connection, _cursor, statement, parameters, *_rest):
        sent.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        book(screening, 1)
        book(screening, 2)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert any(statement.startswith("WITH") for statement, _ in sent)
    for statement, parameters in sent:
        assert len(statement) <= _queries.MAX_CACHED_STATEMENT_LENGTH, statement
        assert len(parameters) <= _queries.MAX_CACHED_STATEMENT_PARAMS, statement


def test_a_session_added_in_the_same_unit_of_work_is_booked_in_it(db, festival, screening):
    """The booking reads what its own transaction wrote: a session added and
    booked before the commit is found, on either database."""
    data = BookingInput.parse({"name": "Guest 1", "email": "guest1@example.org"})
    with unit_of_work():
        with db.session.no_autoflush:
            added = EventSession(event=festival, capacity=2, title="Added")
            added.place(screening.venue, screening.starts_at + timedelta(days=1),
                        screening.ends_at + timedelta(days=1))
        db.session.add(added)
        db.session.flush()
        receipt = booking.book(added.id, data, actor=None)
    assert receipt.registration.status is Status.confirmed
    db.session.refresh(added)
    assert added.seats_taken == 1


def set_status(db, event_session, status: SessionStatus) -> None:
    with db.engine.begin() as elsewhere:
        elsewhere.execute(sa.update(EventSession).where(EventSession.id == event_session.id)
                          .values(status=status))


def test_a_session_cancelled_since_its_last_booking_is_refused(db, screening):
    book(screening, 1)
    set_status(db, screening, SessionStatus.cancelled)
    with pytest.raises(RegistrationClosed):
        book(screening, 2)
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 1


def test_a_session_reopened_since_a_refusal_takes_the_next_booking(db, screening):
    set_status(db, screening, SessionStatus.cancelled)
    with pytest.raises(RegistrationClosed):
        book(screening, 1)
    set_status(db, screening, SessionStatus.scheduled)
    assert book(screening, 2).registration.status is Status.confirmed


def test_waitlist_places_follow_the_writing_when_app_clocks_disagree(db, screening,
                                                                     monkeypatch):
    """Several app servers judge bookings by their own clocks; the waitlist is
    stamped by the writer's (on PostgreSQL the database's), under the lock."""
    skews = iter([timedelta(hours=1), -timedelta(hours=1)] * 3)
    monkeypatch.setattr(booking, "utcnow", lambda: datetime.now(UTC) + next(skews))
    receipts = [book(screening, number) for number in range(6)]  # three seats
    assert [receipt.position for receipt in receipts] == [None, None, None, 1, 2, 3]
    waitlist = db.session.scalars(sa.select(Registration.id).where(
        Registration.status == Status.waitlisted)
        .order_by(Registration.waitlisted_at, Registration.id)).all()
    assert waitlist == [receipt.registration.id for receipt in receipts[3:]]


def test_a_new_waitlist_place_is_read_from_the_session_not_counted(db, screening):
    for number in range(3):  # three seats
        book(screening, number)
    with statements_run() as statements:
        receipts = [book(screening, number) for number in range(3, 5)]
    assert [receipt.position for receipt in receipts] == [1, 2]
    assert not any("count(" in sql.lower() for sql in statements)


def test_the_waitlist_length_follows_bookings_and_their_changes(db, owner, screening):
    receipts = [book(screening, number) for number in range(7)]  # three seats
    with unit_of_work():
        services.cancel(receipts[0].registration)  # the first in line is promoted
        services.decline(receipts[4].registration, actor=owner)
    screening.registration_mode = RegistrationMode.approval
    db.session.commit()
    pending = book(screening, 7).registration
    with unit_of_work():
        services.approve(pending, actor=owner)  # full: joins the waitlist
    db.session.refresh(screening)
    waiting = db.session.scalars(sa.select(Registration).where(
        Registration.event_session_id == screening.id,
        Registration.status == Status.waitlisted)
        .order_by(Registration.waitlisted_at, Registration.id)).all()
    assert [r.email for r in waiting] == ["guest5@example.org", "guest6@example.org",
                                          "guest7@example.org"]
    assert screening.waitlist_length == 3
    assert [services.waitlist_position(r) for r in waiting] == [1, 2, 3]


def test_a_booking_without_answers_asks_about_questions_only_in_the_session_row(db,
                                                                               screening):
    with statements_run() as statements:
        book(screening, 1)
    # The read of the session row, and on PostgreSQL the writing statement's
    # check that it still stands.
    about_questions = [sql for sql in statements if "registration_question" in sql]
    assert len(about_questions) == (2 if db.engine.dialect.name == "postgresql" else 1)
    assert all("EXISTS" in sql.upper() and "event_session" in sql for sql in about_questions)
