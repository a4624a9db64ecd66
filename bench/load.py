"""A bounded load test: a mix of visits against gunicorn on PostgreSQL, the
app beside its floor, with load from an external generator.

    .venv/bin/python -m bench.load [--rounds 5] [--seconds 10] [--connections 50]
        [--workers 4] [--threads 4]

Creates a PostgreSQL database of its own on TEST_POSTGRES_URL's server, seeds
the demo programme plus a few small screenings, and serves the app (its pages
shared between processes through TEST_REDIS_URL's Redis) and its
floor (bench/floor_app.py: constant pages and feeds, the conditional-UPDATE
booking) from gunicorn with the same settings, `--workers` processes x
`--threads` threads. `wrk` (Debian's package), a separate process, keeps
`--connections` keep-alive connections busy with the same weighted mix for
each (MIX: pages, feeds, feed polls carrying the current ETag, bookings with a
new email each), in alternating runs of `--seconds` after a warm-up each. It
prints requests per second and the app's rate as a share of the floor's
(goal: a quarter, R3's for pages), p50/p95/p99 latency and the answers by
status; then checks that no answer was a 5xx or unexpected and that no session
holds more seats than it has, or other than its seated rows. Exits 1 when a
check fails. Figures: docs/load-test.md.
"""
from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
import urllib.request
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from bench import floor_app, registrations, wrk
from scheduler import create_app
from scheduler.accounts.models import Role
from scheduler.demo.seed import seed_demo
from scheduler.events.models import Event, EventSession, EventStatus
from scheduler.extensions import db
from scheduler.transactions import unit_of_work
from tests.databases import throwaway_postgres, throwaway_redis_prefix
from tests.factories import make_event, make_session, make_user, make_venue
from tests.servers import gunicorn

GOAL = 0.25
SCREENINGS = 6
SEATS = 25
EXPECTED = {200, 201, 304}
# What a visitor asks for, how often (mostly reading, some polling, a few
# bookings), and the Lua building that request (see mix_lua).
MIX = {
    "programme": (30, 'get("/programme?page=" .. math.random(3))'),
    "event page": (15, 'get("/events/" .. pick(slugs))'),
    "session page": (15, 'get("/sessions/" .. pick(sessions))'),
    "home": (5, 'get("/")'),
    "calendar.ics": (10, 'get("/calendar.ics")'),
    "calendar.ics if changed": (
        10, 'wrk.format("GET", "/calendar.ics", {["If-None-Match"] = etag})'),
    "event feed": (5, 'get("/events/" .. pick(slugs) .. "/calendar.ics")'),
    "session .ics": (4, 'get("/sessions/" .. pick(sessions) .. ".ics")'),
    "register": (6, 'booking("/api/v1/sessions/" .. pick(bookable) .. "/registrations")'),
}
MIX_LUA = """
local function get(path) return wrk.format("GET", path) end
local function pick(list) return list[math.random(#list)] end
local kinds = {KINDS}
local total = 0
for _, kind in ipairs(kinds) do total = total + kind[2] end
request = function()
  local roll = math.random(total)
  for _, kind in ipairs(kinds) do
    roll = roll - kind[2]
    if roll <= 0 then
      sent[kind[1]] = (sent[kind[1]] or 0) + 1
      return kind[3]()
    end
  end
end
"""


@dataclass(frozen=True)
class Site:
    """What the visitors may ask for: ids and slugs from the seeded programme,
    and the sessions each server books into."""

    event_slugs: list[str]
    session_ids: list[int]
    bookable: dict[str, list[int]]


def seed(url: str) -> Site:
    """Migrate, seed the demo, and add small screenings to book, on the app's
    tables and the floor's."""
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
        floor_app.metadata.create_all(db.engine)
        with db.engine.begin() as connection:
            floor_limited = [connection.execute(sa.insert(floor_app.floor_session).values(
                capacity=SEATS, seats_taken=0)).inserted_primary_key[0]
                for _ in range(SCREENINGS)]
        db.engine.dispose()
    return Site(slugs, sessions, {"app": limited, "floor": floor_limited})


def lua_list(values: list[str] | list[int]) -> str:
    return "{" + ", ".join(json.dumps(value) for value in values) + "}"


