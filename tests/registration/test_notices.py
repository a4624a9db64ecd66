"""Everyone registered hears when an organiser reschedules or cancels, in
the same transaction as the change; and the session form holds back seats."""
from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler.registration.models import RegistrationStatus as Status
from tests.factories import booked, make_registration, make_session, make_token
from tests.registration.conftest import SOON, email_body, emails, page


@pytest.fixture
def audience(db, screening):
    """Two seated, one waitlisted, one who cancelled (and is not told again)."""
    for name in ("Nino", "Giorgi", "Tamar", "Levan"):
        booked(screening, name=name, email=f"{name.lower()}@example.org")
    make_registration(screening, email="gone@example.org", status=Status.cancelled)
    return {"nino@example.org", "giorgi@example.org", "tamar@example.org",
            "levan@example.org"}


def edit_form(event_session, **changes) -> dict:
    return {"venue_id": event_session.venue_id, "film_id": "", "title": "Opening night",
            "starts_on": SOON.date().isoformat(), "starts_at": "19:00", "ends_at": "21:00",
            "registration_mode": "open", "qa_minutes": "0", "capacity": "3",
            "reserved_seats": "0", **changes}


def told(db, subject_start: str) -> set[str]:
    return {recipient for recipient, subject in emails(db) if subject.startswith(subject_start)}


def test_rescheduling_on_the_form_tells_every_active_registration(owner_client, db,
                                                                  screening, audience):
    page(owner_client.post(f"/organise/sessions/{screening.id}/edit",
                           data=edit_form(screening, starts_at="20:00", ends_at="22:00"),
                           follow_redirects=True))
    assert told(db, "Changed time or place") == audience
    assert "20:00 +04" in email_body(db, "nino@example.org")
    assert "/cancel?token=" in email_body(db, "nino@example.org")


def test_changing_only_the_title_tells_nobody(owner_client, db, screening, audience):
    page(owner_client.post(f"/organise/sessions/{screening.id}/edit",
                           data=edit_form(screening, title="Renamed"), follow_redirects=True))
    assert told(db, "Changed time or place") == set()


def test_rescheduling_through_the_api_tells_them_too(client, db, owner, screening,
                                                      audience):
    headers = {"Authorization": f"Bearer {make_token(owner)}"}
    later = (SOON + timedelta(days=1)).strftime("%Y-%m-%dT19:00")
    response = client.patch(f"/api/v1/sessions/{screening.id}", headers=headers, json={
        "starts_at": later, "ends_at": later.replace("19:00", "21:00")})
    assert response.status_code == 200
    assert told(db, "Changed time or place") == audience


def test_a_refused_reschedule_sends_nothing(owner_client, festival, db, screening, audience):
    make_session(festival, screening.venue, starts_at=SOON + timedelta(days=1))
    tomorrow = (SOON + timedelta(days=1)).date().isoformat()
    html = page(owner_client.post(f"/organise/sessions/{screening.id}/edit",
                                  data=edit_form(screening, starts_on=tomorrow)), 409)
    assert "is taken then" in html
    assert told(db, "Changed time or place") == set()


def test_cancelling_a_session_tells_everyone_once(owner_client, db, screening, audience):
    for _ in range(2):
        page(owner_client.post(f"/organise/sessions/{screening.id}/cancel",
                               follow_redirects=True))
    assert told(db, "Cancelled: Opening night") == audience
    assert len([s for _, s in emails(db) if s.startswith("Cancelled")]) == len(audience)


def test_cancelling_the_event_tells_every_session_s_attendees(owner_client, db, festival,
                                                              screening, audience):
    page(owner_client.post(f"/organise/events/{festival.id}/cancel", follow_redirects=True))
    assert told(db, "Cancelled: Opening night") == audience


def test_the_form_holds_back_seats_for_guests(owner_client, db, screening):
    page(owner_client.post(f"/organise/sessions/{screening.id}/edit",
                           data=edit_form(screening, reserved_seats="2"),
                           follow_redirects=True))
    db.session.refresh(screening)
    assert screening.reserved_seats == 2
    html = page(owner_client.post(f"/organise/sessions/{screening.id}/edit",
                                  data=edit_form(screening, reserved_seats="4")), 422)
    assert "Must not exceed the session&#39;s seats" in html
    db.session.refresh(screening)
    assert screening.reserved_seats == 2
    assert 'name="reserved_seats"' in page(owner_client.get(
        f"/organise/events/{screening.event_id}/sessions/new"))


def test_the_form_sets_the_registration_window(owner_client, db, screening):
    opens = (SOON - timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    closes = (SOON - timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    page(owner_client.post(f"/organise/sessions/{screening.id}/edit", data=edit_form(
        screening, registration_opens_at=opens, registration_closes_at=closes),
        follow_redirects=True))
    db.session.refresh(screening)
    assert screening.registration_opens_at.hour == 6  # 10:00 in Tbilisi
    assert screening.registration_closes_at.hour == 6


def test_more_seats_on_the_form_go_to_the_waitlist_at_once(owner_client, db, screening,
                                                          audience):
    screening.venue.capacity = 10
    screening.reserved_seats = 0
    db.session.commit()
    page(owner_client.post(f"/organise/sessions/{screening.id}/edit",
                           data=edit_form(screening, capacity="5", reserved_seats="1"),
                           follow_redirects=True))
    db.session.refresh(screening)
    # Four seats for open registration now: Levan, waiting, gets one.
    assert screening.seats_taken == 4
    assert told(db, "A seat opened up for you") == {"levan@example.org"}
