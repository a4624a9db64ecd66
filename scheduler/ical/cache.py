"""Bounded, thread-safe, in-process caches for serialised calendar pieces
(freshness keeps each feed's validators in one too).

Every server process keeps its own; the pieces' keys hold everything that
changes the bytes, so a stale entry is never served, only left to age out.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRU(Generic[V]):
    """Least-recently-used mapping bounded by a total size (entries or bytes)."""

    def __init__(self, capacity: int, size: Callable[[V], int] = lambda _: 1) -> None:
        self.capacity = capacity
        self._size = size
        self._used = 0
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            if key in self._entries:
                self._used -= self._size(self._entries.pop(key))
            self._entries[key] = value
            self._used += self._size(value)
            while self._used > self.capacity and len(self._entries) > 1:
                _, dropped = self._entries.popitem(last=False)
                self._used -= self._size(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._used = 0

    def __len__(self) -> int:
        return len(self._entries)


# One VEVENT is about a kilobyte; 50,000 of them stay well under 100 MB.
vevents: LRU[bytes] = LRU(50_000)
vtimezones: LRU[bytes] = LRU(2_000)
# Whole feeds by ETag, so an unconditional poll of unchanged data is one
# revision read and a copy.
bodies: LRU[bytes] = LRU(64 * 1024 * 1024, size=len)
# One-session calendars for emails (a few kilobytes each), by session revision.
email_calendars: LRU[str] = LRU(16 * 1024 * 1024, size=len)


def clear_all() -> None:
    for cache in (vevents, vtimezones, bodies, email_calendars):
        cache.clear()
