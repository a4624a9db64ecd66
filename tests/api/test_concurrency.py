"""Six clients booking one slot at the same moment through the API: one wins."""
import threading

import sqlalchemy as sa

from scheduler.events.models import EventSession
from scheduler.extensions import db
from tests.api.helpers import new_event, new_venue

CLIENTS = 6


def test_same_slot_at_once_gives_one_201_and_the_rest_409(app, client, organiser):
    event = new_event(client, organiser)["id"]
    venue = new_venue(client, organiser, changeover_minutes=10)["id"]
    clients = [app.test_client() for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    outcomes: list[tuple[int, str | None]] = []

    def attempt(own_client) -> None:
        body = {"venue_id": venue, "starts_at": "2027-12-14T19:00",
                "ends_at": "2027-12-14T21:00"}
        barrier.wait()
        try:
            response = own_client.post(f"/api/v1/events/{event}/sessions", json=body,
                                       headers=organiser.headers)
            error = (response.get_json() or {}).get("error") or {}
            outcomes.append((response.status_code, error.get("code")))
        except Exception as exc:  # any escape is a failure to report, not to hide
            outcomes.append((0, repr(exc)))

    threads = [threading.Thread(target=attempt, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [(201, None)] + [(409, "venue_conflict")] * (CLIENTS - 1)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EventSession)) == 1
