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

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import psycopg

from bench import programme
from scheduler import create_app, extensions
from tests.conftest import config_for
from tests.databases import postgres_admin_url, throwaway_database
from tests.servers import gunicorn

GOAL = 2.0
WORKERS, THREADS = 2, 1
CONNECTIONS = 8
REQUESTS_PER_SECOND = re.compile(r"Requests/sec:\s+([\d.]+)")


def seed(url: str, sessions: int) -> None:
    app = create_app(config_for(url))
    programme.build(app, sessions)
    with app.app_context():
        extensions.db.engine.dispose()


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.headers["ETag"])


def polls_per_second(url: str, etag: str, seconds: int) -> float:
    """One wrk run of conditional polls; every answer must be a 304."""
    output = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "-H", f"If-None-Match: {etag}",
         url], capture_output=True, text=True, check=True).stdout
    assert "Non-2xx or 3xx" not in output and "Socket errors" not in output, output
    found = REQUESTS_PER_SECOND.search(output)
    assert found, output
    return float(found.group(1))


def measure(backend: str, sessions: int, rounds: int, seconds: int) -> float:
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
        for name, address in targets.items():  # warm-up: imports, pools, caches
            polls_per_second(address, etags[name], 1)
        figures: dict[str, list[float]] = {name: [] for name in targets}
        for _ in range(rounds):
            for name, address in targets.items():
                figures[name].append(polls_per_second(address, etags[name], seconds))
    ratios = [floor / app for app, floor in zip(figures["app"], figures["floor"], strict=True)]
    print(f"\n{backend}: {sessions} sessions, gunicorn {WORKERS} workers x {THREADS} thread, "
          f"wrk {CONNECTIONS} connections, {rounds} rounds of {seconds} s")
    for name, values in figures.items():
        print(f"  {name:5} {statistics.median(values):8.0f} polls/s "
              f"(min {min(values):.0f}, max {max(values):.0f})")
    ratio = statistics.median(ratios)
    verdict = "MET" if ratio <= GOAL else "MISSED"
    print(f"  R1 304 cost / bare floor: median {ratio:.2f} (min {min(ratios):.2f}, "
          f"max {max(ratios):.2f}); goal <= {GOAL}: {verdict}")
    return ratio


def postgres_reachable() -> bool:
    try:
        psycopg.connect(postgres_admin_url(), connect_timeout=3).close()
    except psycopg.OperationalError:
        print("\npostgresql: not reachable, left out")
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    backends = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
    for backend in backends:
        measure(backend, options.sessions, options.rounds, options.seconds)


if __name__ == "__main__":
    main()
