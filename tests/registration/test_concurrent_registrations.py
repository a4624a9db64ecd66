"""Hundreds of people booking a 20-seat session at once, through two gunicorn
worker processes: exactly 20 seats, a fair waitlist, nothing but clear answers.

The servers run gthread workers (2 processes x 4 threads): up to eight
transactions then race for the seat at once, from inside one process (sharing
a connection pool) and across processes, which is harsher than sync workers
(two at a time) and is how the app is deployed.

Arrival order, precisely: the order in which requests take the session row's
write lock. Each registration's id, waitlisted_at and the commit all happen
under that lock, so that order is the id order and the waitlist order; what a
client can see of it is causality: a request sent after another's answer came
back is behind it.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from threading import Barrier

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from scheduler.registration.models import Registration, RegistrationStatus as Status
from tests.factories import booked, make_event, make_session, make_user, make_venue
from tests.outbox import rendered_outbox
from tests.servers import Reply, call, gunicorn

SEATS = 20
CLIENTS = 200  # released together; each then books a second seat after its answer
NAMES = ["ნინო ბერიძე", "Анна Петрова", "Giorgi Kapanadze", "Тамар Абашидзе"]
UNLIMITED = "100000 per minute"
SERVER_FAILURES = ("Traceback", "database is locked", "ERROR", "Exception")


@dataclass(frozen=True)
class Timed:
    """A request's reply, with when it was sent and when its answer arrived."""

    sent: float
    received: float
    reply: Reply


@pytest.fixture
def screening(db):
    owner = make_user(role=Role.organiser)
    return make_session(make_event(owner), make_venue(capacity=SEATS * 3), capacity=SEATS)


@pytest.fixture
def servers(database, tmp_path):
    log = tmp_path / "gunicorn.log"
    # One address books hundreds of seats here: a per-address rate limit
    # (RATELIMIT_REGISTRATION) must not be what this test measures.
    with gunicorn(database, workers=2, threads=4, log=log,
                  env={"RATELIMIT_REGISTRATION": UNLIMITED}) as base_url:
        yield base_url, log


def timed(method: str, url: str, payload: dict | None = None) -> Timed:
    sent = time.monotonic()
    reply = call(method, url, payload)
    return Timed(sent, time.monotonic(), reply)


def register_all_at_once(base_url: str, session_id: int, emails: list[list[str]]):
    """One client thread per list of emails, all released together; each
    thread books its emails one after another."""
    url = f"{base_url}/api/v1/sessions/{session_id}/registrations"
    barrier = Barrier(len(emails))

    def client(own: list[str]) -> list[Timed]:
        barrier.wait()
        return [timed("POST", url, {"name": NAMES[n % len(NAMES)], "email": email})
                for n, email in enumerate(own)]

    with ThreadPoolExecutor(len(emails)) as pool:
        return [answer for answers in pool.map(client, emails) for answer in answers]


def assert_clean(answers: list[Timed], expected_status: int, log: Path) -> None:
    """Every answer was the expected one, and nothing went wrong out of sight."""
    server_log = log.read_text()
    failures = [a.reply for a in answers if a.reply.status != expected_status]
    assert not failures, (failures[:5], server_log[-3000:])
    assert not [word for word in SERVER_FAILURES if word in server_log], server_log[-3000:]


def rows(db, session_id: int) -> list[Registration]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Registration).where(
        Registration.event_session_id == session_id).order_by(Registration.id)))


def waitlist(registrations: list[Registration]) -> list[Registration]:
    return sorted((r for r in registrations if r.status is Status.waitlisted),
                  key=lambda r: (r.waitlisted_at, r.id))


def assert_seats_match_rows(db, session_id: int, registrations: list[Registration]):
    seated = sum(r.status is Status.confirmed for r in registrations)
    assert seated == SEATS
    assert db.session.get(EventSession, session_id).seats_taken == SEATS


