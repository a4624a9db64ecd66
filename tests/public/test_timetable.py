"""The festival timetable: a grid per local day, venues across, quarter hours down."""
from __future__ import annotations

import re

import pytest

from scheduler.events.models import EventStatus, SessionStatus
from tests.factories import make_event, make_registration, make_session
from tests.public.conftest import page_of, utc
from tests.public.grid_reader import TableGrid

AMIRANI, RUSTAVELI = "Amirani Cinema", "Rustaveli Hall"


def day_grids(body: str) -> dict[str, TableGrid]:
    """Day heading -> its grid."""
    sections = re.findall(r'<h2 id="day-\d+" class="day">([^<]*)</h2>(.*?)</section>', body,
                          re.S)
    return {day: TableGrid(table) for day, table in sections}


@pytest.fixture
def festival(db, owner, venues):
    event = make_event(owner, title="Batumi Nights", slug="batumi")
    # Tbilisi is UTC+4: 15:00 UTC is 19:00 there.
    make_session(event, venues["amirani"], starts_at=utc(2030, 6, 1, 15), title="Evening Film")
    make_session(event, venues["rustaveli"], starts_at=utc(2030, 6, 1, 12, 10),
                 ends_at=utc(2030, 6, 1, 12, 20), title="Ten Minutes")
    make_session(event, venues["amirani"], starts_at=utc(2030, 6, 2, 6), title="Breakfast")
    return event


def test_a_session_from_19_to_21_spans_its_rows_in_its_venue_column(client, festival):
    grids = day_grids(page_of(client, "/events/batumi/timetable"))
    assert list(grids) == ["Sat, Jun 1, 2030"]  # one day a page: the tabs lead to the next
    grid = grids["Sat, Jun 1, 2030"]
    assert grid.header[0] == "Time"
    [amirani], [rustaveli] = grid.column(AMIRANI), grid.column(RUSTAVELI)
    clocks = [row[0] for row in grid.rows]
    assert clocks[0] == "16:00" and clocks[-1] == "20:45"  # from the hour, to the last end
    for clock in ("19:00", "19:15", "20:30", "20:45"):
        assert grid.at(clock)[amirani].startswith("19:00–21:00 +04 Evening Film"), clock
        assert grid.at(clock)[rustaveli] == ""
    assert grid.at("18:45")[amirani] == ""
    body = page_of(client, "/events/batumi/timetable")
    assert re.search(r'<td rowspan="8" class="slot">\s*<span class="slot-time">19:00', body)


def test_short_sessions_are_rounded_out_to_whole_quarter_hours(client, festival):
    grid = day_grids(page_of(client, "/events/batumi/timetable"))["Sat, Jun 1, 2030"]
    [rustaveli] = grid.column(RUSTAVELI)
    # 16:10–16:20 fills the 16:00 and 16:15 rows.
    assert [row[rustaveli].split(" ")[0] for row in grid.rows[:3]] == [
        "16:10–16:20", "16:10–16:20", ""]


def test_overlapping_sessions_of_one_venue_sit_side_by_side(db, client, festival, venues):
    [replaced] = [s for s in festival.sessions if s.title == "Evening Film"]
    replaced.status = SessionStatus.cancelled
    db.session.commit()
    make_session(festival, venues["amirani"], starts_at=utc(2030, 6, 1, 15, 30),
                 title="Replacement")
    grid = day_grids(page_of(client, "/events/batumi/timetable"))["Sat, Jun 1, 2030"]
    assert grid.header == ["Time", f"{AMIRANI} Tbilisi · +04", f"{AMIRANI} Tbilisi · +04",
                           f"{RUSTAVELI} Tbilisi · +04"]
    first, second = grid.column(AMIRANI)
    assert "Evening Film Cancelled" in grid.at("19:00")[first]
    assert grid.at("19:00")[second] == ""
    assert "Replacement" in grid.at("19:30")[second]


def test_a_session_past_midnight_runs_on_into_the_small_hours(client, owner, venues):
    event = make_event(owner, slug="night")
    make_session(event, venues["arsenal"], starts_at=utc(2030, 6, 1, 21), title="Midnight Movie")
    grid = day_grids(page_of(client, "/events/night/timetable"))["Sat, Jun 1, 2030"]
    # Berlin is UTC+2 in June: 23:00 to 01:00.
    assert [row[0] for row in grid.rows][-1] == "00:45"
    assert grid.header[1] == "Kino Arsenal Berlin · CEST"
    assert "Midnight Movie" in grid.at("00:45")[1]


def test_the_event_page_links_the_timetable_only_when_there_are_sessions(client, owner,
                                                                         festival):
    assert 'href="/events/batumi/timetable?day=2030-06-01"' in page_of(client, "/events/batumi")
    make_event(owner, slug="empty")
    assert "/timetable" not in page_of(client, "/events/empty")
    assert "No sessions are scheduled yet." in page_of(client, "/events/empty/timetable")


def test_printable_without_inline_styles(client, festival):
    body = page_of(client, "/events/batumi/timetable")
    assert '<link rel="stylesheet" href="/static/timetable.css">' in body
    assert "style=" not in body
    stylesheet = client.get("/static/timetable.css").get_data(as_text=True)
    assert "@media print" in stylesheet and "break-after: page" in stylesheet


def test_drafts_are_not_found_except_by_their_organisers(app, client, owner, venues):
    draft = make_event(owner, slug="draft", status=EventStatus.draft)
    make_session(draft, venues["amirani"], starts_at=utc(2030, 6, 1, 15), title="Unseen")
    missing = client.get("/events/draft/timetable")
    assert missing.status_code == 404 and "Unseen" not in missing.get_data(as_text=True)
    assert client.get("/events/no-such-event/timetable").status_code == 404
    assert "Unseen" in page_of(app.test_client(user=owner), "/events/draft/timetable")


def test_no_attendee_name_or_email_appears(client, festival):
    make_registration(festival.sessions[0], email="nino.private@example.org",
                      name="Nino Private")
    body = page_of(client, "/events/batumi/timetable")
    assert "Nino Private" not in body and "nino.private@example.org" not in body
