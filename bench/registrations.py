"""Registrations per second through HTTP, the app beside its floor.

    .venv/bin/python -m bench.registrations [--backends sqlite postgresql]

For each database (a throwaway SQLite file; a PostgreSQL database created on
TEST_POSTGRES_URL's server and dropped at the end) it serves the app and the
floor (bench/floor_app.py: one conditional UPDATE and one INSERT) from gunicorn
with the same settings, and sends each the same bookings from concurrent
keep-alive clients on loopback, round after round, alternating. It prints each
round, the medians and their ratio, then checks that no session was
overbooked. Bounded: a fixed number of requests, a timeout on each, a deadline
on the whole run. Exits 1 on any failed request or overbooking.
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from bench import floor_app
from scheduler import create_app
from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.registration.models import Registration, RegistrationStatus
from tests.databases import throwaway_database
from tests.factories import make_event, make_session, make_user, make_venue
from tests.servers import gunicorn

REQUEST_TIMEOUT_SECONDS = 30
RUN_DEADLINE_SECONDS = 900
TARGET_RATIO = 0.5
# The bench books from one address, far past any per-address rate limit.
UNLIMITED = "100000 per minute"


@dataclass(frozen=True)
class Settings:
    rounds: int
    requests: int
    clients: int
    workers: int
    threads: int

    @property
    def seats(self) -> int:
        # Half the bookings get seats and half join the waitlist: both paths run.
        return self.requests // 2


@dataclass
class Target:
    """One server under test, its sessions (warm-up first) and its rates."""

    name: str
    path: str  # the booking URL path, with {id} for the session
    sessions: list[int]
    rates: list[float] = field(default_factory=list)
    failures: Counter = field(default_factory=Counter)


def book_concurrently(base_url: str, path: str, count: int, clients: int,
                      prefix: str) -> tuple[float, Counter]:
    """`count` bookings over `clients` keep-alive connections; seconds taken
    and the statuses that were not 201."""
    numbers, lock = iter(range(count)), threading.Lock()
    address = urlsplit(base_url)
    barrier = threading.Barrier(clients + 1)

    def client(_) -> Counter:
        problems: Counter = Counter()
        connection = http.client.HTTPConnection(address.hostname, address.port,
                                                timeout=REQUEST_TIMEOUT_SECONDS)
        barrier.wait()
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                connection.close()
                return problems
            body = json.dumps({"name": f"Гость {number}",
                               "email": f"{prefix}-{number}@example.org"})
            try:
                connection.request("POST", path, body,
                                   {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                if response.status != 201:
                    problems[str(response.status)] += 1
            except (OSError, http.client.HTTPException) as exc:
                problems[type(exc).__name__] += 1
                connection.close()

    with ThreadPoolExecutor(clients) as pool:
        runs = [pool.submit(client, n) for n in range(clients)]
        barrier.wait()
        started = time.monotonic()
        failures = sum((run.result() for run in runs), Counter())
    return time.monotonic() - started, failures


def prepare(url: str, settings: Settings) -> tuple[Target, Target]:
    """Migrate, then make a session per round (and one to warm up) for each."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        event = make_event(make_user(role=Role.organiser), title="Bench")
        venue = make_venue(capacity=settings.seats)
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        app_sessions = [make_session(event, venue, starts_at=start + timedelta(days=n),
                                     capacity=settings.seats).id
                        for n in range(settings.rounds + 1)]
        floor_app.metadata.create_all(db.engine)
        with db.engine.begin() as connection:
            floor_sessions = [connection.execute(sa.insert(floor_app.floor_session).values(
                capacity=settings.seats, seats_taken=0)).inserted_primary_key[0]
                for _ in range(settings.rounds + 1)]
        db.engine.dispose()
    return (Target("floor", "/sessions/{id}/registrations", floor_sessions),
            Target("app", "/api/v1/sessions/{id}/registrations", app_sessions))


def run_rounds(urls: dict[str, str], targets: tuple[Target, ...],
               settings: Settings, deadline: float) -> None:
    for round_number in range(settings.rounds + 1):
        line = []
        for target in targets:
            if time.monotonic() > deadline:
                raise TimeoutError("the run took longer than its deadline")
            elapsed, failures = book_concurrently(
                urls[target.name], target.path.format(id=target.sessions[round_number]),
                settings.requests, settings.clients, f"{target.name}{round_number}")
            target.failures.update(failures)
            if round_number:  # round 0 warms the servers up (templates, pools)
                target.rates.append(settings.requests / elapsed)
            line.append(f"{target.name} {settings.requests / elapsed:7.1f}/s")
        label = f"round {round_number}" if round_number else "warm-up"
        print(f"  {label:8}  " + "   ".join(line), flush=True)


