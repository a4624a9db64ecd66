"""Two app servers, as on two machines: separate gunicorn processes on two
ports, one PostgreSQL database, one Redis, one SECRET_KEY, different hash
seeds. Bookings spread across both never overbook, rate limits count for the
site, not per server, feeds are byte-for-byte the same from either, and a
public page rendered by one is served by both until an edit shows on both.
"""
from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import date
from itertools import cycle
from threading import Barrier

import pytest
import redis
import sqlalchemy as sa

from scheduler import extensions
from scheduler.accounts.models import Role
from scheduler.demo.seed import seed_demo
from scheduler.events.models import Event, EventSession
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.transactions import unit_of_work
from tests.conftest import delete_all_rows, migrated_app
from tests.databases import throwaway_postgres, throwaway_redis_prefix
from tests.factories import make_event, make_session, make_user, make_venue
from tests.servers import call, gunicorn

SEATS = 20
CLIENTS = 200
SIGN_IN_LIMIT = 4
UNLIMITED = "100000 per minute"
HASH_SEEDS = ("1", "2")


@pytest.fixture(scope="module")
def database():
    with throwaway_postgres() as url:
        app = migrated_app(url)
        yield app, url
        with app.app_context():
            extensions.db.engine.dispose()


@pytest.fixture
def db(database):
    app, _ = database
    with app.app_context():
        yield extensions.db
        delete_all_rows()
        extensions.db.session.remove()


@pytest.fixture(scope="module")
def servers(database, tmp_path_factory):
    """Two gunicorn servers (two workers each) on one database and one Redis."""
    _, url = database
    log = tmp_path_factory.mktemp("servers") / "gunicorn.log"
    with throwaway_redis_prefix() as (redis_url, prefix), ExitStack() as stack:
        shared = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": prefix,
                  "PAGE_CACHE_URI": redis_url, "PAGE_CACHE_KEY_PREFIX": prefix,
                  "SECRET_KEY": "one-site-one-key", "RATELIMIT_REGISTRATION": UNLIMITED,
                  "RATELIMIT_SIGN_IN": f"{SIGN_IN_LIMIT} per hour",
                  "PUBLIC_BASE_URL": "http://events.example.org"}
        yield [stack.enter_context(gunicorn(url, workers=2, threads=4, log=log,
                                            env=shared | {"PYTHONHASHSEED": seed}))
               for seed in HASH_SEEDS], log, (redis_url, prefix)


def test_bookings_through_both_servers_never_overbook(db, servers):
    (first, second), log, _ = servers
    session_id = make_session(make_event(make_user(role=Role.organiser)),
                              make_venue(capacity=SEATS * 2), capacity=SEATS).id
    barrier = Barrier(CLIENTS)

    def book(number: int):
        base_url = (first, second)[number % 2]
        barrier.wait()
        return call("POST", f"{base_url}/api/v1/sessions/{session_id}/registrations",
                    {"name": "Анна Петрова", "email": f"guest{number}@example.org"})

    with ThreadPoolExecutor(CLIENTS) as pool:
        replies = list(pool.map(book, range(CLIENTS)))
    assert {r.status for r in replies} == {201}, (Counter(r.status for r in replies),
                                                  log.read_text()[-3000:])
    told = Counter(r.body["status"] for r in replies)
    assert told == {"confirmed": SEATS, "waitlisted": CLIENTS - SEATS}

    db.session.expire_all()
    stored = Counter(db.session.scalars(sa.select(Registration.status).where(
        Registration.event_session_id == session_id)))
    assert stored == {Status.confirmed: SEATS, Status.waitlisted: CLIENTS - SEATS}
    assert db.session.get(EventSession, session_id).seats_taken == SEATS
    positions = sorted(r.body["waitlist_position"] for r in replies
                       if r.body["status"] == "waitlisted")
    assert positions == list(range(1, CLIENTS - SEATS + 1))


class Browser:
    """Cookies kept across both servers, as a browser keeps them for one site."""

    def __init__(self):
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def open(self, url: str, form: dict | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_sign_in_attempts_count_for_the_site_not_per_server(db, servers):
    (first, second), log, _ = servers
    browser = Browser()
    _, form_page = browser.open(first + "/sign-in")
    # The form's CSRF token is bound to the session cookie signed by the first
    # server: the second accepts both only because they share SECRET_KEY.
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form_page)[1]
    attempt = {"csrf_token": token, "email": "nobody@example.org",
               "password": "not the password"}
    servers_in_turn = cycle([second, first])
    statuses = [browser.open(next(servers_in_turn) + "/sign-in", attempt)[0]
                for _ in range(SIGN_IN_LIMIT + 2)]
    # Each server alone has seen three attempts, under the limit of four; a
    # refused sign-in is its form again, with its errors (422).
    assert statuses == [422] * SIGN_IN_LIMIT + [429] * 2, log.read_text()[-3000:]


def fetch(url: str, etag: str | None = None) -> tuple[int, str | None, bytes]:
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["ETag"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["ETag"], error.read()


def test_feeds_are_the_same_from_both_servers(db, servers):
    (first, second), _, _ = servers
    with unit_of_work():
        seed_demo(date.today())
    event = db.session.scalars(sa.select(Event).order_by(Event.id)).first()
    session_id = db.session.scalars(sa.select(EventSession.id).where(
        EventSession.event_id == event.id).order_by(EventSession.id)).first()
    for path in ("/calendar.ics", f"/events/{event.slug}/calendar.ics",
                 f"/sessions/{session_id}.ics", "/calendar.ics?city=Tbilisi"):
        status, etag, body = fetch(first + path)
        assert status == 200 and etag and b"BEGIN:VEVENT" in body, path
        assert fetch(second + path) == (200, etag, body), path
        # A calendar app moved from one server to the other keeps its cache.
        assert fetch(second + path, etag)[:2] == (304, etag), path


def test_a_page_one_server_rendered_is_shared_and_an_edit_shows_on_both(db, servers):
    (first, second), _, (redis_url, prefix) = servers
    event = make_event(make_user(role=Role.organiser), title="Shared Premiere", slug="shared")
    db.session.commit()
    token = re.compile(rb'name="csrf_token"[^>]*>')
    page = f"/events/{event.slug}"
    status, _, body = fetch(first + page)
    assert status == 200 and b"Shared Premiere" in body
    store = redis.Redis.from_url(redis_url)
    assert list(store.scan_iter(match=f"{prefix}:page:*"))  # lent to the site
    store.close()
    assert token.sub(b"", fetch(second + page)[2]) == token.sub(b"", body)
    event.title = "Renamed Premiere"
    db.session.commit()
    for server in (first, second):
        assert b"Renamed Premiere" in fetch(server + page)[2]
