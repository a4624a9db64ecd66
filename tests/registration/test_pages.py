"""The public event and session pages: what they show, what they hide, and
registering from them as a guest or with one click."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from scheduler.accounts.models import Role
from scheduler.events.models import EventStatus, RegistrationMode, SessionStatus
from scheduler.events.people import add_person
from scheduler.films.models import Film
from scheduler.people.inputs import PersonInput
from scheduler.registration.models import RegistrationStatus as Status
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_registration, make_session, make_user, make_venue
from tests.registration.conftest import SOON, emails, page, registrations


def every_day(client, url: str) -> str:
    """The event page on each of its day tabs, one after another."""
    first = page(client.get(url))
    tabs = re.findall(r'<nav class="day-tabs".*?</nav>', first, re.S)
    links = re.findall(r'<a href="([^"]+)"', tabs[0]) if tabs else []
    return "".join(page(client.get(link.replace("&amp;", "&"))) for link in links) or first


def test_event_page_groups_sessions_by_local_day_with_zone_and_badges(client, festival,
                                                                     screening, db):
    batumi = make_venue(name="Apollo", city="Batumi", capacity=50)
    make_session(festival, batumi, starts_at=SOON + timedelta(days=1), capacity=50)
    make_session(festival, batumi, starts_at=SOON + timedelta(days=2),
                 status=SessionStatus.cancelled)
    screening.seats_taken = 1
    db.session.commit()
    html = every_day(client, "/events/festival")
    assert "Ten days of documentaries." in html
    assert "19:00–21:00 +04" in html  # 15:00 UTC on the venue's clock
    assert html.count('<h2 class="day"') == 3
    assert "Amirani Cinema, Tbilisi" in html and "Apollo, Batumi" in html
    assert "Few left: 2" in html and "50 seats left" in html and "Cancelled" in html
    assert f'href="/sessions/{screening.id}"' in html


def test_full_sessions_show_waitlist_while_open_and_full_when_closed(client, festival,
                                                                    screening, db):
    screening.seats_taken = 3
    make_session(festival, screening.venue, starts_at=SOON + timedelta(days=3),
                          capacity=1, seats_taken=1,
                          registration_mode=RegistrationMode.invitation)
    html = every_day(client, "/events/festival")
    assert "Full: join the waitlist" in html
    assert 'seats-full">Full<' in html


def test_home_links_each_event_to_its_page(client, screening):
    assert 'href="/events/festival"' in page(client.get("/"))


def test_session_page_shows_film_speakers_venue_map_and_the_form(client, owner, screening,
                                                                 db):
    film = Film(title="Flee", original_title="Flugt", director="Jonas Poher Rasmussen",
                year=2021, runtime_minutes=89, country="Denmark",
                synopsis="A refugee's story.")
    db.session.add(film)
    screening.film, screening.description = film, "With the director."
    db.session.commit()
    with unit_of_work():
        add_person(screening, PersonInput.parse(dict(
            name="Ana Kvirikashvili", affiliation="GIPA", role="moderator")), actor=owner)
    html = page(client.get(f"/sessions/{screening.id}"))
    for text in ("With the director.", "Flee", "Flugt", "Jonas Poher Rasmussen", "89 min",
                 "A refugee", "Ana Kvirikashvili, GIPA (moderator)", "36 Kostava St",
                 "openstreetmap.org/search?query=36+Kostava+St%2C+Tbilisi%2C+GE",
                 "3 of 3 seats left", 'name="email"', "19:00–21:00 +04"):
        assert text in html, text


def test_public_pages_show_counts_never_names_or_emails(client, screening, owner):
    make_registration(screening, email="secret.person@example.org", name="Secret Person")
    for url in ("/", "/events/festival", f"/sessions/{screening.id}"):
        html = page(client.get(url))
        assert "Secret Person" not in html and "secret.person" not in html
        assert owner.email not in html


@pytest.mark.parametrize("change, reason", [
    (dict(status=SessionStatus.cancelled), "This session has been cancelled."),
    (dict(starts_at=SOON - timedelta(days=20)), "This session has already started."),
    (dict(registration_opens_at=SOON - timedelta(days=2)), "Registration opens"),
    (dict(registration_closes_at=SOON - timedelta(days=15)), "Registration closed"),
    (dict(registration_mode=RegistrationMode.invitation), "by invitation only"),
])
def test_session_page_says_why_registration_is_closed(client, festival, change, reason):
    values = {"starts_at": SOON} | change  # parameters are shared: never mutate them
    event_session = make_session(festival, make_venue(), **values)
    html = page(client.get(f"/sessions/{event_session.id}"))
    assert reason in html
    assert 'name="email"' not in html
    response = client.post(f"/sessions/{event_session.id}/register",
                           data={"name": "Nino", "email": "nino@example.org"})
    assert reason in page(response, 409)


def test_window_opening_is_shown_in_venue_time(client, festival):
    event_session = make_session(festival, make_venue(), starts_at=SOON,
                                 registration_opens_at=SOON - timedelta(days=2))
    opens = (SOON - timedelta(days=2)).strftime("%-d")
    html = page(client.get(f"/sessions/{event_session.id}"))
    assert "Registration opens" in html and opens in html and "19:00 +04" in html


def test_drafts_are_not_found_except_by_their_editors(app, client, owner, db):
    draft = make_event(owner, slug="draft", status=EventStatus.draft)
    event_session = make_session(draft, make_venue(), starts_at=SOON)
    stranger = app.test_client(user=make_user(role=Role.organiser))
    for visitor in (client, stranger):
        page(visitor.get("/events/draft"), 404)
        page(visitor.get(f"/sessions/{event_session.id}"), 404)
        page(visitor.post(f"/sessions/{event_session.id}/register",
                          data={"name": "N", "email": "n@example.org"}), 404)
    owner_view = app.test_client(user=owner)
    assert "not published yet" in page(owner_view.get(f"/sessions/{event_session.id}"))
    page(owner_view.get("/events/draft"))
    assert registrations(db) == []


def test_unknown_pages_are_404(client, db):
    page(client.get("/events/nothing-here"), 404)
    page(client.get("/sessions/424242"), 404)
    page(client.post("/sessions/424242/register", data={"name": "N", "email": "n@x.org"}),
         404)


def test_guest_registers_and_sees_code_qr_and_cancel_link(client, screening, db):
    response = client.post(f"/sessions/{screening.id}/register",
                           data={"name": "Nino Beridze", "email": " Nino@Example.org"},
                           follow_redirects=True)
    html = page(response)
    [registration] = registrations(db, screening)
    assert registration.status is Status.confirmed and registration.email == "nino@example.org"
    assert "Your seat is confirmed." in html
    assert registration.check_in_code in html
    assert "<svg" in html and "<script" not in html
    assert f"/registrations/{registration.id}/cancel?token=" in html
    assert emails(db) == [("nino@example.org", "Your seat is confirmed: Opening night")]


def test_full_session_waitlists_with_position_and_approval_is_pending(client, screening, db):
    for number in range(3):
        make_registration(screening, email=f"seat{number}@example.org")
    screening.seats_taken = 3
    db.session.commit()
    for number in (1, 2):
        html = page(client.post(f"/sessions/{screening.id}/register", data={
            "name": "Late", "email": f"late{number}@example.org"}, follow_redirects=True))
    assert "you are on the waitlist" in html and "number 2 in line" in html
    screening.registration_mode = RegistrationMode.approval
    db.session.commit()
    html = page(client.post(f"/sessions/{screening.id}/register", data={
        "name": "Keen", "email": "keen@example.org"}, follow_redirects=True))
    assert "Awaiting approval" in html
    assert [r.status for r in registrations(db, screening)][-3:] == [
        Status.waitlisted, Status.waitlisted, Status.pending]


def test_signed_in_attendee_registers_with_one_click(app, screening, db):
    attendee = make_user(email="tamar@example.org", name="Tamar")
    browser = app.test_client(user=attendee)
    form = page(browser.get(f"/sessions/{screening.id}"))
    assert "You register as Tamar (tamar@example.org)" in form and 'name="email"' not in form
    page(browser.post(f"/sessions/{screening.id}/register", follow_redirects=True))
    [registration] = registrations(db, screening)
    assert (registration.name, registration.email, registration.user_id) == (
        "Tamar", "tamar@example.org", attendee.id)
    again = page(browser.post(f"/sessions/{screening.id}/register"), 409)
    assert "already registered for this session" in again
    assert len(registrations(db)) == 1


def test_the_same_email_twice_gets_a_form_message(client, screening, db):
    data = {"name": "Nino", "email": "nino@example.org"}
    client.post(f"/sessions/{screening.id}/register", data=data)
    html = page(client.post(f"/sessions/{screening.id}/register",
                            data=data | {"email": "NINO@example.org "}), 409)
    assert "Already registered for this session" in html
    assert len(registrations(db)) == 1


@pytest.mark.parametrize("data, message", [
    ({"name": "Nino"}, "This field is required."),
    ({"name": "Nino", "email": "not-an-email"}, "Invalid email address."),
    ({"email": "nino@example.org"}, "This field is required."),
    ({"name": "N" * 201, "email": "nino@example.org"}, "longer than 200"),
])
def test_bad_details_get_form_messages_and_store_nothing(client, screening, db, data,
                                                        message):
    html = page(client.post(f"/sessions/{screening.id}/register", data=data), 422)
    assert message in html
    assert registrations(db) == [] and emails(db) == []


def test_a_ten_megabyte_name_is_refused_with_a_413_page(client, screening, db):
    response = client.post(f"/sessions/{screening.id}/register",
                           data={"name": "N" * 10_000_000, "email": "n@example.org"})
    assert "<html" in page(response, 413)
    assert registrations(db) == []


def test_script_tags_are_shown_as_text(client, screening, db):
    script = "<script>alert(1)</script>"
    html = page(client.post(f"/sessions/{screening.id}/register", data={
        "name": script, "email": "x@example.org"}, follow_redirects=True))
    assert script not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    screening.description = script
    db.session.commit()
    html = page(client.get(f"/sessions/{screening.id}"))
    assert script not in html and "&lt;script&gt;" in html
