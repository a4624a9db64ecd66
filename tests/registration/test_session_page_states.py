"""What a session page says to whom: an attendee holding a place sees it, not
a form that would refuse them; a cancelled session says so and offers
nothing to register or to add to a calendar, here and in the organiser's table."""
from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler.registration.session_changes import cancel_event, cancel_session
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_session, make_user
from tests.registration.conftest import page


@pytest.fixture
def one_seat(festival, screening):
    return make_session(festival, screening.venue, capacity=1,
                        starts_at=screening.starts_at + timedelta(days=1), title="Small room")


@pytest.mark.parametrize("holds, says", [
    ("seat", "Confirmed"), ("waitlist place", "Waitlisted, number 1 in line")])
def test_an_attendee_holding_a_place_sees_it_instead_of_the_form(app, one_seat, holds, says):
    nino = make_user(email="nino@example.org")
    if holds == "waitlist place":
        booked(one_seat, name="Someone", email="someone@example.org")
    mine = booked(one_seat, name=nino.name, email=nino.email,
                  user=nino).registration
    browser = app.test_client(user=nino)
    shown = page(browser.get(f"/sessions/{one_seat.id}"))
    assert says in shown
    assert f"/registrations/{mine.id}?token=" in shown
    assert f'action="/my/registrations/{mine.id}/cancel"' in shown
    assert "Join the waitlist" not in shown
    assert f'action="/sessions/{one_seat.id}/register"' not in shown

    browser.post(f"/my/registrations/{mine.id}/cancel")
    again = page(browser.get(f"/sessions/{one_seat.id}"))
    assert f'action="/sessions/{one_seat.id}/register"' in again


def test_someone_else_s_place_does_not_show(app, one_seat):
    booked(one_seat, name="Someone", email="someone@example.org")
    shown = page(app.test_client(user=make_user()).get(f"/sessions/{one_seat.id}"))
    assert "Join the waitlist" in shown and "Confirmed" not in shown


def cancel_the_session(screening, owner):
    with unit_of_work():
        cancel_session(screening, actor=owner)


def cancel_the_event_after_the_session(screening, owner):
    """A session over before its event was cancelled keeps the status
    "scheduled"; the event's cancellation still shows on it."""
    with unit_of_work():
        cancel_event(screening.event, actor=owner, now=screening.ends_at + timedelta(hours=1))


@pytest.mark.parametrize("cancel", [cancel_the_session, cancel_the_event_after_the_session])
def test_a_cancelled_session_says_so_everywhere(app, owner, owner_client, screening, cancel):
    booked(screening, name="Nino", email="nino@example.org")
    cancel(screening, owner)
    for browser in (app.test_client(), app.test_client(user=make_user())):
        shown = page(browser.get(f"/sessions/{screening.id}"))
        assert "This session has been cancelled." in shown
        assert '<span class="seats seats-cancelled">Cancelled</span>' in shown
        assert "seats left" not in shown and "seat left" not in shown
        assert "/register" not in shown
        assert "Add to calendar" not in shown
    table = page(owner_client.get(f"/organise/events/{screening.event_id}"))
    row = table[table.index("Opening night"):]
    row = row[:row.index("</tr>")]
    assert '<span class="status status-cancelled">Cancelled</span>' in row
    assert "Add to calendar" not in row
