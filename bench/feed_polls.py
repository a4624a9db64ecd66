"""Benchmark: a calendar app polling a feed answered 304, beside the bare
floor, with load from an external generator (not a test).

    .venv/bin/python -m bench.feed_polls [--goal r1|r2] [--sessions N ...]
                                         [--rounds N] [--seconds S]

For each database (SQLite; PostgreSQL when reachable) and each size, a
programme of N sessions (ten events over four venues) is served by the app
under gunicorn, and the bare floor (bench/bare_app.py: no hooks, no database)
under the same gunicorn settings. `wrk` (Debian's package), a separate
process, polls with the current ETag in If-None-Match, in turns: app, floor,
app, floor... Each round's figure is requests per second; the ratio floor/app
is how many times a 304 from the app costs what one from the floor does.
Prints medians and min-max of the rounds, and MET or MISSED.

- r1: the whole programme's feed, nothing changing. Goal R1 of issue 17: at
  most 2 (default sizes: 1,000).
- r2: one event's feed while another process commits changes to another
  event's session as fast as it can, in the app's and the floor's rounds
  alike, so the data revision keeps moving: a poll after one of them must
  find out that its feed is unchanged. Goal R2: at most 3, and not growing
  with the sessions (default sizes: 1,000 and 10,000). It prints the commits
  per second: a server process's polls after a commit take that path, the
  rest find the revision where they left it (see docs/bench-feed-polls.md).
"""
from __future__ import annotations

import argparse
import functools
import multiprocessing
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

import sqlalchemy as sa

from bench import databases, programme, wrk
from scheduler import create_app, extensions
from tests.conftest import config_for
from tests.databases import throwaway_database
from tests.servers import gunicorn

WORKERS, THREADS = 2, 1


@dataclass(frozen=True)
class Goal:
    label: str
    ratio: float
    sizes: tuple[int, ...]
    polled: str  # the app's feed, by the first event's slug
    changing: bool  # another event changes all the time


GOALS = {
    "r1": Goal("R1 304 cost / bare floor", 2.0, (1000,), "/calendar.ics", changing=False),
    "r2": Goal("R2 304 after a change elsewhere / bare floor", 3.0, (1000, 10000),
               "/events/{slug}/calendar.ics", changing=True),
}


def seed(url: str, sessions: int) -> tuple[str, int]:
    """The programme; the first event's slug, and a session of another event."""
    app = create_app(config_for(url))
    programme.build(app, sessions)
    with app.app_context():
        db = extensions.db
        first, other = db.session.execute(sa.text("SELECT id, slug FROM event ORDER BY id "
                                                  "LIMIT 2")).all()
        session_id = db.session.scalar(sa.text(
            "SELECT min(id) FROM event_session WHERE event_id = :id"), {"id": other.id})
        db.engine.dispose()
    return first.slug, session_id


def keep_changing(url: str, session_id: int, stop: Synchronized[int],
                  commits: Synchronized[int]) -> None:
    """Commit a change to one session (a title a feed shows) until told to stop."""
    engine = sa.create_engine(url)
    while not stop.value:
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE event_session SET title = :title WHERE id = :id"),
                               {"title": f"Edited {commits.value}", "id": session_id})
        commits.value += 1
    engine.dispose()


@contextmanager
def changing(url: str, session_id: int) -> Iterator[Synchronized[int]]:
    """Another process editing another event; yields its commit count."""
    spawn = multiprocessing.get_context("spawn")
    stop, commits = spawn.Value("i", 0), spawn.Value("i", 0)
    writer = spawn.Process(target=keep_changing, args=(url, session_id, stop, commits))
    writer.start()
    try:
        yield commits
    finally:
        stop.value = 1
        writer.join()


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.headers["ETag"])


def polls(url: str, etag: str, seconds: int) -> wrk.Result:
    """One wrk run of conditional polls; every answer must be a 304."""
    result = wrk.run(url, seconds, headers={"If-None-Match": etag})
    assert set(result.statuses) == {304}, result.statuses
    return result


def measure(goal: Goal, backend: str, sessions: int, rounds: int, seconds: int) -> bool:
    with tempfile.TemporaryDirectory() as folder, ExitStack() as servers:
        url = servers.enter_context(throwaway_database(backend, Path(folder)))
        slug, other_session = seed(url, sessions)
        log = Path(folder) / "gunicorn.log"
        # Ready when it answers its health check: not its home page, which
        # a programme of 10,000 sessions takes longer to render than the probe waits.
        app = servers.enter_context(gunicorn(url, workers=WORKERS, threads=THREADS, log=log,
                                             env={"RATELIMIT_STORAGE_URI": "memory://"},
                                             ready_path="/healthz"))
        floor = servers.enter_context(gunicorn(url, workers=WORKERS, threads=THREADS,
                                               log=log, app="bench.bare_app:app"))
        targets = {"app": app + goal.polled.format(slug=slug), "floor": f"{floor}/calendar.ics"}
        etags = {name: etag_of(address) for name, address in targets.items()}
        commits = servers.enter_context(changing(url, other_session)) if goal.changing else None
        started = time.monotonic()
        figures = wrk.alternate({name: functools.partial(polls, address, etags[name], seconds)
                                 for name, address in targets.items()}, rounds)
        elapsed = time.monotonic() - started
        # Unchanged by all those commits elsewhere.
        assert etag_of(targets["app"]) == etags["app"]
    rates = {name: [result.rate for result in results] for name, results in figures.items()}
    print(f"\n{backend}: {sessions} sessions, gunicorn {WORKERS} workers x {THREADS} thread, "
          f"wrk {wrk.CONNECTIONS} connections, {rounds} rounds of {seconds} s")
    if commits is not None:
        print(f"  another event changed {commits.value / elapsed:.0f} times a second")
    for name, values in rates.items():
        print(f"  {name:5} {wrk.spread(values)} polls/s")
    ratios = [floor / app for app, floor in zip(rates["app"], rates["floor"], strict=True)]
    return wrk.verdict(goal.label, ratios, goal.ratio)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goal", choices=sorted(GOALS), action="append")
    parser.add_argument("--sessions", type=int, nargs="+", help="default: the goal's sizes")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    options = parser.parse_args()
    wrk.require()
    backends = databases.backends()
    for goal in (GOALS[name] for name in options.goal or sorted(GOALS)):
        for backend in backends:
            for sessions in options.sessions or goal.sizes:
                measure(goal, backend, sessions, options.rounds, options.seconds)


if __name__ == "__main__":
    main()
