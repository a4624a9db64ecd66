from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduler.accounts.models import Role
from tests.factories import make_event, make_session, make_user, make_venue


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org", name="Owner")


@pytest.fixture
def nino(db):
    return make_user(email="nino@example.org", name="Nino Beridze")


@pytest.fixture
def festival(owner):
    return make_event(owner, title="Global Migration Film Festival", slug="gmff")


@pytest.fixture
def screenings(festival):
    venue, start = make_venue(), datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    # Given out of time order, so lists in time order are tested.
    return [make_session(festival, venue, title=f"Screening {number}",
                         starts_at=start + timedelta(days=day))
            for number, day in enumerate((2, 0, 1))]
