"""Health checks, request logs with request ids, and `flask backup`."""
from __future__ import annotations

import json
import logging
import sqlite3
import threading

import pytest

from scheduler import create_app, extensions
from scheduler.accounts.models import User
from scheduler.operations.backup import BackupRefused, backup_sqlite
from scheduler.operations.request_log import REDACTED, logger as request_logger
from tests.conftest import config_for, migrated_app
from tests.factories import make_user


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ok", "database": "ok"}


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def request_log():
    lines = Lines()
    request_logger.addHandler(lines)
    yield lines.lines
    request_logger.removeHandler(lines)


def test_one_json_line_per_request(client, request_log):
    response = client.get("/api/v1/events?limit=5&token=leak")
    (line,) = request_log
    assert line == {"event": "request", "request_id": response.headers["X-Request-ID"],
                    "method": "GET", "path": "/api/v1/events", "status": 200,
                    "duration_ms": line["duration_ms"], "remote_addr": "127.0.0.1"}
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0


def test_an_unchanged_feed_poll_is_logged_only_at_debug(app, client, request_log):
    etag = client.get("/calendar.ics").headers["ETag"]
    conditional = {"If-None-Match": etag}
    assert client.get("/calendar.ics", headers=conditional).status_code == 304
    assert [line["status"] for line in request_log] == [200]
    request_log.clear()
    create_app(config_for("sqlite://") | {"REQUEST_LOG_LEVEL": "debug"})  # the logger's level
    try:
        response = client.get("/calendar.ics", headers=conditional)
        assert [line["status"] for line in request_log] == [304]
        assert request_log[0]["request_id"] == response.headers["X-Request-ID"]
    finally:
        request_logger.setLevel(app.config["REQUEST_LOG_LEVEL"].upper())


def test_error_reports_name_the_request(own_app, request_log, caplog):
    @own_app.get("/test-boom")
    def boom():
        raise RuntimeError("boom")

    response = own_app.test_client().get("/test-boom", headers={"X-Request-ID": "trace-me-7"})
    assert response.status_code == 500 and response.headers["X-Request-ID"] == "trace-me-7"
    assert "(request trace-me-7)" in caplog.text
    assert request_log[0]["request_id"] == "trace-me-7"


def test_errors_are_logged_too(client, request_log):
    client.post("/api/v1/events", json={})
    client.get("/no/such/page")
    assert [(line["method"], line["status"]) for line in request_log] == [
        ("POST", 401), ("GET", 404)]


@pytest.mark.parametrize("incoming, kept", [
    ("req-42.a:b_C", True), ("x" * 128, True),
    ("x" * 129, False), ("two words", False), ('"}{"status": 200', False), ("", False),
])
def test_incoming_request_id_is_kept_only_when_sane(client, request_log, incoming, kept):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})
    echoed = response.headers["X-Request-ID"]
    assert (echoed == incoming) is kept
    assert request_log[0]["request_id"] == echoed
    if not kept:
        assert len(echoed) == 32 and echoed.isalnum()


def test_every_request_gets_its_own_id(client):
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_secrets_in_the_path_are_not_logged(own_app, request_log):
    @own_app.get("/test-feeds/<secret>/agenda.ics")
    def feed(secret):
        return "ok"

    own_app.test_client().get("/test-feeds/s3cr3t-value/agenda.ics")
    assert request_log[0]["path"] == f"/test-feeds/{REDACTED}/agenda.ics"


@pytest.fixture
def sqlite_app(tmp_path):
    app = migrated_app(f"sqlite:///{tmp_path / 'live.db'}")
    yield app
    with app.app_context():
        extensions.db.engine.dispose()


def test_backup_while_another_connection_writes(sqlite_app, tmp_path):
    with sqlite_app.app_context():
        emails = {make_user().email for _ in range(3)}
        live = extensions.db.engine.url.database
    writer = sqlite3.connect(live, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE scratch (n INTEGER)")
    stop, written = threading.Event(), [0]

    def keep_writing():
        while not stop.is_set():
            writer.execute("INSERT INTO scratch VALUES (?)", (written[0],))
            written[0] += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    while written[0] < 100:  # the writer is well under way
        stop.wait(0.01)
    before = written[0]
    try:
        result = sqlite_app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.db")])
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    copy = sqlite3.connect(tmp_path / "b.db")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert {row[0] for row in copy.execute(f"SELECT email FROM {User.__tablename__}")} == emails
    # A snapshot from while the writer ran: what was written before, maybe more.
    assert before <= copy.execute("SELECT count(*) FROM scratch").fetchone()[0] <= written[0]
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()


def test_backup_command_on_each_database(app, tmp_path):
    with app.app_context():
        make_user(email="kept@example.org")
        backend = extensions.db.engine.url.get_backend_name()
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.db")])
    if backend == "sqlite":
        assert result.exit_code == 0, result.output
        copy = sqlite3.connect(tmp_path / "b.db")
        assert copy.execute("SELECT email FROM user_account").fetchall() == [("kept@example.org",)]
        copy.close()
    else:
        assert result.exit_code == 1
        assert "pg_dump" in result.output and not (tmp_path / "b.db").exists()


def test_backup_refuses_to_overwrite_or_copy_nothing(sqlite_app, tmp_path):
    existing = tmp_path / "taken.db"
    existing.write_text("precious")
    with sqlite_app.app_context():
        url = extensions.db.engine.url
    with pytest.raises(BackupRefused, match="already exists"):
        backup_sqlite(url, existing)
    assert existing.read_text() == "precious"
    with pytest.raises(BackupRefused, match="no database file"):
        backup_sqlite(f"sqlite:///{tmp_path}/missing.db", tmp_path / "b.db")
    with pytest.raises(BackupRefused, match="memory"):
        backup_sqlite("sqlite://", tmp_path / "b.db")
