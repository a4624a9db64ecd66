"""Cancelling from the secret link and from "My registrations"."""
from __future__ import annotations

import pytest

from scheduler import secrets
from scheduler.registration import links
from scheduler.registration.models import RegistrationStatus as Status
from tests.factories import booked, make_registration, make_user
from tests.registration.conftest import SOON, emails, page, registrations


@pytest.fixture
def first_receipt(db, screening):
    """Three seats taken by guests and one on the waitlist; the first receipt."""
    receipts = [booked(screening, name=f"Guest {n}", email=f"guest{n}@example.org",
                       now=SOON.replace(year=SOON.year - 1)) for n in range(4)]
    return receipts[0]


def cancel_path(receipt) -> str:
    return f"/registrations/{receipt.registration.id}/cancel?token={receipt.secret}"


def test_the_link_asks_first_then_cancels_and_promotes(client, db, screening, first_receipt):
    html = page(client.get(cancel_path(first_receipt)))
    assert "Cancel your registration?" in html and "Opening night" in html
    assert registrations(db, screening)[0].status is Status.confirmed  # GET changed nothing
    html = page(client.post(cancel_path(first_receipt), follow_redirects=True))
    assert "Your registration is cancelled." in html
    assert [r.status for r in registrations(db, screening)] == [
        Status.cancelled, Status.confirmed, Status.confirmed, Status.confirmed]
    assert emails(db)[-1] == ("guest3@example.org", "A seat opened up for you: Opening night")
    # Twice is harmless: nothing more changes and nobody else is told.
    told = len(emails(db))
    page(client.post(cancel_path(first_receipt), follow_redirects=True))
    assert "Nothing to cancel" in page(client.get(cancel_path(first_receipt)))
    assert len(emails(db)) == told
    db.session.refresh(screening)
    assert screening.seats_taken == 3


def test_forged_or_borrowed_or_rotated_tokens_are_404_and_change_nothing(
        client, db, screening, first_receipt):
    other = registrations(db, screening)[1]
    other_secret = links.cancel_secret(other)
    attempts = [
        f"/registrations/{first_receipt.registration.id}/cancel?token=forged",
        f"/registrations/{first_receipt.registration.id}/cancel",
        f"/registrations/{first_receipt.registration.id}/cancel?token={other_secret}",
        f"/registrations/424242/cancel?token={first_receipt.secret}",
    ]
    for url in attempts:
        page(client.get(url), 404)
        page(client.post(url), 404)
    page(client.get(f"/registrations/{first_receipt.registration.id}?token=forged"), 404)
    # Rotating the stored secret retires the old link.
    first_receipt.registration.cancel_token_hash = secrets.digest("rotated")
    db.session.commit()
    page(client.post(cancel_path(first_receipt)), 404)
    assert [r.status for r in registrations(db, screening)] == [Status.confirmed] * 3 + [
        Status.waitlisted]


def test_my_registrations_lists_only_mine_with_places_and_cancels(app, db, screening):
    me = make_user(email="me@example.org", name="Me")
    screening.seats_taken = 3
    db.session.commit()
    mine = booked(screening, name="Me", email="me@example.org", user=me).registration
    theirs = make_registration(screening, email="them@example.org", name="Someone Else")
    browser = app.test_client(user=me)
    html = page(browser.get("/my/registrations"))
    assert "Opening night" in html and "Waitlisted, number 1 in line" in html
    assert "Someone Else" not in html
    page(browser.post(f"/my/registrations/{theirs.id}/cancel"), 404)
    page(browser.post("/my/registrations/424242/cancel"), 404)
    assert registrations(db, screening)[1].status is Status.confirmed
    html = page(browser.post(f"/my/registrations/{mine.id}/cancel", follow_redirects=True))
    assert "Cancelled: “Opening night”." in html
    assert registrations(db, screening)[0].status is Status.cancelled
    assert f'action="/my/registrations/{mine.id}/cancel"' not in html


def test_my_registrations_needs_signing_in_and_is_in_the_nav(app, client, db):
    assert client.get("/my/registrations").status_code == 302
    assert "My registrations" not in page(client.get("/"))
    browser = app.test_client(user=make_user())
    assert 'href="/my/registrations"' in page(browser.get("/"))
