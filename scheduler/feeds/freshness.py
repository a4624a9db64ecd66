"""HTTP validators for feeds, and answering a poll of unchanged data.

The ETag is a SHA-256 of the feed's identity, the settings that change its
text, and one aggregate row over its sessions (count, id sum, latest revision
stamps): the same on every server process, and found without building the
feed. An unchanged feed answers 304, or its cached body by ETag.

Each process may reuse a public feed's validators for FEED_VALIDATOR_SECONDS
(a few seconds) without asking the database: a burst of polls costs one
aggregate query, and a change shows within those seconds on every process.
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
from scheduler.feeds.selection import Feed
from scheduler.feeds.settings import FeedSettings

# Raised whenever the serialised form changes, so old ETags stop matching.
FORMAT_VERSION = "1"
CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_MAX_AGE = 300


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime | None


def validators(feed: Feed, settings: FeedSettings, now: datetime) -> Validators:
    found = selection.aggregate(feed, settings, now)
    fingerprint = repr((FORMAT_VERSION, feed.key, feed.name, feed.description,
                        settings.fingerprint, found.count, found.id_sum,
                        tuple(stamp.isoformat() if stamp else None for stamp in found.stamps)))
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:40]
    last = found.last_change
    return Validators(etag, last.replace(microsecond=0) if last else None)


@dataclass(frozen=True)
class Answer:
    """All a poll needs to be answered without the database."""

    validators: Validators
    cache_control: str


def respond(feed_for: Callable[[], Feed], *, filename: str | None = None,
            remember: bool = True) -> Response:
    """304 when the client's copy is current; else the body, from the cache
    by ETag or built once. `feed_for` is only called when the answer is not
    remembered; `remember=False` asks the database on every request."""
    settings, now = FeedSettings.current(), utcnow()
    remembered = _remembered(current_app)
    answer = remembered.get(request.full_path) if remember else None
    feed = None
    if answer is None:
        feed = feed_for()
        answer = Answer(validators(feed, settings, now), cache_control(feed, settings))
        if remember:
            remembered.put(request.full_path, answer)
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


def _body(etag: str, build: Callable[[], bytes]) -> bytes:
    body = cache.bodies.get(etag)
    if body is None:
        body = build()
        cache.bodies.put(etag, body)
    return body


def _remembered(app: Flask) -> cache.Expiring:
    if "feed_validators" not in app.extensions:
        app.extensions["feed_validators"] = cache.Expiring(
            app.config["FEED_VALIDATOR_SECONDS"])
    return app.extensions["feed_validators"]


def cache_control(feed: Feed, settings: FeedSettings) -> str:
    # Short enough that an edit reaches subscribers soon; revalidating is a 304.
    max_age = min(PUBLIC_MAX_AGE, int(settings.refresh.total_seconds()))
    # The agenda's address is its secret: no shared cache may keep it.
    scope = "public" if feed.public else "private"
    return f"{scope}, max-age={max_age}"