@dataclass(frozen=True)
class Ledger:
    """Where one server keeps its seat counts and its registrations."""

    sessions: sa.Table
    registrations: sa.Table
    session_key: str  # the registrations' column naming their session


LEDGERS = {
    "app": Ledger(EventSession.__table__, Registration.__table__, "event_session_id"),
    "floor": Ledger(floor_app.floor_session, floor_app.floor_registration, "session_id"),
}


def overbooking(url: str, targets: tuple[Target, ...], seats: int) -> list[str]:
    """Every session: seats taken == confirmed rows == its seats, no more."""
    engine = sa.create_engine(url)
    problems = []
    with engine.connect() as connection:
        for target in targets:
            ledger = LEDGERS[target.name]
            for session_id in target.sessions:
                taken = connection.scalar(sa.select(ledger.sessions.c.seats_taken)
                                          .where(ledger.sessions.c.id == session_id))
                confirmed = connection.scalar(sa.select(sa.func.count()).where(
                    ledger.registrations.c[ledger.session_key] == session_id,
                    ledger.registrations.c.status == RegistrationStatus.confirmed.value))
                if not taken == confirmed == seats:
                    problems.append(f"{target.name} session {session_id}: {taken} taken, "
                                    f"{confirmed} confirmed, {seats} seats")
    engine.dispose()
    return problems


def bench_backend(backend: str, settings: Settings, folder: Path, deadline: float) -> bool:
    """Measure one database; True when every booking succeeded and none overbooked."""
    print(f"\n{backend}: gunicorn {settings.workers} workers x {settings.threads} threads, "
          f"{settings.clients} clients, {settings.requests} bookings a round "
          f"({settings.seats} seats), {settings.rounds} rounds", flush=True)
    with throwaway_database(backend, folder) as url, ExitStack() as servers:
        floor, app_target = prepare(url, settings)
        urls = {target.name: servers.enter_context(gunicorn(
            url, workers=settings.workers, threads=settings.threads,
            log=folder / f"{backend}-{target.name}.log", app=application,
            env={"RATELIMIT_REGISTRATION": UNLIMITED}))
            for target, application in ((floor, "bench.floor_app:app"),
                                        (app_target, "app:app"))}
        run_rounds(urls, (floor, app_target), settings, deadline)
        servers.close()
        problems = overbooking(url, (floor, app_target), settings.seats)
    floor_rate, app_rate = (statistics.median(t.rates) for t in (floor, app_target))
    ratio = app_rate / floor_rate
    verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
    print(f"  median    floor {floor_rate:7.1f}/s   app {app_rate:7.1f}/s   "
          f"ratio {ratio:.3f} ({verdict} the {TARGET_RATIO} target)")
    for target in (floor, app_target):
        if target.failures:
            print(f"  {target.name} requests that failed: {dict(target.failures)}")
    print("  overbooking: " + ("; ".join(problems) if problems else
                               f"none ({len(floor.sessions) + len(app_target.sessions)} "
                               f"sessions: seats taken == confirmed == seats)"))
    return not problems and not floor.failures and not app_target.failures


def arguments() -> tuple[list[str], Settings]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=600, help="bookings a round")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    # Two: on two shared cores, with the database on the same machine, the app
    # booked faster with two threads a worker than with four (the thread that
    # holds a session's lock waits less for the GIL), and the floor alike.
    parser.add_argument("--threads", type=int, default=2, help="per gunicorn worker")
    options = parser.parse_args()
    return options.backends, Settings(options.rounds, options.requests, options.clients,
                                      options.workers, options.threads)


def main() -> int:
    backends, settings = arguments()
    deadline = time.monotonic() + RUN_DEADLINE_SECONDS
    healthy = True
    with tempfile.TemporaryDirectory(prefix="scheduler-bench-") as folder:
        for backend in backends:
            try:
                healthy &= bench_backend(backend, settings, Path(folder), deadline)
            except (pytest.skip.Exception, pytest.fail.Exception) as unavailable:
                print(f"  skipped: {unavailable}")
                healthy = False
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
