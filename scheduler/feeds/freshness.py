"""HTTP validators for feeds, and answering a poll of unchanged data.

The ETag is a SHA-256 of the feed's identity, the settings that change its
text, and one aggregate row over its sessions (count, id sum, latest revision
stamps): the same on every server process, and found without building the
feed. An unchanged feed answers 304, or its cached body by ETag.

Each process remembers the validators it computed for a public feed's
address with the data revision read just before (feeds/models.py: triggers
bump it on every change a feed shows, whoever writes), and reuses them while
that revision stands and no cancellation has left the feed as time passed.
A poll of unchanged data costs one primary-key read at any size; after a
change, every process recomputes at its next poll.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response, current_app, request
from werkzeug.http import is_resource_modified

from scheduler.database import utcnow
from scheduler.feeds import cache, selection
from scheduler.feeds.calendar import feed_bytes
from scheduler.feeds.models import current_revision
from scheduler.feeds.selection import Feed
from scheduler.feeds.settings import FeedSettings

# Raised whenever the serialised form changes, so old ETags stop matching.
FORMAT_VERSION = "1"
CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_MAX_AGE = 300
# Feed addresses whose validators each process remembers (a few hundred bytes each).
REMEMBERED_FEEDS = 1024


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime | None
    # Unless the data changes, they hold until then (a cancellation leaves).
    until: datetime | None = None


def validators(feed: Feed, settings: FeedSettings, now: datetime) -> Validators:
    found = selection.aggregate(feed, settings, now)
    fingerprint = repr((FORMAT_VERSION, feed.key, feed.name, feed.description,
                        settings.fingerprint, found.count, found.id_sum,
                        tuple(stamp.isoformat() if stamp else None for stamp in found.stamps)))
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:40]
    last = found.last_change
    return Validators(etag, last.replace(microsecond=0) if last else None, found.next_drop)


@dataclass(frozen=True)
class Answer:
    """All a poll needs to be answered without building the feed, and the
    data revision it was found at."""

    validators: Validators
    cache_control: str
    revision: int | None

    def holds(self, revision: int, now: datetime) -> bool:
        until = self.validators.until
        return revision == self.revision and (until is None or now <= until)


def respond(feed_for: Callable[[], Feed], *, filename: str | None = None,
            remember: bool = True) -> Response:
    """304 when the client's copy is current; else the body, from the cache
    by ETag or built once. `feed_for` is only called when the answer is not
    remembered or no longer holds; `remember=False` computes it every time."""
    settings, now = FeedSettings.current(), utcnow()
    answer, feed = _answer(feed_for, settings, now, remember)
    found = answer.validators
    if not is_resource_modified(request.environ, etag=found.etag,
                                last_modified=found.last_modified):
        response = current_app.response_class(status=304)
    else:
        response = current_app.response_class(
            _body(found.etag, lambda: feed_bytes(feed or feed_for(), settings, now)),
            content_type=CONTENT_TYPE)
        if filename:
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.set_etag(found.etag)
    if found.last_modified:
        response.last_modified = found.last_modified
    response.headers["Cache-Control"] = answer.cache_control
    return response


def _answer(feed_for: Callable[[], Feed], settings: FeedSettings, now: datetime,
            remember: bool) -> tuple[Answer, Feed | None]:
    """The remembered answer while it holds, else a new one and its feed."""
    revision = answer = None
    if remember:
        # Read before any validators are computed: a change committed after
        # it makes the next poll recompute, never leaves them stale.
        revision = current_revision()
        answer = _remembered(current_app).get((request.full_path, settings))
        if answer is not None and answer.holds(revision, now):
            return answer, None
    feed = feed_for()
    answer = Answer(validators(feed, settings, now), cache_control(feed, settings), revision)
    if remember:
        _remembered(current_app).put((request.full_path, settings), answer)
    return answer, feed


def _body(etag: str, build: Callable[[], bytes]) -> bytes:
    body = cache.bodies.get(etag)
    if body is None:
        body = build()
        cache.bodies.put(etag, body)
    return body


def _remembered(app: Flask) -> cache.LRU:
    if "feed_validators" not in app.extensions:
        app.extensions["feed_validators"] = cache.LRU(REMEMBERED_FEEDS)
    return app.extensions["feed_validators"]


def cache_control(feed: Feed, settings: FeedSettings) -> str:
    # Short enough that an edit reaches subscribers soon; revalidating is a 304.
    max_age = min(PUBLIC_MAX_AGE, int(settings.refresh.total_seconds()))
    # The agenda's address is its secret: no shared cache may keep it.
    scope = "public" if feed.public else "private"
    return f"{scope}, max-age={max_age}"
