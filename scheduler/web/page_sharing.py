"""Rendered pages lent between a site's processes and servers through Redis
(PAGE_CACHE_URI), so a page is rendered once per lifetime for the whole site
instead of once in every process (scheduler.web.page_cache keeps each
process's own copies; this is where a process looks before rendering).

Each entry lives in Redis for the lifetime it has left, by Redis's own clock,
so a server whose clock is behind never keeps it longer. While Redis is
unreachable, each process renders on its own.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

import redis

from scheduler.outages import Outage

T = TypeVar("T")

# Redis answers on the local network in well under a millisecond.
TIMEOUT_SECONDS = 0.25


class SharedEntries:
    """Bytes kept under a hashable key for some seconds, for every process
    using the same Redis and key prefix."""

    def __init__(self, url: str, prefix: str) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS,
                                           socket_connect_timeout=TIMEOUT_SECONDS)
        self._prefix = prefix
        self._outage = Outage("Page store", "rendering in this process")

    def fetch(self, key: Hashable) -> tuple[bytes, float] | None:
        """The bytes kept under `key` and the seconds they have left, or None."""
        name = self._name(key)

        def kept() -> tuple[bytes, float] | None:
            with self._redis.pipeline(transaction=False) as both:
                both.get(name)
                both.pttl(name)
                value, millis = both.execute()
            return (value, millis / 1000) if value is not None and millis > 0 else None

        return self._asked(kept, otherwise=None)

    def keep(self, key: Hashable, value: bytes, seconds: float) -> None:
        if seconds > 0:
            self._asked(lambda: self._redis.set(self._name(key), value, px=_millis(seconds)),
                        otherwise=None)

    def claim(self, key: Hashable, seconds: float) -> bool:
        """Whether this process should make what `key` names: no other has
        claimed it in the last `seconds`, or Redis cannot tell."""
        def claimed() -> bool:
            return bool(self._redis.set(self._claim(key), 1, nx=True, px=_millis(seconds)))

        return self._asked(claimed, otherwise=True)

    def release(self, key: Hashable) -> None:
        self._asked(lambda: self._redis.delete(self._claim(key)), otherwise=None)

    def _asked(self, ask: Callable[[], T], *, otherwise: T) -> T:
        """What Redis answers, or `otherwise` while it is unreachable."""
        if self._outage.ongoing():
            return otherwise
        try:
            return ask()
        except redis.RedisError as error:
            self._outage.began(error)
            return otherwise

    def _claim(self, key: Hashable) -> str:
        return self._name(key) + ":claim"

    def _name(self, key: Hashable) -> str:
        # The key's parts are strings, numbers and None: their repr is the same
        # in every process.
        return f"{self._prefix}:page:{hashlib.sha256(repr(key).encode()).hexdigest()}"


def _millis(seconds: float) -> int:
    return max(1, int(seconds * 1000))
