"""Bodies sent chunked, with no Content-Length, as production servers pass
them on (gunicorn marks every input terminated): past MAX_CONTENT_LENGTH they
are refused whole with a 413, never read in part and accepted."""
from __future__ import annotations

import http.client
import io
import json
from urllib.parse import urlencode, urlsplit

import pytest

from scheduler.accounts.models import Role
from tests.api.helpers import TBILISI, caller_with_role
from tests.factories import make_event, make_user
from tests.servers import gunicorn

LIMIT = 4096


@pytest.fixture
def small_app(app):
    app.config["MAX_CONTENT_LENGTH"] = LIMIT
    # Pages that take an image (the venue form) take this much more.
    app.config["IMAGE_MAX_BYTES"] = LIMIT
    return app


def chunked(client, path: str, body: bytes, content_type: str, **kwargs):
    return client.post(path, input_stream=io.BytesIO(body), content_type=content_type,
                       headers={"Transfer-Encoding": "chunked"} | kwargs.pop("headers", {}),
                       environ_overrides={"wsgi.input_terminated": True}, **kwargs)


def padded_json(document: dict, size: int) -> bytes:
    """The document, then spaces up to `size` bytes: still valid JSON when cut."""
    text = json.dumps(document).encode()
    return text + b" " * (size - len(text))


def test_an_api_body_past_the_limit_is_a_413_envelope(small_app):
    caller = caller_with_role(small_app, Role.organiser)
    client = small_app.test_client()
    response = chunked(client, "/api/v1/venues", padded_json(TBILISI, LIMIT + 1),
                       "application/json", headers=caller.headers)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert client.get("/api/v1/venues").get_json()["items"] == []


def test_an_api_body_at_the_limit_is_read_whole(small_app):
    caller = caller_with_role(small_app, Role.organiser)
    response = chunked(small_app.test_client(), "/api/v1/venues",
                       padded_json(TBILISI, LIMIT), "application/json",
                       headers=caller.headers)
    assert response.status_code == 201


def test_a_form_past_the_limit_is_a_413_page(small_app):
    with small_app.app_context():
        client = small_app.test_client(user=make_user(role=Role.organiser))
    fields = {"name": "Amirani Cinema", "city": "Tbilisi", "country": "GE",
              "timezone": "Asia/Tbilisi", "capacity": "40"}
    body = urlencode(fields).encode()
    response = chunked(client, "/organise/venues/new", body + b"&" + b"x" * (2 * LIMIT),
                       "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "<html" in response.get_data(as_text=True)
    assert "Amirani" not in client.get("/organise/venues").get_data(as_text=True)


def test_an_upload_past_the_limit_is_the_upload_page_with_a_413(small_app):
    with small_app.app_context():
        owner = make_user(role=Role.organiser)
        event_id = make_event(owner).id
        client = small_app.test_client(user=owner)
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"calendar\"; "
            f"filename=\"a.ics\"\r\nContent-Type: text/calendar\r\n\r\n").encode()
    body += b"BEGIN:VCALENDAR\r\n" + b"X" * LIMIT + f"\r\n--{boundary}--\r\n".encode()
    response = chunked(client, f"/organise/events/{event_id}/import", body,
                       f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "calendar" in response.get_data(as_text=True)


def test_gunicorn_refuses_a_chunked_body_past_the_limit(database, tmp_path):
    log = tmp_path / "gunicorn.log"
    credentials = {"email": "nobody@example.org", "password": "not a password"}
    with gunicorn(database, workers=1, log=log,
                  env={"MAX_CONTENT_LENGTH": str(LIMIT)}) as base_url:
        connection = http.client.HTTPConnection(urlsplit(base_url).netloc, timeout=30)
        chunks = iter([padded_json(credentials, LIMIT), b"    "])
        connection.request("POST", "/api/v1/tokens", body=chunks, encode_chunked=True,
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        body = json.loads(response.read())
        connection.close()
    assert response.status == 413, log.read_text()
    assert body["error"]["code"] == "too_large"
