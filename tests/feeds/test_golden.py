"""Feeds byte for byte: a fixed programme (every id, UID and stamp given)
written cold and again from cached fragments must equal the files in
tests/feeds/golden/, recorded before the cold build was made faster. Any
change to a feed's bytes fails here; an intended one is recorded with
`GOLDEN_RECORD=1 .venv/bin/pytest tests/feeds/test_golden.py` and the diff
of the files reviewed and committed.

Covered: the venue's time zone and one UTC pair (the hour clocks go back
over), VTIMEZONEs, folding of long Georgian and Cyrillic lines, escaping,
control characters in stored text, films with credits, an online room,
a cancellation (marked in the feed's language), a session named as its
event (no "Part of"), the event's description standing in, translations
(?lang=ka, ?lang=ru) and their fallbacks, an agenda's standings (firm,
waiting, starred, withdrawn) and an email's one-session calendars.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import User
from scheduler.events.models import Event, EventKind, EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.favourites.models import Favourite
from scheduler.feeds.calendar import feed_bytes
from scheduler.feeds.catalogue import agenda_feed, programme_feed
from scheduler.films.models import Film
from scheduler.ical import cache
from scheduler.ical.calendar import session_calendar
from scheduler.ical.settings import FeedSettings
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.venues.models import Venue
from tests.factories import (
    _saved,
    make_event,
    make_registration,
    make_session,
    make_user,
    make_venue,
)
from tests.feeds.conftest import local

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2030, 3, 1, 12, tzinfo=UTC)
CREATED = datetime(2029, 11, 2, 8, 30, tzinfo=UTC)
LONG_GEORGIAN = ("ფილმი და დისკუსია ავტორთან: საზღვრები, სახლები და გზები; "
                 "მიგრაციის ისტორიები ხუთი ქვეყნიდან. " * 3).strip()


@pytest.fixture
def programme(owner):
    festival = make_event(owner, id=7001, title="Global Migration Film Festival",
                          slug="gmff", description="Screenings; panels, and talks.\n"
                          "Кино и миграция.",
                          translations={"ka": {"title": "გლობალური მიგრაციის კინოფესტივალი"}})
    week = make_event(owner, id=7002, title="Policy week", slug="policy-week",
                      kind=EventKind.policy_dialogue, description="Dialogues on mobility.")
    tbilisi = make_venue(id=7001, name="Amirani Cinema", translations={
        "ka": {"name": "კინო ამირანი", "address": "კოსტავას 36"},
        "ru": {"name": "Кинотеатр Амирани"}})
    chisinau = make_venue(id=7002, name="Odeon", city="Chișinău", country="MD",
                          timezone="Europe/Chisinau", address="Str. 31 August 1989, 121")
    amsterdam = make_venue(id=7003, name="Eye Filmmuseum", city="Amsterdam", country="NL",
                           timezone="Europe/Amsterdam", address="IJpromenade 1")
    online = make_venue(id=7004, name="Zoom room", city="Online", address="",
                        online_url="https://meet.example.org/j/42?pwd=a;b,c")
    film = _saved(Film(id=7001, title="Flee", runtime_minutes=90, director="Jonas Poher "
                       "Rasmussen", country="Denmark", year=2021, translations={
                           "ka": {"title": "გაქცევა"}, "ru": {"title": "Бегство"}}))
    plain_film = _saved(Film(id=7002, title="Bread and Roses", runtime_minutes=110))
    sessions = [
        make_session(festival, tbilisi, id=7001, uid="golden-1", film=film,
                     starts_at=local("Asia/Tbilisi", 2030, 3, 10, 19)),
        make_session(festival, online, id=7002, uid="golden-2",
                     title="Кино, границы; и «миграция»\x07 ", description=LONG_GEORGIAN
                     + "\nSecond line, with; marks\\ and a backslash\r\nThird",
                     translations={"ka": {"title": "კინო, საზღვრები"},
                                   "ru": {"description": "Обсуждение, с; вопросами"}},
                     starts_at=local("Asia/Tbilisi", 2030, 3, 11, 18), hours=1.5),
        # 03:30 on 27 October 2030 happens twice in Chișinău: written in UTC.
        make_session(festival, chisinau, id=7003, uid="golden-3", film=plain_film,
                     starts_at=datetime(2030, 10, 27, 0, 30, tzinfo=UTC)),
        make_session(festival, chisinau, id=7004, uid="golden-4", title="Summer night",
                     starts_at=local("Europe/Chisinau", 2030, 7, 1, 21)),
        make_session(festival, amsterdam, id=7005, uid="golden-5", title="Cancelled talk",
                     status=SessionStatus.cancelled, sequence=2,
                     starts_at=local("Europe/Amsterdam", 2030, 3, 12, 20)),
        make_session(week, amsterdam, id=7006, uid="golden-6", title="Policy week",
                     starts_at=local("Europe/Amsterdam", 2030, 3, 30, 10), hours=3),
    ]
    for number, model in enumerate((Event, Venue, Film, EventSession)):
        db.session.execute(sa.update(model).values(
            created_at=CREATED, updated_at=CREATED + timedelta(days=number, minutes=7)))
    db.session.execute(sa.update(EventSession).where(EventSession.id == 7005).values(
        updated_at=NOW - timedelta(days=2)))
    db.session.commit()
    return sessions


@pytest.fixture
def nino(programme):
    nino = make_user(email="nino@example.org", name="Nino Beridze")
    for event_session, status in zip(programme, (Status.confirmed, Status.waitlisted,
                                                 Status.cancelled), strict=False):
        make_registration(event_session, email=nino.email, status=status, user=nino)
    db.session.add(Favourite(user_id=nino.id, event_session_id=7006,
                             created_at=CREATED + timedelta(days=40)))
    db.session.execute(sa.update(Registration).values(
        created_at=CREATED + timedelta(days=30),
        status_changed_at=NOW - timedelta(days=1, hours=3)))
    db.session.commit()
    return nino


def written_twice(build: Callable[[], bytes]) -> bytes:
    """Cold, then from the cached fragments: both must be the same bytes."""
    cache.clear_all()
    cold = build()
    cache.bodies.clear()
    assert build() == cold
    return cold


def check(name: str, found: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("GOLDEN_RECORD"):
        path.write_bytes(found)
        pytest.skip(f"recorded {path.name}: review its diff")
    assert found.decode().splitlines() == path.read_bytes().decode().splitlines()
    assert found == path.read_bytes()


@pytest.mark.parametrize("language", [None, "ka", "ru"])
def test_programme_feed_is_byte_for_byte_as_recorded(app, programme, language):
    feed = programme_feed({"lang": language} if language else {})
    settings = FeedSettings.current()
    check(f"programme-{language or 'as-written'}.ics",
          written_twice(lambda: feed_bytes(feed, settings, NOW)))


@pytest.mark.parametrize("language", [None, "ka"])
def test_agenda_feed_is_byte_for_byte_as_recorded(app, nino, language):
    feed = agenda_feed(db.session.get(User, nino.id), {"lang": language} if language else {})
    settings = FeedSettings.current()
    check(f"agenda-{language or 'as-written'}.ics",
          written_twice(lambda: feed_bytes(feed, settings, NOW)))


@pytest.mark.parametrize(("session_id", "method", "language"),
                         [(7002, "PUBLISH", "ka"), (7005, "CANCEL", "ru"),
                          (7003, "PUBLISH", "en")])
def test_email_calendar_is_byte_for_byte_as_recorded(app, programme, session_id, method,
                                                     language):
    event_session = db.session.get(EventSession, session_id)
    settings = FeedSettings.current()
    check(f"email-{session_id}-{method.lower()}-{language}.ics", written_twice(
        lambda: session_calendar(event_session, settings, method, language).encode()))
