"""Rate limits on the endpoints that try passwords, make accounts or take seats.

Counted per endpoint and client address by the `limits` library, in memory by
default (one process), or in shared storage such as Redis when
RATELIMIT_STORAGE_URI is set, so that every server of a site counts together.
While that storage is unreachable, each process counts in memory.

The check is a plain wrapper of each limited view: a booking is the busiest
of them, and a generic rate-limit extension's per-request machinery (looking
the view's limits up, parsing them, meta limits, header bookkeeping) cost a
tenth of a booking's CPU (docs/bench-registrations.md).
"""
from __future__ import annotations

import functools
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext as _
from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from scheduler.outages import Outage

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
LIMITED_METHODS = frozenset({"POST"})
# Past this many counts in memory, those whose window has ended are dropped.
PRUNE_AT = 10_000
_EXTENSION = "rate_limits"


class LocalCounts(Storage):
    """Counts in this process, for `limits`' fixed windows: a count whose
    window has ended is dropped when next touched. (`limits`' own memory
    storage starts a timer thread on nearly every count to expire them: on a
    server's busiest path, a thread start and one more thread wanting the GIL
    for each booking.)"""

    STORAGE_SCHEME = None

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}  # key -> (count, window's end)

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return ()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = self._clock()
        with self._lock:
            count, ends = self._counts.get(key, (0, now))
            if ends <= now:
                count, ends = 0, now + expiry
            self._counts[key] = (count + amount, ends)
            if len(self._counts) > PRUNE_AT:
                self._counts = {key: kept for key, kept in self._counts.items() if kept[1] > now}
        return count + amount

    def get(self, key: str) -> int:
        count, ends = self._counts.get(key, (0, 0.0))
        return count if ends > self._clock() else 0

    def get_expiry(self, key: str) -> float:
        return self._counts.get(key, (0, self._clock()))[1]

    def check(self) -> bool:
        return True

    def reset(self) -> int:
        with self._lock:
            dropped, self._counts = len(self._counts), {}
        return dropped

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


class Counters:
    """One app's counts: in memory, or in shared storage (Redis) and in memory
    while that is unreachable."""

    def __init__(self, storage_uri: str, key_prefix: str) -> None:
        self._prefix = key_prefix
        self._memory = LocalCounts()
        self._shared: Storage | None = None
        if storage_uri != "memory://":
            shared = storage_from_string(storage_uri)
            if not isinstance(shared, Storage):  # an asyncio storage ("async+redis://")
                raise ValueError(
                    f"RATELIMIT_STORAGE_URI: not a storage for a WSGI app: {storage_uri}")
            self._shared = shared
        self._outage = Outage("Rate-limit storage", "counting in memory")

    def count(self, limit: RateLimitItem, *identifiers: str) -> float | None:
        """Count an attempt under `limit`: None while within it, else the
        seconds until its window lets another attempt through."""
        if self._shared is not None and not self._outage.ongoing():
            try:
                return self._counted(self._shared, limit, identifiers)
            except self._shared.base_exceptions as error:
                self._outage.began(error)
        return self._counted(self._memory, limit, identifiers)

    def _counted(self, storage: Storage, limit: RateLimitItem,
                 identifiers: tuple[str, ...]) -> float | None:
        strategy = FixedWindowRateLimiter(storage)
        if strategy.hit(limit, self._prefix, *identifiers):
            return None
        return strategy.get_window_stats(limit, self._prefix, *identifiers).reset_time \
            - time.time()

    def reset(self) -> None:
        """Forget every count (tests)."""
        self._memory.reset()
        if self._shared is not None:
            self._shared.reset()


def init_rate_limits(app: Flask) -> None:
    """Wrap the views of LIMITED_ENDPOINTS in their limit. Call after the
    blueprints are registered."""
    # A bad limit string is refused at start, not on the first attempt.
    for setting in set(LIMITED_ENDPOINTS.values()):
        _limits(app.config[setting])
    if not app.config.get("RATELIMIT_ENABLED", True):
        return
    app.extensions[_EXTENSION] = Counters(app.config["RATELIMIT_STORAGE_URI"],
                                          app.config["RATELIMIT_KEY_PREFIX"])
    for endpoint, setting in LIMITED_ENDPOINTS.items():
        app.view_functions[endpoint] = _limited(app.view_functions[endpoint], endpoint, setting)


def forget_counts(app: Flask) -> None:
    counters: Counters | None = app.extensions.get(_EXTENSION)
    if counters is not None:
        counters.reset()


def _limited(view: Callable[..., Any], endpoint: str, setting: str) -> Callable[..., Any]:
    @functools.wraps(view)
    def limited_view(**arguments: Any) -> Any:
        if request.method in LIMITED_METHODS:
            _refuse_beyond(endpoint, setting)
        return view(**arguments)

    return limited_view


def _refuse_beyond(endpoint: str, setting: str) -> None:
    """429 with Retry-After once the client's address has used up a limit
    (read on each attempt, so that a test may lower it on a running app)."""
    counters: Counters = current_app.extensions[_EXTENSION]
    address = request.remote_addr or ""
    for limit in _limits(current_app.config[setting]):
        wait = counters.count(limit, endpoint, address)
        if wait is not None:
            raise TooManyRequests(
                _("Too many attempts from your address (%(limit)s). Wait a little, then try "
                  "again.", limit=str(limit)), retry_after=max(1, math.ceil(wait)))


@functools.lru_cache(maxsize=32)
def _limits(setting: str) -> tuple[RateLimitItem, ...]:
    # Narrowest window first: the attempt is refused by the first limit it breaks.
    return tuple(sorted(parse_many(setting)))
