"""A series changed at the source: its stored occurrences are cancelled or
moved, never duplicated (UID + RECURRENCE-ID, then time order)."""
from __future__ import annotations

from scheduler.events.models import SessionStatus
from scheduler.imports.services import Action
from tests.factories import make_registration
from tests.imports.calendars import calendar, vevent
from tests.imports.conftest import imported
from tests.imports.test_services import commit, utc


def weekly(*extra: str, start: str = "20271207T190000", end: str = "20271207T210000") -> str:
    # Tuesdays at 19:00 in Tbilisi (+04, no DST): 15:00 UTC.
    return calendar(vevent("club@partner.ge", summary="Film club",
                           start=f"DTSTART;TZID=Asia/Tbilisi:{start}",
                           end=f"DTEND;TZID=Asia/Tbilisi:{end}",
                           extra=("RRULE:FREQ=WEEKLY;COUNT=4", *extra)))


def statuses(db) -> dict[str, SessionStatus]:
    return {key: s.status for key, s in imported(db).items()}


def test_an_exdate_added_at_the_source_cancels_the_imported_occurrence(db, owner, festival,
                                                                      amirani):
    commit(festival, owner, weekly())
    session = imported(db)["club@partner.ge#20271214T150000Z"]
    make_registration(session, email="ana@example.org")
    report = commit(festival, owner, weekly("EXDATE;TZID=Asia/Tbilisi:20271214T190000"))
    assert report.committed
    [cancel] = report.of(Action.cancel)
    assert "club@partner.ge#20271214T150000Z" in cancel.label and "EXDATE" in cancel.message
    assert list(statuses(db).values()).count(SessionStatus.cancelled) == 1
    assert statuses(db)["club@partner.ge#20271214T150000Z"] is SessionStatus.cancelled
    gone = imported(db)["club@partner.ge#20271214T150000Z"]
    assert gone.sequence == 1  # through cancel_session: feeds and attendees are told
    # Importing the same file again changes nothing.
    again = commit(festival, owner, weekly("EXDATE;TZID=Asia/Tbilisi:20271214T190000"))
    assert again.of(Action.cancel) == [] and len(again.of(Action.unchanged)) == 3


def test_a_lower_count_cancels_the_occurrences_past_it(db, owner, festival, amirani):
    commit(festival, owner, weekly())
    commit(festival, owner, weekly().replace("COUNT=4", "COUNT=2"))
    assert sorted(k for k, s in statuses(db).items() if s is SessionStatus.cancelled) == [
        "club@partner.ge#20271221T150000Z", "club@partner.ge#20271228T150000Z"]


def test_a_moved_series_moves_its_sessions_instead_of_adding_new_ones(db, owner, festival,
                                                                     amirani):
    commit(festival, owner, weekly())
    before = imported(db)
    ids = sorted(s.id for s in before.values())
    first = before["club@partner.ge#20271207T150000Z"]
    make_registration(first, email="ana@example.org")
    # The whole series an hour later, and on Wednesdays.
    report = commit(festival, owner, weekly(start="20271208T200000", end="20271208T220000"))
    assert report.committed
    assert [line.action for line in report.lines] == [Action.update] * 4
    after = imported(db)
    assert sorted(s.id for s in after.values()) == ids  # the same rows, none added
    moved = after["club@partner.ge#20271208T160000Z"]
    assert moved.id == first.id and moved.starts_at == utc(2027, 12, 8, 16)
    assert moved.sequence == 1 and moved.status is SessionStatus.scheduled
    assert sorted(after) == [f"club@partner.ge#202712{day}T160000Z"
                             for day in ("08", "15", "22", "29")]
    # And again: now matched by the new RECURRENCE-IDs, nothing to do.
    again = commit(festival, owner, weekly(start="20271208T200000", end="20271208T220000"))
    assert {line.action for line in again.lines} == {Action.unchanged}


def test_other_uids_the_file_does_not_mention_are_left_alone(db, owner, festival, amirani):
    commit(festival, owner, calendar(vevent("single@partner.ge",
                                            start="DTSTART:20271230T150000Z",
                                            end="DTEND:20271230T170000Z")))
    commit(festival, owner, weekly())
    assert statuses(db)["single@partner.ge"] is SessionStatus.scheduled
