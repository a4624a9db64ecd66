from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.errors import DomainError, Forbidden, NotFound
from scheduler.events.inputs import SessionInput
from scheduler.events.models import EventSession, EventStatus, SessionStatus
from scheduler.events.scheduling import (
    cancel_session,
    schedule_on_dates,
    schedule_session,
    update_session,
)
from scheduler.events.sessions import VenueConflict
from scheduler.films.models import Film
from tests.factories import make_event, make_registration, make_user, make_venue


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org")


@pytest.fixture
def hall(db):
    return make_venue(name="Amirani", capacity=40, changeover_minutes=15)


@pytest.fixture
def festival(owner):
    return make_event(owner, title="Festival", slug="festival")


def evening(hall, hour=19, minute=0, minutes=120, day=14, **extra) -> SessionInput:
    start = datetime(2026, 12, day, hour, minute)
    return SessionInput(venue_id=hall.id, starts_at=start,
                        ends_at=start + timedelta(minutes=minutes), **extra)


def count_sessions(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(EventSession))


def test_local_time_at_the_venue_is_stored_in_utc(festival, hall, owner):
    screening = schedule_session(festival, evening(hall), actor=owner)
    assert screening.starts_at == datetime(2026, 12, 14, 15, 0, tzinfo=UTC)
    assert screening.capacity == 40  # the venue's, when none is given
    assert screening.blocked_until == datetime(2026, 12, 14, 17, 15, tzinfo=UTC)
    assert screening.sequence == 0 and screening.uid


def test_times_with_an_offset_are_instants(festival, hall, owner):
    start = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)
    data = SessionInput(venue_id=hall.id, starts_at=start, ends_at=start + timedelta(hours=1))
    assert schedule_session(festival, data, actor=owner).starts_at == start


def test_overlap_in_one_venue_is_a_conflict_naming_the_other(db, festival, hall, owner):
    first = schedule_session(festival, evening(hall), actor=owner)
    with pytest.raises(VenueConflict) as conflict:
        schedule_session(festival, evening(hall, hour=20), actor=owner)
    assert conflict.value.status == 409
    assert conflict.value.details["conflicting_session_id"] == first.id
    assert "Amirani is taken then" in conflict.value.message
    assert count_sessions(db) == 1


def test_changeover_is_respected_and_back_to_back_is_fine(db, festival, hall, owner):
    schedule_session(festival, evening(hall, hour=16, minutes=120), actor=owner)
    with pytest.raises(VenueConflict):  # 18:10 is inside the 15-minute changeover
        schedule_session(festival, evening(hall, hour=18, minute=10), actor=owner)
    schedule_session(festival, evening(hall, hour=18, minute=15), actor=owner)
    other_hall = make_venue(name="Hall B")
    schedule_session(festival, evening(other_hall, hour=16), actor=owner)
    assert count_sessions(db) == 3


def test_cancelled_sessions_never_conflict(db, festival, hall, owner):
    first = schedule_session(festival, evening(hall), actor=owner)
    cancel_session(first, actor=owner)
    schedule_session(festival, evening(hall), actor=owner)
    assert count_sessions(db) == 2


@pytest.mark.parametrize("changes, field", [
    ({"ends_at": datetime(2026, 12, 14, 18, 0)}, "ends_at"),
    ({"capacity": 41}, "capacity"),
    ({"capacity": 0}, "capacity"),
    ({"capacity": "many"}, "capacity"),
    ({"venue_id": 999_999}, "venue_id"),
    ({"film_id": 999_999}, "film_id"),
    ({"registration_mode": "lottery"}, "registration_mode"),
    ({"title": "x" * 301}, "title"),
    ({"title": "nul\x00byte"}, "title"),
    ({"starts_at": datetime(1900, 1, 1, 10, 0)}, "starts_at"),
    ({"ends_at": datetime(2027, 2, 1, 10, 0)}, "ends_at"),
    ({"registration_opens_at": datetime(2026, 12, 10, 10, 0),
      "registration_closes_at": datetime(2026, 12, 9, 10, 0)}, "registration_closes_at"),
])
def test_bad_session_input_names_the_field(db, festival, hall, owner, changes, field):
    with pytest.raises(DomainError) as refusal:
        schedule_session(festival, evening(hall).changed(**changes), actor=owner)
    assert field in refusal.value.fields
    assert count_sessions(db) == 0


def test_a_local_time_that_does_not_exist_is_refused(db, festival, owner):
    amsterdam = make_venue(name="Schiphol", city="Schiphol", country="NL",
                           timezone="Europe/Amsterdam")
    data = SessionInput(venue_id=amsterdam.id, starts_at=datetime(2027, 3, 28, 2, 30),
                        ends_at=datetime(2027, 3, 28, 4, 0))
    with pytest.raises(DomainError) as refusal:
        schedule_session(festival, data, actor=owner)
    assert "does not exist" in refusal.value.fields["starts_at"]
    assert "clocks go forward" in refusal.value.message


