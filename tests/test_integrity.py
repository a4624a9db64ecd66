"""Rules the database itself enforces, whatever the Python code does."""
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DataError, IntegrityError

from scheduler.accounts.models import Role, User
from scheduler.database import utcnow
from scheduler.events.models import Event, EventSession
from scheduler.registration.models import Registration, RegistrationStatus
from scheduler.venues.models import Venue
from tests.factories import make_event, make_registration, make_session, make_user, make_venue


@pytest.fixture
def screening(db):
    owner = make_user(role=Role.organiser)
    return make_session(make_event(owner), make_venue(capacity=2), capacity=2)


def refused(db, change):
    """Apply `change`, expect the database to refuse it, and leave a clean session."""
    # PostgreSQL reports an over-long value as a DataError, SQLite checks it.
    with pytest.raises((IntegrityError, DataError)):
        change()
        db.session.commit()
    db.session.rollback()


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_one_active_registration_per_email_and_session(db, screening):
    make_registration(screening, email="nino@example.org")
    refused(db, lambda: make_registration(screening, email="nino@example.org",
                                          status=RegistrationStatus.waitlisted))
    assert count(db, Registration) == 1


def test_cancelled_and_declined_registrations_do_not_block_a_new_one(db, screening):
    make_registration(screening, email="nino@example.org", status=RegistrationStatus.cancelled)
    make_registration(screening, email="nino@example.org", status=RegistrationStatus.declined)
    make_registration(screening, email="nino@example.org")
    assert count(db, Registration) == 3


@pytest.mark.parametrize("email", ["Nino@example.org", " nino@example.org"])
def test_registration_email_must_be_normalised(db, screening, email):
    refused(db, lambda: make_registration(screening, email=email))


def test_waitlisted_registration_needs_its_place(db, screening):
    refused(db, lambda: make_registration(screening, email="a@example.org",
                                          status=RegistrationStatus.waitlisted,
                                          waitlisted_at=None))


@pytest.mark.parametrize("column, value", [
    ("capacity", 0), ("capacity", -5), ("seats_taken", 3), ("seats_taken", -1),
    ("sequence", -1), ("waitlist_length", -1), ("ends_at", datetime(2000, 1, 1, tzinfo=UTC)),
    ("registration_closes_at", datetime(2000, 1, 1, tzinfo=UTC)),
])
def test_session_checks(db, screening, column, value):
    screening.registration_opens_at = utcnow()
    db.session.commit()
    refused(db, lambda: setattr(screening, column, value))


@pytest.mark.parametrize("column, value", [
    ("capacity", 0), ("changeover_minutes", -10), ("country", "ge"), ("country", "GEO"),
])
def test_venue_checks(db, column, value):
    venue = make_venue()
    refused(db, lambda: setattr(venue, column, value))


def test_unknown_enum_values_are_refused_by_the_database(db, screening):
    with pytest.raises(IntegrityError):
        db.session.execute(sa.text(
            "UPDATE event_session SET status = 'postponed' WHERE id = :id"),
            {"id": screening.id})
    db.session.rollback()


def waitlist_lengths(db) -> dict[int, tuple[int, int]]:
    """Each session's kept waitlist length beside its waitlisted rows counted."""
    sessions, rows = EventSession.__table__.c, Registration.__table__.c
    counted = sa.func.count(rows.id).filter(rows.status == "waitlisted")
    return {row.id: (row.waitlist_length, row.counted) for row in db.session.execute(
        sa.select(sessions.id, sessions.waitlist_length, counted.label("counted"))
        .outerjoin(Registration.__table__, rows.event_session_id == sessions.id)
        .group_by(sessions.id, sessions.waitlist_length))}


def test_the_waitlist_length_is_kept_whoever_writes(db, screening):
    other = make_session(screening.event, make_venue(), capacity=2)
    joined = ("INSERT INTO registration (event_session_id, name, email, cancel_token_hash,"
              " guest, check_in_code, language, status, waitlisted_at, created_at, updated_at,"
              " status_revision) VALUES (:session, 'N', :email, :email, false, :email, 'en',"
              " 'waitlisted', :now, :now, :now, 1)")
    changes = [
        ("UPDATE registration SET status = 'confirmed', waitlisted_at = NULL"
         " WHERE email = 'a@example.org'"),
        "UPDATE registration SET event_session_id = :other WHERE email = 'b@example.org'",
        "UPDATE registration SET name = 'Nino' WHERE email = 'c@example.org'",
        "DELETE FROM registration WHERE email = 'c@example.org'",
    ]
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        db.session.execute(sa.text(joined), {
            "session": screening.id, "email": email, "now": utcnow()})
    db.session.commit()
    assert waitlist_lengths(db) == {screening.id: (3, 3), other.id: (0, 0)}
    for change in changes:
        db.session.execute(sa.text(change), {"other": other.id})
        db.session.commit()
        lengths = waitlist_lengths(db)
        assert all(kept == counted for kept, counted in lengths.values()), change
    assert lengths == {screening.id: (0, 0), other.id: (1, 1)}


def test_deleting_an_event_takes_its_sessions_and_registrations(db, screening):
    make_registration(screening, email="nino@example.org")
    db.session.execute(sa.delete(Event).where(Event.id == screening.event_id))
    db.session.commit()
    assert (count(db, EventSession), count(db, Registration)) == (0, 0)


def test_a_venue_in_use_cannot_be_deleted(db, screening):
    refused(db, lambda: db.session.execute(sa.delete(Venue).where(Venue.id == screening.venue_id)))
    assert count(db, Venue) == 1


def test_an_organiser_with_events_cannot_be_deleted(db, screening):
    refused(db, lambda: db.session.execute(
        sa.delete(User).where(User.id == screening.event.owner_id)))


def test_closing_an_account_keeps_its_registrations(db, screening):
    attendee = make_user(email="nino@example.org")
    make_registration(screening, email="nino@example.org", user=attendee)
    db.session.execute(sa.delete(User).where(User.id == attendee.id))
    db.session.commit()
    db.session.expire_all()
    registration = db.session.scalars(sa.select(Registration)).one()
    assert registration.user_id is None and registration.email == "nino@example.org"


def test_times_come_back_aware_in_utc(db, screening):
    start = datetime(2026, 12, 14, 19, 0, tzinfo=timezone(timedelta(hours=4)))
    screening.place(screening.venue, start, start + timedelta(hours=2))
    db.session.commit()
    db.session.expire_all()
    assert screening.starts_at == datetime(2026, 12, 14, 15, 0, tzinfo=UTC)
    assert screening.starts_at.tzinfo == UTC


def test_naive_times_are_refused(db, screening):
    screening.starts_at = datetime(2026, 12, 14, 19, 0)
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        db.session.commit()
    db.session.rollback()
