"""What browsers are told to enforce: security headers on every response, cookie flags."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Request, Response, current_app, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE_DEFAULT

from scheduler.extensions import csrf

# Pages load only our own scripts, styles and images (Pico's icons are data: URIs);
# nothing may frame us, and forms post only back to us.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}
HSTS = "max-age=31536000; includeSubDomains"
# A guest's starred sessions (scheduler.web.guest_stars): pages show them.
GUEST_STARS_COOKIE = "stars"


def cookie_settings(settings: dict[str, Any]) -> None:
    """HttpOnly, SameSite=Lax session and remember cookies; Secure when the site
    is served over https, unless COOKIE_SECURE says otherwise."""
    secure = settings.get("COOKIE_SECURE")
    if secure is None:
        secure = served_over_https(settings)
    # Assigned, not defaulted: Flask's own defaults (SameSite unset) are already there.
    for cookie in ("SESSION_COOKIE", "REMEMBER_COOKIE"):
        settings[f"{cookie}_HTTPONLY"] = True
        settings[f"{cookie}_SAMESITE"] = "Lax"
        settings[f"{cookie}_SECURE"] = secure


def served_over_https(settings: Mapping[str, Any]) -> bool:
    base_url: str = settings.get("PUBLIC_BASE_URL", "")
    return base_url.startswith("https://")


def add_security_headers(response: Response) -> Response:
    # Each lookup by name scans every header: one pass finds those a view set.
    headers = response.headers
    present = {name.lower() for name, _ in headers}
    for name, value in security_headers(request, current_app.config):
        if name.lower() not in present:
            headers.add(name, value)
    return response


def security_headers(asked: Request, settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What every answer carries, unless its view set its own: HSTS over https."""
    headers = list(SECURITY_HEADERS.items())
    if asked.is_secure or served_over_https(settings):
        headers.append(("Strict-Transport-Security", HSTS))
    return headers


def made_for_someone() -> bool:
    """Whether this answer may hold someone's own data: it was asked for with
    a sign-in's cookie, a bearer token or a secret link (token=), or it
    answers a form or API call that carried their data, or a guest's starred
    sessions' cookie came with it. Static files never do.
    The cookies are looked at, not the user they name: that needs no database
    (which may be away) and leaves anonymous answers without Vary: Cookie."""
    if request.endpoint == "static":
        return False
    # A secret link carries its token in the query, or (a password reset) in the path.
    return (request.method not in ("GET", "HEAD") or "token" in request.args
            or "token" in (request.view_args or {})
            or "Authorization" in request.headers or presented_a_sign_in()
            or GUEST_STARS_COOKIE in request.cookies)


def presented_a_sign_in() -> bool:
    cookies, config = request.cookies, current_app.config
    if config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE_DEFAULT) in cookies:
        return True
    return config["SESSION_COOKIE_NAME"] in cookies and "_user_id" in session


def keep_personal_answers_out_of_caches(response: Response) -> Response:
    # A view that chose its own caching (a feed, whose secret address is
    # "private") keeps it; everything else made for someone is never stored,
    # neither by a shared cache nor on the browser's disk.
    if "Cache-Control" not in response.headers and made_for_someone():
        response.headers["Cache-Control"] = "no-store"
    return response


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, at no cost to a request that brings no
    session cookie and leaves the session alone (a feed poll, an anonymous
    page): Flask's own builds a signer and reads seven cookie settings each
    time, to find there is nothing to do."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if session or session.modified or session.accessed:
            super().save_session(app, session, response)


def refuse_forged_posts() -> None:
    """Flask-WTF's CSRF check (a form's token, the API exempt), run only for
    the methods it checks: its own hook looks the view's exemptions up first,
    on every request, a feed poll's or a page view's too."""
    config = current_app.config
    if config["WTF_CSRF_ENABLED"] and request.method in config["WTF_CSRF_METHODS"]:
        csrf.protect(apply_exemptions=True)


def init_security(app: Flask) -> None:
    cookie_settings(app.config)
    app.session_interface = CookieSessions()
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # refuse_forged_posts checks instead
    app.before_request(refuse_forged_posts)
    app.after_request(add_security_headers)
    app.after_request(keep_personal_answers_out_of_caches)
