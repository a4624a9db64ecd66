"""Feeds of one event, venue or session take their validators from the
revisions of that event or venue (migration 0019): a change elsewhere leaves
them standing, without a look at the sessions; every change they show moves
them at once, whoever writes it."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler.events.models import EventStatus
from scheduler.extensions import db as database
from scheduler.feeds import freshness
from scheduler.feeds.models import FeedScope
from scheduler.films.models import Film
from scheduler.registration.session_changes import cancel_session
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_session
from tests.feeds.test_http import refuse_to_build
from tests.feeds.test_revision import another_connection
from tests.statements import statements_run


def event_url(event) -> str:
    return f"/events/{event.slug}/calendar.ics"


def venue_url(venue) -> str:
    return f"/venues/{venue.id}/calendar.ics"


def session_url(event_session) -> str:
    return f"/sessions/{event_session.id}.ics"


def etags(client, urls: list[str]) -> dict[str, str]:
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = response.headers["ETag"]
    return found


def poll(client, url: str, etag: str):
    return client.get(url, headers={"If-None-Match": etag})


@pytest.fixture
def scene(owner, festival, tbilisi, chisinau, amsterdam):
    """A festival screening at Amirani, and another event's at Odeon."""
    film = Film(title="Bread and Roses", runtime_minutes=90)
    database.session.add(film)
    database.session.commit()
    screening = make_session(festival, tbilisi, film=film)
    elsewhere = make_event(owner, title="Elsewhere", slug="elsewhere")
    other = make_session(elsewhere, chisinau)
    return {"screening": screening, "film": film, "other": other, "elsewhere": elsewhere,
            "urls": [event_url(festival), venue_url(tbilisi), session_url(screening),
                     f"/calendar.ics?event={festival.slug}", f"/calendar.ics?venue={tbilisi.id}"]}


def test_a_change_elsewhere_leaves_them_standing_at_one_read(
        app, client, scene, amsterdam, monkeypatch):
    known = etags(client, scene["urls"])
    whole = etags(client, ["/calendar.ics"])
    changes = ["UPDATE event_session SET title = 'Renamed' WHERE id = :other",
               "UPDATE event SET title = 'Still elsewhere' WHERE id = :elsewhere",
               "UPDATE venue SET name = 'Odeon Hall' WHERE id = :chisinau",
               "UPDATE event_session SET venue_id = :amsterdam WHERE id = :other"]
    for change in changes:
        with another_connection(app) as connection:
            connection.execute(sa.text(change), {
                "other": scene["other"].id, "elsewhere": scene["elsewhere"].id,
                "chisinau": scene["other"].venue_id, "amsterdam": amsterdam.id})
        for url, etag in known.items():
            with monkeypatch.context() as patched, statements_run() as seen:
                patched.setattr(freshness, "feed_bytes", refuse_to_build)
                response = poll(client, url, etag)
            assert response.status_code == 304, (change, url)
            assert response.headers["ETag"] == etag
            # The data revision moved: its scope's revision, read with it, did not.
            assert len(seen) == 1 and "feed_scope" in seen[0], seen
        # The whole programme shows the change.
        assert poll(client, "/calendar.ics", whole["/calendar.ics"]).status_code == 200
        whole = etags(client, ["/calendar.ics"])


def moved(client, known: dict[str, str], urls: list[str]) -> None:
    for url in urls:
        response = poll(client, url, known[url])
        assert response.status_code != 304, url
        if response.status_code == 200:
            assert response.headers["ETag"] != known[url], url


def test_every_change_they_show_moves_them_at_once(
        client, owner, scene, festival, tbilisi, chisinau):
    screening, film = scene["screening"], scene["film"]
    urls = scene["urls"]

    def change(row, field, value):
        setattr(row, field, value)
        database.session.commit()

    steps = [lambda: change(screening, "title", "Bread and Roses, again"),
             lambda: change(screening, "starts_at", screening.starts_at - timedelta(hours=1)),
             lambda: change(tbilisi, "name", "Amirani"),
             lambda: change(film, "director", "Ken Loach"),
             lambda: change(festival, "title", "Migration Film Festival")]
    for step in steps:
        known = etags(client, urls)
        step()
        moved(client, known, urls)
    known = etags(client, urls)
    with unit_of_work():
        cancel_session(screening, actor=owner)
    moved(client, known, urls)


def test_a_session_moving_venue_moves_both_venues_feeds(client, scene, tbilisi, amsterdam):
    screening = scene["screening"]
    urls = [venue_url(tbilisi), venue_url(amsterdam), event_url(screening.event),
            session_url(screening)]
    known = etags(client, urls)
    screening.venue_id = amsterdam.id
    database.session.commit()
    moved(client, known, urls)


def test_unpublishing_or_deleting_moves_them(client, scene, festival, tbilisi):
    screening = scene["screening"]
    known = etags(client, [venue_url(tbilisi), event_url(festival), session_url(screening)])
    database.session.delete(screening)
    database.session.commit()
    moved(client, known, list(known))
    make_session(festival, tbilisi)
    known = etags(client, [venue_url(tbilisi), event_url(festival)])
    festival.status = EventStatus.draft
    database.session.commit()
    moved(client, known, list(known))
    assert client.get(event_url(festival)).status_code == 404


def test_raw_sql_from_another_process_moves_them(app, client, scene, tbilisi):
    urls = scene["urls"]
    for statement in ("UPDATE film SET title = 'Pan y Rosas' WHERE id = :film",
                      "UPDATE venue SET address = '1 New St' WHERE id = :venue",
                      "UPDATE event_session SET description = 'Q&A after' WHERE id = :id",
                      "DELETE FROM event_session WHERE id = :id"):
        known = etags(client, [url for url in urls if "sessions/" not in url]
                      if "DELETE" in statement else urls)
        with another_connection(app) as connection:
            connection.execute(sa.text(statement), {
                "film": scene["film"].id, "venue": tbilisi.id, "id": scene["screening"].id})
        moved(client, known, list(known))


def test_a_cancellation_leaving_its_window_still_moves_them(
        client, owner, scene, festival, tbilisi, monkeypatch):
    screening = scene["screening"]
    with unit_of_work():
        cancel_session(screening, actor=owner)
    urls = [event_url(festival), venue_url(tbilisi)]
    known = etags(client, urls)
    leaves = screening.updated_at + timedelta(days=30)
    for now, status in ((leaves, 304), (leaves + timedelta(seconds=1), 200)):
        monkeypatch.setattr(freshness, "utcnow", lambda now=now: now)
        for url in urls:
            response = poll(client, url, known[url])
            assert response.status_code == status, (url, now)
    assert b"BEGIN:VEVENT" not in response.data


def test_a_scope_missing_its_row_falls_back_to_the_data_revision(client, scene, festival):
    database.session.execute(sa.delete(FeedScope).where(
        FeedScope.kind == "event", FeedScope.id == festival.id))
    database.session.commit()
    known = etags(client, [event_url(festival)])
    festival.title = "Migration Film Festival"
    database.session.commit()
    moved(client, known, list(known))
