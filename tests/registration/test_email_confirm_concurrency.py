"""Guest email confirmation under concurrency, through two gunicorn worker
processes (as tests/registration/test_concurrent_registrations.py): held
seats are seats, so guests never overbook a session; and holds lapsing while
others book, and while `flask registrations expire-holds` runs, free each
seat once, for the next in line."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from scheduler.extensions import db as extensions_db
from scheduler.registration import confirmation
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.registration.services import SEATED
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_event, make_session, make_user, make_venue
from tests.outbox import rendered_outbox
from tests.registration.test_concurrent_registrations import (
    UNLIMITED,
    assert_clean,
    register_all_at_once,
    rows,
)
from tests.servers import PROJECT_ROOT, gunicorn

SECRET_KEY = "test-servers"  # the servers', so links made here open there


@pytest.fixture
def servers(database, tmp_path):
    log = tmp_path / "gunicorn.log"
    with gunicorn(database, workers=2, threads=4, log=log,
                  env={"RATELIMIT_REGISTRATION": UNLIMITED}) as base_url:
        yield base_url, log


@pytest.fixture
def asking(db):
    owner = make_user(role=Role.organiser)
    return make_event(owner, confirm_guest_email=True)


def session_of(event, seats: int) -> EventSession:
    return make_session(event, make_venue(capacity=seats * 4), capacity=seats)


def seats_taken(db, session_id: int) -> int:
    db.session.expire_all()
    return db.session.get_one(EventSession, session_id).seats_taken


def subjects_to(db) -> dict[str, list[str]]:
    told: dict[str, list[str]] = {}
    for message in rendered_outbox(db):
        told.setdefault(message.recipient, []).append(message.subject.split(":")[0])
    return told


def test_guests_at_once_hold_the_one_seat_and_confirming_twice_keeps_it(
        app, db, asking, servers):
    base_url, log = servers
    one_seat = session_of(asking, 1)
    guests = [[f"guest{n}@example.org"] for n in range(40)]
    answers = register_all_at_once(base_url, one_seat.id, guests)
    assert_clean(answers, 201, log)
    assert sorted(a.reply.body["status"] for a in answers) == (
        ["unconfirmed"] + ["waitlisted"] * 39)
    registrations = rows(db, one_seat.id)
    assert sum(r.status in SEATED for r in registrations) == 1 == seats_taken(db, one_seat.id)
    [holder] = [r for r in registrations if r.status is Status.unconfirmed]
    assert all(r.confirm_by is not None for r in registrations)

    # The holder confirms with a double click while forty more guests book.
    def confirm() -> None:
        with app.app_context():
            registration = extensions_db.session.get_one(Registration, holder.id)
            with unit_of_work():
                confirmation.confirm(registration, datetime.now(UTC))

    more = [[f"later{n}@example.org"] for n in range(40)]
    with ThreadPoolExecutor(3) as pool:
        late = pool.submit(register_all_at_once, base_url, one_seat.id, more)
        clicks = [pool.submit(confirm) for _ in range(2)]
        for click in clicks:
            click.result()
    assert_clean(late.result(), 201, log)
    assert {a.reply.body["status"] for a in late.result()} == {"waitlisted"}
    registrations = rows(db, one_seat.id)
    assert [r.id for r in registrations if r.status in SEATED] == [holder.id]
    assert seats_taken(db, one_seat.id) == 1
    assert subjects_to(db)[holder.email] == [
        "Confirm your email to keep your place", "Your seat is confirmed"]


def test_holds_lapsing_while_others_book_free_each_seat_once(
        app, db, database, asking, servers, tmp_path):
    base_url, log = servers
    seats = 5
    event_session = session_of(asking, seats)
    then = datetime.now(UTC) - timedelta(minutes=40)  # 30 minutes to confirm: lapsed
    vouching = make_user(email="vouching@example.org")

    def at(second: int, email: str, *, vouched: bool = False) -> Registration:
        return booked(event_session, email=email, now=then + timedelta(seconds=second),
                      user=vouching if vouched else None).registration

    holds = [at(n, f"hold{n}@example.org") for n in range(seats)]
    lapsed_place = at(10, "lapsed.place@example.org")
    ahead = [at(11 + n, f"ahead{n}@example.org", vouched=True) for n in range(3)]
    # Booked then with an hour to confirm: still held now.
    app.config["EMAIL_CONFIRM_MINUTES"] = 60
    unconfirmed = [at(20 + n, f"unconfirmed{n}@example.org") for n in range(2)]
    behind = [at(30 + n, f"behind{n}@example.org", vouched=True) for n in range(4)]
    assert seats_taken(db, event_session.id) == seats

    # New guests book (each booking ends lapsed holds first) while the
    # command runs in two other processes, and its use case in two threads.
    def in_a_thread() -> int:
        with app.app_context(), unit_of_work():
            return len(confirmation.expire_session_holds(event_session.id, datetime.now(UTC)))

    environment = os.environ | {"DATABASE_URL": database, "SECRET_KEY": SECRET_KEY}

    def in_another_process() -> int:
        output = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", "registrations", "expire-holds"],
            cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True,
            check=True, timeout=120).stdout
        return int(re.fullmatch(r"Ended (\d+) unconfirmed booking\(s\)\.\n", output)[1])

    newcomers = [[f"new{n}@example.org", f"new{n}.friend@example.org"] for n in range(30)]
    with ThreadPoolExecutor(5) as pool:
        commands = [pool.submit(in_another_process) for _ in range(2)]
        booking = pool.submit(register_all_at_once, base_url, event_session.id, newcomers)
        commands += [pool.submit(in_a_thread) for _ in range(2)]
        ended = [command.result() for command in commands]
        answers = booking.result()
    assert_clean(answers, 201, log)
    assert sum(ended) <= len(holds) + 1  # the bookings ended the rest

    status = {r.email: r.status for r in rows(db, event_session.id)}
    assert {status[r.email] for r in [*holds, lapsed_place]} == {Status.cancelled}
    assert [status[r.email] for r in ahead] == [Status.confirmed] * 3
    assert [status[r.email] for r in unconfirmed] == [Status.unconfirmed] * 2
    assert [status[r.email] for r in behind] == [Status.waitlisted] * 4
    # Freed seats went to the waitlist, never to a newcomer.
    assert {a.reply.body["status"] for a in answers} == {"waitlisted"}
    assert sum(s in SEATED for s in status.values()) == seats == seats_taken(
        db, event_session.id)
    told = subjects_to(db)
    for registration in [*holds, lapsed_place]:
        assert told[registration.email] == ["Confirm your email to keep your place"]
    for registration in ahead:
        assert told[registration.email] == ["You are on the waitlist",
                                            "A seat opened up for you"]
    for registration in unconfirmed:
        assert told[registration.email] == ["Confirm your email to keep your place"]
    # The waitlist is whole and in order: those behind, then the newcomers.
    queue = db.session.scalars(sa.select(Registration.email).where(
        Registration.event_session_id == event_session.id,
        Registration.status == Status.waitlisted)
        .order_by(Registration.waitlisted_at, Registration.id)).all()
    assert queue[:4] == [r.email for r in behind]
    assert len(queue) == 4 + 2 * len(newcomers)