def mix_lua(site: Site, server: str, etag: str) -> str:
    """The Lua request function picking the next request from MIX."""
    kinds = ", ".join(f"{{{json.dumps(kind)}, {weight}, function() return {request} end}}"
                      for kind, (weight, request) in MIX.items())
    return (registrations.booking_lua()
            + f"local slugs = {lua_list(site.event_slugs)}\n"
            + f"local sessions = {lua_list(site.session_ids)}\n"
            + f"local bookable = {lua_list(site.bookable[server])}\n"
            + f"local etag = {json.dumps(etag)}\n"
            + MIX_LUA.replace("KINDS", kinds))


def visits(base_url: str, site: Site, server: str, seconds: int,
           connections: int) -> wrk.Result:
    """One wrk run of the mix, polling with the feed's ETag as it is now."""
    with urllib.request.urlopen(f"{base_url}/calendar.ics", timeout=60) as feed:
        etag = str(feed.headers["ETag"])
    return wrk.run(base_url, seconds, connections=connections,
                   script=mix_lua(site, server, etag))


def report(figures: dict[str, list[wrk.Result]]) -> Counter[int]:
    """Print rates, latencies, the ratio's verdict and the answers; returns
    every answer by status."""
    answers: Counter[int] = Counter()
    for name, results in figures.items():
        latency = ", ".join(f"p{p} {wrk.spread([r.latency_ms[p] for r in results], 1)}"
                            for p in wrk.PERCENTILES)
        print(f"  {name:5} {wrk.spread([r.rate for r in results])} requests/s; "
              f"latency ms: {latency}")
        counted = sum((r.statuses for r in results), Counter())
        print(f"  {name:5} answers: {dict(sorted(counted.items()))}; "
              f"sent: {dict(sum((r.sent for r in results), Counter()))}")
        answers += counted
    ratios = [app.rate / floor.rate
              for app, floor in zip(figures["app"], figures["floor"], strict=True)]
    wrk.verdict("mix / floor", ratios, GOAL, at_most=False)
    print(f"5xx: {sum(count for status, count in answers.items() if status >= 500)}")
    return answers


def measure(settings: argparse.Namespace, folder: Path) -> int:
    with throwaway_postgres() as url, throwaway_redis_prefix() as (redis_url, prefix), \
            ExitStack() as servers:
        site = seed(url)
        # The app as a site runs it: its pages shared between its processes.
        env = {"RATELIMIT_REGISTRATION": registrations.UNLIMITED,
               "PAGE_CACHE_URI": redis_url, "PAGE_CACHE_KEY_PREFIX": prefix}
        urls = {name: servers.enter_context(gunicorn(
            url, workers=settings.workers, threads=settings.threads,
            log=folder / f"{name}.log", app=application, env=env))
            for name, application in (("app", "app:app"), ("floor", "bench.floor_app:app"))}
        print(f"postgresql: gunicorn {settings.workers} workers x {settings.threads} threads, "
              f"wrk {settings.connections} connections, {settings.rounds} rounds of "
              f"{settings.seconds} s", flush=True)
        try:
            figures = wrk.alternate(
                {name: functools.partial(visits, address, site, name, settings.seconds,
                                         settings.connections)
                 for name, address in urls.items()}, settings.rounds)
        except wrk.SocketErrors as failure:
            servers.close()
            print(f"FAILED: connections failed:\n{failure}", file=sys.stderr)
            print_servers_own_lines(folder)
            return 1
        servers.close()
        answers = report(figures)
        seats = registrations.seat_counts(url)
    overbooked = [str(session) for session in seats if session.overbooked()]
    print(f"overbooked sessions: {len(overbooked)}")
    problems = unexpected(answers) + overbooked
    if not problems:
        return 0
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    print_servers_own_lines(folder)
    return 1


def print_servers_own_lines(folder: Path, count: int = 60) -> None:
    """The last lines of each server's log that are not the request log's:
    gunicorn's (a worker timed out, restarted) and the app's errors."""
    for log in sorted(folder.glob("*.log")):
        own = [line for line in log.read_text().splitlines()
               if not line.startswith('{"event": "request"')]
        print(f"{log.name}, its last lines but the request log's:\n" + "\n".join(own[-count:]),
              file=sys.stderr)


def unexpected(answers: Counter[int]) -> list[str]:
    """Answers the mix never asks for: any 5xx, and any error or redirect."""
    return [f"{count} answers {status}" for status, count in sorted(answers.items())
            if status not in EXPECTED]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10, help="a run")
    parser.add_argument("--connections", type=int, default=50, help="visitors at once")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    wrk.require()
    with tempfile.TemporaryDirectory(prefix="scheduler-load-") as folder:
        return measure(parse(argv), Path(folder))


if __name__ == "__main__":
    sys.exit(main())
