"""Link secrets: a salt per purpose, refusals as before, and links sent before
the secrets were signed with itsdangerous still working."""
from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from scheduler import secrets
from scheduler.accounts.models import Role
from scheduler.feeds import agenda
from scheduler.registration import invitations, links
from scheduler.registration.inputs import InvitationInput
from scheduler.registration.models import Invitation, RegistrationStatus as Status
from scheduler.secrets import Purpose
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_event, make_session, make_user, make_venue
from tests.registration.conftest import page, registrations

NO_REGISTRATION = "There is no such registration, or the link is not valid."
NO_INVITATION = "There is no such invitation, or the link is not valid."


def old_secret(message: str) -> str:
    """A secret as links carried it before: HMAC-SHA256 under SECRET_KEY, base64url."""
    mac = hmac.new(b"test-only-key", message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org")


@pytest.fixture
def screening(owner):
    return make_session(make_event(owner), make_venue(capacity=5))


def cancel_path(registration, secret: str) -> str:
    return f"/registrations/{registration.id}/cancel?token={secret}"


def accept_path(invitation, secret: str) -> str:
    return f"/invitations/{invitation.id}/accept?token={secret}"


def test_each_purpose_signs_the_same_details_apart(app):
    with app.app_context():
        signed = {purpose: secrets.sign(purpose, 1, "nino@example.org") for purpose in Purpose}
        assert len(set(signed.values())) == len(Purpose)
        assert all(len(secret) == 43 for secret in signed.values())  # 256 bits
        assert secrets.sign(Purpose.cancel, 1, "nino@example.org") == signed[Purpose.cancel]
        assert secrets.sign(Purpose.cancel, "1|nino@example.org") != signed[Purpose.cancel]
        app.config["SECRET_KEY"] = "another-key"
        assert secrets.sign(Purpose.cancel, 1, "nino@example.org") != signed[Purpose.cancel]


def test_a_cancel_secret_opens_no_invitation_and_back(client, db, owner, screening):
    receipt = booked(screening, name="Nino", email="nino@example.org")
    with unit_of_work():
        invitation = invitations.invite(screening, InvitationInput(email="nino@example.org"),
                                        actor=owner)
    invited = invitations.accept_url(invitation).split("token=")[1]
    assert NO_INVITATION in page(client.get(accept_path(invitation, receipt.secret)), 404)
    assert NO_REGISTRATION in page(client.get(cancel_path(receipt.registration, invited)),
                                   404)
    page(client.get(accept_path(invitation, invited)))
    page(client.get(cancel_path(receipt.registration, receipt.secret)))


def test_tampered_secrets_get_the_same_refusal(client, db, screening):
    receipt = booked(screening, name="Nino", email="nino@example.org")
    secret, registration = receipt.secret, receipt.registration
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for wrong in ("", secret[:-1], flipped, secret + "x", secret.swapcase()):
        assert NO_REGISTRATION in page(client.get(cancel_path(registration, wrong)), 404)
        assert NO_REGISTRATION in page(client.post(cancel_path(registration, wrong)), 404)
    assert registrations(db)[0].status is Status.confirmed


def test_an_old_cancel_link_still_cancels_and_is_sent_again(client, db, screening):
    registration = booked(screening, name="Nino", email="nino@example.org").registration
    # As the row was written before: the digest of the old form.
    old = old_secret(f"cancel|{screening.id}|{registration.email}|"
                     f"{registration.check_in_code}")
    registration.cancel_token_hash = secrets.digest(old)
    db.session.commit()
    assert f"token={old}" in links.cancel_url(registration)  # the link in the inbox
    assert links.cancel_secret(registration) == old
    assert "Cancel your registration?" in page(client.get(cancel_path(registration, old)))
    page(client.post(cancel_path(registration, old), follow_redirects=True))
    assert registrations(db)[0].status is Status.cancelled


def test_the_old_form_opens_no_record_made_now(client, db, screening):
    receipt = booked(screening, name="Nino", email="nino@example.org")
    registration = receipt.registration
    old = old_secret(f"cancel|{screening.id}|{registration.email}|"
                     f"{registration.check_in_code}")
    assert old != receipt.secret
    assert NO_REGISTRATION in page(client.get(cancel_path(registration, old)), 404)


def test_an_old_invitation_link_still_opens(client, db, owner, screening):
    email = "partner@example.org"
    old = old_secret(f"invite|{screening.id}|{email}")
    invitation = Invitation(event_session=screening, email=email, name="Pat",
                            invited_by_id=owner.id, token_hash=secrets.digest(old))
    db.session.add(invitation)
    db.session.commit()
    assert invitations.accept_url(invitation).endswith(f"token={old}")
    assert "You are invited" in page(client.get(accept_path(invitation, old)))


def test_an_old_agenda_feed_link_works_until_replaced(client, db):
    user = make_user(email="nino@example.org")
    salt = "0123456789abcdef0123456789abcdef"
    old = old_secret(f"agenda|{user.id}|{salt}")
    user.agenda_feed_salt, user.agenda_feed_hash = salt, secrets.digest(old)
    db.session.commit()
    assert client.get(f"/feeds/{old}/agenda.ics").status_code == 200
    assert agenda.agenda_secret(user) == old  # the account page shows the same link
    with unit_of_work():
        new = agenda.rotate_agenda_secret(user)
    assert new == secrets.sign(Purpose.agenda_feed, user.id, user.agenda_feed_salt)
    assert client.get(f"/feeds/{old}/agenda.ics").status_code == 404
    assert client.get(f"/feeds/{new}/agenda.ics").status_code == 200
