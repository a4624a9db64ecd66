"""HTTP behaviour: validators from the data, 304s without building, cached
bodies and fragments, cache headers, identical bytes in every process."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from werkzeug.http import http_date

from scheduler.events.models import EventKind, EventStatus
from scheduler.events.services import publish_event
from scheduler.extensions import db as database
from scheduler.feeds import freshness, selection
from scheduler.films.models import Film
from scheduler.ical import vevent
from scheduler.registration.session_changes import cancel_session
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_session
from tests.feeds.conftest import feed_text, local

ROOT = Path(__file__).resolve().parents[2]


def refuse_to_build(*_args, **_kwargs):
    raise AssertionError("the feed was built again")


def test_if_none_match_gets_304_without_building(client, festival, tbilisi, monkeypatch):
    make_session(festival, tbilisi)
    first = client.get("/calendar.ics")
    etag = first.headers["ETag"]
    monkeypatch.setattr(freshness, "feed_bytes", refuse_to_build)
    again = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    # A poll without validators is answered from the cached body.
    assert client.get("/calendar.ics").data == first.data
    assert client.get("/calendar.ics", headers={"If-None-Match": '"other"'}).status_code == 200


def test_if_modified_since(client, festival, tbilisi):
    make_session(festival, tbilisi)
    first = client.get("/calendar.ics")
    last_modified = first.headers["Last-Modified"]
    assert client.get("/calendar.ics", headers={
        "If-Modified-Since": last_modified}).status_code == 304
    earlier = http_date(first.last_modified - timedelta(seconds=1))
    assert client.get("/calendar.ics", headers={
        "If-Modified-Since": earlier}).status_code == 200


def test_edits_to_the_venue_event_or_film_change_the_feed(client, owner, festival, tbilisi):
    film = Film(title="Bread and Roses", runtime_minutes=90, director="Ken Loach")
    database.session.add(film)
    database.session.commit()
    make_session(festival, tbilisi, film=film, starts_at=local("Asia/Tbilisi", 2027, 5, 1, 19))
    seen = {client.get("/calendar.ics").headers["ETag"]}
    for row, field, value in [(tbilisi, "name", "Amirani"), (festival, "title", "GMFF 2027"),
                              (film, "title", "Bread & Roses")]:
        setattr(row, field, value)
        database.session.commit()
        response = client.get("/calendar.ics")
        assert value.encode() in response.data.replace(b"\r\n ", b"").replace(b"\\,", b",")
        assert response.headers["ETag"] not in seen
        seen.add(response.headers["ETag"])


def test_unchanged_sessions_come_from_cached_fragments(client, festival, tbilisi, amsterdam,
                                                       monkeypatch):
    make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 1, 19))
    first = client.get(f"/venues/{tbilisi.id}/calendar.ics").data
    newcomer = make_session(festival, amsterdam)
    # Only the new session may be written; the other comes from its fragment.
    built = []
    real_build = vevent.vevent_properties
    monkeypatch.setattr(vevent, "vevent_properties",
                        lambda s, *rest: built.append(s.id) or real_build(s, *rest))
    client.get("/calendar.ics")
    assert built == [newcomer.id]
    assert client.get(f"/venues/{tbilisi.id}/calendar.ics").data == first


def test_cache_control_is_public_for_the_programme(client, festival, tbilisi):
    make_session(festival, tbilisi)
    assert client.get("/calendar.ics").headers["Cache-Control"] == "public, max-age=300"


def test_empty_feed_is_valid(client):
    text = feed_text(client, "/calendar.ics")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "BEGIN:VEVENT" not in text


def test_identical_bytes_and_etag_in_every_process(app, client, festival, tbilisi, chisinau,
                                                    amsterdam):
    for venue, zone in [(tbilisi, "Asia/Tbilisi"), (chisinau, "Europe/Chisinau"),
                        (amsterdam, "Europe/Amsterdam")]:
        for month in (1, 4, 7, 10):
            make_session(festival, venue, starts_at=local(zone, 2027, month, 3, 18))
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    answers = {_render_elsewhere(database_url, seed) for seed in ("1", "2", "3")}
    assert len(answers) == 1


def _render_elsewhere(database_url: str, hash_seed: str) -> str:
    environment = os.environ | {"PYTHONHASHSEED": hash_seed}
    result = subprocess.run(
        [sys.executable, "-m", "tests.feeds.render_feed", database_url, "/calendar.ics"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=True)
    return result.stdout.strip()


def test_a_burst_of_polls_costs_one_aggregate_query(app, client, festival, tbilisi,
                                                     monkeypatch):
    make_session(festival, tbilisi)
    asked = []
    real_aggregate = selection.aggregate
    monkeypatch.setattr(selection, "aggregate",
                        lambda *args: asked.append(args[0].key) or real_aggregate(*args))
    etag = client.get("/calendar.ics?kind=film_festival").headers["ETag"]
    monkeypatch.setattr(freshness, "feed_bytes", refuse_to_build)
    for headers in ({"If-None-Match": etag}, {}):
        response = client.get("/calendar.ics?kind=film_festival", headers=headers)
        assert response.status_code in (200, 304) and response.headers["ETag"] == etag
    assert asked == ["programme?kind=film_festival"]
    # Each address is remembered on its own.
    client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert asked == ["programme?kind=film_festival", "programme?"]


def test_a_cancellation_leaving_the_feed_is_a_change(client, owner, festival, tbilisi,
                                                     monkeypatch):
    screening = make_session(festival, tbilisi)
    with unit_of_work():
        cancel_session(screening, actor=owner)
    before = client.get("/calendar.ics")
    assert b"STATUS:CANCELLED" in before.data
    later = datetime.now(UTC) + timedelta(days=31)
    monkeypatch.setattr(freshness, "utcnow", lambda: later)
    after = client.get("/calendar.ics", headers={
        "If-None-Match": before.headers["ETag"],
        "If-Modified-Since": before.headers["Last-Modified"]})
    assert after.status_code == 200 and b"BEGIN:VEVENT" not in after.data
    assert before.last_modified < after.last_modified <= later


def test_every_change_a_feed_shows_changes_its_etag(client, owner, festival, tbilisi,
                                                      amsterdam):
    """The validators come from one aggregate over the feed's scope; each
    kind of change must reach it, on the feeds it touches."""
    # The oldest row: deleting it moves no revision stamp, only the count.
    gone = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 4, 1, 19))
    first = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 1, 19))
    make_session(festival, amsterdam, starts_at=local("Europe/Amsterdam", 2027, 5, 2, 19))
    draft = make_event(owner, status=EventStatus.draft, slug="in-the-works")
    make_session(draft, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 6, 1, 19))
    seen = {}

    def changed(*urls: str) -> None:
        for url in urls:
            response = client.get(url, headers={"If-None-Match": seen.get(url, '"none"')})
            assert response.status_code == 200, url
            assert response.headers["ETag"] != seen.get(url), url
            seen[url] = response.headers["ETag"]

    programme, city = "/calendar.ics", "/calendar.ics?city=Tbilisi"
    by_kind, in_tbilisi = "/calendar.ics?kind=film_festival", f"/venues/{tbilisi.id}/calendar.ics"
    changed(programme, city, by_kind, in_tbilisi, f"/sessions/{first.id}.ics")

    first.title = "Bread and Roses, again"  # an edit to the session itself
    database.session.commit()
    changed(programme, city, in_tbilisi, f"/sessions/{first.id}.ics")
    with unit_of_work():
        cancel_session(first, actor=owner)
    changed(programme, city, in_tbilisi, f"/sessions/{first.id}.ics")
    amsterdam.city = "Tbilisi"  # a filter's data: the session joins the city feed
    database.session.commit()
    changed(programme, city)
    with unit_of_work():
        publish_event(draft, actor=owner)
    changed(programme, city, in_tbilisi)
    draft.status = EventStatus.draft  # taken back: its session leaves again
    database.session.commit()
    changed(programme, city, in_tbilisi)
    festival.kind = EventKind.panel
    database.session.commit()
    changed(programme, by_kind)
    database.session.delete(gone)
    database.session.commit()
    changed(programme, city, in_tbilisi)