def test_screening_must_fit_the_film_and_its_q_and_a(db, festival, hall, owner):
    film = Film(title="Flee", runtime_minutes=89)
    db.session.add(film)
    db.session.commit()
    with pytest.raises(DomainError) as refusal:
        schedule_session(festival, evening(hall, minutes=100, film_id=film.id, qa_minutes=30),
                         actor=owner)
    assert "119 minutes" in refusal.value.fields["ends_at"]
    screening = schedule_session(
        festival, evening(hall, minutes=119, film_id=film.id, qa_minutes=30), actor=owner)
    assert screening.film.title == "Flee"


def test_several_dates_at_once(db, festival, hall, owner):
    days = [date(2026, 12, d) for d in (14, 15, 17, 18)]
    created = schedule_on_dates(festival, evening(hall), days, time(19), time(21), actor=owner)
    local_days = [s.starts_at.astimezone(hall.zone).date() for s in created]
    assert local_days == days
    assert {s.starts_at.astimezone(hall.zone).hour for s in created} == {19}


def test_several_dates_are_all_or_nothing(db, festival, hall, owner):
    schedule_session(festival, evening(hall, day=17), actor=owner)
    days = [date(2026, 12, d) for d in (14, 15, 17, 18)]
    with pytest.raises(VenueConflict) as conflict:
        schedule_on_dates(festival, evening(hall), days, time(19), time(21), actor=owner)
    assert "Dec 17" in conflict.value.message
    assert count_sessions(db) == 1


def test_late_screening_ends_after_midnight(db, festival, hall, owner):
    [late] = schedule_on_dates(festival, evening(hall), [date(2026, 12, 14)],
                               time(22, 30), time(0, 45), actor=owner)
    assert late.ends_at - late.starts_at == timedelta(hours=2, minutes=15)


def test_rescheduling_bumps_sequence_and_is_checked(db, festival, hall, owner):
    first = schedule_session(festival, evening(hall, hour=16), actor=owner)
    second = schedule_session(festival, evening(hall, hour=19), actor=owner)
    update_session(second, SessionInput.of(second).changed(title="New title"), actor=owner)
    assert second.sequence == 0
    update_session(second, SessionInput.of(second).changed(
        starts_at=datetime(2026, 12, 14, 20, 0), ends_at=datetime(2026, 12, 14, 22, 0)),
        actor=owner)
    assert second.sequence == 1
    with pytest.raises(VenueConflict) as conflict:
        update_session(second, SessionInput.of(second).changed(
            starts_at=datetime(2026, 12, 14, 17, 0)), actor=owner)
    assert conflict.value.details["conflicting_session_id"] == first.id
    db.session.expire_all()
    assert (second.sequence, second.starts_at.hour) == (1, 16)


def test_moving_within_its_own_slot_is_not_a_conflict_with_itself(festival, hall, owner):
    screening = schedule_session(festival, evening(hall), actor=owner)
    update_session(screening, SessionInput.of(screening).changed(
        ends_at=datetime(2026, 12, 14, 21, 30)), actor=owner)
    assert screening.sequence == 1


def test_capacity_cannot_drop_below_confirmed_seats(db, festival, hall, owner):
    screening = schedule_session(festival, evening(hall), actor=owner)
    for n in range(3):
        make_registration(screening, email=f"a{n}@example.org")
    screening.seats_taken = 3
    db.session.commit()
    with pytest.raises(DomainError) as refusal:
        update_session(screening, SessionInput.of(screening).changed(capacity=2), actor=owner)
    assert refusal.value.code == "capacity_below_confirmed"
    wider = SessionInput.of(screening).changed(capacity=3)
    update_session(screening, wider, actor=owner)
    assert screening.capacity == 3


def test_cancel_keeps_the_row_and_bumps_sequence(db, festival, hall, owner):
    screening = schedule_session(festival, evening(hall), actor=owner)
    cancel_session(screening, actor=owner)
    cancel_session(screening, actor=owner)
    assert (screening.status, screening.sequence) == (SessionStatus.cancelled, 1)
    with pytest.raises(DomainError) as refusal:
        update_session(screening, SessionInput.of(screening).changed(title="x"), actor=owner)
    assert refusal.value.code == "session_cancelled"


def test_only_the_events_organisers_may_schedule(db, festival, hall, owner):
    stranger = make_user(role=Role.organiser)
    with pytest.raises(Forbidden):
        schedule_session(festival, evening(hall), actor=stranger)
    festival.co_organisers.append(stranger)
    db.session.commit()
    schedule_session(festival, evening(hall), actor=stranger)
    attendee = make_user()
    with pytest.raises(Forbidden):
        schedule_session(festival, evening(hall, hour=10), actor=attendee)


def test_drafts_are_not_found_by_outsiders(db, owner, hall):
    draft = make_event(owner, status=EventStatus.draft)
    with pytest.raises(NotFound):
        schedule_session(draft, evening(hall), actor=make_user(role=Role.organiser))
