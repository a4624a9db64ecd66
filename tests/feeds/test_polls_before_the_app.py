"""A poll of a public feed whose copy is current is answered 304 before Flask
dispatches a request (scheduler.web.public.feed_polls), exactly as the
feed's view would answer it; everything else reaches the view."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler import create_app, extensions
from scheduler.feeds import agenda, freshness
from scheduler.operations.request_log import logger as request_logger
from scheduler.transactions import unit_of_work
from tests.conftest import config_for
from tests.factories import make_session
from tests.test_operations import Lines

CURRENT = "the ETag the feed has"



@pytest.fixture
def dispatched(app, monkeypatch):
    """The addresses Flask dispatched a request for."""
    paths: list[str] = []
    dispatch = app.full_dispatch_request

    def counted():
        from flask import request
        paths.append(request.path)
        return dispatch()

    monkeypatch.setattr(app, "full_dispatch_request", counted)
    return paths


@pytest.fixture
def screening(festival, tbilisi):
    return make_session(festival, tbilisi)


@pytest.fixture
def programme(screening):
    return "/calendar.ics"


def test_a_current_copy_is_answered_before_the_app(client, programme, dispatched):
    etag = client.get(programme).headers["ETag"]
    for method in (client.get, client.head):
        answer = method(programme, headers={"If-None-Match": etag})
        assert answer.status_code == 304 and answer.data == b""
    assert dispatched == [programme]


def test_with_the_headers_the_app_gives(client, programme, dispatched):
    etag = client.get(programme).headers["ETag"]
    early = client.get(programme, headers={"If-None-Match": etag, "X-Request-ID": "poll-1"})
    # A cookie takes the poll through the feed's view and all the app's hooks.
    client.set_cookie("stars", "1")
    late = client.get(programme, headers={"If-None-Match": etag, "X-Request-ID": "poll-1"})
    assert early.status_code == late.status_code == 304
    assert dispatched == [programme, programme]
    assert sorted(early.headers.items()) == sorted(late.headers.items())
    assert early.headers["ETag"] == etag and early.headers["X-Request-ID"] == "poll-1"
    assert "Strict-Transport-Security" in early.headers


def test_a_change_is_seen_by_the_next_poll(client, programme, screening, dispatched):
    etag = client.get(programme).headers["ETag"]
    assert client.get(programme, headers={"If-None-Match": etag}).status_code == 304
    with unit_of_work():
        screening.title = "Bread and Roses again"
    after = client.get(programme, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert b"Bread and Roses again" in after.data.replace(b"\r\n ", b"")
    assert after.headers["ETag"] != etag
    assert dispatched == [programme, programme]


@pytest.mark.parametrize("headers", [
    {"If-None-Match": CURRENT, "Authorization": "Bearer not-a-token"},
    {"If-None-Match": '"someone-elses"'},
    {},
])
def test_other_polls_reach_the_view(client, programme, dispatched, headers):
    etag = client.get(programme).headers["ETag"]
    client.get(programme, headers={name: value.replace(CURRENT, etag)
                                   for name, value in headers.items()})
    assert dispatched == [programme, programme]


def test_a_poll_with_cookies_reaches_the_view(client, programme, dispatched):
    etag = client.get(programme).headers["ETag"]
    client.set_cookie("lang", "ka")
    client.get(programme, headers={"If-None-Match": etag})
    assert dispatched == [programme, programme]


def test_an_agenda_always_reaches_its_view(client, owner, dispatched):
    with unit_of_work():
        secret = agenda.ensure_agenda_secret(owner)
    path = f"/feeds/{secret}/agenda.ics"
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert dispatched == [path, path]


def test_a_database_error_leaves_the_poll_to_the_app(client, programme, dispatched,
                                                     monkeypatch):
    etag = client.get(programme).headers["ETag"]
    read = freshness.revisions
    failures = []

    def fails_once(*args):
        if not failures:
            failures.append(1)
            raise sa.exc.OperationalError("SELECT", {}, Exception("server closed the connection"))
        return read(*args)

    monkeypatch.setattr(freshness, "revisions", fails_once)
    assert client.get(programme, headers={"If-None-Match": etag}).status_code == 304
    assert failures and dispatched == [programme, programme]


def test_behind_a_proxy_it_sees_the_client(app, database, festival, tbilisi):
    make_session(festival, tbilisi)
    proxied = create_app(config_for(database) | {"TRUSTED_PROXIES": 1,
                                                "PUBLIC_BASE_URL": "http://scheduler.test",
                                                "REQUEST_LOG_LEVEL": "debug"})
    handler = Lines()
    request_logger.addHandler(handler)
    try:
        client = proxied.test_client()
        forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
        etag = client.get("/calendar.ics", headers=forwarded).headers["ETag"]
        answer = client.get("/calendar.ics", headers=forwarded | {"If-None-Match": etag})
    finally:
        request_logger.removeHandler(handler)
        request_logger.setLevel(app.config["REQUEST_LOG_LEVEL"].upper())
        with proxied.app_context():
            extensions.db.engine.dispose()
    assert answer.status_code == 304 and "Strict-Transport-Security" in answer.headers
    assert [(line["status"], line["remote_addr"]) for line in handler.lines] == [
        (200, "203.0.113.9"), (304, "203.0.113.9")]
