"""Benchmark: anonymous visitors browsing the public pages of a 1,000-session
festival, beside the bare floor, with load from an external generator (not a test).

    .venv/bin/python -m bench.pages [--sessions N] [--rounds N] [--seconds S]

For each database (SQLite; PostgreSQL when reachable), the programme of
bench/programme.py (N sessions, default 1,000, ten events over four venues) is
served by the app under gunicorn, and the bare floor (bench/bare_app.py: a
constant HTML page, no hooks, no database) under the same gunicorn settings as
bench/feed_polls.py. `wrk` (Debian's package), a separate process, asks in turn
for the programme, an event's day, a session, the timetable and a film, as a
visitor without cookies does: every answer is a 200, those with forms carry a
new CSRF token and session cookie. Rounds alternate app, floor, app, floor...
Each round's figure is requests per second; the ratio app/floor is the share of
the floor's throughput the app keeps. Goal R3 of issue 17: at least 0.25.
Prints medians and min-max, latency percentiles, and MET or MISSED.
"""
from __future__ import annotations

import functools
import json
import tempfile
from contextlib import ExitStack
from pathlib import Path

import sqlalchemy as sa

from bench import feed_polls, wrk
from bench.programme import DAY
from scheduler import create_app, extensions
from scheduler.events.models import Event, EventSession
from tests.conftest import config_for
from tests.databases import throwaway_database
from tests.servers import gunicorn

GOAL = 0.25
FLOOR_PAGES = ["/page"]

# wrk's `request`: the next of `paths` each time, round and round.
ROTATION = """
local paths = PATHS
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
"""


def app_pages(url: str) -> list[str]:
    """The five page kinds of the seeded programme, one address each."""
    app = create_app(config_for(url))
    with app.app_context():
        session = extensions.db.session
        slug = session.scalars(sa.select(Event.slug).order_by(Event.id).limit(1)).one()
        screening = session.scalars(
            sa.select(EventSession).where(EventSession.film_id.is_not(None))
            .order_by(EventSession.id).limit(1)).one()
        pages = ["/programme", f"/events/{slug}?day={DAY}",
                 f"/sessions/{screening.id}", f"/events/{slug}/timetable?day={DAY}",
                 f"/films/{screening.film_id}"]
        extensions.db.engine.dispose()
    return pages


def browse(base_url: str, paths: list[str], seconds: int) -> wrk.Result:
    """One wrk run over `paths`; every answer must be a 200."""
    script = ROTATION.replace("PATHS", "{" + ", ".join(json.dumps(p) for p in paths) + "}")
    result = wrk.run(base_url + paths[0], seconds, script=script)
    assert set(result.statuses) == {200}, result.statuses
    return result


def measure(backend: str, sessions: int, rounds: int, seconds: int) -> bool:
    with tempfile.TemporaryDirectory() as folder, ExitStack() as servers:
        url = servers.enter_context(throwaway_database(backend, Path(folder)))
        feed_polls.seed(url, sessions)
        pages = app_pages(url)
        log = Path(folder) / "gunicorn.log"
        workers, threads = feed_polls.WORKERS, feed_polls.THREADS
        app = servers.enter_context(gunicorn(url, workers=workers, threads=threads, log=log,
                                             env={"RATELIMIT_STORAGE_URI": "memory://"}))
        floor = servers.enter_context(gunicorn(url, workers=workers, threads=threads,
                                               log=log, app="bench.bare_app:app"))
        figures = wrk.alternate({"app": functools.partial(browse, app, pages, seconds),
                                 "floor": functools.partial(browse, floor, FLOOR_PAGES,
                                                            seconds)}, rounds)
    print(f"\n{backend}: {sessions} sessions, gunicorn {workers} workers x {threads} thread, "
          f"wrk {wrk.CONNECTIONS} connections, {rounds} rounds of {seconds} s; app pages: "
          + ", ".join(pages))
    for name, results in figures.items():
        print(f"  {name:5} {wrk.spread([r.rate for r in results])} pages/s; latency "
              + ", ".join(f"p{p} {wrk.spread([r.latency_ms[p] for r in results], 1)} ms"
                          for p in wrk.PERCENTILES))
    ratios = [app.rate / floor.rate
              for app, floor in zip(figures["app"], figures["floor"], strict=True)]
    return wrk.verdict("R3 page throughput / bare floor", ratios, GOAL, at_most=False)


def main() -> None:
    wrk.main(__doc__, measure)


if __name__ == "__main__":
    main()
