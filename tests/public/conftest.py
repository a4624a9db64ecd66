"""Venues in two time zones, and readers for the public pages' HTML."""
from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest

from scheduler.accounts.models import Role
from tests.factories import make_user, make_venue

SESSION_LINK = re.compile(r'<a href="/sessions/\d+"[^>]*>([^<]*)</a>')
DAY_HEADING = re.compile(r'<h2 [^>]*class="day">([^<]*)</h2>')


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org", name="Olga Owner")


@pytest.fixture
def venues(db):
    return {"amirani": make_venue(name="Amirani Cinema", city="Tbilisi", capacity=100),
            "rustaveli": make_venue(name="Rustaveli Hall", city="Tbilisi", capacity=100),
            "arsenal": make_venue(name="Kino Arsenal", city="Berlin", country="DE",
                                  timezone="Europe/Berlin", capacity=100)}


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def titles(body: str) -> list[str]:
    """The session titles linked on a page, in order."""
    return [html.unescape(title.strip()) for title in SESSION_LINK.findall(body)]


def titles_by_day(body: str) -> dict[str, list[str]]:
    """Day heading -> the session titles under it, in page order."""
    parts = DAY_HEADING.split(body)
    return {parts[i]: titles(parts[i + 1]) for i in range(1, len(parts), 2)}
