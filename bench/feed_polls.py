"""Benchmark: a calendar app polling an unchanged feed, answered 304, beside
the bare floor, with load from an external generator (not a test).

    .venv/bin/python -m bench.feed_polls [--sessions N] [--rounds N] [--seconds S]

For each database (SQLite; PostgreSQL when reachable), a programme of N
sessions (default 1,000) is served by the app under gunicorn, and the bare
floor (bench/bare_app.py: no hooks, no database) under the same gunicorn
settings. `wrk` (Debian's package), a separate process, polls /calendar.ics
with the current ETag in If-None-Match, in turns: app, floor, app, floor...
Each round's figure is requests per second; the ratio floor/app is how many
times a 304 from the app costs what one from the floor does. Goal R1 of issue
17: at most 2. Prints medians and min-max of the rounds, and MET or MISSED.
"""
from __future__ import annotations

import functools
import tempfile
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from bench import programme, wrk
from scheduler import create_app, extensions
from tests.conftest import config_for
from tests.databases import throwaway_database
from tests.servers import gunicorn

GOAL = 2.0
WORKERS, THREADS = 2, 1


def seed(url: str, sessions: int) -> None:
    app = create_app(config_for(url))
    programme.build(app, sessions)
    with app.app_context():
        extensions.db.engine.dispose()


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.headers["ETag"])


def polls(url: str, etag: str, seconds: int) -> wrk.Result:
    """One wrk run of conditional polls; every answer must be a 304."""
    result = wrk.run(url, seconds, headers={"If-None-Match": etag})
    assert set(result.statuses) == {304}, result.statuses
    return result


def measure(backend: str, sessions: int, rounds: int, seconds: int) -> bool:
    with tempfile.TemporaryDirectory() as folder, ExitStack() as servers:
        url = servers.enter_context(throwaway_database(backend, Path(folder)))
        seed(url, sessions)
        log = Path(folder) / "gunicorn.log"
        app = servers.enter_context(gunicorn(url, workers=WORKERS, threads=THREADS, log=log,
                                             env={"RATELIMIT_STORAGE_URI": "memory://"}))
        floor = servers.enter_context(gunicorn(url, workers=WORKERS, threads=THREADS,
                                               log=log, app="bench.bare_app:app"))
        targets = {"app": f"{app}/calendar.ics", "floor": f"{floor}/calendar.ics"}
        etags = {name: etag_of(address) for name, address in targets.items()}
        figures = wrk.alternate({name: functools.partial(polls, address, etags[name], seconds)
                                 for name, address in targets.items()}, rounds)
    rates = {name: [result.rate for result in results] for name, results in figures.items()}
    print(f"\n{backend}: {sessions} sessions, gunicorn {WORKERS} workers x {THREADS} thread, "
          f"wrk {wrk.CONNECTIONS} connections, {rounds} rounds of {seconds} s")
    for name, values in rates.items():
        print(f"  {name:5} {wrk.spread(values)} polls/s")
    ratios = [floor / app for app, floor in zip(rates["app"], rates["floor"], strict=True)]
    return wrk.verdict("R1 304 cost / bare floor", ratios, GOAL)


def main() -> None:
    wrk.main(__doc__, measure)


if __name__ == "__main__":
    main()
