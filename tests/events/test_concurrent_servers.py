"""Two organisers, two gunicorn worker processes, one venue, one moment: one wins."""
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from tests.factories import make_event, make_token, make_user, make_venue
from tests.servers import call, gunicorn

REQUESTS = 24


def test_conflicting_creations_across_server_processes(app, db, database, tmp_path):
    owner = make_user(role=Role.organiser)
    colleague = make_user(role=Role.organiser)
    event = make_event(owner, co_organisers=[colleague])
    venue = make_venue(changeover_minutes=10)
    tokens = [make_token(owner), make_token(colleague)]
    venue_id, url = venue.id, f"/api/v1/events/{event.id}/sessions"
    barrier = Barrier(REQUESTS)

    def attempt(number: int):
        start = f"2027-12-14T19:{number:02d}"  # every request overlaps every other
        body = {"venue_id": venue_id, "starts_at": start, "ends_at": "2027-12-14T22:00"}
        barrier.wait()
        return call("POST", base_url + url, body, token=tokens[number % 2])

    with (gunicorn(database, workers=2, log=tmp_path / "gunicorn.log") as base_url,
          ThreadPoolExecutor(REQUESTS) as pool):
        replies = list(pool.map(attempt, range(REQUESTS)))
    statuses = sorted(reply.status for reply in replies)
    assert statuses == [201] + [409] * (REQUESTS - 1), (tmp_path / "gunicorn.log").read_text()
    assert {r.body["error"]["code"] for r in replies if r.status == 409} == {"venue_conflict"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EventSession)) == 1
