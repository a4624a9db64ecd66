"""Feeds keep subscribed clients in step: validators from the data revision,
agenda status changes, sessions that leave, old sessions, the repeated hour,
cancelled titles."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa

from scheduler.extensions import db as database
from scheduler.ical.calendar import session_calendar
from scheduler.ical.settings import FeedSettings
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.registration.session_changes import cancel_session
from scheduler.transactions import unit_of_work
from tests.factories import make_registration, make_session, make_user
from tests.feeds.conftest import feed_text, local
from tests.feeds.parsers import by_uid, read_everywhere
from tests.feeds.test_agenda import agenda_path

YESTERDAY = datetime.now(UTC) - timedelta(days=1)


def poll(client, url: str, first, *, etag: bool = False):
    """A poll with what the first answer gave: If-Modified-Since only, as some
    clients send, or If-None-Match too."""
    headers = {"If-Modified-Since": first.headers["Last-Modified"]}
    if etag:
        headers["If-None-Match"] = first.headers["ETag"]
    return client.get(url, headers=headers)


def vevent(text: str, uid: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(text)
    return next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid)


def test_a_session_leaving_a_filtered_feed_moves_last_modified(client, festival, tbilisi,
                                                                amsterdam):
    screening = make_session(festival, tbilisi)
    urls = (f"/venues/{tbilisi.id}/calendar.ics", f"/calendar.ics?venue={tbilisi.id}",
            "/calendar.ics?city=Tbilisi")
    firsts = [client.get(url) for url in urls]
    screening.venue = amsterdam
    database.session.commit()
    for url, first in zip(urls, firsts, strict=True):
        after = poll(client, url, first)
        assert after.status_code == 200, url
        assert read_everywhere(after.data.decode()) == []
        assert poll(client, url, after).status_code == 304


def test_validators_do_not_trust_app_server_clocks(client, festival, tbilisi):
    """An edit stamped by a server whose clock is 2 s behind the one that
    stamped the newest row still changes both validators."""
    edited = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 1, 19))
    newest = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 2, 19))
    newest.updated_at = datetime.now(UTC) + timedelta(minutes=5)
    database.session.commit()
    first = client.get("/calendar.ics")
    edited.title = "Late night shorts"
    edited.updated_at = newest.updated_at - timedelta(seconds=2)
    database.session.commit()
    for etag in (False, True):
        after = poll(client, "/calendar.ics", first, etag=etag)
        assert after.status_code == 200
        assert by_uid(after.data.decode())[edited.uid].summary == "Late night shorts"


def set_stamps(registration: Registration, moment: datetime) -> None:
    """As if the registration and its session were last changed at `moment`."""
    database.session.execute(sa.update(Registration).where(Registration.id == registration.id)
                             .values(created_at=moment, status_changed_at=moment))
    registration.event_session.updated_at = moment
    database.session.commit()


def test_agenda_status_changes_bump_sequence_and_stamps(client, festival, tbilisi):
    nino = make_user(email="nino@example.org", name="Nino")
    screening = make_session(festival, tbilisi)
    registration = make_registration(screening, email=nino.email, user=nino,
                                     status=Status.waitlisted)
    set_stamps(registration, YESTERDAY)
    path = agenda_path(nino)
    first = client.get(path)
    waiting = vevent(first.data.decode(), screening.uid)
    assert waiting["STATUS"] == "TENTATIVE"

    registration.status = Status.confirmed
    database.session.commit()
    confirmed = poll(client, path, first)
    assert confirmed.status_code == 200
    held = vevent(confirmed.data.decode(), screening.uid)
    assert held["STATUS"] == "CONFIRMED"
    assert held["SEQUENCE"] == waiting["SEQUENCE"] + 1
    for stamp in ("DTSTAMP", "LAST-MODIFIED"):
        assert held.decoded(stamp) > waiting.decoded(stamp)
    assert poll(client, path, confirmed, etag=True).status_code == 304

    registration.status = Status.cancelled
    database.session.commit()
    cancelled = poll(client, path, confirmed)
    assert cancelled.status_code == 200
    [read] = read_everywhere(cancelled.data.decode())
    assert (read.status, read.sequence) == ("CANCELLED", waiting["SEQUENCE"] + 2)
    assert read.summary == f"Cancelled: {festival.title}"
    assert vevent(cancelled.data.decode(), screening.uid).decoded("DTSTAMP") >= held.decoded(
        "DTSTAMP")


def test_a_new_registration_after_a_cancelled_one_never_lowers_sequence(client, festival,
                                                                        tbilisi):
    nino = make_user(email="nino@example.org", name="Nino")
    screening = make_session(festival, tbilisi)
    first = make_registration(screening, email=nino.email, user=nino)
    path = agenda_path(nino)
    sequences = [by_uid(feed_text(client, path))[screening.uid].sequence]
    first.status = Status.cancelled
    database.session.commit()
    sequences.append(by_uid(feed_text(client, path))[screening.uid].sequence)
    make_registration(screening, email=nino.email, user=nino)
    again = by_uid(feed_text(client, path))[screening.uid]
    sequences.append(again.sequence)
    assert again.status == "CONFIRMED"
    assert sequences == sorted(set(sequences))


def test_status_changes_are_counted_by_the_database(app, festival, tbilisi):
    """Whoever writes: plain SQL on a connection of its own."""
    registration = make_registration(make_session(festival, tbilisi), email="a@example.org")
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE registration SET status = 'cancelled' "
                                       "WHERE id = :id"), {"id": registration.id})
            connection.execute(sa.text("UPDATE registration SET name = 'Ana' "
                                       "WHERE id = :id"), {"id": registration.id})
    finally:
        engine.dispose()
    database.session.expire_all()
    assert registration.status_revision == 2
    assert registration.status_changed_at is not None


def test_sessions_long_over_leave_the_listings(app, client, festival, tbilisi):
    old = make_session(festival, tbilisi, starts_at=datetime.now(UTC) - timedelta(days=95))
    recent = make_session(festival, tbilisi, starts_at=datetime.now(UTC) - timedelta(days=20))
    listings = ("/calendar.ics", "/events/gmff/calendar.ics",
                f"/venues/{tbilisi.id}/calendar.ics")
    for url in listings:
        assert set(by_uid(feed_text(client, url))) == {recent.uid}, url
    assert set(by_uid(feed_text(client, f"/sessions/{old.id}.ics"))) == {old.uid}
    app.config["FEED_PAST_DAYS"] = 10
    assert read_everywhere(feed_text(client, "/calendar.ics")) == []
    app.config["FEED_PAST_DAYS"] = 120
    assert set(by_uid(feed_text(client, "/calendar.ics"))) == {old.uid, recent.uid}


def test_leaving_as_time_passes_moves_the_validators(client, festival, tbilisi):
    ending = make_session(festival, tbilisi, starts_at=datetime.now(UTC) - timedelta(days=89))
    first = client.get("/calendar.ics")
    assert by_uid(first.data.decode())
    ending.starts_at -= timedelta(days=2)
    ending.ends_at -= timedelta(days=2)
    ending.updated_at = YESTERDAY
    database.session.commit()
    after = poll(client, "/calendar.ics", first, etag=True)
    assert after.status_code == 200 and read_everywhere(after.data.decode()) == []


def repeated_hour_session(festival, chisinau):
    # Chișinău's clocks go back from 03:00 to 02:00 on 31 October 2027.
    starts = datetime(2027, 10, 30, 23, 30, tzinfo=UTC)
    wall = starts.astimezone(ZoneInfo("Europe/Chisinau"))
    assert wall.replace(fold=1).utcoffset() != wall.utcoffset()
    return make_session(festival, chisinau, starts_at=starts, ends_at=starts + timedelta(hours=2))


def test_the_repeated_hour_is_written_in_utc(client, festival, chisinau, tbilisi):
    doubled = repeated_hour_session(festival, chisinau)
    plain = make_session(festival, chisinau, starts_at=local("Europe/Chisinau", 2027, 11, 1, 19))
    text = feed_text(client, "/calendar.ics")
    assert "DTSTART:20271030T233000Z" in text and "DTEND:20271031T013000Z" in text
    assert "DTSTART;TZID=Europe/Chisinau:20271101T190000" in text
    for read in read_everywhere(text):
        expected = doubled if read.uid == doubled.uid else plain
        assert (read.start, read.end) == (expected.starts_at, expected.ends_at)
    attachment = session_calendar(doubled, FeedSettings.current())
    assert "DTSTART:20271030T233000Z" in attachment


def test_email_text_names_the_offset_of_a_repeated_hour(app, festival, chisinau):
    from scheduler.dates import local_time
    doubled = repeated_hour_session(festival, chisinau)
    with app.test_request_context():
        assert local_time(doubled.starts_at, "Europe/Chisinau") == "02:30 EEST (UTC+03:00)"
        assert local_time(doubled.ends_at, "Europe/Chisinau") == "03:30 EET"


def test_cancelled_sessions_say_so_in_their_title(client, owner, festival, tbilisi):
    screening = make_session(festival, tbilisi)
    with unit_of_work():
        cancel_session(screening, actor=owner)
    [read] = read_everywhere(feed_text(client, "/calendar.ics"))
    assert (read.status, read.summary) == ("CANCELLED", f"Cancelled: {festival.title}")
    in_russian = session_calendar(screening, FeedSettings.current(), "CANCEL", "ru")
    assert f"SUMMARY:Отменено: {festival.title}" in in_russian


def test_the_revision_stamp_moves_a_second_per_change_not_per_row(app, festival, tbilisi):
    """Two changes in one second still give two Last-Modified values; the rows
    of one statement share one stamp, so a bulk edit does not run ahead."""
    from scheduler.feeds.models import current_revision
    for day in range(1, 4):
        make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, day, 19))
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        stamps = [current_revision().changed_at]
        for _ in range(2):
            with engine.begin() as connection:
                connection.execute(sa.text("UPDATE event_session SET title = title || 'x'"))
            stamps.append(current_revision().changed_at)
    finally:
        engine.dispose()
    now = datetime.now(UTC).replace(microsecond=0)
    assert stamps[2] <= max(stamps[0] + timedelta(seconds=2), now)
    if engine.dialect.name == "postgresql":
        assert stamps[0] < stamps[1] < stamps[2]
    else:
        # SQLite tells statements apart by the millisecond of 'now' (see 0008).
        assert stamps[0] <= stamps[1] <= stamps[2]
