"""Rows for tests, with sensible defaults; each helper commits."""
from __future__ import annotations

import hashlib
import itertools
import secrets
from datetime import UTC, datetime, timedelta

from werkzeug.security import generate_password_hash

from scheduler.accounts.models import Role, User
from scheduler.accounts.tokens import issue_token
from scheduler.events.models import Event, EventKind, EventSession, EventStatus
from scheduler.extensions import db
from scheduler.registration.booking import Receipt, book
from scheduler.registration.inputs import BookingInput
from scheduler.registration.models import Registration, RegistrationStatus
from scheduler.transactions import unit_of_work
from scheduler.venues.models import Venue

_counter = itertools.count(1)
PASSWORD = "correct horse battery"


def _saved(row):
    db.session.add(row)
    db.session.commit()
    return row


def make_user(*, role: Role = Role.attendee, email: str | None = None,
              name: str = "Test User") -> User:
    return _saved(User(email=email or f"user{next(_counter)}@example.org", name=name,
                       password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000"),
                       role=role))


def make_venue(**overrides) -> Venue:
    values = dict(name="Amirani Cinema", city="Tbilisi", country="GE",
                  timezone="Asia/Tbilisi", capacity=40, address="36 Kostava St")
    return _saved(Venue(**(values | overrides)))


def make_event(owner: User, **overrides) -> Event:
    number = next(_counter)
    values = dict(title=f"Event {number}", slug=f"event-{number}",
                  kind=EventKind.film_festival, status=EventStatus.published)
    return _saved(Event(owner=owner, **(values | overrides)))


def make_session(event: Event, venue: Venue, *, starts_at: datetime | None = None,
                 hours: float = 2, **overrides) -> EventSession:
    starts_at = starts_at or datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    ends_at = overrides.pop("ends_at", starts_at + timedelta(hours=hours))
    event_session = EventSession(event=event, **({"capacity": venue.capacity} | overrides))
    event_session.place(venue, starts_at, ends_at)
    return _saved(event_session)


def make_registration(event_session: EventSession, *, email: str,
                      status: RegistrationStatus = RegistrationStatus.confirmed,
                      **overrides) -> Registration:
    values = dict(name="Nino Beridze", cancel_token_hash=hashlib.sha256(
        secrets.token_bytes(16)).hexdigest())
    if status is RegistrationStatus.waitlisted:
        values["waitlisted_at"] = datetime.now(UTC)
    return _saved(Registration(event_session=event_session, email=email, status=status,
                               **(values | overrides)))


def booked(event_session: EventSession, *, name: object = "Nino Beridze", email: object,
           user: User | None = None, now: datetime | None = None,
           guest: bool = False) -> Receipt:
    """A booking through the one booking path, as `user` (signed in or not), committed."""
    data = BookingInput.parse({"name": name, "email": email})
    with unit_of_work():
        return book(event_session.id, data, actor=user, now=now, guest=guest)


def make_token(user: User) -> str:
    """The secret of a new API token of `user`."""
    with unit_of_work():
        return issue_token(user).secret
