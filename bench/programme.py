"""Benchmark: the programme page and an event page's day rendered for events
of 100, 1,000 and 10,000 sessions (not a test).

    .venv/bin/python -m bench.programme [--sizes 100 1000 10000] [--rounds N] [--repeats N]

For each database (SQLite; PostgreSQL when reachable) one throwaway database
per size holds one published event of that many sessions over four venues
(tests/public/bulk.py: every venue busy every two hours, so each full day has
48 sessions whatever the size; the event's days grow with it). Requests go
through Flask's test client: the app's own work, routing, queries and
templates, without a network. The page cache is emptied before each request:
the figure is a render, what a visitor meets after an edit.

Rounds take turns over the sizes, so a noisy neighbour slows all alike; a
round's figure is the median of its requests. Goal (issue 17, item 5): an
event's day at 10,000 sessions in at most 2x the time of one at 100, judged
on the median of the rounds' ratios. Prints medians and min-max, and MET or
MISSED.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from bench import databases, wrk
from scheduler import create_app, extensions
from scheduler.accounts.models import Role
from scheduler.events.models import Event
from scheduler.web import page_cache
from tests.conftest import config_for, delete_all_rows
from tests.databases import throwaway_database
from tests.factories import make_event, make_user, make_venue
from tests.public.bulk import add_sessions

SIZES = (100, 1000, 10000)
GOAL = 2.0
# A full day at every size: the first day starts mid-morning.
DAY = "2030-01-02"
PROGRAMME = "/programme"


def build(app: Flask, sessions: int, events: int = 10) -> None:
    """Migrate and fill the app's empty database: `events` events over four venues."""
    with app.app_context():
        upgrade()
        owner = make_user(role=Role.organiser, email="bench@example.org")
        venues = [make_venue(name=f"Hall {n}", city=city) for n, city in
                  enumerate(["Tbilisi", "Tbilisi", "Batumi", "Kutaisi"])]
        listed = [make_event(owner, title=f"Festival {n}") for n in range(events)]
        add_sessions(listed, venues, range(sessions))
        # The statistics a database in use has (PostgreSQL's autovacuum gathers
        # them only later): without them the planner guesses.
        extensions.db.session.execute(sa.text("ANALYZE"))
        extensions.db.session.commit()


def rendered_ms(client: FlaskClient, path: str, repeats: int) -> float:
    """The median of `repeats` renders of `path`, in ms."""
    timings = []
    for _ in range(repeats):
        client.application.extensions.pop(page_cache.EXTENSION, None)
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings)


def event_day(app: Flask) -> str:
    with app.app_context():
        slug = extensions.db.session.scalars(sa.select(Event.slug)).one()
    return f"/events/{slug}?day={DAY}"


def measure(backend: str, sizes: list[int], rounds: int, repeats: int) -> bool:
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        apps = {}
        for size in sizes:
            place = Path(folder) / str(size)
            place.mkdir()
            url = stack.enter_context(throwaway_database(backend, place))
            apps[size] = create_app(config_for(url) | {"RATELIMIT_STORAGE_URI": "memory://"})
            build(apps[size], size, events=1)
            stack.callback(_empty, apps[size])
        pages = {size: {"programme": PROGRAMME, "event day": event_day(app)}
                 for size, app in apps.items()}
        clients = {size: app.test_client() for size, app in apps.items()}
        for size, client in clients.items():  # warm-up
            for path in pages[size].values():
                rendered_ms(client, path, 1)
        figures: dict[tuple[int, str], list[float]] = {
            (size, name): [] for size in sizes for name in pages[size]}
        for _ in range(rounds):
            for size, client in clients.items():
                for name, path in pages[size].items():
                    figures[size, name].append(rendered_ms(client, path, repeats))
    print(f"\n{backend}: one event over 4 venues (48 sessions a full day), {rounds} rounds "
          f"of {repeats} renders each, page cache emptied before each")
    for (size, name), values in figures.items():
        print(f"  {size:>6} sessions  {name:10} {wrk.spread(values, 1)} ms")
    smallest, largest = min(sizes), max(sizes)
    ratios = [big / small for big, small in zip(figures[largest, "event day"],
                                                figures[smallest, "event day"], strict=True)]
    return wrk.verdict(f"item 5 event day at {largest} / at {smallest}", ratios, GOAL)


def _empty(app: Flask) -> None:
    with app.app_context():
        delete_all_rows()
        extensions.db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--backends", nargs="+", default=None,
                        help="default: sqlite, and postgresql when reachable")
    options = parser.parse_args()
    for backend in options.backends or databases.backends():
        measure(backend, options.sizes, options.rounds, options.repeats)


if __name__ == "__main__":
    main()