def assert_causal(answers: list[Timed]) -> None:
    """Whoever had their answer before another sent a request is ahead of them."""
    by_sending = sorted(answers, key=lambda a: a.sent)
    answered = sorted(answers, key=lambda a: a.received)
    latest_id, index = 0, 0
    for later in by_sending:
        while index < len(answered) and answered[index].received < later.sent:
            latest_id = max(latest_id, answered[index].reply.body["id"])
            index += 1
        assert later.reply.body["id"] > latest_id


def test_two_hundred_at_once_get_twenty_seats_and_a_fair_waitlist(
        db, screening, servers):
    base_url, log = servers
    emails = [[f"guest{n}@example.org", f"GUEST{n}.friend@Example.org "]
              for n in range(CLIENTS)]
    answers = register_all_at_once(base_url, screening.id, emails)
    assert_clean(answers, 201, log)

    replies = {a.reply.body["id"]: a.reply.body for a in answers}
    registrations = rows(db, screening.id)
    assert len(registrations) == len(replies) == 2 * CLIENTS
    assert_seats_match_rows(db, screening.id, registrations)
    # Seats went to the first twenty to take the lock, the waitlist to the rest in turn.
    assert [r.status for r in registrations] == (
        [Status.confirmed] * SEATS + [Status.waitlisted] * (2 * CLIENTS - SEATS))
    queue = waitlist(registrations)
    assert [r.id for r in queue] == [r.id for r in registrations[SEATS:]]
    assert [replies[r.id]["waitlist_position"] for r in queue] == list(
        range(1, len(queue) + 1))
    assert all(replies[r.id]["status"] == r.status.value for r in registrations)
    assert_causal(answers)
    # Each person was told what the database holds, once.
    subjects = {message.recipient: message.subject for message in rendered_outbox(db)}
    assert len(subjects) == len(registrations)
    for registration in registrations:
        told = subjects[registration.email].split(":")[0]
        assert told == {Status.confirmed: "Your seat is confirmed",
                        Status.waitlisted: "You are on the waitlist"}[registration.status]


def test_cancellations_at_once_promote_the_head_of_the_waitlist(db, screening, servers):
    base_url, log = servers
    receipts = [booked(screening, name=NAMES[n % len(NAMES)],
                       email=f"early{n}@example.org")
                for n in range(SEATS + 40)]
    leaving = [r for r in receipts[:SEATS] if r.registration.id % 3 != 0]
    head = [r.registration.id for r in receipts[SEATS:SEATS + len(leaving)]]

    def cancel(receipt) -> Timed:
        return timed("DELETE", f"{base_url}/api/v1/registrations/"
                     f"{receipt.registration.id}?token={receipt.secret}")

    # Every cancellation is sent twice (a double click), among newcomers booking.
    newcomers = [[f"late{n}@example.org"] for n in range(60)]
    with ThreadPoolExecutor(2) as pool:
        late = pool.submit(register_all_at_once, base_url, screening.id, newcomers)
        with ThreadPoolExecutor(2 * len(leaving)) as cancellers:
            cancelled = list(cancellers.map(cancel, leaving * 2))
    assert_clean(cancelled, 200, log)
    assert_clean(late.result(), 201, log)
    assert {a.reply.body["status"] for a in cancelled} == {"cancelled"}

    registrations = rows(db, screening.id)
    assert_seats_match_rows(db, screening.id, registrations)
    by_id = {r.id: r for r in registrations}
    assert {by_id[r.registration.id].status for r in leaving} == {Status.cancelled}
    assert {by_id[i].status for i in head} == {Status.confirmed}
    # A freed seat never showed outside its cancelling transaction.
    assert {by_id[a.reply.body["id"]].status for a in late.result()} == {Status.waitlisted}
    queue = waitlist(registrations)
    assert len(queue) == 40 - len(leaving) + len(newcomers)
    promoted = [message.recipient for message in rendered_outbox(db)
                if message.subject.startswith("A seat opened up")]
    assert sorted(promoted) == sorted(by_id[i].email for i in head)
