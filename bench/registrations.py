"""Registrations per second through HTTP, the app beside its floor, with load
from an external generator.

    .venv/bin/python -m bench.registrations [--backends sqlite postgresql]
        [--rounds 5] [--seconds 5] [--seats 100]

For each database (a throwaway SQLite file; a PostgreSQL database created on
TEST_POSTGRES_URL's server and dropped at the end) it serves the app and the
floor (bench/floor_app.py: one conditional UPDATE and one INSERT) from gunicorn
with the same settings. `wrk` (Debian's package), a separate process, books
through `POST /api/v1/sessions/{id}/registrations` with a new email on every
request, into a fresh session for each run: its first `--seats` bookings take
a seat, the rest join the waitlist. A warm-up run each, then rounds in turns,
app and floor. Goal R4 of issue 17: the app at least half the floor's rate;
prints medians, min-max and MET or MISSED. Then checks that every answer was a
201 and that no session was overbooked (seats taken == seated rows ==
capacity, with a waitlist behind). Exits 1 when a check fails.
"""
from __future__ import annotations

import argparse
import functools
import secrets
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from bench import floor_app, wrk
from scheduler import create_app
from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.registration.models import Registration
from scheduler.registration.services import SEATED
from tests.databases import throwaway_database
from tests.factories import make_event, make_session, make_user, make_venue
from tests.servers import gunicorn

GOAL = 0.5
BOOKING_PATH = "/api/v1/sessions/{id}/registrations"
# The bench books from one address, far past any per-address rate limit.
UNLIMITED = "10000000 per minute"
# booking(path): a POST with a new guest each time, its email made of the
# script's token (RUN), wrk's thread and a counter.
BOOKING_LUA = """
local bookings = 0
function booking(path)
  bookings = bookings + 1
  local body = string.format(
    '{"name": "Гость %d", "email": "guest-RUN-%d-%d@example.org"}',
    bookings, thread_number, bookings)
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end
"""


def booking_lua() -> str:
    """Lua defining booking(path): a POST with a new guest, unique across
    runs (a token per script) and wrk's threads."""
    return BOOKING_LUA.replace("RUN", secrets.token_hex(4))


@dataclass(frozen=True)
class Settings:
    rounds: int
    seconds: int
    seats: int
    workers: int
    threads: int


@dataclass(frozen=True)
class Ledger:
    """Where one server keeps its seat counts and its registrations."""

    sessions: sa.Table
    registrations: sa.Table
    session_key: str  # the registrations' column naming their session
    seated: tuple[str, ...]


LEDGERS = {
    "app": Ledger(EventSession.__table__, Registration.__table__, "event_session_id",
                  tuple(status.value for status in SEATED)),
    "floor": Ledger(floor_app.floor_session, floor_app.floor_registration, "session_id",
                    ("confirmed",)),
}


def prepare(url: str, settings: Settings) -> dict[str, list[int]]:
    """Migrate, then make a session per run (warm-up included) for each server."""
    count = settings.rounds + 1
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        event = make_event(make_user(role=Role.organiser), title="Bench")
        venue = make_venue(capacity=settings.seats)
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        app_sessions = [make_session(event, venue, starts_at=start + timedelta(days=n),
                                     capacity=settings.seats).id for n in range(count)]
        floor_app.metadata.create_all(db.engine)
        with db.engine.begin() as connection:
            floor_sessions = [connection.execute(sa.insert(floor_app.floor_session).values(
                capacity=settings.seats, seats_taken=0)).inserted_primary_key[0]
                for _ in range(count)]
        db.engine.dispose()
    return {"app": app_sessions, "floor": floor_sessions}


def bookings(base_url: str, sessions: Iterator[int], seconds: int,
             answers: Counter[int]) -> wrk.Result:
    """One wrk run booking into the next session; its answers are added up."""
    path = BOOKING_PATH.format(id=next(sessions))
    script = booking_lua() + f'request = function() return booking("{path}") end\n'
    result = wrk.run(base_url, seconds, script=script)
    answers.update(result.statuses)
    return result


@dataclass(frozen=True)
class Seats:
    """One session's seat count beside the registrations it holds."""

    server: str
    session_id: int
    capacity: int | None
    taken: int
    seated: int
    waitlisted: int

    def overbooked(self) -> bool:
        return self.taken != self.seated or (self.capacity is not None
                                             and self.seated > self.capacity)

    def __str__(self) -> str:
        return (f"{self.server} session {self.session_id}: capacity {self.capacity}, "
                f"{self.taken} taken, {self.seated} seated, {self.waitlisted} waitlisted")


