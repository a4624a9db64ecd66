"""Checking attendees in at the door: by typed code, by scanned QR code,
and through the API."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scheduler.accounts.models import Role
from scheduler.registration import check_in, qr
from scheduler.registration.models import (
    CHECK_IN_ALPHABET,
    CHECK_IN_LENGTH,
    RegistrationStatus as Status,
    new_check_in_code,
)
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_registration, make_session, make_token, make_user
from tests.registration.conftest import page, registrations


@pytest.fixture
def seated(db, screening):
    return booked(screening, name="Nino Beridze", email="nino@example.org").registration


def test_check_in_codes_use_every_letter_in_every_place():
    """Drawn at once for the whole code: each place must still range over
    the whole alphabet (no 0/O, 1/I/L), and codes must not repeat."""
    codes = [new_check_in_code() for _ in range(3000)]
    assert len(set(codes)) == len(codes)
    for place in range(CHECK_IN_LENGTH):
        assert {code[place] for code in codes} == set(CHECK_IN_ALPHABET)
    assert all(len(code) == CHECK_IN_LENGTH for code in codes)


def door(screening) -> str:
    return f"/organise/sessions/{screening.id}/check-in"


def test_typing_the_code_checks_in_once(owner_client, db, screening, seated):
    typed = f" {seated.check_in_code[:4].lower()}-{seated.check_in_code[4:]} "
    html = page(owner_client.post(door(screening), data={"code": typed},
                                  follow_redirects=True))
    assert "Nino Beridze is checked in." in html
    [registration] = registrations(db, screening)
    first_time = registration.checked_in_at
    assert registration.status is Status.attended and first_time is not None
    # Twice is harmless: still attended, the first time kept.
    page(owner_client.post(door(screening), data={"code": seated.check_in_code},
                           follow_redirects=True))
    assert registrations(db, screening)[0].checked_in_at == first_time
    html = page(owner_client.get(f"{door(screening)}?code={seated.check_in_code}"))
    assert "Nino Beridze: already checked in at" in html


def test_the_qr_code_opens_the_page_with_the_code_and_a_button(owner_client, db, screening,
                                                               seated):
    url = qr.check_in_url(seated)
    assert url == f"https://scheduler.test{door(screening)}?code={seated.check_in_code}"
    html = page(owner_client.get(url.removeprefix("https://scheduler.test")))
    assert "Check in Nino Beridze" in html and "nino@example.org" in html
    assert registrations(db, screening)[0].status is Status.confirmed  # GET changed nothing


@pytest.mark.parametrize("status, message", [
    (Status.waitlisted, "is on the waitlist and has no seat"),
    (Status.cancelled, "was cancelled"),
    (Status.pending, "is still awaiting approval"),
])
def test_people_without_a_seat_are_told_plainly(owner_client, db, screening, status,
                                               message):
    person = make_registration(screening, email="x@example.org", name="Giorgi",
                               status=status, check_in_code="WAIT2345")
    html = page(owner_client.post(door(screening), data={"code": "WAIT2345"}), 409)
    assert f"Giorgi {message}." in html
    assert registrations(db, screening)[0].status is status
    assert person.checked_in_at is None


UNKNOWN = "No registration for this session has the code"


@pytest.mark.parametrize("code, message", [
    ("NOPE2345", UNKNOWN), ("short", UNKNOWN), ("<script>x</script>", UNKNOWN),
    ("", "This field is required."), ("X" * 33, "longer than 32"),
])
def test_unknown_codes_say_so_and_change_nothing(owner_client, db, screening, seated, code,
                                                 message):
    html = page(owner_client.post(door(screening), data={"code": code}), 422)
    assert message in html
    assert "<script>x" not in html
    assert registrations(db, screening)[0].status is Status.confirmed


def test_a_code_from_another_session_is_unknown_here(owner_client, db, festival, screening):
    other = make_session(festival, screening.venue, starts_at=screening.starts_at.replace(
        year=screening.starts_at.year + 1))
    elsewhere = booked(other, name="Tamar", email="tamar@example.org").registration
    page(owner_client.post(door(screening), data={"code": elsewhere.check_in_code}), 422)
    assert registrations(db, other)[0].status is Status.confirmed


def test_api_check_in_for_organisers(app, client, db, screening, seated, owner):
    path = f"/api/v1/registrations/{seated.id}/check-in"
    as_owner = {"Authorization": f"Bearer {make_token(owner)}"}
    stranger = make_user(role=Role.organiser)
    as_stranger = {"Authorization": f"Bearer {make_token(stranger)}"}
    assert client.post(path).status_code == 401
    assert client.post(path, headers=as_stranger).status_code == 403
    body = client.post(path, headers=as_owner).get_json()
    assert body["status"] == "attended" and body["checked_in_at"].endswith("Z")
    again = client.post(path, headers=as_owner).get_json()
    assert again["checked_in_at"] == body["checked_in_at"]
    waiting = make_registration(screening, email="w@example.org", status=Status.waitlisted)
    refused = client.post(f"/api/v1/registrations/{waiting.id}/check-in", headers=as_owner)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "not_seated"
    assert client.post("/api/v1/registrations/424242/check-in",
                       headers=as_owner).status_code == 404


def test_a_used_code_warns_when_it_was_used_whichever_way_it_comes(
        owner_client, db, screening, seated):
    """19:00 in Tbilisi is 15:00 UTC; typed or scanned, the door hears the same."""
    with unit_of_work():
        check_in.check_in(seated, actor=screening.event.owner,
                          now=datetime(2026, 5, 1, 15, 0, tzinfo=UTC))
    warning = "Nino Beridze: already checked in at 19:00 +04."
    typed = page(owner_client.post(door(screening), data={"code": seated.check_in_code},
                                   follow_redirects=True))
    assert warning in typed and "Nino Beridze is checked in." not in typed
    scanned = page(owner_client.get(f"{door(screening)}?code={seated.check_in_code}"))
    assert warning in scanned
