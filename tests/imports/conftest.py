from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from scheduler.venues.models import Venue
from tests.factories import make_event, make_user, make_venue


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org", name="Olga Owner")


@pytest.fixture
def festival(owner):
    return make_event(owner, title="Migration Film Festival")


@pytest.fixture
def amirani(db, owner):
    return make_venue(name="Amirani", city="Tbilisi", capacity=40, created_by_id=owner.id)


def stored(db) -> tuple:
    """Everything an import may change, to compare before and after."""
    db.session.rollback()  # see what requests and services committed
    sessions = db.session.execute(sa.select(
        EventSession.id, EventSession.title, EventSession.description,
        EventSession.venue_id, EventSession.starts_at, EventSession.ends_at,
        EventSession.status, EventSession.sequence, EventSession.import_key,
        EventSession.capacity).order_by(EventSession.id)).all()
    venues = db.session.execute(sa.select(Venue.id, Venue.name, Venue.timezone)
                                .order_by(Venue.id)).all()
    return sessions, venues


def imported(db) -> dict[str, EventSession]:
    db.session.rollback()
    return {s.import_key: s for s in db.session.scalars(
        sa.select(EventSession).where(EventSession.import_key.is_not(None)))}
