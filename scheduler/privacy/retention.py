"""Retention: an event keeps its attendees' personal data for `retention_days`
after its last session ends; then it is erased. The registration rows stay,
with their status, session and times, so seats, counts and statistics do not
change. Each use case flushes; the caller's unit of work commits."""
from __future__ import annotations

import secrets as random
from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from scheduler import secrets
from scheduler.events.models import Event, EventSession
from scheduler.extensions import db
from scheduler.mail.models import OutboxMessage
from scheduler.registration.models import Invitation, Registration
from scheduler.registration.questions import COUNTED_KINDS
from scheduler.registration.questions_models import Answer, Question

ERASED_NAME = "erased"


def erased_email(kind: str, row_id: int) -> str:
    # The .invalid domain never delivers (RFC 2606); the id keeps each address
    # unique where the indexes want it, and the form meets the CHECK.
    return f"erased-{kind}-{row_id}@invalid"


def unknowable_digest() -> str:
    """A digest nobody holds the secret of: a link made before stops working."""
    return secrets.digest(random.token_urlsafe(32))


def erase_registrations(registrations: Sequence[Registration], now: datetime) -> int:
    """Erase each registration's personal data: name, email, the link to an
    account, the check-in code, the cancel link and the emails about it in
    the outbox, and the answers to its questions that no statistic counts.
    Status, session and times stay; rows already erased are left as they
    are. Returns how many were erased now. Flushes."""
    fresh = [registration for registration in registrations if registration.erased_at is None]
    for registration in fresh:
        registration.name = ERASED_NAME
        registration.email = erased_email("registration", registration.id)
        registration.user = None
        # Lower case: the door's lookup upper-cases what is typed, so never matches.
        registration.check_in_code = f"erased-{registration.id}"
        registration.cancel_token_hash = unknowable_digest()
        registration.erased_at = now
    if fresh:
        ids = [registration.id for registration in fresh]
        db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.registration_id.in_(ids)))
        _erase_answers(ids)
    db.session.flush()
    return len(fresh)


def _erase_answers(registration_ids: list[int]) -> None:
    # Answers the statistics count (choices, yes/no, country) stay on the
    # now nameless rows, so the breakdowns donors ask for survive; written
    # answers (text, numbers, dates) and the consent texts agreed to go.
    db.session.execute(sa.delete(Answer).where(
        Answer.registration_id.in_(registration_ids),
        Answer.question_id.in_(sa.select(Question.id).where(Question.kind.not_in(COUNTED_KINDS))))
        .execution_options(synchronize_session=False))


def past_retention(now: datetime) -> list[int]:
    """The ids of events whose last session ended more than their retention
    period before `now`, oldest first."""
    last_end = (sa.select(EventSession.event_id, sa.func.max(EventSession.ends_at).label("ends_at"))
                .group_by(EventSession.event_id).subquery())
    rows = db.session.execute(
        sa.select(Event.id, Event.retention_days, last_end.c.ends_at)
        .join(last_end, last_end.c.event_id == Event.id).order_by(last_end.c.ends_at, Event.id))
    return [event_id for event_id, days, ends_at in rows
            if ends_at + timedelta(days=days) < now]


def unerased(event: Event) -> list[Registration]:
    """The event's registrations that still hold personal data."""
    return list(db.session.scalars(
        sa.select(Registration).join(Registration.event_session)
        .where(EventSession.event_id == event.id, Registration.erased_at.is_(None))
        .order_by(Registration.id)))


def purge_event(event: Event, now: datetime) -> int:
    """Erase the personal data of an event's registrations and invitations
    (see erase_registrations). Running it again changes nothing. Returns how
    many registrations were erased. Flushes."""
    _erase_invitations(event)
    return erase_registrations(unerased(event), now)


def _erase_invitations(event: Event) -> None:
    invitations = db.session.scalars(
        sa.select(Invitation).join(Invitation.event_session)
        .where(EventSession.event_id == event.id,
               Invitation.email.not_like("erased-%@invalid"))).all()
    if not invitations:
        return
    # An invitation's email is queued without a registration, to its address;
    # those sent before the event ended are about it (or an older one).
    ended = max(event_session.ends_at for event_session in event.sessions)
    db.session.execute(sa.delete(OutboxMessage).where(
        OutboxMessage.registration_id.is_(None), OutboxMessage.created_at <= ended,
        OutboxMessage.recipient.in_({invitation.email for invitation in invitations})))
    for invitation in invitations:
        invitation.email = erased_email("invitation", invitation.id)
        invitation.name = ""
        invitation.token_hash = unknowable_digest()
    db.session.flush()
