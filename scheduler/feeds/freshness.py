"""HTTP validators for feeds, and answering a poll of unchanged data.

The ETag is a SHA-256 of the feed's identity, the settings that change its
text, and one aggregate row over its sessions (count, id sum, latest revision
stamps): the same on every server process, and found without building the
feed. An unchanged feed answers 304, or its cached body by ETag.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Response, current_app, request
from werkzeug.http import is_resource_modified

from scheduler.feeds import cache, selection
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
                        settings, found.count, found.id_sum,
                        tuple(stamp.isoformat() if stamp else None for stamp in found.stamps)))
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:40]
    last = found.last_change
    return Validators(etag, last.replace(microsecond=0) if last else None)


def respond(feed: Feed, settings: FeedSettings, now: datetime,
            build: Callable[[], bytes], *, filename: str | None = None) -> Response:
    """304 when the client's copy is current; else the body, from the cache
    by ETag or built once."""
    found = validators(feed, settings, now)
    if not is_resource_modified(request.environ, etag=found.etag,
                                last_modified=found.last_modified):
        response = current_app.response_class(status=304)
    else:
        body = cache.bodies.get(found.etag)
        if body is None:
            body = build()
            cache.bodies.put(found.etag, body)
        response = current_app.response_class(body, content_type=CONTENT_TYPE)
        if filename:
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.set_etag(found.etag)
    if found.last_modified:
        response.last_modified = found.last_modified
    response.headers["Cache-Control"] = cache_control(feed, settings)
    return response


def cache_control(feed: Feed, settings: FeedSettings) -> str:
    # Short enough that an edit reaches subscribers soon; revalidating is a 304.
    max_age = min(PUBLIC_MAX_AGE, int(settings.refresh.total_seconds()))
    # The agenda's address is its secret: no shared cache may keep it.
    scope = "public" if feed.public else "private"
    return f"{scope}, max-age={max_age}"
