"""A VEVENT written line by line for the feeds (vevent_bytes) is byte for
byte what icalendar writes of the same properties in a VEvent, whatever the
lengths around the fold width, the characters' widths, the status, an
agenda's standing, a film or an online venue; sessions of one build sharing
values write what each would alone."""
from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.films.models import Film
from scheduler.ical.settings import FeedSettings
from scheduler.ical.vevent import (
    CANCELLED,
    CONFIRMED,
    FOLD_WIDTH,
    TENTATIVE,
    Shared,
    Standing,
    build_vevent,
    vevent_bytes,
)
from tests.factories import _saved, make_session, make_venue
from tests.feeds.conftest import local

SUMMARY = "SUMMARY:"


def titles() -> list[str]:
    """Titles whose SUMMARY line ends a few bytes either side of the fold
    width: in ASCII, with a comma icalendar escapes, and with a three-byte
    Georgian letter across the width."""
    near = range(FOLD_WIDTH - len(SUMMARY) - 4, FOLD_WIDTH - len(SUMMARY) + 3)
    return ([("x" * length) for length in near]
            + [("x" * (length - 1) + ",") for length in near]
            + [("x" * (length - 3) + "ბ") for length in near]
            + ["ფილმის ჩვენება და საუბარი ავტორთან: სახლები, საზღვრები, გზები"])


@pytest.fixture
def sessions(festival, tbilisi):
    online = make_venue(name="Online", city="", timezone="Europe/Amsterdam",
                        online_url="https://meet.example.org/gmff")
    film = _saved(Film(title="Borders", director="Nana Ekvtimishvili", country="Georgia",
                       year=2026, runtime_minutes=94))
    starts_at = local("Asia/Tbilisi", 2027, 5, 1, 19)
    made = [make_session(festival, online if number % 3 == 0 else tbilisi,
                         starts_at=starts_at + timedelta(hours=3 * number), title=title,
                         description="Кино и миграция.\nსაუბარი ავტორთან.",
                         film=film if number % 2 else None)
            for number, title in enumerate(titles())]
    # The repeated autumn hour in Chișinău: written in UTC.
    made.append(make_session(festival, make_venue(name="Odeon", timezone="Europe/Chisinau"),
                             starts_at=datetime(2027, 10, 31, 0, 30, tzinfo=UTC)))
    return made


STANDINGS = [None, Standing("held", 2, datetime(2027, 4, 1, 8, 0, 0, 250_000, tzinfo=UTC)),
             Standing("awaited", 1, datetime(2027, 4, 1, 8, 0, 0, 750_000, tzinfo=UTC))]


@pytest.mark.parametrize("status", [CONFIRMED, TENTATIVE, CANCELLED])
@pytest.mark.parametrize("standing", STANDINGS)
def test_written_as_icalendar_writes_the_component(sessions, status, standing):
    settings = FeedSettings.current()
    shared = Shared()
    for event_session, language in itertools.product(sessions, (None, "ru")):
        expected = build_vevent(event_session, status, settings, language,
                                standing).to_ical(sorted=False)
        assert vevent_bytes(event_session, status, settings, language, standing) == expected
        assert vevent_bytes(event_session, status, settings, language, standing,
                            shared) == expected


def test_lines_are_folded_at_the_width(sessions):
    text = b"".join(vevent_bytes(event_session, CONFIRMED, FeedSettings.current())
                    for event_session in sessions)
    lines = text.split(b"\r\n")
    assert max(len(line) for line in lines) <= FOLD_WIDTH
    assert any(line.startswith(b" ") for line in lines)
    # Every title comes back whole once the folds are taken out.
    unfolded = text.replace(b"\r\n ", b"").decode()
    for title in titles():
        assert f"\r\n{SUMMARY}{title.replace(',', chr(92) + ',')}\r\n" in unfolded
