"""Median render time of the programme page for 2,000 sessions.

Not a test: run it by hand, from the project's root, and note the figures in
docs/bench-programme.md:

    .venv/bin/python -m bench.programme [--database-url URL] [--repeats N]

By default it builds a throwaway SQLite database in a temporary folder; give a
PostgreSQL URL of an empty database to measure there (its tables are emptied
afterwards). Requests go through Flask's test client, so the figures are the
app's own work: routing, queries and templates, without a network.
"""
from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from scheduler import create_app, extensions
from scheduler.accounts.models import Role
from tests.conftest import config_for, delete_all_rows
from tests.factories import make_event, make_user, make_venue
from tests.public.bulk import add_sessions

SESSIONS = 2000
PAGES = {
    "first page": "/programme",
    "filtered page": "/programme?q=session&city=Tbilisi&from=2030-01-10&seats=y",
}


def build(app, sessions: int = SESSIONS) -> None:
    """Migrate and fill the app's empty database: ten events over four venues."""
    with app.app_context():
        upgrade()
        owner = make_user(role=Role.organiser, email="bench@example.org")
        venues = [make_venue(name=f"Hall {n}", city=city) for n, city in
                  enumerate(["Tbilisi", "Tbilisi", "Batumi", "Kutaisi"])]
        events = [make_event(owner, title=f"Festival {n}") for n in range(10)]
        add_sessions(events, venues, range(sessions))


def median_ms(client, path: str, repeats: int) -> tuple[float, float, float, str]:
    """Median, fastest and slowest render in ms, and what the page says it found."""
    found = re.search(r"\d+ sessions?", client.get(path).get_data(as_text=True))  # warm-up
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return (statistics.median(timings), min(timings), max(timings),
            found.group() if found else "no sessions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a throwaway SQLite file")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        app = create_app(config_for(url) | {"RATELIMIT_STORAGE_URI": "memory://"})
        build(app)
        try:
            client = app.test_client()
            print(f"{SESSIONS} sessions on {url.split(':', 1)[0]}, {args.repeats} requests each")
            for name, path in PAGES.items():
                median, fastest, slowest, found = median_ms(client, path, args.repeats)
                print(f"{name:14} median {median:6.1f} ms  (min {fastest:.1f}, "
                      f"max {slowest:.1f}), {found}: {path}")
        finally:
            with app.app_context():
                delete_all_rows()
                extensions.db.engine.dispose()


if __name__ == "__main__":
    main()
