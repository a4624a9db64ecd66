"""Emails speak the attendee's language: the one of the page (or the API
client's Accept-Language) the registration was made from, whoever's request or
command later writes to them. Dates follow the language; the session's own
clock and zone stay."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler.mail.models import OutboxMessage
from scheduler.registration import moves
from scheduler.registration.models import RegistrationStatus as Status
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_session
from tests.outbox import rendered_outbox
from tests.registration.conftest import SOON, accept_link, page, registrations

# SOON is 15:00 UTC: 19:00 on the Tbilisi venue's clock, in every language.
CONFIRMED = {
    "en": ("Your seat is confirmed: Opening night", "Dear Nino,", "When: "),
    "ru": ("Ваше место подтверждено: Opening night", "Здравствуйте, Nino!", "Когда: "),
    "ka": ("თქვენი ადგილი დადასტურებულია: Opening night", "ძვირფასო Nino,", "როდის: "),
}


def last_email(db, recipient: str) -> OutboxMessage:
    return rendered_outbox(db, OutboxMessage.recipient == recipient)[-1]


@pytest.mark.parametrize("language", CONFIRMED)
def test_a_guest_is_written_to_in_the_language_of_the_page(client, db, screening,
                                                           language):
    page(client.post(f"/sessions/{screening.id}/register?lang={language}",
                     data={"name": "Nino", "email": "nino@example.org"},
                     follow_redirects=True))
    [registration] = registrations(db, screening)
    assert registration.language == language
    email = last_email(db, "nino@example.org")
    subject, greeting, when = CONFIRMED[language]
    assert email.subject == subject
    assert email.body.startswith(greeting + "\n\n")
    assert f"{when}" in email.body and "19:00 +04" in email.body
    assert registration.check_in_code in email.body and "/cancel?token=" in email.body


def test_the_emails_links_open_their_pages_in_the_emails_language(client, db, screening):
    page(client.post(f"/sessions/{screening.id}/register?lang=ka",
                     data={"name": "Nino", "email": "nino@example.org"}), 302)
    body = last_email(db, "nino@example.org").body
    link = re.search(r"https://scheduler\.test(/registrations/\S+)", body).group(1)
    assert link.endswith("&lang=ka")
    # Another device, another browser language: the page still opens in Georgian.
    html = page(client.application.test_client().get(
        link, headers={"Accept-Language": "en"}))
    assert '<html lang="ka">' in html


def test_the_api_takes_the_language_from_accept_language(client, db, screening):
    response = client.post(f"/api/v1/sessions/{screening.id}/registrations",
                           json={"name": "Nino", "email": "nino@example.org"},
                           headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert response.status_code == 201, response.get_json()
    assert last_email(db, "nino@example.org").subject == CONFIRMED["ru"][0]


def test_later_emails_keep_the_attendees_language_whoever_causes_them(
        client, owner, db, screening, festival):
    first = booked(screening, name="First", email="first@example.org")
    for number in range(2):
        booked(screening, name=f"Seat {number}", email=f"seat{number}@example.org")
    page(client.post(f"/sessions/{screening.id}/register?lang=ka",
                     data={"name": "Nino", "email": "nino@example.org"},
                     follow_redirects=True))
    assert last_email(db, "nino@example.org").subject.startswith("მოლოდინის სიაში ხართ")
    # Someone on an English page cancels: Nino's promotion goes out in Georgian.
    page(client.post(f"/registrations/{first.registration.id}/cancel?lang=en&token="
                     f"{first.secret}", follow_redirects=True))
    assert registrations(db, screening)[-1].status is Status.confirmed
    promoted = last_email(db, "nino@example.org")
    assert promoted.subject == "თქვენთვის ადგილი გათავისუფლდა: Opening night"
    assert "კარგი ამბავი" in promoted.body
    # Moved by the organiser to another night: still Georgian.
    other = make_session(festival, screening.venue, starts_at=SOON + timedelta(days=1),
                         capacity=5, title="Second night")
    nino = registrations(db, screening)[-1]
    with unit_of_work():
        moves.move(nino, other, actor=owner)
    [moved] = registrations(db, other)
    assert moved.language == "ka"
    assert last_email(db, "nino@example.org").subject == (
        "თქვენი რეგისტრაცია გადატანილია: Second night")


def test_without_a_request_or_a_choice_emails_are_english(db, screening):
    receipt = booked(screening, name="Nino", email="nino@example.org")
    assert receipt.registration.language == "en"
    assert last_email(db, "nino@example.org").subject == CONFIRMED["en"][0]


def test_a_language_no_longer_offered_falls_back_to_english(db, screening):
    receipt = booked(screening, name="Nino", email="nino@example.org")
    db.session.execute(sa.update(type(receipt.registration)).values(language="xx"))
    db.session.commit()
    assert last_email(db, "nino@example.org").subject == CONFIRMED["en"][0]


def test_the_organiser_picks_the_invitations_language(owner_client, client, db,
                                                      invitation_only):
    form = page(owner_client.get(f"/organise/sessions/{invitation_only.id}/attendees?lang=ru"))
    assert '<option selected value="ru">Русский</option>' in form
    page(owner_client.post(f"/organise/sessions/{invitation_only.id}/invitations",
                           data={"email": "partner@example.org", "name": "Pat",
                                 "language": "ka"}, follow_redirects=True))
    invitation = last_email(db, "partner@example.org")
    assert invitation.subject == "მოსაწვევი: Partners' screening"
    assert invitation.body.startswith("გამარჯობა, Pat,")
    assert accept_link(db, "partner@example.org").endswith("&lang=ka")
    # The guest accepts on a Russian page: their confirmation is in Russian.
    page(client.post(accept_link(db, "partner@example.org").replace("lang=ka", "lang=ru"),
                     data={"name": "Pat"}, follow_redirects=True))
    assert last_email(db, "partner@example.org").subject == (
        "Ваше место подтверждено: Partners' screening")


def test_an_unknown_invitation_language_is_a_form_message(owner_client, db,
                                                          invitation_only):
    html = page(owner_client.post(f"/organise/sessions/{invitation_only.id}/invitations",
                                  data={"email": "partner@example.org", "language": "xx"}),
                422)
    assert "Not a valid choice" in html
    assert rendered_outbox(db) == []
