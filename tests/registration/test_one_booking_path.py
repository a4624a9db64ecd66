"""Every way a seat is booked goes through booking.book, so its rules hold on
every path; and how a booking is written is chosen once, at start-up."""
from __future__ import annotations

import inspect
from datetime import timedelta

import pytest

from scheduler.accounts.models import Role
from scheduler.api import registrations as api_registrations
from scheduler.events.models import RegistrationMode, SessionStatus
from scheduler.registration import booking, invitations, moves, rules, seats, services, writers
from scheduler.registration.models import RegistrationStatus as Status
from scheduler.web import receipts
from scheduler.web.attendee import registrations as attendee_registrations
from scheduler.web.organise import registrations as organise_registrations
from scheduler.web.public import sessions as public_sessions
from tests.factories import booked, make_session, make_user
from tests.registration.conftest import SOON, accept_link, page, registrations

BOOKING_MODULES = (booking, writers, seats, services, moves, invitations, rules,
                   api_registrations, public_sessions, attendee_registrations,
                   organise_registrations, receipts)
CANCELLED = "This session has been cancelled."


@pytest.fixture
def calls(monkeypatch):
    """The session ids booking.book was called for, the real book still doing the work."""
    seen: list[int] = []
    real = booking.book

    def spy(session_id, *args, **kwargs):
        seen.append(session_id)
        return real(session_id, *args, **kwargs)

    monkeypatch.setattr(booking, "book", spy)
    return seen


@pytest.fixture
def invited_link(owner_client, db, invitation_only):
    page(owner_client.post(f"/organise/sessions/{invitation_only.id}/invitations",
                           data={"email": "partner@example.org", "name": "Pat"},
                           follow_redirects=True))
    return accept_link(db, "partner@example.org")


def book_by_page(app, event_session, signed_in: bool = False):
    if signed_in:
        browser = app.test_client(user=make_user(email="me@example.org", name="Me"))
        return browser.post(f"/sessions/{event_session.id}/register")
    return app.test_client().post(f"/sessions/{event_session.id}/register",
                                  data={"name": "Nino", "email": "nino@example.org"})


def book_by_api(app, event_session):
    return app.test_client().post(f"/api/v1/sessions/{event_session.id}/registrations",
                                  json={"name": "Nino", "email": "nino@example.org"})


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_session_page_books_through_book(app, db, screening, calls, signed_in):
    page(book_by_page(app, screening, signed_in), 302)
    assert calls == [screening.id]


def test_the_api_books_through_book(app, db, screening, calls):
    assert book_by_api(app, screening).status_code == 201
    assert calls == [screening.id]


def test_an_accepted_invitation_books_through_book(client, db, invitation_only,
                                                   invited_link, calls):
    page(client.post(invited_link, data={"name": "Pat"}), 302)
    assert calls == [invitation_only.id]
    [registration] = registrations(db, invitation_only)
    assert registration.guest


def test_an_organisers_move_books_through_book(owner_client, db, festival, screening, calls):
    later = make_session(festival, screening.venue, starts_at=SOON + timedelta(days=1),
                         capacity=3, title="Second night")
    nino = booked(screening, email="nino@example.org").registration
    calls.clear()
    page(owner_client.post(f"/organise/registrations/{nino.id}/move",
                           data={"session_id": str(later.id)}), 302)
    assert calls == [later.id]
    assert [r.status for r in registrations(db, later)] == [Status.confirmed]


def test_a_cancelled_session_refuses_every_booking_alike(app, client, db, screening,
                                                         invitation_only, invited_link):
    for event_session in (screening, invitation_only):
        event_session.status = SessionStatus.cancelled
    db.session.commit()
    assert CANCELLED in page(book_by_page(app, screening), 409)
    assert CANCELLED in page(book_by_page(app, screening, signed_in=True), 409)
    refusal = book_by_api(app, screening)
    assert (refusal.status_code, refusal.json["error"]["message"]) == (409, CANCELLED)
    assert CANCELLED in page(client.post(invited_link, data={"name": "Pat"}), 409)
    assert registrations(db) == []


def test_an_approval_session_holds_page_and_api_bookings_alike(app, db, screening):
    screening.registration_mode = RegistrationMode.approval
    db.session.commit()
    page(book_by_page(app, screening, signed_in=True), 302)
    assert book_by_api(app, screening).json["status"] == "pending"
    assert [r.status for r in registrations(db)] == [Status.pending] * 2


def test_no_database_checks_on_the_booking_path():
    for module in BOOKING_MODULES:
        assert "dialect" not in inspect.getsource(module), module.__name__


def test_the_writer_is_chosen_once_for_the_apps_database(app, db):
    expected = {"postgresql": writers.OneStatement, "sqlite": writers.StepByStep}
    assert type(writers.current()) is expected[db.engine.dialect.name]


def test_an_invitees_booking_is_their_accounts_when_signed_in_with_its_email(
        app, db, invitation_only, invited_link):
    partner = make_user(role=Role.attendee, email="partner@example.org", name="Pat")
    page(app.test_client(user=partner).post(invited_link, data={"name": "Pat"}), 302)
    [registration] = registrations(db, invitation_only)
    assert registration.user_id == partner.id
