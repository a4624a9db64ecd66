"""Guest email confirmation: a guest's booking of an event that asks holds its
seat, unconfirmed, until the link in its email is opened; one left
unconfirmed lapses, and its seat goes to the waitlist."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.events.models import Event, EventSession
from scheduler.registration import confirmation, links, services
from scheduler.registration.confirmation import State
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_token, make_user
from tests.registration.conftest import email_body, emails, page, registrations

CONFIRM_SUBJECT = "Confirm your email to keep your place"


@pytest.fixture
def asking(db, festival):
    festival.confirm_guest_email = True
    db.session.commit()
    return festival


def long_ago() -> datetime:
    """A booking made then has lapsed (EMAIL_CONFIRM_MINUTES is 30)."""
    return datetime.now(UTC) - timedelta(minutes=31)


def confirm_path(db, recipient: str) -> str:
    body = email_body(db, recipient)
    return re.search(r"https://scheduler\.test(/registrations/\d+/confirm\S+)", body).group(1)


def fresh(db, registration_id: int) -> Registration:
    db.session.expire_all()
    return db.session.get_one(Registration, registration_id)


def seats_taken(db, event_session: EventSession) -> int:
    db.session.expire_all()
    return db.session.get_one(EventSession, event_session.id).seats_taken


def test_a_guest_holds_the_seat_until_the_link_is_opened_and_posted(client, db, asking,
                                                                    screening):
    page(client.post(f"/sessions/{screening.id}/register",
                     data={"name": "Nino", "email": "nino@example.org"}), 302)
    [held] = registrations(db, screening)
    assert held.status is Status.unconfirmed and held.confirm_by is not None
    assert seats_taken(db, screening) == 1
    assert [subject.split(":")[0] for _, subject in emails(db)] == [CONFIRM_SUBJECT]
    path = confirm_path(db, "nino@example.org")
    # Opening the link (as a mail scanner does) shows a button and changes nothing.
    shown = page(client.get(path))
    assert "Confirm my email" in shown and "held for you until" in shown
    assert fresh(db, held.id).status is Status.unconfirmed
    page(client.post(path), 302)
    confirmed = fresh(db, held.id)
    assert confirmed.status is Status.confirmed and confirmed.confirm_by is None
    assert seats_taken(db, screening) == 1
    assert [subject.split(":")[0] for _, subject in emails(db)] == [
        CONFIRM_SUBJECT, "Your seat is confirmed"]
    # Twice is harmless: no second email.
    page(client.post(path), 302)
    assert len(emails(db)) == 2
    assert "Your email is confirmed" in page(client.get(path))


def test_the_page_answer_tells_the_guest_to_confirm(client, db, asking, screening):
    shown = page(client.post(f"/sessions/{screening.id}/register", follow_redirects=True,
                             data={"name": "Nino", "email": "nino@example.org"}))
    assert "open the link we sent to your email" in shown
    assert "to keep this booking" in shown and "Cancel this registration" in shown
    assert "Your seat is confirmed" not in shown


def test_signed_in_invited_and_moved_bookings_need_no_confirmation(db, asking, screening):
    user = make_user(email="user@example.org")
    own = booked(screening, email="user@example.org", user=user).registration
    friend = booked(screening, email="friend@example.org", user=user).registration
    invited = booked(screening, email="guest@example.org", guest=True).registration
    assert [own.status, friend.status, invited.status] == [Status.confirmed] * 3
    assert own.confirm_by is None and friend.confirm_by is None and invited.confirm_by is None


def test_an_event_that_does_not_ask_confirms_guests_at_once(db, festival, screening):
    receipt = booked(screening, email="nino@example.org")
    assert receipt.registration.status is Status.confirmed
    assert receipt.registration.confirm_by is None


def test_a_tampered_or_borrowed_link_is_not_found(client, db, asking, screening):
    nino = booked(screening, email="nino@example.org").registration
    other = booked(screening, email="other@example.org").registration
    path = confirm_path(db, "nino@example.org")
    # A secret may start with any URL-safe character, "-" and "_" included.
    tampered = re.sub(r"token=(.)", lambda m: "token=" + ("B" if m[1] == "A" else "A"), path)
    assert tampered != path
    page(client.get(tampered), 404)
    page(client.post(tampered), 404)
    page(client.get(path.replace(f"/{nino.id}/", f"/{other.id}/")), 404)
    page(client.get(f"/registrations/{nino.id}/confirm"), 404)
    # The cancel link's secret does not open the confirm page.
    page(client.get(f"/registrations/{nino.id}/confirm?token={links.cancel_secret(nino)}"),
         404)
    assert fresh(db, nino.id).status is Status.unconfirmed


def test_a_lapsed_link_says_so_and_frees_the_seat_for_the_waitlist(client, db, asking,
                                                                  screening):
    screening.capacity = 1
    db.session.commit()
    late = booked(screening, email="late@example.org", now=long_ago()).registration
    waiting = booked(screening, email="wait@example.org",
                     user=make_user(email="friend@example.org"),
                     now=long_ago() + timedelta(seconds=1)).registration
    assert waiting.status is Status.waitlisted
    path = confirm_path(db, "late@example.org")
    assert "Too late to confirm" in page(client.get(path))
    shown = page(client.post(path))
    assert "Too late to confirm" in shown and "released for others" in shown
    assert fresh(db, late.id).status is Status.cancelled
    assert fresh(db, waiting.id).status is Status.confirmed
    assert seats_taken(db, screening) == 1
    subjects = [subject.split(":")[0] for recipient, subject in emails(db)
                if recipient == "late@example.org"]
    assert subjects == [CONFIRM_SUBJECT]  # no confirmation, no cancellation


def test_the_next_booking_ends_lapsed_holds_and_promotes_first(db, asking, screening):
    screening.capacity = 1
    db.session.commit()
    lapsed = booked(screening, email="late@example.org", now=long_ago()).registration
    first = booked(screening, email="first@example.org", now=long_ago(),
                   user=make_user(email="vouch@example.org")).registration
    receipt = booked(screening, email="new@example.org")
    newcomer = receipt.registration
    assert fresh(db, lapsed.id).status is Status.cancelled
    assert fresh(db, first.id).status is Status.confirmed
    # The waitlist's first moved up to the seat before the newcomer's place was told.
    assert (newcomer.status, receipt.position) == (Status.waitlisted, 1)
    assert seats_taken(db, screening) == 1
    assert ("first@example.org", "A seat opened up for you: Opening night") in emails(db)


def test_waitlisted_and_pending_guests_confirm_too(db, asking, screening):
    screening.capacity = 1
    db.session.commit()
    booked(screening, email="seated@example.org", user=make_user(email="u@example.org"))
    waiting = booked(screening, email="wait@example.org")
    assert waiting.registration.status is Status.waitlisted
    assert waiting.registration.confirm_by is not None
    assert waiting.position == 1
    with unit_of_work():
        state = confirmation.confirm(fresh(db, waiting.registration.id), datetime.now(UTC))
    assert state is State.confirmed
    assert fresh(db, waiting.registration.id).confirm_by is None
    assert emails(db)[-1] == ("wait@example.org", "You are on the waitlist: Opening night")


def test_an_unconfirmed_place_promoted_gets_its_seat_held_and_no_email_yet(db, asking,
                                                                          screening):
    screening.capacity = 1
    db.session.commit()
    seated = booked(screening, email="seated@example.org",
                    user=make_user(email="u@example.org")).registration
    waiting = booked(screening, email="wait@example.org").registration
    told = len(emails(db))
    with unit_of_work():
        services.cancel(fresh(db, seated.id))
    promoted = fresh(db, waiting.id)
    assert promoted.status is Status.unconfirmed and promoted.confirm_by is not None
    assert seats_taken(db, screening) == 1
    assert len(emails(db)) == told
    with unit_of_work():
        confirmation.confirm(fresh(db, waiting.id), datetime.now(UTC))
    assert fresh(db, waiting.id).status is Status.confirmed
    assert emails(db)[-1] == ("wait@example.org", "Your seat is confirmed: Opening night")


def test_a_lapsed_place_is_passed_over_by_promotion(db, asking, screening):
    screening.capacity = 1
    db.session.commit()
    seated = booked(screening, email="seated@example.org", now=long_ago(),
                    user=make_user(email="u@example.org")).registration
    lapsed = booked(screening, email="lapsed@example.org", now=long_ago()).registration
    after = booked(screening, email="after@example.org", now=long_ago(),
                   user=make_user(email="v@example.org")).registration
    with unit_of_work():
        services.cancel(fresh(db, seated.id))
    assert fresh(db, lapsed.id).status is Status.waitlisted
    assert fresh(db, after.id).status is Status.confirmed


def test_expire_holds_command_ends_each_lapsed_booking_once(app, db, asking, screening):
    screening.capacity = 2
    db.session.commit()
    booked(screening, email="late1@example.org", now=long_ago())
    booked(screening, email="late2@example.org", now=long_ago())
    booked(screening, email="first@example.org", now=long_ago(),
           user=make_user(email="u@example.org"))
    # Booked then too, with more time to confirm: a booking now would end the others.
    app.config["EMAIL_CONFIRM_MINUTES"] = 60
    kept = booked(screening, email="kept@example.org", now=long_ago()).registration
    runner = app.test_cli_runner()
    assert runner.invoke(args=["registrations", "expire-holds"]).output == (
        "Ended 2 unconfirmed booking(s).\n")
    assert runner.invoke(args=["registrations", "expire-holds"]).output == (
        "Ended 0 unconfirmed booking(s).\n")
    statuses = {r.email: r.status for r in registrations(db, screening)}
    assert statuses == {"late1@example.org": Status.cancelled,
                        "late2@example.org": Status.cancelled,
                        "first@example.org": Status.confirmed,
                        "kept@example.org": Status.unconfirmed}
    # The freed seats went to the waitlist in turn: first, then kept (still held).
    assert seats_taken(db, screening) == 2
    assert fresh(db, kept.id).confirm_by is not None
    assert ("first@example.org", "A seat opened up for you: Opening night") in emails(db)


def test_the_api_shows_the_unconfirmed_status_and_its_time(client, db, asking, screening):
    url = f"/api/v1/sessions/{screening.id}/registrations"
    guest = client.post(url, json={"name": "Nino", "email": "nino@example.org"})
    assert guest.status_code == 201
    assert guest.json["status"] == "unconfirmed" and guest.json["confirm_by"]
    token = make_token(make_user(email="user@example.org"))
    signed_in = client.post(url, json={"name": "U", "email": "user@example.org"},
                            headers={"Authorization": f"Bearer {token}"})
    assert signed_in.json["status"] == "confirmed" and signed_in.json["confirm_by"] is None
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert "unconfirmed" in schema["Registration"]["properties"]["status"]["description"]
    assert "confirm_guest_email" in schema["Event"]["properties"]


def test_the_events_api_and_form_set_the_setting(app, db, owner, festival):
    token = make_token(owner)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    answer = client.patch(f"/api/v1/events/{festival.id}", headers=headers,
                          json={"confirm_guest_email": True})
    assert answer.status_code == 200 and answer.json["confirm_guest_email"] is True
    browser = app.test_client(user=owner)
    form = page(browser.get(f"/organise/events/{festival.id}/edit"))
    assert 'name="confirm_guest_email"' in form and "checked" in form
    browser.post(f"/organise/events/{festival.id}/edit",
                 data={"title": festival.title, "kind": "film_festival", "description": ""})
    db.session.expire_all()
    assert db.session.get_one(Event, festival.id).confirm_guest_email is False


@pytest.mark.parametrize(("language", "heading"), [("ru", "Подтвердите"),
                                                   ("ka", "დაადასტურეთ")])
def test_the_page_and_email_are_in_the_guests_language(client, db, asking, screening,
                                                       language, heading):
    page(client.post(f"/sessions/{screening.id}/register?lang={language}",
                     data={"name": "Nino", "email": "nino@example.org"}), 302)
    path = confirm_path(db, "nino@example.org")
    assert f"lang={language}" in path
    assert heading in page(client.get(path))
    [(_, subject)] = emails(db)
    assert CONFIRM_SUBJECT not in subject


def test_an_organiser_cannot_check_in_an_unconfirmed_hold(app, db, owner, asking, screening):
    held = booked(screening, email="nino@example.org").registration
    response = app.test_client(user=owner).post(
        f"/api/v1/registrations/{held.id}/check-in",
        headers={"Authorization": f"Bearer {make_token(owner)}"})
    assert response.status_code == 409
    assert "has not confirmed their email" in response.json["error"]["message"]

