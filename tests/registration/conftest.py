"""A published festival with a small screening, its owner, and helpers to
read back what requests stored."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import RegistrationMode
from scheduler.mail.models import OutboxMessage
from scheduler.registration.models import Registration
from tests.factories import make_event, make_session, make_user, make_venue
from tests.outbox import rendered_outbox

# 15:00 UTC is 19:00 in Tbilisi (+04).
SOON = (datetime.now(UTC) + timedelta(days=10)).replace(
    hour=15, minute=0, second=0, microsecond=0)


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org", name="Olga Owner")


@pytest.fixture
def festival(owner):
    return make_event(owner, title="Tbilisi Film Festival", slug="festival",
                      description="Ten days of documentaries.")


@pytest.fixture
def screening(festival):
    venue = make_venue(capacity=3)
    return make_session(festival, venue, capacity=3, starts_at=SOON, title="Opening night")


@pytest.fixture
def invitation_only(db, festival, screening):
    """Three seats, two held back for guests, invitation only."""
    return make_session(festival, screening.venue, starts_at=SOON + timedelta(days=2),
                        capacity=3, reserved_seats=2, title="Partners' screening",
                        registration_mode=RegistrationMode.invitation)


@pytest.fixture
def owner_client(app, owner):
    return app.test_client(user=owner)


def registrations(db, event_session=None) -> list[Registration]:
    db.session.expire_all()
    statement = sa.select(Registration).order_by(Registration.id)
    if event_session is not None:
        statement = statement.where(Registration.event_session_id == event_session.id)
    return list(db.session.scalars(statement))


def emails(db) -> list[tuple[str, str]]:
    """(recipient, subject) of every queued email, oldest first."""
    return [(message.recipient, message.subject) for message in rendered_outbox(db)]


def email_body(db, recipient: str) -> str:
    return rendered_outbox(db, OutboxMessage.recipient == recipient)[-1].body


def page(response, status: int = 200) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def accept_link(db, recipient: str) -> str:
    body = email_body(db, recipient)
    return re.search(r"https://scheduler\.test(/invitations/\S+)", body).group(1)
