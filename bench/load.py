"""A bounded load test: simulated visitors against gunicorn on PostgreSQL.

    .venv/bin/python -m bench.load [--seconds 60] [--users 50] [--workers 4]

Creates a PostgreSQL database of its own on TEST_POSTGRES_URL's server, seeds
the demo programme plus a few small screenings, serves it from gunicorn
(`--workers` processes x `--threads` threads) on a free loopback port, and
lets `--users` keep-alive clients browse, poll feeds (sometimes conditionally)
and book seats through the JSON API for `--seconds`. Then it prints requests
per second and p50/p95/p99 latency, overall and per kind of request, checks
that no session holds more confirmed seats than it has, stops the server and
drops the database. Exits 1 on any 5xx, failed connection or overbooking.
Figures: docs/load-test.md.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_migrate import upgrade

from scheduler import create_app
from scheduler.accounts.models import Role
from scheduler.demo.seed import seed_demo
from scheduler.events.models import Event, EventSession, EventStatus
from scheduler.extensions import db
from scheduler.registration.models import Registration
from scheduler.registration.services import SEATED
from scheduler.transactions import unit_of_work
from tests.databases import throwaway_postgres
from tests.factories import make_event, make_session, make_user, make_venue
from tests.servers import gunicorn

REQUEST_TIMEOUT_SECONDS = 30
SCREENINGS = 6
SEATS = 25
# One address books thousands of seats here, far past the per-address limit.
UNLIMITED = "1000000 per minute"
# What a visitor does next, and how often: mostly reading, some polling, a few bookings.
MIX = {"programme": 30, "event page": 15, "session page": 15, "home": 5,
       "calendar.ics": 10, "calendar.ics if changed": 10, "event feed": 5,
       "session .ics": 4, "register": 6}


@dataclass(frozen=True)
class Site:
    """What the visitors may ask for: ids and slugs from the seeded programme."""

    event_slugs: list[str]
    session_ids: list[int]
    limited_ids: list[int]


@dataclass
class Tally:
    """Latencies by kind, statuses and failures, shared by the visitors."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[status] += 1
            if status >= 500:
                self.failures[f"{kind}: {status}"] += 1


