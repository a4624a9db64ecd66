"""Headers, cookies, CSRF on every form route, and no inline code in templates."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import request, url_for

from scheduler import create_app
from scheduler.accounts.models import Role
from scheduler.extensions import csrf
from scheduler.security import CONTENT_SECURITY_POLICY
from tests.conftest import config_for
from tests.factories import PASSWORD, make_user

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
INLINE_CODE = [
    # A script without src; JSON-LD is a data block, which script-src does not govern.
    re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>",
               re.IGNORECASE),
    re.compile(r"<style\b", re.IGNORECASE),
    re.compile(r"\sstyle\s*=", re.IGNORECASE),
    re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),  # onclick=, onsubmit=...
    re.compile(r"javascript:", re.IGNORECASE),
]


@pytest.mark.parametrize("path", ["/", "/sign-in", "/api/v1/events", "/no/such/page",
                                  "/static/app.css", "/healthz"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # The tests' PUBLIC_BASE_URL is https.
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_hsts_when_served_over_plain_http(database):
    app = create_app(config_for(database) | {"PUBLIC_BASE_URL": "http://127.0.0.1:5000"})
    response = app.test_client().get("/healthz")
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("proxies, https", [(0, False), (1, True)])
def test_the_scheme_a_trusted_proxy_forwards_counts(database, proxies, https):
    # nginx terminates TLS and talks plain http to gunicorn (README, several servers).
    app = create_app(config_for(database) | {"PUBLIC_BASE_URL": "http://127.0.0.1:5000",
                                             "TRUSTED_PROXIES": proxies})
    response = app.test_client().get("/healthz", headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert ("Strict-Transport-Security" in response.headers) is https


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")),
                         ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_or_style(template):
    # The CSP would block them; behaviour and looks belong in static files.
    text = template.read_text()
    for pattern in INLINE_CODE:
        assert not pattern.search(text), f"{pattern.pattern} in {template.name}"


def sign_in_cookies(app) -> list[str]:
    with app.app_context():
        email = make_user(role=Role.attendee).email
    response = app.test_client().post("/sign-in", data={
        "email": email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    return response.headers.getlist("Set-Cookie")


def cookie_named(cookies: list[str], name: str) -> str:
    return next(cookie for cookie in cookies if cookie.startswith(f"{name}="))


@pytest.mark.parametrize("base_url, override, secure", [
    ("https://events.example.org", None, True),
    ("http://127.0.0.1:5000", None, False),
    ("https://events.example.org", False, False),  # e.g. TLS tested on a staging box
    ("http://127.0.0.1:5000", True, True),
])
def test_session_and_remember_cookies(app, database, base_url, override, secure):
    # `app` is there to empty the database afterwards.
    configured = create_app(config_for(database) | {"PUBLIC_BASE_URL": base_url,
                                                    "COOKIE_SECURE": override})
    cookies = sign_in_cookies(configured)
    for name in ("session", "remember_token"):
        cookie = cookie_named(cookies, name)
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie.split("; ")) is secure


def form_routes(app) -> list[tuple[str, str, dict]]:
    """Every (method, endpoint, arguments) outside the API that changes state."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            continue
        for method in sorted(rule.methods & WRITE_METHODS):
            routes.append((method, rule.endpoint, dict.fromkeys(rule.arguments, 1)))
    return routes


def test_there_are_form_routes_to_check(app):
    endpoints = {endpoint for _, endpoint, _ in form_routes(app)}
    assert {"attendee.sign_in", "attendee.sign_out", "organise.new_event"} <= endpoints


def test_only_methods_that_change_something_are_checked_for_a_csrf_token(app, monkeypatch):
    app.config["WTF_CSRF_ENABLED"] = True
    checked = []
    monkeypatch.setattr(csrf, "protect", lambda **_: checked.append(request.method))
    client = app.test_client()
    for method in ("GET", "HEAD", "OPTIONS", "POST"):
        client.open("/sign-in", method=method)
    assert checked == ["POST"]


def test_every_form_route_refuses_a_post_without_a_csrf_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        client = app.test_client(user=make_user(role=Role.admin))
    with app.test_request_context():
        targets = [(method, url_for(endpoint, **arguments))
                   for method, endpoint, arguments in form_routes(app)]
    for method, url in targets:
        response = client.open(url, method=method, data={"name": "x"})
        assert response.status_code == 400, f"{method} {url} answered {response.status_code}"
        assert "CSRF" in response.get_data(as_text=True), f"{method} {url}"
