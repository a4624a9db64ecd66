"""Inviting guests by email, and accepting from the secret link."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler.events.models import EventStatus, SessionStatus
from scheduler.registration.models import Invitation, RegistrationStatus as Status
from tests.factories import make_event, make_session, make_venue
from tests.outbox import rendered_outbox
from tests.registration.conftest import SOON, accept_link, emails, page, registrations


def invite(browser, event_session, email="partner@example.org", name="Pat Partner"):
    return browser.post(f"/organise/sessions/{event_session.id}/invitations",
                        data={"email": email, "name": name}, follow_redirects=True)


def test_invitee_accepts_from_the_email_and_takes_a_held_back_seat(
        owner_client, client, db, invitation_only):
    assert "Invitation sent to partner@example.org." in page(invite(owner_client,
                                                                    invitation_only))
    assert emails(db) == [("partner@example.org", "You are invited: Partners' screening")]
    link = accept_link(db, "partner@example.org")
    html = page(client.get(link))
    assert "You are invited" in html and 'value="Pat Partner"' in html
    html = page(client.post(link, data={"name": "Pat Partner"}, follow_redirects=True))
    assert "Your seat is confirmed." in html
    [registration] = registrations(db, invitation_only)
    assert registration.guest and registration.status is Status.confirmed
    db.session.refresh(invitation_only)
    assert invitation_only.guest_seats_taken == 1
    invitation = db.session.scalar(sa.select(Invitation))
    assert invitation.registration_id == registration.id and invitation.accepted_at
    # The link works once; the page then says so.
    assert "accepted this invitation already" in page(client.get(link))
    assert "accepted this invitation already" in page(
        client.post(link, data={"name": "Again"}), 409)
    assert len(registrations(db)) == 1


def test_inviting_again_resends_the_same_link(owner_client, db, invitation_only):
    invite(owner_client, invitation_only)
    invite(owner_client, invitation_only, email=" Partner@Example.org", name="")
    first, second = (message.body for message in rendered_outbox(db))
    assert first == second and "Pat Partner" in first
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1


def test_invitation_only_sessions_refuse_everyone_else(client, db, invitation_only):
    response = client.post(f"/sessions/{invitation_only.id}/register",
                           data={"name": "Nino", "email": "nino@example.org"})
    assert "by invitation only" in page(response, 409)
    assert registrations(db) == []


@pytest.mark.parametrize("data, message", [
    ({"email": "not-an-email"}, "Invalid email address."),
    ({"name": "Pat"}, "This field is required."),
    ({"email": "p@example.org", "name": "N" * 201}, "longer than 200"),
])
def test_bad_invitations_get_form_messages_and_send_nothing(owner_client, db,
                                                           invitation_only, data, message):
    response = owner_client.post(f"/organise/sessions/{invitation_only.id}/invitations",
                                 data=data)
    assert message in page(response, 422)
    assert emails(db) == [] and db.session.scalars(sa.select(Invitation)).all() == []


def test_forged_tokens_and_unknown_invitations_are_404(owner_client, client, db,
                                                       invitation_only):
    invite(owner_client, invitation_only)
    link = accept_link(db, "partner@example.org")
    invitation_id = link.split("/")[2]
    for url in (f"/invitations/{invitation_id}/accept?token=forged",
                f"/invitations/{invitation_id}/accept",
                link.replace(f"/{invitation_id}/", "/424242/")):
        page(client.get(url), 404)
        page(client.post(url, data={"name": "Eve"}), 404)
    assert registrations(db) == []


def test_accepting_needs_a_name_and_refuses_script_as_markup(owner_client, client, db,
                                                             invitation_only):
    invite(owner_client, invitation_only, name="")
    link = accept_link(db, "partner@example.org")
    assert "This field is required." in page(client.post(link, data={"name": ""}), 422)
    html = page(client.post(link, data={"name": "<script>x</script>"},
                            follow_redirects=True))
    assert "<script>x" not in html and "&lt;script&gt;x" in html


def test_drafts_and_closed_sessions_take_no_invitations(owner_client, db, owner, screening,
                                                       invitation_only):
    draft = make_session(make_event(owner, status=EventStatus.draft), make_venue(),
                         starts_at=SOON)
    assert "Publish the event first" in page(invite(owner_client, draft), 409)
    invitation_only.status = SessionStatus.cancelled
    db.session.commit()
    html = page(owner_client.post(f"/organise/sessions/{invitation_only.id}/invitations",
                                  data={"email": "p@example.org"}), 409)
    assert "This session has been cancelled." in html
    assert emails(db) == []
