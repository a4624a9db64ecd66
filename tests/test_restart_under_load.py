"""PostgreSQL restarting while people book seats through gunicorn.

Clients keep registering for three small sessions while the test stops the
database, holds it down, and starts it again. During the outage every answer
must be a 503 with Retry-After and no trace; afterwards the servers must
recover by themselves (pool pre-ping) and book again. At the end every seat a
client was told is confirmed is confirmed in the database, and no session holds
more than its capacity or anyone twice.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from scheduler import extensions
from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from scheduler.registration.models import Registration, RegistrationStatus as Status
from tests.conftest import migrated_app
from tests.factories import make_event, make_session, make_user, make_venue
from tests.servers import Reply, call, gunicorn

SEATS = 25
SESSIONS = 3
CLIENTS = 24
BOOKINGS_PER_CLIENT = 6  # 144 bookings for 75 seats: both seats and waitlists after the restart
BEFORE_OUTAGE = 20  # answered bookings before the database stops
OUTAGE_SECONDS = 2
RETRY_PAUSE_SECONDS = 0.2  # sooner than Retry-After, to see recovery as it happens
DEADLINE_SECONDS = 40
TRACE_MARKERS = ("Traceback", "psycopg", "sqlalchemy", "OperationalError")
UNLIMITED = "100000 per minute"


@dataclass(frozen=True)
class Answer:
    email: str
    session_id: int
    sent: float
    received: float
    reply: Reply


class Load:
    """Clients booking until each has a final answer (201 or 409) for every email."""

    def __init__(self, base_url: str, session_ids: list[int]):
        self.base_url = base_url
        self.session_ids = session_ids
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.deadline = time.monotonic() + DEADLINE_SECONDS

    def booked(self) -> int:
        with self.lock:
            return sum(a.reply.status == 201 for a in self.answers)

    def client(self, number: int) -> None:
        for n in range(BOOKINGS_PER_CLIENT):
            session_id = self.session_ids[(number + n) % len(self.session_ids)]
            self.book(f"client{number}.{n}@example.org", session_id)

    def book(self, email: str, session_id: int) -> None:
        url = f"{self.base_url}/api/v1/sessions/{session_id}/registrations"
        while time.monotonic() < self.deadline:
            sent = time.monotonic()
            reply = call("POST", url, {"name": "Nino Beridze", "email": email}, timeout=20)
            with self.lock:
                self.answers.append(Answer(email, session_id, sent, time.monotonic(), reply))
            # A 409 after a 503 is a booking whose commit landed as the database
            # went down: the answer was lost, the seat was not.
            if reply.status in (201, 409):
                return
            time.sleep(RETRY_PAUSE_SECONDS)
        raise AssertionError(f"{email} got no final answer before the deadline")


@pytest.fixture
def session_ids(cluster):
    app = migrated_app(cluster.url)
    with app.app_context():
        owner = make_user(role=Role.organiser)
        event = make_event(owner)
        ids = [make_session(event, make_venue(name=f"Hall {n}", capacity=SEATS),
                            capacity=SEATS).id for n in range(SESSIONS)]
        extensions.db.engine.dispose()
    return ids


def restart_during(load: Load, cluster) -> tuple[float, float, float]:
    """Stop the database once the load is under way; start it again. Returns
    when it was down, when it began to start, and when it was back."""
    while load.booked() < BEFORE_OUTAGE:
        assert time.monotonic() < load.deadline, "the load never got going"
        time.sleep(0.05)
    cluster.stop()
    stopped = time.monotonic()
    time.sleep(OUTAGE_SECONDS)
    starting = time.monotonic()
    cluster.start()
    return stopped, starting, time.monotonic()


def assert_outage_answers(answers: list[Answer], log) -> None:
    """Nothing but bookings, refusals of a second booking, and clean 503s."""
    statuses = Counter(a.reply.status for a in answers)
    strange = [a for a in answers if a.reply.status not in (201, 409, 503)]
    assert not strange, (statuses, strange[:3], server_errors(log))
    for answer in answers:
        assert not any(marker in str(answer.reply.body) for marker in TRACE_MARKERS), answer
        if answer.reply.status == 503:
            assert int(answer.reply.headers["Retry-After"]) > 0
            assert answer.reply.body["error"]["code"] == "unavailable"
        if answer.reply.status == 409:
            assert answer.reply.body["error"]["code"] == "already_registered"


def stored(url: str, session_ids: list[int]):
    app = migrated_app(url)
    with app.app_context():
        db = extensions.db
        rows = db.session.scalars(sa.select(Registration)).all()
        sessions = {s.id: (s.capacity, s.seats_taken)
                    for s in db.session.scalars(sa.select(EventSession))}
        found = [(r.email, r.event_session_id, r.status) for r in rows]
        db.engine.dispose()
    return found, sessions


def test_bookings_survive_a_database_restart(cluster, session_ids, tmp_path):
    log = tmp_path / "gunicorn.log"
    with gunicorn(cluster.url, workers=2, threads=4, log=log,
                  env={"RATELIMIT_REGISTRATION": UNLIMITED}) as base_url:
        load = Load(base_url, session_ids)
        with ThreadPoolExecutor(CLIENTS + 1) as pool:
            clients = [pool.submit(load.client, n) for n in range(CLIENTS)]
            stopped, starting, back = pool.submit(restart_during, load, cluster).result()
            for finished in clients:
                finished.result()

    answers = load.answers
    assert_outage_answers(answers, log)
    # Requests wholly inside the outage; one sent just before the restart may
    # wait in gunicorn's queue until the database is back, and book.
    outage = [a for a in answers if stopped <= a.sent and a.received < starting]
    assert outage and {a.reply.status for a in outage} == {503}, Counter(
        a.reply.status for a in outage)
    after = [a for a in answers if a.sent > back and a.reply.status == 201]
    assert {a.reply.body["status"] for a in after} == {"confirmed", "waitlisted"}, (
        "no seats or waitlist places were given after the restart", log.read_text()[-2000:])

    rows, sessions = stored(cluster.url, session_ids)
    told_confirmed = {(a.email, a.session_id) for a in answers
                      if a.reply.status == 201 and a.reply.body["status"] == "confirmed"}
    confirmed = {(email, sid) for email, sid, status in rows if status is Status.confirmed}
    assert told_confirmed <= confirmed
    assert len({(email, sid) for email, sid, _ in rows}) == len(rows), "someone twice"
    for session_id, (capacity, seats_taken) in sessions.items():
        seated = sum(1 for _, sid in confirmed if sid == session_id)
        assert seated == seats_taken <= capacity
    # Every booking ended with exactly one row: 201s, and 409s for commits whose answer was lost.
    assert len(rows) == CLIENTS * BOOKINGS_PER_CLIENT


def server_errors(log) -> str:
    """The first traceback the servers logged, for a failing assertion to show."""
    text = log.read_text()
    start = text.find("Traceback")
    return text[max(start - 200, 0):start + 4000] if start >= 0 else text[-2000:]
