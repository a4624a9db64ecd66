"""Feed contents, read back by icalendar, vobject and ical.js, which must agree."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from scheduler.events.inputs import SessionInput
from scheduler.events.models import EventKind, EventStatus, SessionStatus
from scheduler.extensions import db as database
from scheduler.registration.session_changes import cancel_session, update_session
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_session, make_venue
from tests.feeds.conftest import feed_text, local
from tests.feeds.parsers import by_uid, read_everywhere


def test_evening_in_tbilisi_is_afternoon_utc(client, festival, tbilisi):
    screening = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 10, 19))
    read = by_uid(feed_text(client, "/calendar.ics"))[screening.uid]
    assert read.start == datetime(2027, 5, 10, 15, tzinfo=UTC)
    assert read.end == datetime(2027, 5, 10, 17, tzinfo=UTC)
    assert read.status == "CONFIRMED" and read.sequence == 0


def test_chisinau_keeps_its_wall_clock_across_the_march_change(client, festival, chisinau):
    # Clocks go forward on Sunday 28 March 2027 at 03:00 local.
    friday = make_session(festival, chisinau, starts_at=local("Europe/Chisinau", 2027, 3, 26, 19))
    monday = make_session(festival, chisinau, starts_at=local("Europe/Chisinau", 2027, 3, 29, 19))
    text = feed_text(client, "/calendar.ics")
    found = by_uid(text)
    assert found[friday.uid].start == datetime(2027, 3, 26, 17, tzinfo=UTC)
    assert found[monday.uid].start == datetime(2027, 3, 29, 16, tzinfo=UTC)
    assert "DTSTART;TZID=Europe/Chisinau:20270329T190000" in text
    assert text.count("BEGIN:VTIMEZONE") == 1


def test_amsterdam_summer_sessions_are_an_hour_ahead_of_winter(client, festival, amsterdam):
    winter, summer, autumn = (
        make_session(festival, amsterdam, starts_at=local("Europe/Amsterdam", 2027, *day, 20))
        for day in ((1, 15), (7, 15), (10, 30)))
    found = by_uid(feed_text(client, "/calendar.ics"))
    assert found[winter.uid].start.hour == 19
    assert found[summer.uid].start.hour == 18
    assert found[autumn.uid].start.hour == 18  # the change back is on the 31st


def test_calendar_and_event_properties(client, festival, chisinau):
    online = make_venue(name="Zoom room", city="Online", country="GE", timezone="Asia/Tbilisi",
                        online_url="https://meet.example.org/j/42?pwd=a;b")
    panel = make_session(festival, online, starts_at=local("Asia/Tbilisi", 2027, 4, 1, 18),
                         title="Кино, границы; и «миграция»",
                         description="ფილმი და დისკუსია.\nSecond line, with; marks")
    text = feed_text(client, "/calendar.ics")
    calendar = icalendar.Calendar.from_ical(text)
    for name, value in [("VERSION", "2.0"), ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH"),
                        ("NAME", "Programme"), ("X-WR-CALNAME", "Programme")]:
        assert str(calendar[name]) == value
    assert calendar["PRODID"] and calendar["DESCRIPTION"] and calendar["X-WR-CALDESC"]
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
    assert "X-PUBLISHED-TTL:PT1H\r\n" in text
    vevent = calendar.walk("VEVENT")[0]
    page = f"https://scheduler.test/sessions/{panel.id}"
    assert str(vevent["URL"]) == page
    assert str(vevent["CONFERENCE"]) == "https://meet.example.org/j/42?pwd=a;b"
    assert vevent["CONFERENCE"].params["VALUE"] == "URI"
    assert str(vevent["ORGANIZER"]).startswith("mailto:")
    assert vevent["CATEGORIES"].cats == ["Film festival"]
    assert str(vevent["LOCATION"]) == "Zoom room, 36 Kostava St, Online"
    for stamp in ("DTSTAMP", "CREATED", "LAST-MODIFIED"):
        assert vevent.decoded(stamp).utcoffset() == timedelta(0)
    assert "ATTENDEE" not in vevent and "GEO" not in vevent
    read = read_everywhere(text)[0]
    assert read.summary == "Кино, границы; и «миграция»"
    assert read.description.startswith("ფილმი და დისკუსია.\nSecond line, with; marks")
    assert "Join online: https://meet.example.org/j/42?pwd=a;b" in read.description
    assert read.description.endswith(page)


def test_no_floating_times(client, festival, tbilisi, amsterdam):
    make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 1, 10))
    make_session(festival, amsterdam, starts_at=local("Europe/Amsterdam", 2027, 5, 1, 10))
    calendar = icalendar.Calendar.from_ical(feed_text(client, "/calendar.ics"))
    for vevent in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            assert vevent[name].params["TZID"] in {"Asia/Tbilisi", "Europe/Amsterdam"}
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [
        "Asia/Tbilisi", "Europe/Amsterdam"]


def test_reschedule_keeps_the_uid_and_raises_the_sequence(client, owner, festival, tbilisi):
    screening = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 10, 19))
    before = by_uid(feed_text(client, "/calendar.ics"))[screening.uid]
    with unit_of_work():
        update_session(screening, SessionInput.of(screening).changed(
            starts_at=datetime(2027, 5, 11, 20), ends_at=datetime(2027, 5, 11, 22)), actor=owner)
    after = by_uid(feed_text(client, "/calendar.ics"))
    assert list(after) == [screening.uid]
    assert after[screening.uid].sequence == before.sequence + 1
    assert after[screening.uid].start == datetime(2027, 5, 11, 16, tzinfo=UTC)


def test_cancellation_shows_then_drops_out(app, client, owner, festival, tbilisi):
    screening = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 10, 19))
    with unit_of_work():
        cancel_session(screening, actor=owner)
    read = by_uid(feed_text(client, "/calendar.ics"))[screening.uid]
    assert read.status == "CANCELLED" and read.sequence == 1
    with unit_of_work():
        cancel_session(screening, actor=owner)  # once is enough
    screening.updated_at = datetime.now(UTC) - timedelta(days=31)
    database.session.commit()
    assert read_everywhere(feed_text(client, "/calendar.ics")) == []
    single = read_everywhere(feed_text(client, f"/sessions/{screening.id}.ics"))
    assert [r.status for r in single] == ["CANCELLED"]
    app.config["FEED_CANCELLED_DAYS"] = 60
    assert [r.uid for r in read_everywhere(feed_text(client, "/calendar.ics"))] == [screening.uid]


def test_drafts_never_appear(client, owner, tbilisi):
    draft = make_event(owner, status=EventStatus.draft, slug="secret-plans")
    hidden = make_session(draft, tbilisi)
    assert read_everywhere(feed_text(client, "/calendar.ics")) == []
    assert read_everywhere(feed_text(client, f"/venues/{tbilisi.id}/calendar.ics")) == []
    for url in ("/events/secret-plans/calendar.ics", f"/sessions/{hidden.id}.ics"):
        assert client.get(url).status_code == 404, url
    assert read_everywhere(feed_text(client, "/calendar.ics?event=secret-plans")) == []


def test_event_venue_and_session_feeds(client, owner, festival, tbilisi, amsterdam):
    other = make_event(owner, title="Policy dialogue", kind=EventKind.policy_dialogue)
    in_tbilisi = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 1, 10))
    in_amsterdam = make_session(festival, amsterdam)
    dialogue = make_session(other, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 6, 1, 10))
    assert set(by_uid(feed_text(client, "/events/gmff/calendar.ics"))) == {
        in_tbilisi.uid, in_amsterdam.uid}
    assert set(by_uid(feed_text(client, f"/venues/{tbilisi.id}/calendar.ics"))) == {
        in_tbilisi.uid, dialogue.uid}
    response = client.get(f"/sessions/{dialogue.id}.ics")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="session-{dialogue.id}.ics"')
    assert set(by_uid(response.data.decode())) == {dialogue.uid}
    assert client.get("/events/nothing-here/calendar.ics").status_code == 404
    assert client.get("/events/gm%00ff/calendar.ics").status_code == 404
    assert client.get("/venues/999999/calendar.ics").status_code == 404
    assert client.get("/sessions/999999.ics").status_code == 404


def test_programme_filters(client, owner, festival, tbilisi, chisinau):
    dialogue = make_event(owner, title="Dialogue", kind=EventKind.policy_dialogue,
                          slug="dialogue")
    screening = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 1, 10))
    talk = make_session(dialogue, chisinau, starts_at=local("Europe/Chisinau", 2027, 5, 1, 10))

    def uids(query):
        return set(by_uid(feed_text(client, f"/calendar.ics?{query}")))

    assert uids("") == {screening.uid, talk.uid}
    assert uids("kind=policy_dialogue") == {talk.uid}
    assert uids("city=Chișinău") == {talk.uid}
    assert uids(f"venue={tbilisi.id}") == {screening.uid}
    assert uids("event=gmff") == {screening.uid}
    assert uids("event=gmff&kind=policy_dialogue") == set()
    assert uids("kind=&unknown=ignored") == {screening.uid, talk.uid}


@pytest.mark.parametrize("query", [
    "kind=party", "city=Atlantis", "venue=abc", "venue=-1", "venue=999999",
    "event=no-such-event", "kind=" + "x" * 5000, "city=" + "ქ" * 3000,
])
def test_filters_matching_nothing_give_an_empty_calendar(client, festival, tbilisi, query):
    make_session(festival, tbilisi)
    assert read_everywhere(feed_text(client, f"/calendar.ics?{query}")) == []


def test_a_subscription_outlives_its_filter(client, owner, festival, tbilisi):
    """A renamed city, a deleted venue: the feed goes empty, it does not break."""
    screening = make_session(festival, tbilisi)
    spare = make_venue(name="Spare Room", city="Batumi")
    by_city, by_venue = "/calendar.ics?city=Tbilisi", f"/calendar.ics?venue={spare.id}"
    assert set(by_uid(feed_text(client, by_city))) == {screening.uid}
    assert read_everywhere(feed_text(client, by_venue)) == []
    tbilisi.city = "Tiflis"
    database.session.delete(spare)
    database.session.commit()
    assert read_everywhere(feed_text(client, by_city)) == []
    assert read_everywhere(feed_text(client, by_venue)) == []


@pytest.mark.parametrize("query", ["venue=1%00", "city=Tbi%00lisi", "event=gmff%00"])
def test_bad_filters_are_a_clear_400(client, festival, tbilisi, query):
    make_session(festival, tbilisi)
    response = client.get(f"/calendar.ics?{query}")
    assert response.status_code == 400
    assert b"Unknown" in response.data


def test_sessions_of_a_cancelled_event_show_as_cancelled(client, owner, festival, tbilisi):
    from scheduler.registration.session_changes import cancel_event
    coming = make_session(festival, tbilisi)
    with unit_of_work():
        cancel_event(festival, actor=owner)
    assert coming.status is SessionStatus.cancelled
    assert by_uid(feed_text(client, "/calendar.ics"))[coming.uid].status == "CANCELLED"
