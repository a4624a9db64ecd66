"""The feed settings taken from the app's configuration, as one hashable value
that is part of every cache key (they change the serialised text)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from functools import cached_property, lru_cache

from flask import current_app
from werkzeug.routing import MapAdapter

from scheduler.urls import public_routes, public_url_from

# Read on every feed poll; parsing the same address each time costs more than the poll's query.
_sender = lru_cache(maxsize=16)(parseaddr)


@dataclass(frozen=True)
class FeedSettings:
    """Hashable; `fingerprint` stands for it in cache keys (cheap to hash)."""

    # Read by session_url through public_url; kept here so that a new address
    # is a new fingerprint, and cached text with the old one is not served.
    base_url: str
    organizer_email: str
    organizer_name: str
    refresh: timedelta
    cancelled_days: int
    past_days: int

    @classmethod
    def current(cls) -> FeedSettings:
        config = current_app.config
        name, address = _sender(config.get("MAIL_FROM") or "")
        return cls(base_url=config["PUBLIC_BASE_URL"],
                   organizer_email=config.get("FEED_ORGANIZER_EMAIL") or address,
                   organizer_name=name or "Scheduler",
                   refresh=timedelta(minutes=config["FEED_REFRESH_MINUTES"]),
                   cancelled_days=config["FEED_CANCELLED_DAYS"],
                   past_days=config["FEED_PAST_DAYS"])

    @cached_property
    def fingerprint(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]

    @property
    def cancelled_window(self) -> timedelta:
        return timedelta(days=self.cancelled_days)

    @property
    def past_window(self) -> timedelta:
        """How long after its end a session stays in the listings."""
        return timedelta(days=self.past_days)

    @cached_property
    def _routes(self) -> MapAdapter:
        return public_routes()

    def session_url(self, session_id: int) -> str:
        return public_url_from(self._routes, "public.session_page", session_id=session_id)
