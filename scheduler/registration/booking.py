"""Booking a seat: the one way a registration is made, whether from the session
page, the API, an accepted invitation or an organiser's move."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from scheduler import secrets
from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.errors import DomainError, NotFound
from scheduler.events.models import RegistrationMode
from scheduler.extensions import db
from scheduler.languages import select_locale
from scheduler.registration import answers, confirmation, links, writers
from scheduler.registration.emails import Notice
from scheduler.registration.inputs import BookingInput
from scheduler.registration.models import Registration, RegistrationStatus, new_check_in_code
from scheduler.registration.rules import AlreadyRegistered, ensure_open


@dataclass(frozen=True)
class Booked:
    """A registration just written, as plain values: what the API answers a
    booking with. Building the ORM object for that answer cost a tenth of the
    app's instructions per booking."""

    id: int
    event_session_id: int
    status: RegistrationStatus
    name: str
    email: str
    created_at: datetime
    checked_in_at: datetime | None
    confirm_by: datetime | None


@dataclass(frozen=True)
class Receipt:
    """A new registration, the secret for its cancel link (only shown once),
    its waitlist position and its answers to the event's questions."""

    values: dict[str, Any]
    written: writers.Written
    secret: str
    answers: list[answers.Given]

    @property
    def position(self) -> int | None:
        """None unless waitlisted."""
        return self.written.position

    @property
    def booked(self) -> Booked:
        values, written = self.values, self.written
        return Booked(written.id, values["event_session_id"], written.status, values["name"],
                      values["email"], written.written_at, values["checked_in_at"],
                      values["confirm_by"])

    @cached_property
    def registration(self) -> Registration:
        """The registration as written, in the session as a row just loaded (no
        query to read it). Built when first asked for: a handler asks after its
        unit of work, when the session row's lock is let go."""
        registration = Registration(**self.values, **self.written.columns())
        make_transient_to_detached(registration)
        db.session.add(registration)
        return registration


def book(session_id: int, data: BookingInput, *, actor: User | None,
         now: datetime | None = None, guest: bool = False,
         moving: Registration | None = None, alone: bool = False) -> Receipt:
    """A seat if one is free, else a waitlist place; pending when the session
    wants approval. It is `actor`'s own only when for their email. With no
    `actor` (a guest) and an event that asks it, the booking is held until
    its email is confirmed (scheduler.registration.confirmation).

    An invited `guest` may also take the seats held back, enter an
    invitation-only session, and needs no approval. `moving` is the
    registration an organiser moves here: its account, language and guest
    seat carry over, the organiser stands in for the session's rules and its
    approval (they checked the session), and the attendee is told of the move.

    The session is named by id: what decides is read and judged, and the
    booking written only if it still stands once the session row is locked
    (scheduler.registration.writers). Writes at once; the caller's unit of
    work commits. `alone`: the booking is that whole unit of work, nothing
    written before it or after it; a booking that writes only its one
    statement may then be committed with that statement."""
    guest = guest or bool(moving and moving.guest)
    values, secret = _drafted(session_id, data, actor, guest, moving)
    # Answers given are checked before the lock. A booking that gives none
    # reads the questions only when the session row says the event asks any.
    answered_first = moving is not None or bool(data.answers)
    given, refused = (_answered(session_id, data, values["language"], moving)
                      if answered_first else ([], None))
    writer = writers.current()
    now = now or utcnow()
    held = writer.read(session_id)
    written = None
    while written is None:
        if held is None:
            raise NotFound(_("There is no such session."))
        opening = held.opening
        if opening.confirm_guest_email and not held.locked:
            # Letting go of holds whose time ran out frees seats: under the lock.
            held = writer.hold(session_id)
            continue
        try:
            if moving is None:
                ensure_open(opening, now, invited=guest)
            if held.asks_questions and not answered_first:
                given, refused = _answered(session_id, data, values["language"], moving)
                answered_first = True
            # Only now: a closed or missing session says more than a missing answer.
            if refused is not None:
                raise refused
        except DomainError:
            if not held.remembered:
                raise
            # Judged on an earlier booking's read: refused only on the truth.
            held = writer.read(session_id, fresh=True)
            continue
        if opening.confirm_guest_email and confirmation.expire_holds(session_id, now):
            # Seats and waitlist places moved under the lock: judged as they stand.
            held = writer.hold(session_id)
            continue
        values["confirm_by"] = confirmation.confirm_by(
            opening, now, vouched=actor is not None or guest or moving is not None)
        pending = opening.mode is RegistrationMode.approval and not guest and moving is None
        written = _written(writer, values, held, pending=pending, notice=(
            Notice.moved if moving else Notice.confirm_email if values["confirm_by"] else None),
            alone=alone and not given)
        if written is None:
            # It changed since it was read: judged again, as it stands under the lock.
            held = writer.hold(session_id)
    answers.store(written.id, given)
    return Receipt(values, written, secret, given)


def _written(writer: writers.Writer, values: dict[str, Any], held: writers.Held, *,
             pending: bool, notice: Notice | None, alone: bool) -> writers.Written | None:
    try:
        return writer.write(values, held, pending=pending, notice=notice, alone=alone)
    except IntegrityError as exc:
        raise AlreadyRegistered(
            _("This email is already registered for this session."),
            fields={"email": _("already registered for this session")}) from exc


def _answered(session_id: int, data: BookingInput, language: str,
              moving: Registration | None) -> tuple[list[answers.Given], DomainError | None]:
    """The answers to store, checked before the session row is held (a move
    keeps those it had, as agreed to), or the refusal of them."""
    if moving is not None:
        return answers.carried(moving.id), None
    try:
        return answers.checked(answers.asked_at(session_id), data.answers, language), None
    except DomainError as refusal:
        return [], refusal


def _drafted(session_id: int, data: BookingInput, actor: User | None, guest: bool,
             moving: Registration | None) -> tuple[dict[str, Any], str]:
    """The columns known before the seat (writers.GIVEN) and the cancel link's
    secret: made before the session row is held, so the lock is held only for
    the writing."""
    if moving is not None:
        user, language = moving.user, moving.language
    else:
        # A friend's booking stays the friend's.
        user = actor if actor and actor.email == data.email else None
        language = select_locale()
    code = new_check_in_code()
    secret = links.cancel_secret_of(session_id, data.email, code)
    return dict(
        event_session_id=session_id, name=data.name, email=data.email,
        user_id=user.id if user else None, guest=guest, check_in_code=code,
        cancel_token_hash=secrets.digest(secret), checked_in_at=None, reminded_at=None,
        erased_at=None, language=language), secret
