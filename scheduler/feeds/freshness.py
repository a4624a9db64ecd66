"""HTTP validators for feeds, and answering a poll of unchanged data.

Validators come from the data revision (feeds/models.py: database triggers
bump it, and stamp the bump by the database's clock, on every change a feed
shows, whoever writes), never from the rows' updated_at: those are stamped by
each app server's own clock, and an edit stamped a little earlier than the
newest of them would change no max(). So:

- the ETag is a SHA-256 of the feed's identity, the settings that change its
  text, the revision number and when a session last left the feed as time
  passed (plus, for an agenda, counts of the attendee's registrations, whose
  status changes the booking path keeps off the revision row);
- Last-Modified is the latest of the revision's stamp, that departure and an
  agenda's last registration change. The revision's stamp moves by at least
  a second at every bump (HTTP dates have whole seconds), so it moves
  whenever a feed's content does, including when a session leaves a filtered
  feed by an edit (a change no aggregate over the sessions still in it can
  see). A registration's status change is stamped a second past the
  revision's stamp, so it moves an agenda's too; only a data change in the
  same second as a status change can leave an agenda's Last-Modified where it
  was, and its ETag still differs.

Both change on any feed-visible change anywhere, not only to this feed's
sessions: a poll after one downloads a body assembled from cached fragments.
That is the price of validators that are right whatever the clocks say, and
the same on every server process.

Each process remembers the validators it computed for a public feed's
address with the revision read just before, and reuses them while that
revision stands and no session has left the feed as time passed. A poll of
unchanged data costs one primary-key read at any size.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response, current_app, request
from werkzeug.http import is_resource_modified

from scheduler.database import utcnow
from scheduler.feeds import selection
from scheduler.feeds.calendar import feed_bytes
from scheduler.feeds.models import Revision, current_revision
from scheduler.feeds.selection import Feed
from scheduler.ical import cache
from scheduler.ical.settings import FeedSettings

# Raised whenever the serialised form changes, so old ETags stop matching.
FORMAT_VERSION = "2"
CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_MAX_AGE = 300
# Feed addresses whose validators each process remembers (a few hundred bytes each).
REMEMBERED_FEEDS = 1024


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime
    # Unless the data changes, they hold until then (a session leaves).
    until: datetime | None = None


def validators(feed: Feed, settings: FeedSettings, now: datetime,
               revision: Revision) -> Validators:
    found = selection.aggregate(feed, settings, now)
    fingerprint = repr((FORMAT_VERSION, feed.key, feed.name, feed.description, feed.language,
                        settings.fingerprint, revision.value,
                        found.left_at.isoformat() if found.left_at else None,
                        found.registrations))
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:40]
    changes = [stamp for stamp in (revision.changed_at, found.left_at,
                                   found.registrations_changed_at) if stamp is not None]
    return Validators(etag, max(changes).replace(microsecond=0), found.next_drop)


@dataclass(frozen=True)
class Answer:
    """All a poll needs to be answered without building the feed, and the
    data revision it was found at."""

    validators: Validators
    cache_control: str
    revision: int

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
    response.last_modified = found.last_modified
    response.headers["Cache-Control"] = answer.cache_control
    return response


def _answer(feed_for: Callable[[], Feed], settings: FeedSettings, now: datetime,
            remember: bool) -> tuple[Answer, Feed | None]:
    """The remembered answer while it holds, else a new one and its feed."""
    # Read before any validators are computed: a change committed after it
    # makes the next poll recompute, never leaves them stale.
    revision = current_revision()
    if remember:
        answer = _remembered(current_app).get((request.full_path, settings))
        if answer is not None and answer.holds(revision.value, now):
            return answer, None
    feed = feed_for()
    answer = Answer(validators(feed, settings, now, revision), cache_control(feed, settings),
                    revision.value)
    if remember:
        _remembered(current_app).put((request.full_path, settings), answer)
    return answer, feed


def _body(etag: str, build: Callable[[], bytes]) -> bytes:
    body = cache.bodies.get(etag)
    if body is None:
        body = build()
        cache.bodies.put(etag, body)
    return body


def _remembered(app: Flask) -> cache.LRU[Answer]:
    if "feed_validators" not in app.extensions:
        app.extensions["feed_validators"] = cache.LRU[Answer](REMEMBERED_FEEDS)
    remembered: cache.LRU[Answer] = app.extensions["feed_validators"]
    return remembered


def cache_control(feed: Feed, settings: FeedSettings) -> str:
    # Short enough that an edit reaches subscribers soon; revalidating is a 304.
    max_age = min(PUBLIC_MAX_AGE, int(settings.refresh.total_seconds()))
    # The agenda's address is its secret: no shared cache may keep it.
    scope = "public" if feed.public else "private"
    return f"{scope}, max-age={max_age}"
