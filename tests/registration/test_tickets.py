"""The ticket: its printable page (by the secret link, for the signed-in
attendee and the event's organisers), the calendar links beside a confirmed
seat, and the PDF the confirmation email carries."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from scheduler.accounts.models import Role
from scheduler.mail.models import OutboxMessage
from scheduler.registration import emails, services
from scheduler.registration.emails import Notice
from scheduler.registration.models import RegistrationStatus as Status
from scheduler.registration.ticket_pdf import ticket_pdf
from scheduler.registration.tickets import Ticket, ticket_of
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_event, make_session, make_user, make_venue
from tests.pdfs import pdf_pages, pdf_text
from tests.registration.conftest import SOON, page

TITLE = "ადამიანის უფლებების კინოფესტივალი"
SESSION_TITLE = "Открытие: «Флагман»"
NAME = "ნინო ბერიძე"


@pytest.fixture
def attendee(db):
    return make_user(email="nino@example.org", name=NAME)


@pytest.fixture
def georgian_screening(owner):
    event = make_event(owner, title=TITLE, slug="hrff")
    venue = make_venue(name="ამირანი", address="კოსტავას 36", capacity=1)
    return make_session(event, venue, capacity=1, starts_at=SOON, title=SESSION_TITLE)


@pytest.fixture
def receipt(georgian_screening, attendee):
    return booked(georgian_screening, name=NAME, email=attendee.email, user=attendee)


def ticket_path(receipt, token: str | None = None) -> str:
    path = f"/registrations/{receipt.registration.id}/ticket"
    return path if token == "" else f"{path}?token={token or receipt.secret}"


def test_the_secret_link_opens_a_printable_ticket(client, receipt):
    html = page(client.get(ticket_path(receipt)))
    for shown in (TITLE, "Открытие: «Флагман»", NAME, "ამირანი", "კოსტავას 36, Tbilisi",
                  "19:00 +04", "Asia/Tbilisi", "Confirmed", receipt.registration.check_in_code):
        assert shown in html, shown
    assert "<svg" in html and 'href="/static/ticket.css"' in html


def test_print_css_drops_the_navigation_and_fits_one_page(client):
    css = page(client.get("/static/ticket.css"))
    print_rules = css[css.index("@media print"):]
    assert "@page" in print_rules and "break-inside: avoid" in print_rules
    assert "header.container" in print_rules and "nav" in print_rules
    assert ".no-print" in print_rules and "display: none" in print_rules


def test_a_wrong_or_missing_secret_finds_nothing(client, receipt):
    for path in (ticket_path(receipt, "forged"), ticket_path(receipt, ""),
                 f"/registrations/{receipt.registration.id + 1}/ticket?token={receipt.secret}"):
        assert client.get(path).status_code == 404, path


def test_signed_in_attendee_and_organisers_need_no_secret_others_find_nothing(
        app, owner, attendee, receipt):
    for user in (attendee, owner, make_user(role=Role.admin)):
        assert NAME in page(app.test_client(user=user).get(ticket_path(receipt, "")))
    stranger = app.test_client(user=make_user())
    assert stranger.get(ticket_path(receipt, "")).status_code == 404
    other_organiser = app.test_client(user=make_user(role=Role.organiser))
    assert other_organiser.get(ticket_path(receipt, "forged")).status_code == 404


def test_a_waitlisted_registration_has_no_ticket_nor_calendar_links(
        client, georgian_screening, receipt):
    waiting = booked(georgian_screening, name="Анна", email="anna@example.org")
    assert waiting.registration.status is Status.waitlisted
    html = page(client.get(ticket_path(waiting)))
    assert "Not a ticket" in html and "<svg" not in html
    details = page(client.get(f"/registrations/{waiting.registration.id}"
                              f"?token={waiting.secret}"))
    assert "calendar.google.com" not in details and "/ticket?" not in details
    assert "Your ticket and the links to add the session to your calendar" in details


def test_a_confirmed_registration_page_links_calendars_and_the_ticket(client, receipt):
    html = page(client.get(f"/registrations/{receipt.registration.id}"
                           f"?token={receipt.secret}"))
    for host in ("calendar.google.com", "outlook.office.com", "outlook.live.com"):
        assert f"https://{host}/" in html
    session_id = receipt.registration.event_session_id
    assert f'href="https://scheduler.test/sessions/{session_id}.ics?lang=en"' in html
    assert f'href="{ticket_path(receipt)}"' in html


def test_my_registrations_link_each_ticket(app, attendee, receipt):
    html = page(app.test_client(user=attendee).get("/my/registrations"))
    assert f'href="{ticket_path(receipt)}"' in html


def test_the_pdf_has_the_names_and_code_in_georgian(app, receipt):
    with app.test_request_context(), force_locale("ka"):
        content = ticket_pdf(ticket_of(receipt.registration))
    text = pdf_text(content)
    for shown in (TITLE, SESSION_TITLE, NAME, "ამირანი", receipt.registration.check_in_code,
                  "Asia/Tbilisi"):
        assert shown in text, shown
    assert "ბილეთი" in text  # "Ticket", in the attendee's language
    assert pdf_pages(content) == 1


def attachments_of(db, registration_id: int) -> dict[str, list[str]]:
    """Each queued notice of the registration, with its attachments' names."""
    db.session.expire_all()
    messages = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.registration_id == registration_id).order_by(OutboxMessage.id))
    return {message.notice: [a.filename for a in emails.prepare(message)]
            for message in messages}


def test_the_email_attaches_the_ticket_for_a_seat_and_when_promoted(
        app, db, georgian_screening, receipt):
    waiting = booked(georgian_screening, name="Анна", email="anna@example.org")
    assert attachments_of(db, waiting.registration.id) == {Notice.waitlisted: []}
    with unit_of_work():
        services.cancel(receipt.registration)
    with app.test_request_context():
        # Cancelled before its confirmation went out: no ticket for a seat let go.
        assert attachments_of(db, receipt.registration.id) == {Notice.confirmed: []}
        assert attachments_of(db, waiting.registration.id) == {
            Notice.waitlisted: [], Notice.promoted: ["ticket.pdf"]}
        promoted = db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.notice == Notice.promoted)).one()
        [ticket] = emails.prepare(promoted)
    assert "Анна" in pdf_text(ticket.content)
    assert f"/registrations/{waiting.registration.id}/ticket?token=" in promoted.body


def test_the_longest_texts_still_fit_one_page(app):
    longest = Ticket(
        event_title="კინო " * 40, session_title="Фильм " * 33, date="ორშაბათი, 14 დეკ. 2026",
        time="19:00 +04 – 21:00 +04", zone="America/Argentina/ComodRivadavia",
        venue="ა" * 200, address="ბ" * 300 + ", " + "გ" * 120,
        online_url="https://meet.example.org/" + "r" * 475, attendee="ნინო " * 40,
        status="Confirmed", check_in_code="ABCD2345",
        check_in_url="https://scheduler.test/organise/sessions/2147483647/check-in"
                     "?code=ABCD2345")
    with app.test_request_context():
        content = ticket_pdf(longest)
    assert pdf_pages(content) == 1
    assert "ABCD2345" in pdf_text(content)