def seed(url: str) -> Site:
    """Migrate, seed the demo, and add small screenings to book."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "load"})
    with app.app_context():
        upgrade()
        with unit_of_work():
            seed_demo(date.today())
        event = make_event(make_user(role=Role.organiser), title="Load test screenings")
        venue = make_venue(name="Load test hall", capacity=SEATS)
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=40)
        limited = [make_session(event, venue, starts_at=start + timedelta(days=n),
                                capacity=SEATS).id for n in range(SCREENINGS)]
        published = sa.select(Event).where(Event.status == EventStatus.published)
        slugs = [e.slug for e in db.session.scalars(published)]
        sessions = list(db.session.scalars(sa.select(EventSession.id).join(Event).where(
            Event.status == EventStatus.published)))
        db.engine.dispose()
    return Site(slugs, sessions, limited)


class Visitor:
    """One simulated person on one keep-alive connection."""

    def __init__(self, number: int, base_url: str, site: Site, tally: Tally):
        address = urlsplit(base_url)
        self.connect = lambda: http.client.HTTPConnection(
            address.hostname, address.port, timeout=REQUEST_TIMEOUT_SECONDS)
        self.connection = self.connect()
        self.number, self.site, self.tally = number, site, tally
        self.random = random.Random(number)
        self.etags: dict[str, str] = {}
        self.bookings = 0

    def run(self, deadline: float) -> None:
        kinds, weights = list(MIX), list(MIX.values())
        while time.monotonic() < deadline:
            kind = self.random.choices(kinds, weights)[0]
            method, path, body, headers = self.request_for(kind)
            self.send(kind, method, path, body, headers)
        self.connection.close()

    def request_for(self, kind: str) -> tuple[str, str, str | None, dict]:
        pick = self.random.choice
        if kind == "register":
            self.bookings += 1
            body = json.dumps({"name": f"Გიორგი {self.number}",
                               "email": f"visitor{self.number}.{self.bookings}@example.org"})
            return ("POST", f"/api/v1/sessions/{pick(self.site.limited_ids)}/registrations",
                    body, {"Content-Type": "application/json"})
        path = {"programme": f"/programme?page={self.random.randint(1, 3)}",
                "event page": f"/events/{pick(self.site.event_slugs)}",
                "session page": f"/sessions/{pick(self.site.session_ids)}",
                "home": "/",
                "calendar.ics": "/calendar.ics",
                "calendar.ics if changed": "/calendar.ics",
                "event feed": f"/events/{pick(self.site.event_slugs)}/calendar.ics",
                "session .ics": f"/sessions/{pick(self.site.session_ids)}.ics"}[kind]
        etag = self.etags.get(path) if kind == "calendar.ics if changed" else None
        return "GET", path, None, {"If-None-Match": etag} if etag else {}

    def send(self, kind: str, method: str, path: str, body: str | None,
             headers: dict) -> None:
        started = time.monotonic()
        try:
            self.connection.request(method, path, body, headers)
            response = self.connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            with self.tally.lock:
                self.tally.failures[f"{kind}: {type(exc).__name__}"] += 1
            self.connection.close()
            self.connection = self.connect()
            return
        self.tally.add(kind, response.status, time.monotonic() - started)
        if response.getheader("ETag"):
            self.etags[path] = response.getheader("ETag")


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 in milliseconds."""
    if len(seconds) < 2:
        only = seconds[0] * 1000 if seconds else 0.0
        return only, only, only
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def report(tally: Tally, elapsed: float) -> None:
    every = [s for kind in tally.latencies.values() for s in kind]
    print(f"\n{len(every)} requests in {elapsed:.1f} s: {len(every) / elapsed:.1f} requests/s")
    print(f"{'kind':24} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    rows = [*sorted(tally.latencies.items()), ("all", every)]
    for kind, seconds in rows:
        p50, p95, p99 = percentiles(seconds)
        print(f"{kind:24} {len(seconds):7} {p50:8.1f} {p95:8.1f} {p99:8.1f}")
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses.items()))
    print(f"statuses: {statuses}")
    print(f"5xx: {sum(c for s, c in tally.statuses.items() if s >= 500)}")


def overbooking(url: str) -> list[str]:
    """Sessions whose seats taken (held or confirmed) exceed their capacity or their
    seat count."""
    engine = sa.create_engine(url)
    confirmed = (sa.select(sa.func.count()).where(
        Registration.event_session_id == EventSession.id,
        Registration.status.in_(SEATED))
        .correlate(EventSession).scalar_subquery())
    with engine.connect() as connection:
        rows = connection.execute(sa.select(
            EventSession.id, EventSession.capacity, EventSession.seats_taken, confirmed)).all()
    engine.dispose()
    return [f"session {sid}: capacity {capacity}, {taken} taken, {seated} confirmed"
            for sid, capacity, taken, seated in rows
            if capacity is not None and (seated > capacity or seated != taken)]


def run(settings: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="scheduler-load-") as folder:
        return measure(settings, Path(folder) / "gunicorn.log")


def measure(settings: argparse.Namespace, log: Path) -> int:
    with throwaway_postgres() as url:
        site = seed(url)
        with gunicorn(url, workers=settings.workers, threads=settings.threads, log=log,
                      env={"RATELIMIT_REGISTRATION": UNLIMITED}) as base_url:
            print(f"{settings.users} users for {settings.seconds} s against gunicorn "
                  f"{settings.workers} workers x {settings.threads} threads at {base_url}",
                  flush=True)
            tally = Tally()
            visitors = [Visitor(n, base_url, site, tally) for n in range(settings.users)]
            started = time.monotonic()
            deadline = started + settings.seconds
            with ThreadPoolExecutor(settings.users) as pool:
                list(pool.map(lambda visitor: visitor.run(deadline), visitors))
            elapsed = time.monotonic() - started
        report(tally, elapsed)
        problems = overbooking(url)
    print(f"overbooked sessions: {len(problems)}")
    if not (tally.failures or problems):
        return 0
    for problem in list(tally.failures.items()) + problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    print(f"server log, last lines:\n{log.read_text()[-3000:]}", file=sys.stderr)
    return 1


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return run(parse(argv))


if __name__ == "__main__":
    sys.exit(main())
