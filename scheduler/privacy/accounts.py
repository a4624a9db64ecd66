"""An attendee's own data: a copy of everything kept about them, and closing
their account. Each use case flushes; the caller's unit of work commits."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from scheduler.accounts.models import ApiToken, User
from scheduler.accounts.services import check_current_password
from scheduler.dates import utc, utc_or_none
from scheduler.errors import Conflict
from scheduler.events.models import Event, EventSession
from scheduler.extensions import db
from scheduler.favourites.queries import stars_of
from scheduler.privacy.retention import erase_registrations
from scheduler.registration import answers, services as registrations
from scheduler.registration.models import Invitation, Registration
from scheduler.registration.questions_models import Answer


def registrations_of(user: User) -> list[Registration]:
    return list(db.session.scalars(
        sa.select(Registration).join(Registration.event_session)
        .where(Registration.user_id == user.id)
        .order_by(EventSession.starts_at, Registration.id)))


def personal_data(user: User, now: datetime) -> dict[str, Any]:
    """What is kept about `user`, for them to download: the account, their
    registrations with their answers, the invitations sent to their address, the events they
    organise, the sessions they starred, and whether they have an agenda link or API
    tokens (never a secret)."""
    invitations = db.session.scalars(
        sa.select(Invitation).where(Invitation.email == user.email).order_by(Invitation.id))
    organised = db.session.scalars(sa.select(Event).where(_organised_by(user)).order_by(Event.id))
    tokens = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.id))
    own = registrations_of(user)
    given = answers.of_registrations(registration.id for registration in own)
    return {
        "exported_at": utc(now),
        "account": {"email": user.email, "name": user.name, "role": user.role.value,
                    "created_at": utc(user.created_at)},
        "registrations": [_registration(registration, given[registration.id].values())
                          for registration in own],
        "invitations": [{"name": invitation.name, "created_at": utc(invitation.created_at),
                         "accepted_at": utc_or_none(invitation.accepted_at),
                         **_where(invitation.event_session)} for invitation in invitations],
        "organised_events": [{"id": event.id, "title": event.title, "slug": event.slug,
                              "owner": event.owner_id == user.id} for event in organised],
        "stars": [{"starred_at": utc(star.created_at), **_where(star.event_session)}
                  for star in stars_of(user)],
        "agenda_link": user.agenda_feed_hash is not None,
        "api_tokens": [{"created_at": utc(token.created_at),
                        "expires_at": utc(token.expires_at),
                        "revoked_at": utc_or_none(token.revoked_at)} for token in tokens],
    }


def _registration(registration: Registration, given: Iterable[Answer]) -> dict[str, Any]:
    return {"id": registration.id, "name": registration.name, "email": registration.email,
            "status": registration.status.value, "guest": registration.guest,
            "language": registration.language, **_where(registration.event_session),
            "created_at": utc(registration.created_at),
            "updated_at": utc(registration.updated_at),
            "waitlisted_at": utc_or_none(registration.waitlisted_at),
            "checked_in_at": utc_or_none(registration.checked_in_at),
            "reminded_at": utc_or_none(registration.reminded_at),
            "answers": [{"question": answer.question.label, "value": answer.value,
                         "agreed_text": answer.agreed_text}
                        for answer in sorted(given, key=lambda answer: answer.question_id)]}


def _where(event_session: EventSession) -> dict[str, Any]:
    event = event_session.event
    return {"event": {"id": event.id, "title": event.title, "slug": event.slug},
            "session": {"id": event_session.id, "title": event_session.shown_title,
                        "starts_at": utc(event_session.starts_at),
                        "ends_at": utc(event_session.ends_at),
                        "venue": event_session.venue.name}}


def _organised_by(user: User) -> sa.ColumnElement[bool]:
    return sa.or_(Event.owner_id == user.id, Event.co_organisers.any(User.id == user.id))


def close_account(user: User, *, password: str, now: datetime) -> None:
    """Delete `user`'s account once they give their password: registrations
    for sessions still to start are cancelled (the waitlist moves up), all of
    theirs are erased (see erase_registrations), and with the account go its
    sign-ins, API tokens and agenda link. Each event they own passes to a
    co-organiser; one they organise alone is refused, naming it. Flushes."""
    check_current_password(user, password)
    _hand_over_events(user)
    mine = registrations_of(user)
    for registration in mine:
        if registration.event_session.starts_at > now:
            registrations.cancel(registration, now=now)  # harmless on a cancelled one
    erase_registrations(mine, now)
    # The database deletes its sign-ins, tokens and co-organiser places with it.
    db.session.delete(user)
    db.session.flush()


def _hand_over_events(user: User) -> None:
    owned = db.session.scalars(sa.select(Event).where(Event.owner_id == user.id)
                               .order_by(Event.id)).all()
    alone = [event.title for event in owned if not event.co_organisers]
    if alone:
        raise Conflict(_("You are the only organiser of %(titles)s. Add a co-organiser, who "
                         "takes the event over, before you delete your account.",
                         titles=", ".join(f"“{title}”" for title in alone)),
                       code="sole_organiser")
    for event in owned:
        successor = min(event.co_organisers, key=lambda colleague: colleague.id)
        event.owner = successor
        event.co_organisers.remove(successor)
