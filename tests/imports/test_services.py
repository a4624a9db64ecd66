"""The import service: what a preview shows, what a commit stores."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scheduler.events.models import SessionStatus
from scheduler.imports.services import Action, commit_import, preview_import
from scheduler.imports.venues import VenueDefaults
from scheduler.transactions import unit_of_work
from tests.factories import make_session, make_venue
from tests.imports.calendars import NOW, calendar, vevent
from tests.imports.conftest import imported, stored

CHISINAU = VenueDefaults(city="Chișinău", country="MD", timezone="Europe/Chisinau",
                         capacity=120)
GEORGIAN = "ქართული ფილმი, ღამე; პრემიერა"
RUSSIAN = "Кино и миграция, часть 1; обсуждение"


def preview(event, owner, text, defaults=CHISINAU):
    with unit_of_work():
        return preview_import(event, text.encode(), defaults, actor=owner, now=NOW)


def commit(event, owner, text, defaults=CHISINAU):
    with unit_of_work():
        return commit_import(event, text, defaults, actor=owner, now=NOW)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


TWO_VENUES = calendar(
    vevent("opening@partner.ge", summary=GEORGIAN, location="AMIRANI, Tbilisi",
           extra=("DESCRIPTION:Line one\\, with a comma\\; a semicolon\\nLine two",)),
    vevent("talk@partner.md", summary=RUSSIAN,
           location="Кинотеатр Патрия, bd. Ștefan cel Mare 163, Chișinău",
           start="DTSTART:20271215T170000Z", end="DTEND:20271215T183000Z"),
)


def test_preview_shows_what_would_happen_and_stores_nothing(db, owner, festival, amirani):
    before = stored(db)
    report = preview(festival, owner, TWO_VENUES)
    assert [line.action for line in report.lines] == [Action.create, Action.create]
    assert report.new_venues == ["Кинотеатр Патрия"]
    first, second = report.lines
    assert GEORGIAN in first.label and first.when == "Tue, Dec 14, 2027, 19:00 +04 – 21:00 +04"
    assert first.venue == "Amirani, Tbilisi"
    # 17:00Z is 19:00 in Chișinău in December (EET, +02).
    assert "19:00 EET" in second.when and "Кинотеатр Патрия" in second.venue
    assert not report.committed and stored(db) == before


def test_commit_creates_sessions_and_the_new_venue(db, owner, festival, amirani):
    report = commit(festival, owner, TWO_VENUES)
    assert report.committed and not report.problems
    sessions = imported(db)
    opening, talk = sessions["opening@partner.ge"], sessions["talk@partner.md"]
    # 19:00 in Asia/Tbilisi is 15:00 UTC.
    assert (opening.starts_at, opening.ends_at) == (utc(2027, 12, 14, 15), utc(2027, 12, 14, 17))
    assert opening.title == GEORGIAN and opening.venue_id == amirani.id
    assert opening.description == "Line one, with a comma; a semicolon\nLine two"
    assert opening.capacity == amirani.capacity and opening.event_id == festival.id
    assert talk.title == RUSSIAN and talk.starts_at == utc(2027, 12, 15, 17)
    venue = talk.venue
    assert (venue.name, venue.city, venue.country, venue.timezone, venue.capacity) == (
        "Кинотеатр Патрия", "Chișinău", "MD", "Europe/Chisinau", 120)
    assert venue.address == "bd. Ștefan cel Mare 163, Chișinău"
    assert venue.created_by_id == owner.id


def test_same_uid_again_updates_instead_of_duplicating(db, owner, festival, amirani):
    commit(festival, owner, TWO_VENUES)
    first = imported(db)["opening@partner.ge"]
    uid, session_id = first.uid, first.id
    moved = calendar(vevent("opening@partner.ge", summary="Opening night, moved",
                            location="Amirani",
                            start="DTSTART;TZID=Asia/Tbilisi:20271214T200000",
                            end="DTEND;TZID=Asia/Tbilisi:20271214T220000"))
    report = commit(festival, owner, moved)
    assert [line.action for line in report.lines] == [Action.update]
    assert "Rescheduled" in report.lines[0].message
    sessions = imported(db)
    assert len(sessions) == 2
    again = sessions["opening@partner.ge"]
    assert (again.id, again.uid) == (session_id, uid)
    assert again.title == "Opening night, moved" and again.sequence == 1
    assert again.starts_at == utc(2027, 12, 14, 16)
    # The same file once more changes nothing and raises no SEQUENCE.
    report = commit(festival, owner, moved)
    assert [line.action for line in report.lines] == [Action.unchanged]
    assert imported(db)["opening@partner.ge"].sequence == 1


def test_a_new_title_alone_keeps_the_sequence(db, owner, festival, amirani):
    commit(festival, owner, calendar(vevent("a@partner")))
    report = commit(festival, owner, calendar(vevent("a@partner", summary="Renamed")))
    assert report.lines[0].action is Action.update
    session = imported(db)["a@partner"]
    assert (session.title, session.sequence) == ("Renamed", 0)


WEEKLY_IN_CHISINAU = calendar(
    # Saturdays at 19:00 local; the clocks go forward on Sunday 28 March 2027.
    vevent("club@partner.md", summary="Film club", location="Patria, Chișinău",
           start="DTSTART;TZID=Europe/Chisinau:20270320T190000", end="DURATION:PT2H",
           extra=("RRULE:FREQ=WEEKLY;COUNT=4",
                  "EXDATE;TZID=Europe/Chisinau:20270403T190000")),
    vevent("club@partner.md", summary="Film club, later start", location="Patria",
           start="DTSTART;TZID=Europe/Chisinau:20270327T200000",
           end="DTEND;TZID=Europe/Chisinau:20270327T220000",
           extra=("RECURRENCE-ID;TZID=Europe/Chisinau:20270327T190000",)),
)


def test_recurring_event_is_expanded_keeping_local_wall_clock(db, owner, festival):
    report = commit(festival, owner, WEEKLY_IN_CHISINAU)
    assert report.committed and report.new_venues == ["Patria"]
    sessions = imported(db)
    assert sorted(sessions) == ["club@partner.md#20270320T170000Z",
                                "club@partner.md#20270327T170000Z",
                                "club@partner.md#20270410T160000Z"]
    before, moved, after = (sessions[key] for key in sorted(sessions))
    # 19:00 both sides of the change: +02 before it, +03 after.
    assert before.starts_at == utc(2027, 3, 20, 17)
    assert after.starts_at == utc(2027, 4, 10, 16) and after.ends_at == utc(2027, 4, 10, 18)
    assert (moved.title, moved.starts_at) == ("Film club, later start", utc(2027, 3, 27, 18))


def test_cancelled_occurrence_cancels_the_imported_session(db, owner, festival):
    commit(festival, owner, WEEKLY_IN_CHISINAU)
    cancelled = WEEKLY_IN_CHISINAU.replace(
        "RECURRENCE-ID;TZID=Europe/Chisinau:20270327T190000",
        "RECURRENCE-ID;TZID=Europe/Chisinau:20270327T190000\r\nSTATUS:CANCELLED")
    report = commit(festival, owner, cancelled)
    assert [line.action for line in report.lines] == [
        Action.unchanged, Action.cancel, Action.unchanged]
    sessions = imported(db)
    assert sessions["club@partner.md#20270327T170000Z"].status is SessionStatus.cancelled
    assert sessions["club@partner.md#20270320T170000Z"].status is SessionStatus.scheduled
    # Cancelled here, and the file goes on calling it off: nothing to do.
    report = commit(festival, owner, cancelled)
    assert report.of(Action.cancel) == [] and len(report.of(Action.unchanged)) == 3


def test_cancelled_and_all_day_events_that_are_new_are_skipped(db, owner, festival, amirani):
    text = calendar(vevent("gone@partner", extra=("STATUS:CANCELLED",)),
                    vevent("day@partner", start="DTSTART;VALUE=DATE:20271216",
                           end="DTEND;VALUE=DATE:20271217"),
                    vevent("kept@partner"))
    report = commit(festival, owner, text)
    assert report.committed
    assert sorted(line.action for line in report.lines) == sorted(
        [Action.skip, Action.skip, Action.create])
    assert any("all-day" in line.message for line in report.of(Action.skip))
    assert sorted(imported(db)) == ["kept@partner"]


def test_utc_and_floating_times(db, owner, festival, amirani):
    text = calendar(
        vevent("utc@partner", start="DTSTART:20271214T150000Z", end="DTEND:20271214T170000Z"),
        # Floating: the venue's wall clock (Tbilisi, +04).
        vevent("floating@partner", start="DTSTART:20271215T190000",
               end="DTEND:20271215T210000"))
    report = commit(festival, owner, text)
    assert "19:00" in report.lines[0].when
    sessions = imported(db)
    assert sessions["utc@partner"].starts_at == utc(2027, 12, 14, 15)
    assert sessions["floating@partner"].starts_at == utc(2027, 12, 15, 15)


def test_calendar_time_zone_reads_floating_times(db, owner, festival, amirani):
    text = calendar(vevent("f@partner", start="DTSTART:20271215T190000",
                           end="DTEND:20271215T210000"),
                    header=("X-WR-TIMEZONE:Europe/Chisinau",))
    commit(festival, owner, text)
    # 19:00 in Chișinău (+02) is 21:00 in Tbilisi.
    assert imported(db)["f@partner"].starts_at == utc(2027, 12, 15, 17)


def test_venue_names_match_ignoring_case_and_pick_by_city(db, owner, festival, amirani):
    other = make_venue(name="amirani", city="Batumi", timezone="Asia/Tbilisi")
    commit(festival, owner, calendar(vevent("b@partner", location="Amirani, Batumi")))
    assert imported(db)["b@partner"].venue_id == other.id


def test_a_refusal_anywhere_stores_nothing(db, owner, festival, amirani):
    make_session(festival, amirani, starts_at=utc(2027, 12, 14, 14), hours=2,
                 title="Already here")
    before = stored(db)
    text = calendar(vevent("new-venue@partner", location="Patria, Chișinău"),
                    vevent("clash@partner"))
    report = commit(festival, owner, text)
    assert not report.committed
    [problem] = report.problems
    assert "Amirani is taken" in problem.message and "Already here" in problem.message
    assert "clash@partner" in problem.label and "19:00" in problem.when
    assert stored(db) == before  # not even the new venue


def test_sessions_of_one_file_may_not_overlap_in_a_venue(db, owner, festival, amirani):
    text = calendar(vevent("one@partner"),
                    vevent("two@partner", start="DTSTART;TZID=Asia/Tbilisi:20271214T200000",
                           end="DTEND;TZID=Asia/Tbilisi:20271214T220000"))
    report = preview(festival, owner, text)
    assert [line.action for line in report.lines] == [Action.create, Action.problem]
    assert "“Opening night” runs" in report.lines[1].message


@pytest.mark.parametrize("defaults, problem", [
    (VenueDefaults(), "city is required"),
    (VenueDefaults(city="Chișinău", country="XX", timezone="Europe/Chisinau", capacity=50),
     "ISO 3166-1"),
    (VenueDefaults(city="Chișinău", country="MD", timezone="Mars/Olympus", capacity=50),
     "IANA time zone"),
])
def test_new_venues_follow_the_venue_rules(db, owner, festival, defaults, problem):
    before = stored(db)
    text = calendar(vevent("a@partner", location="Patria"),
                    vevent("b@partner", location="patria",
                           start="DTSTART:20271220T100000Z", end="DTEND:20271220T120000Z"))
    report = commit(festival, owner, text, defaults)
    assert len(report.problems) == 2
    assert all(problem in line.message and "“Patria”" in line.message
               for line in report.problems)
    assert stored(db) == before


def test_windows_zone_names_are_read_as_their_iana_zones(db, owner, festival, amirani):
    text = calendar(vevent("outlook@partner",
                           start="DTSTART;TZID=Georgian Standard Time:20271214T190000",
                           end="DTEND;TZID=Georgian Standard Time:20271214T210000"))
    commit(festival, owner, text)
    assert imported(db)["outlook@partner"].starts_at == utc(2027, 12, 14, 15)


def test_the_preview_carries_the_file_as_a_browser_posts_it_back(db, owner, festival,
                                                                 amirani):
    """Browsers send form fields with CRLF line ends; the size limit and the
    commit see exactly that text."""
    report = preview(festival, owner, TWO_VENUES.replace("\r\n", "\n"))
    assert report.text == TWO_VENUES
    assert commit(festival, owner, report.text).committed
