"""Invitations: an organiser invites someone by email to one session; the
secret link in the email registers them as a guest (held-back seats first).
The only way into an invitation-only session.

As with cancel links, the secret is signed under SECRET_KEY and the database
keeps only its SHA-256 (scheduler.secrets): inviting the same person again
re-sends the same working link.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from scheduler import permissions, secrets
from scheduler.accounts.models import User
from scheduler.database import lock_for_writing, utcnow
from scheduler.errors import Conflict
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.languages import select_locale
from scheduler.registration import booking, emails
from scheduler.registration.inputs import BookingInput, InvitationInput
from scheduler.registration.models import Invitation
from scheduler.registration.rules import Opening, ensure_open
from scheduler.secrets import Purpose
from scheduler.transactions import savepoint
from scheduler.urls import public_url


def invitation_secret(event_session_id: int, email: str) -> str:
    return secrets.sign(Purpose.invitation, event_session_id, email)


def accept_url(invitation: Invitation) -> str:
    secret = secrets.secret_of(invitation.token_hash, Purpose.invitation,
                               invitation.event_session_id, invitation.email)
    return public_url("attendee.accept_invitation", invitation_id=invitation.id, token=secret)


def invite(event_session: EventSession, data: InvitationInput, *, actor: User,
           language: str | None = None, now: datetime | None = None) -> Invitation:
    """Invite someone and email them the link, in `language` (by default the
    request's); inviting them again re-sends it."""
    permissions.require_event_editor(actor, event_session.event)
    email, name = data.email, data.name
    if not event_session.event.is_public:
        raise Conflict(_("Publish the event first: guests cannot accept before then."),
                       code="event_draft")
    # Invitations to a session that takes none would only disappoint.
    ensure_open(Opening.of(event_session), now or utcnow(), invited=True)
    invitation = db.session.scalar(sa.select(Invitation).filter_by(
        event_session_id=event_session.id, email=email))
    if invitation is None:
        invitation = Invitation(
            event_session=event_session, email=email, name=name, invited_by_id=actor.id,
            token_hash=secrets.digest(invitation_secret(event_session.id, email)))
        db.session.add(invitation)
    elif name:
        invitation.name = name
    try:
        with savepoint():
            db.session.flush()
    except IntegrityError:
        # The same person invited twice at once: the other request's email goes out.
        return _invited(event_session.id, email)
    emails.notify_invited(invitation, accept_url(invitation), language or select_locale())
    db.session.flush()
    return invitation


def _invited(event_session_id: int, email: str) -> Invitation:
    return db.session.execute(sa.select(Invitation).filter_by(
        event_session_id=event_session_id, email=email)).scalar_one()


def invitation_by_secret(invitation_id: int, secret: str) -> Invitation | None:
    """The invitation the link names, if the secret is its own and its event is
    published: a draft (an event taken back to draft) shows its guests nothing."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not secrets.matches(invitation.token_hash, secret):
        return None
    if not invitation.event_session.event.is_public:
        return None
    return invitation


def accept(invitation: Invitation, *, name: str, actor: User | None,
           answers: Mapping[str, Any] | None = None,
           now: datetime | None = None) -> booking.Receipt:
    """Register the invitee, under `name` and with their `answers` to the
    event's questions, as a guest: a held-back seat, any free seat, or the
    waitlist. A link works once."""
    data = BookingInput.parse({"name": name, "email": invitation.email,
                               "answers": answers or {}})
    # The clock is read under the lock, as in booking.book: waitlist order.
    lock_for_writing(db.session, EventSession, invitation.event_session_id)
    now = now or utcnow()
    db.session.refresh(invitation)
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has already been accepted."),
                       code="invitation_used")
    receipt = booking.book(invitation.event_session_id, data, actor=actor, now=now,
                           guest=True)
    invitation.registration, invitation.accepted_at = receipt.registration, now
    db.session.flush()
    return receipt