def seat_counts(url: str) -> list[Seats]:
    """Every session of both servers, as the database holds it."""
    engine = sa.create_engine(url)
    counts = []
    with engine.connect() as connection:
        for server, ledger in LEDGERS.items():
            sessions, rows = ledger.sessions.c, ledger.registrations.c
            query = (sa.select(sessions.id, sessions.capacity, sessions.seats_taken,
                               sa.func.count(rows.id).filter(rows.status.in_(ledger.seated)),
                               sa.func.count(rows.id).filter(rows.status == "waitlisted"))
                     .outerjoin(ledger.registrations, rows[ledger.session_key] == sessions.id)
                     .group_by(sessions.id, sessions.capacity, sessions.seats_taken))
            counts += [Seats(server, *row) for row in connection.execute(query)]
    engine.dispose()
    return counts


def seating_problems(url: str) -> list[str]:
    """Sessions overbooked, or not both full and waitlisted: each run must
    book more than a session's seats, so that both paths are measured."""
    problems = []
    for seats in seat_counts(url):
        if seats.overbooked():
            problems.append(f"overbooked: {seats}")
        elif seats.seated != seats.capacity or not seats.waitlisted:
            problems.append(f"not full with a waitlist (lower --seats): {seats}")
    return problems


def measure(backend: str, settings: Settings, folder: Path) -> bool:
    """One database: True when every answer was a 201 and no session overbooked."""
    with throwaway_database(backend, folder) as url, ExitStack() as servers:
        sessions = prepare(url, settings)
        urls = {name: servers.enter_context(gunicorn(
            url, workers=settings.workers, threads=settings.threads,
            log=folder / f"{backend}-{name}.log", app=application,
            env={"RATELIMIT_REGISTRATION": UNLIMITED}))
            for name, application in (("app", "app:app"), ("floor", "bench.floor_app:app"))}
        answers: dict[str, Counter[int]] = {name: Counter() for name in urls}
        figures = wrk.alternate(
            {name: functools.partial(bookings, address, iter(sessions[name]),
                                     settings.seconds, answers[name])
             for name, address in urls.items()}, settings.rounds)
        servers.close()
        problems = seating_problems(url)
    print(f"\n{backend}: gunicorn {settings.workers} workers x {settings.threads} threads, "
          f"wrk {wrk.CONNECTIONS} connections, {settings.rounds} rounds of "
          f"{settings.seconds} s, a fresh session of {settings.seats} seats each")
    for name, results in figures.items():
        print(f"  {name:5} {wrk.spread([r.rate for r in results])} bookings/s, "
              f"p95 {wrk.spread([r.latency_ms[95] for r in results], 1)} ms")
    ratios = [app.rate / floor.rate
              for app, floor in zip(figures["app"], figures["floor"], strict=True)]
    wrk.verdict("R4 registrations / floor", ratios, GOAL, at_most=False)
    for name, counted in answers.items():
        print(f"  {name:5} answers: {dict(sorted(counted.items()))}")
        if set(counted) != {201}:
            problems.append(f"{name}: answers other than 201")
    print("  checks: " + ("; ".join(problems) if problems else
                          f"every answer a 201, no overbooking ({sum(map(len, sessions.values()))}"
                          f" sessions: seats taken == seated == capacity, the rest waitlisted)"))
    return not problems


def arguments() -> tuple[list[str], Settings]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5, help="a run")
    parser.add_argument("--seats", type=int, default=100,
                        help="a session's capacity: fewer than a run's bookings")
    parser.add_argument("--workers", type=int, default=2)
    # Two: on two shared cores, with the database on the same machine, the app
    # booked faster with two threads a worker than with four (the thread that
    # holds a session's lock waits less for the GIL), and the floor alike.
    parser.add_argument("--threads", type=int, default=2, help="per gunicorn worker")
    options = parser.parse_args()
    return options.backends, Settings(options.rounds, options.seconds, options.seats,
                                      options.workers, options.threads)


def main() -> int:
    wrk.require()
    backends, settings = arguments()
    healthy = True
    with tempfile.TemporaryDirectory(prefix="scheduler-bench-") as folder:
        for backend in backends:
            try:
                healthy &= measure(backend, settings, Path(folder))
            except (pytest.skip.Exception, pytest.fail.Exception) as unavailable:
                print(f"\n{backend}: skipped: {unavailable}")
                healthy = False
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
