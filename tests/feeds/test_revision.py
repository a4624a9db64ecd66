"""The data revision: database triggers bump it on every change a feed shows
(and on nothing else), and a poll of unchanged data costs one read of it."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa

from scheduler.database import utcnow
from scheduler.events.models import EventKind, EventStatus
from scheduler.events.services import publish_event
from scheduler.extensions import db as database
from scheduler.feeds import freshness
from scheduler.feeds.models import current_revision
from scheduler.films.models import Film
from scheduler.registration import services as registrations
from scheduler.registration.session_changes import cancel_session
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_event, make_session, make_venue
from tests.feeds.test_http import refuse_to_build
from tests.statements import statements_run


def revision() -> int:
    database.session.rollback()  # a fresh read, as a new request makes
    return current_revision()


@contextmanager
def bumps():
    before = revision()
    yield
    assert revision() > before


@contextmanager
def another_connection(app):
    """A connection of its own, as another server process would have: no ORM,
    no Python hooks, only SQL."""
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def test_each_kind_of_change_a_feed_shows_bumps_it(db, owner, festival, tbilisi):
    with bumps():
        film = Film(title="Bread and Roses", runtime_minutes=90)
        database.session.add(film)
        database.session.commit()
    with bumps():
        screening = make_session(festival, tbilisi, film=film)
    draft = make_event(owner, status=EventStatus.draft, slug="in-the-works")
    changes = [(screening, "title", "Bread and Roses, again"),
               (screening, "starts_at", screening.starts_at - timedelta(hours=1)),
               (film, "director", "Ken Loach"), (tbilisi, "city", "Batumi"),
               (tbilisi, "online_url", "https://meet.example.org/amirani"),
               (festival, "kind", EventKind.panel), (festival, "description", "New words")]
    for row, field, value in changes:
        with bumps():
            setattr(row, field, value)
            database.session.commit()
    with bumps(), unit_of_work():
        publish_event(draft, actor=owner)
    with bumps(), unit_of_work():
        cancel_session(screening, actor=owner)
    with bumps():
        database.session.delete(screening)
        database.session.commit()


def test_raw_sql_from_another_connection_bumps_it_when_a_shown_value_differs(
        app, db, festival, tbilisi):
    screening = make_session(festival, tbilisi)
    before = revision()
    for statement in ("UPDATE event_session SET title = 'Renamed' WHERE id = :id",
                      "UPDATE venue SET address = '1 New St' WHERE id = :venue",
                      "DELETE FROM event_session WHERE id = :id"):
        with another_connection(app) as connection:
            connection.execute(sa.text(statement), {"id": screening.id, "venue": tbilisi.id})
        assert revision() > before
        before = revision()
    with another_connection(app) as connection:  # the same values again: no change
        connection.execute(sa.text("UPDATE venue SET address = address, city = city"))
    assert revision() == before


def test_bookings_do_not_touch_it(db, festival, tbilisi):
    screening = make_session(festival, tbilisi, capacity=1)
    before = revision()
    first = booked(screening, name="Nino", email="nino@example.org")
    booked(screening, name="Ana", email="ana@example.org")  # waitlisted
    registrations.cancel(first.registration)  # Ana is promoted into the seat
    database.session.refresh(screening)
    assert screening.seats_taken == 1
    assert revision() == before


def test_an_unchanged_feed_is_one_primary_key_read(client, festival, tbilisi, monkeypatch):
    make_session(festival, tbilisi)
    etag = client.get("/calendar.ics").headers["ETag"]
    monkeypatch.setattr(freshness, "feed_bytes", refuse_to_build)
    with statements_run() as seen:
        response = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.headers["ETag"] == etag
    assert len(seen) == 1 and "feed_revision" in seen[0]


def test_a_change_by_another_process_reaches_validators_this_one_remembers(
        app, client, festival, tbilisi):
    screening = make_session(festival, tbilisi)
    etag = client.get("/calendar.ics").headers["ETag"]
    assert client.get("/calendar.ics", headers={"If-None-Match": etag}).status_code == 304
    with another_connection(app) as connection:
        connection.execute(
            sa.text("UPDATE event_session SET title = 'Moved online', updated_at = :now "
                    "WHERE id = :id"), {"now": utcnow(), "id": screening.id})
    response = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag
    assert b"Moved online" in response.data


def test_a_cancellation_leaving_its_window_changes_the_etag_without_a_write(
        client, owner, festival, tbilisi, monkeypatch):
    screening = make_session(festival, tbilisi)
    with unit_of_work():
        cancel_session(screening, actor=owner)
    etag = client.get("/calendar.ics").headers["ETag"]
    unchanged = revision()
    leaves = screening.updated_at + timedelta(days=30)
    for now, status in ((leaves - timedelta(seconds=1), 304), (leaves, 304),
                        (leaves + timedelta(seconds=1), 200)):
        monkeypatch.setattr(freshness, "utcnow", lambda now=now: now)
        response = client.get("/calendar.ics", headers={"If-None-Match": etag})
        assert response.status_code == status, now
    assert response.headers["ETag"] != etag and b"BEGIN:VEVENT" not in response.data
    assert revision() == unchanged


def test_remembers_a_bounded_number_of_feeds(app, client, festival, tbilisi, monkeypatch):
    monkeypatch.setattr(freshness, "REMEMBERED_FEEDS", 2)
    for venue in (tbilisi, make_venue(name="Odeon"), make_venue(name="Eye")):
        client.get(f"/venues/{venue.id}/calendar.ics")
    assert len(app.extensions["feed_validators"]) == 2
