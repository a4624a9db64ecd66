from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.database import lock_for_writing
from scheduler.errors import DomainError, Forbidden, NotFound
from scheduler.events.models import EventSession, EventStatus, RegistrationMode, SessionStatus
from scheduler.mail.models import OutboxMessage
from scheduler.registration import services
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.registration.rules import AlreadyRegistered, RegistrationClosed
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_event, make_session, make_user, make_venue
from tests.outbox import rendered_outbox

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser)


@pytest.fixture
def screening(owner):
    return make_session(make_event(owner), make_venue(capacity=2), capacity=2,
                        starts_at=NOW + timedelta(days=7))


def book(event_session, number, **extra):
    return booked(event_session, name=f"Guest {number}",
                  email=f"guest{number}@example.org", now=NOW, **extra)


def statuses(db, event_session):
    rows = db.session.scalars(sa.select(Registration).where(
        Registration.event_session_id == event_session.id).order_by(Registration.id))
    return [row.status for row in rows]


def test_seats_then_waitlist_in_order(db, screening):
    receipts = [book(screening, n) for n in range(4)]
    assert statuses(db, screening) == [Status.confirmed] * 2 + [Status.waitlisted] * 2
    assert [services.waitlist_position(r.registration) for r in receipts] == [None, None, 1, 2]
    db.session.refresh(screening)
    assert screening.seats_taken == 2


def test_cancel_promotes_the_first_waitlisted_and_tells_them(db, screening):
    receipts = [book(screening, n) for n in range(4)]
    with unit_of_work():
        promoted = services.cancel(receipts[0].registration, now=NOW)
    assert [p.email for p in promoted] == ["guest2@example.org"]
    assert statuses(db, screening) == [Status.cancelled, Status.confirmed,
                                       Status.confirmed, Status.waitlisted]
    assert services.waitlist_position(receipts[3].registration) == 1
    assert services.cancel(receipts[0].registration, now=NOW) == []  # twice: harmless
    db.session.refresh(screening)
    assert screening.seats_taken == 2
    told = rendered_outbox(db, OutboxMessage.recipient == "guest2@example.org")
    assert [message.subject.split(":")[0] for message in told] == ["You are on the waitlist",
                                                   "A seat opened up for you"]


def test_same_email_twice_is_refused_until_cancelled(db, screening):
    first = booked(screening, name="Nino", email="Nino@Example.org ", now=NOW)
    with pytest.raises(AlreadyRegistered) as refusal:
        booked(screening, name="Nino", email="nino@example.org", now=NOW)
    assert refusal.value.status == 409 and refusal.value.code == "already_registered"
    db.session.refresh(screening)
    assert screening.seats_taken == 1  # the refused attempt gave its seat back
    with unit_of_work():
        services.cancel(first.registration, now=NOW)
    booked(screening, name="Nino", email="nino@example.org", now=NOW)


@pytest.mark.parametrize("name, email, field", [
    ("", "a@example.org", "name"), ("N" * 201, "a@example.org", "name"),
    ("Nino", "not-an-email", "email"), ("Nino", "", "email"), ("Nino", None, "email"),
])
def test_bad_attendee_details(db, screening, name, email, field):
    with pytest.raises(DomainError) as refusal:
        booked(screening, name=name, email=email, now=NOW)
    assert field in refusal.value.fields
    assert statuses(db, screening) == []


def test_closed_sessions_say_why(db, owner, screening):
    venue = screening.venue
    cases = {
        "cancelled": dict(status=SessionStatus.cancelled),
        "already started": dict(starts_at=NOW - timedelta(hours=1)),
        "Registration opens": dict(registration_opens_at=NOW + timedelta(days=1)),
        "Registration closed": dict(registration_closes_at=NOW - timedelta(minutes=1)),
        "invitation only": dict(registration_mode=RegistrationMode.invitation),
    }
    for number, (reason, values) in enumerate(cases.items()):
        starts_at = values.pop("starts_at", NOW + timedelta(days=10 + number))
        event_session = make_session(screening.event, venue, starts_at=starts_at, **values)
        with pytest.raises(RegistrationClosed, match=reason):
            book(event_session, number)


def test_drafts_are_not_found(db, owner):
    draft = make_session(make_event(owner, status=EventStatus.draft), make_venue(),
                         starts_at=NOW + timedelta(days=3))
    with pytest.raises(NotFound):
        book(draft, 1)


def test_held_back_seats_are_for_guests_only(db, screening):
    screening.reserved_seats = 1
    db.session.commit()
    assert book(screening, 1).registration.status is Status.confirmed
    assert book(screening, 2).registration.status is Status.waitlisted
    assert book(screening, 3, guest=True).registration.status is Status.confirmed


def test_approval_mode(db, owner, screening):
    screening.registration_mode = RegistrationMode.approval
    db.session.commit()
    pending = [book(screening, n).registration for n in range(4)]
    assert statuses(db, screening) == [Status.pending] * 4
    with unit_of_work():
        for registration in pending[:3]:
            services.approve(registration, actor=owner)
        services.decline(pending[3], actor=owner)
    assert statuses(db, screening) == [Status.confirmed, Status.confirmed,
                                       Status.waitlisted, Status.declined]
    with pytest.raises(DomainError), unit_of_work():
        services.approve(pending[0], actor=owner)
    with pytest.raises(Forbidden), unit_of_work():
        services.approve(pending[2], actor=make_user(role=Role.organiser))


def test_promote_after_capacity_rise(db, screening):
    for n in range(4):
        book(screening, n)
    screening.capacity = 3
    screening.venue.capacity = 3
    db.session.commit()
    with unit_of_work():
        lock_for_writing(db.session, EventSession, screening.id)
        promoted = services.promote(screening, NOW)
    assert [r.email for r in promoted] == ["guest2@example.org"]


def test_cancel_link_secret(db, screening):
    receipt = book(screening, 1)
    registration_id = receipt.registration.id
    assert services.registration_by_secret(registration_id, receipt.secret) is not None
    assert services.registration_by_secret(registration_id, receipt.secret + "x") is None
    assert services.registration_by_secret(registration_id, "") is None
    other = book(screening, 2)
    assert services.registration_by_secret(registration_id, other.secret) is None
    [message] = rendered_outbox(db, OutboxMessage.recipient == "guest1@example.org")
    body = message.body
    assert f"/registrations/{registration_id}/cancel?token={receipt.secret}" in body
    assert receipt.registration.check_in_code in body
