"""Moving a registration to another session of the same event."""
from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler.errors import Conflict, DomainError
from scheduler.events.models import RegistrationMode, SessionStatus
from scheduler.registration import moves
from scheduler.registration.models import RegistrationStatus as Status
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_event, make_session, make_venue
from tests.registration.conftest import SOON, email_body, emails, page, registrations


@pytest.fixture
def second_night(festival, screening):
    return make_session(festival, screening.venue, starts_at=SOON + timedelta(days=1),
                        capacity=1, title="Second night",
                        registration_mode=RegistrationMode.invitation)


def book(event_session, *names):
    return [booked(event_session, name=name, email=f"{name.lower()}@example.org")
            .registration for name in names]


def test_moving_frees_the_seat_for_the_waitlist_and_takes_one_there(
        owner_client, db, screening, second_night):
    nino, *_ = book(screening, "Nino", "Giorgi", "Tamar", "Levan")  # Levan waits
    html = page(owner_client.post(f"/organise/registrations/{nino.id}/move",
                                  data={"session_id": second_night.id},
                                  follow_redirects=True))
    assert "Nino moved to “Second night”, confirmed." in html
    assert [r.status for r in registrations(db, screening)] == [
        Status.cancelled, Status.confirmed, Status.confirmed, Status.confirmed]
    [moved] = registrations(db, second_night)
    assert (moved.name, moved.email, moved.status) == ("Nino", "nino@example.org",
                                                      Status.confirmed)
    told = emails(db)[-2:]
    assert ("levan@example.org", "A seat opened up for you: Opening night") in told
    assert ("nino@example.org", "Your registration has moved: Second night") in told
    db.session.refresh(screening)
    db.session.refresh(second_night)
    assert (screening.seats_taken, second_night.seats_taken) == (3, 1)


def test_moving_into_a_full_session_waitlists(db, owner, screening, second_night):
    [nino] = book(screening, "Nino")
    second_night.seats_taken = 1
    db.session.commit()
    with unit_of_work():
        receipt = moves.move(nino, second_night, actor=owner)
    assert receipt.registration.status is Status.waitlisted
    assert "you are on its waitlist" in email_body(db, "nino@example.org")


def test_someone_already_there_is_refused_and_nothing_changes(db, owner, screening,
                                                             second_night):
    [nino] = book(screening, "Nino")
    second_night.registration_mode = RegistrationMode.open
    db.session.commit()
    book(second_night, "Nino")
    told = len(emails(db))
    with pytest.raises(DomainError, match="already registered"), unit_of_work():
        moves.move(nino, second_night, actor=owner)
    assert registrations(db, screening)[0].status is Status.confirmed
    assert len(emails(db)) == told
    db.session.refresh(screening)
    assert screening.seats_taken == 1


def test_only_to_sessions_of_the_same_event_still_to_come(db, owner, festival, screening):
    [nino] = book(screening, "Nino")
    elsewhere = make_session(make_event(owner), make_venue(), starts_at=SOON)
    cancelled = make_session(festival, screening.venue, starts_at=SOON + timedelta(days=3),
                             status=SessionStatus.cancelled)
    past = make_session(festival, screening.venue, starts_at=SOON - timedelta(days=30))
    with pytest.raises(DomainError, match="one event"), unit_of_work():
        moves.move(nino, elsewhere, actor=owner)
    with pytest.raises(DomainError, match="already in this session"), unit_of_work():
        moves.move(nino, screening, actor=owner)
    for target in (cancelled, past):
        with pytest.raises(Conflict, match="cancelled or has already started"), unit_of_work():
            moves.move(nino, target, actor=owner)
    assert [r.status for r in registrations(db)] == [Status.confirmed]


def test_bad_move_forms_say_so(owner_client, db, screening, second_night):
    [nino] = book(screening, "Nino")
    for data in ({}, {"session_id": "abc"}, {"session_id": "424242"},
                 {"session_id": str(screening.id)}):
        html = page(owner_client.post(f"/organise/registrations/{nino.id}/move", data=data,
                                      follow_redirects=True))
        assert "Choose a session of this event still to come." in html
    page(owner_client.post("/organise/registrations/424242/move",
                           data={"session_id": second_night.id}), 404)
    assert [r.status for r in registrations(db)] == [Status.confirmed]
