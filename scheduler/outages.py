"""A shared store (Redis) each process can do without for a while: after a
failure the process works on its own this long before asking it again, so a
store that is away does not cost every request a timeout."""
from __future__ import annotations

import time

from flask import current_app

RETRY_SECONDS = 30.0


class Outage:
    """Whether `store` is away for this process, and since when it is."""

    def __init__(self, store: str, meanwhile: str) -> None:
        self._store = store
        self._meanwhile = meanwhile
        self._until = 0.0

    def ongoing(self) -> bool:
        return time.monotonic() < self._until

    def began(self, error: Exception) -> None:
        current_app.logger.warning("%s unreachable (%s): %s for %d s", self._store, error,
                                   self._meanwhile, RETRY_SECONDS)
        self._until = time.monotonic() + RETRY_SECONDS
