from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from scheduler.accounts.models import Role
from scheduler.ical import cache
from tests.factories import make_event, make_user, make_venue


@pytest.fixture(autouse=True)
def empty_feed_caches():
    # Rows of the two databases can share ids; every test starts cold.
    cache.clear_all()
    yield
    cache.clear_all()


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org", name="Owner")


@pytest.fixture
def festival(owner):
    return make_event(owner, title="Global Migration Film Festival", slug="gmff")


@pytest.fixture
def tbilisi(db):
    return make_venue(name="Amirani Cinema", city="Tbilisi", timezone="Asia/Tbilisi")


@pytest.fixture
def chisinau(db):
    return make_venue(name="Odeon", city="Chișinău", country="MD",
                      timezone="Europe/Chisinau", address="Str. 31 August 1989, 121")


@pytest.fixture
def amsterdam(db):
    return make_venue(name="Eye Filmmuseum", city="Amsterdam", country="NL",
                      timezone="Europe/Amsterdam", address="IJpromenade 1")


def local(zone: str, *parts: int) -> datetime:
    """A wall-clock time at a venue, as an aware datetime."""
    return datetime(*parts, tzinfo=ZoneInfo(zone))


def feed_text(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.data[:500]
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response.data.decode("utf-8")
