"""The database going away: 503 with Retry-After, never a trace, and recovery on its own."""
from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from scheduler import create_app, extensions
from scheduler.accounts.models import Role
from tests.conftest import config_for, migrated_app
from tests.factories import make_user

TRACE_MARKERS = ("Traceback", "psycopg", "sqlalchemy", "OperationalError")


def signed_in(app):
    with app.app_context():
        return app.test_client(user=make_user(role=Role.organiser))


def assert_unavailable(response, *, json: bool) -> None:
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    body = response.get_data(as_text=True)
    assert not any(marker in body for marker in TRACE_MARKERS), body
    if json:
        assert response.get_json()["error"]["code"] == "unavailable"
    else:
        assert response.mimetype == "text/html" and "Back in a moment" in body


def assert_serving(client) -> None:
    assert client.get("/api/v1/events").status_code == 200
    assert client.get("/organise").status_code == 200
    feed = client.get("/calendar.ics")
    assert feed.status_code == 200
    # A calendar's poll: the revision read alone, on a pool of its own.
    assert client.get("/calendar.ics", headers={"If-None-Match": feed.headers["ETag"]}
                      ).status_code == 304
    assert client.get("/readyz").get_json() == {"status": "ok", "database": "ok"}


@pytest.fixture
def restartable_app(cluster):
    app = migrated_app(cluster.url)
    yield app
    with app.app_context():
        extensions.db.engine.dispose()


def test_postgresql_stopping_between_requests(cluster, restartable_app):
    client = signed_in(restartable_app)
    assert_serving(client)  # the pool now holds connections that are about to die
    cluster.stop()
    assert_unavailable(client.get("/api/v1/events"), json=True)
    assert_unavailable(client.post("/api/v1/users", json={
        "email": "late@example.org", "name": "Late", "password": "long enough"}), json=True)
    # Signed in, so even drawing the page's header would ask the database.
    assert_unavailable(client.get("/organise"), json=False)
    assert_unavailable(client.get("/calendar.ics", headers={"If-None-Match": '"any"'}),
                       json=False)
    ready = client.get("/readyz")
    assert (ready.status_code, ready.get_json()) == (
        503, {"status": "unavailable", "database": "unreachable"})
    assert int(ready.headers["Retry-After"]) > 0
    assert client.get("/healthz").status_code == 200
    cluster.start()
    # Each read meeting a connection lost in the restart is run again on a new
    # one: nobody restarts us, and nobody sees the restart.
    assert_serving(client)


def test_reads_right_after_a_restart_nobody_saw(cluster, restartable_app):
    client = signed_in(restartable_app)
    assert_serving(client)  # the pool now holds connections that are about to die
    cluster.stop()
    cluster.start()
    # No request met the outage, so no pool knows its connections are dead:
    # the first read on each one is retried on a new connection.
    assert_serving(client)


def test_postgresql_stopping_in_the_middle_of_a_request(cluster, restartable_app):
    @restartable_app.get("/api/v1/test-outage")
    def outage_mid_request():
        extensions.db.session.execute(sa.text("SELECT 1"))  # a transaction is open
        cluster.stop()
        extensions.db.session.execute(sa.text("SELECT 2"))
        return {"reached": True}

    client = signed_in(restartable_app)
    assert_unavailable(client.get("/api/v1/test-outage"), json=True)
    cluster.start()
    assert_serving(client)


def test_postgresql_stopping_after_the_answer_keeps_the_answer(cluster, restartable_app):
    @restartable_app.get("/api/v1/test-late-outage")
    def outage_after_answer():
        # As after a booking's commit: its answer reads the row back, which
        # opens a transaction that the teardown must roll back.
        extensions.db.session.execute(sa.text("SELECT 1"))
        cluster.stop()
        return {"answered": True}

    client = signed_in(restartable_app)
    answer = client.get("/api/v1/test-late-outage")
    assert (answer.status_code, answer.get_json()) == (200, {"answered": True})
    cluster.start()
    assert_serving(client)


def test_locked_sqlite_is_503_until_the_lock_goes(tmp_path):
    path = tmp_path / "locked.db"
    app = migrated_app(f"sqlite:///{path}")
    with app.app_context():
        # Waiting 10 s for the lock, as in production, would only slow the test.
        sa.event.listen(extensions.db.engine, "connect",
                        lambda connection, _: connection.execute("PRAGMA busy_timeout = 50"))
        extensions.db.engine.dispose()
    client = signed_in(app)
    sign_up = {"email": "nino@example.org", "name": "Nino", "password": "long enough"}
    other_writer = sqlite3.connect(path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")  # holds the write lock
    try:
        assert_unavailable(client.post("/api/v1/users", json=sign_up), json=True)
        assert_unavailable(client.post("/organise/venues/new", data={
            "name": "Amirani", "city": "Tbilisi", "country": "GE",
            "timezone": "Asia/Tbilisi", "capacity": "40"}), json=False)
    finally:
        other_writer.rollback()
        other_writer.close()
    assert client.post("/api/v1/users", json=sign_up).status_code == 201


def test_missing_sqlite_folder_is_503(tmp_path):
    app = create_app(config_for(f"sqlite:///{tmp_path}/no/such/folder/x.db"))
    assert_unavailable(app.test_client().get("/api/v1/events"), json=True)
    assert_unavailable(app.test_client().get("/"), json=False)
    assert app.test_client().get("/readyz").status_code == 503
