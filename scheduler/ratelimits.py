"""Rate limits on the endpoints that try passwords, make accounts or take seats.

Counted per client address, in memory by default (one process), or in shared
storage such as Redis when RATELIMIT_STORAGE_URI is set, so that every server
of a site counts together.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import partial

from flask import Flask, Response, current_app
from flask_babel import gettext as _
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from scheduler.errors import handle_http_exception

# Endpoint -> the setting that holds its limit (config.py, README). Each endpoint
# counts on its own; limiting one more is one line here.
LIMITED_ENDPOINTS = {
    "attendee.sign_in": "RATELIMIT_SIGN_IN",
    "attendee.sign_up": "RATELIMIT_SIGN_UP",
    "attendee.change_password": "RATELIMIT_SIGN_IN",
    "attendee.forgot_password": "RATELIMIT_PASSWORD_RESET",
    "attendee.reset_password": "RATELIMIT_SIGN_IN",
    "api.token_create": "RATELIMIT_SIGN_IN",
    "api.user_create": "RATELIMIT_SIGN_UP",
    "api.registration_create": "RATELIMIT_REGISTRATION",
    "public.register": "RATELIMIT_REGISTRATION",
}
# Only writes count: reading the sign-in page is free.
LIMITED_METHODS = ["POST"]


def init_rate_limits(app: Flask) -> Limiter:
    """Bind a limiter to `app` and wrap the endpoints of LIMITED_ENDPOINTS.
    Call after the blueprints are registered."""
    # Storage errors are swallowed (counting goes on in memory), so a bad limit
    # string would pass silently at request time: it is refused at start instead.
    for setting in set(LIMITED_ENDPOINTS.values()):
        parse_many(app.config[setting])
    # One limiter per app: Flask-Limiter keeps its storage and limits on the instance.
    limiter = Limiter(get_remote_address, app=app, in_memory_fallback_enabled=True,
                      swallow_errors=True)
    # Each limit here decorates its view, whose wrapper checks it. The
    # extension's app-wide before_request only adds default, application and
    # blueprint limits, of which there are none: on every other request (a
    # feed poll) it would only look the endpoint up, for nothing.
    # (Not there when RATELIMIT_ENABLED turns the limiter off.)
    app.before_request_funcs[None] = [hook for hook in app.before_request_funcs[None]
                                      if hook != limiter._check_request_limit]
    if not app.config.get("RATELIMIT_HEADERS_ENABLED"):
        # Nor does any limit deduct after the answer: with no headers to send
        # either, its after-request hook and the teardown that resets its
        # per-request state (which ends with the request anyway) do nothing.
        for hooks in (app.after_request_funcs, app.teardown_request_funcs):
            hooks[None] = [hook for hook in hooks[None] if not _of(limiter, hook)]
    for endpoint, setting in LIMITED_ENDPOINTS.items():
        # Read on each request, so a test may lower it on a running app.
        limit = partial(_configured_limit, setting)
        # Flask-Limiter types the decorated view as sync and async at once, which
        # Flask's view type (either one) does not take; it stays the view it wraps.
        app.view_functions[endpoint] = limiter.limit(  # type: ignore[assignment]
            limit, methods=LIMITED_METHODS)(app.view_functions[endpoint])
    app.register_error_handler(RateLimitExceeded, partial(answer_rate_limited, limiter))
    return limiter


def _of(limiter: Limiter, hook: Callable[..., object]) -> bool:
    """Whether `hook` is one of the limiter's: its bound method, or a
    function given the limiter as first argument."""
    return (getattr(hook, "__self__", None) is limiter
            or getattr(hook, "args", ())[:1] == (limiter,))


def _configured_limit(setting: str) -> str:
    limit: str = current_app.config[setting]
    return limit


def answer_rate_limited(limiter: Limiter, error: RateLimitExceeded) -> Response:
    """429 with Retry-After: the JSON envelope under /api/, a page elsewhere."""
    breached = limiter.current_limit
    wait = (breached.reset_at - time.time()) if breached else error.limit.limit.get_expiry()
    return handle_http_exception(TooManyRequests(
        _("Too many attempts from your address (%(limit)s). Wait a little, then try again.",
          limit=error.description), retry_after=max(1, math.ceil(wait))))
