"""HTTP validators for feeds, and answering a poll of unchanged data.

Validators come from revisions (feeds/models.py: database triggers bump them,
and stamp the bump by the database's clock, on every change a feed shows,
whoever writes), never from the rows' updated_at: those are stamped by each
app server's own clock, and an edit stamped a little earlier than the newest
of them would change no max(). A feed of one event, one venue or one session,
or a programme narrowed to an event or venue, takes them from the revisions
of its scopes (that event or venue), which move only with changes it shows;
any other feed from the data revision, which moves with any change. So:

- the ETag is a SHA-256 of the feed's identity, the settings that change its
  text, the revision(s) and when a session last left the feed as time
  passed (plus, for an agenda, counts of the attendee's registrations, whose
  status changes the booking path keeps off the revisions);
- Last-Modified is the latest of the revisions' stamps, that departure and an
  agenda's last registration change. A stamp moves by at least a second at
  every bump (HTTP dates have whole seconds), so it moves whenever a feed's
  content does, including when a session leaves a filtered feed by an edit
  (a change no aggregate over the sessions still in it can see). A
  registration's status change is stamped a second past the data revision's
  stamp, so it moves an agenda's too; only a data change in the same second
  as a status change can leave an agenda's Last-Modified where it was, and
  its ETag still differs.

Each process remembers the answer it computed for a public feed's address
with the data revision read just before, and reuses it while that revision
stands and no session has left the feed as time passed: a poll of unchanged
data costs one primary-key read at any size. When the data revision has
moved, the revisions of a remembered feed's scopes, read in the same
statement, tell whether the change was elsewhere: then the answer stands, at
a cost that does not grow with the number of sessions. A new answer's scopes
are read after the data revision, so a change committed in between makes the
next poll look again, never leaves an answer stale.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from flask import Flask, Request, Response, current_app, request
from werkzeug.http import is_resource_modified, quote_etag

from scheduler.database import utcnow
from scheduler.feeds import selection
from scheduler.feeds.calendar import feed_bytes
from scheduler.feeds.models import Revision, Scope, revisions
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
               revision: Revision, scoped: tuple[Revision, ...] = ()) -> Validators:
    """From the revisions of the feed's scopes (`scoped`) if it has any, else
    from the data revision."""
    found = selection.aggregate(feed, settings, now)
    basis = [*scoped] or [revision]
    fingerprint = repr((FORMAT_VERSION, feed.key, feed.name, feed.description, feed.language,
                        settings.fingerprint, [value for value, _ in basis],
                        found.left_at.isoformat() if found.left_at else None,
                        found.registrations))
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:40]
    changes = [stamp for stamp in (*(stamp for _, stamp in basis), found.left_at,
                                   found.registrations_changed_at) if stamp is not None]
    return Validators(etag, max(changes).replace(microsecond=0), found.next_drop)


@dataclass(frozen=True)
class Answer:
    """All a poll needs to be answered without building the feed, the data
    revision it was last found current at, and the revisions of the feed's
    scopes it was computed from."""

    validators: Validators
    cache_control: str
    revision: int
    scopes: tuple[Scope, ...] = ()
    scoped: tuple[int, ...] = ()

    def current(self, revision: int, scoped: tuple[int, ...], now: datetime) -> Answer | None:
        """This answer, confirmed at `revision`, if it still holds: the data
        revision has not moved, or its scopes' (`scoped`, read with it) have
        not, and no session has left the feed as time passed."""
        until = self.validators.until
        if until is not None and now > until:
            return None
        if revision == self.revision:
            return self
        if self.scopes and scoped == self.scoped:
            return replace(self, revision=revision)
        return None


def respond(feed_for: Callable[[], Feed], *, filename: str | None = None,
            remember: bool = True) -> Response:
    """304 when the client's copy is current; else the body, from the cache
    by ETag or built once. `feed_for` is only called when the answer is not
    remembered or no longer holds; `remember=False` computes it every time."""
    settings, now = FeedSettings.current(), utcnow()
    answer, feed = _answer(feed_for, settings, now, remember)
    if not _modified(request, answer):
        return _with_validators(current_app.response_class(status=304), answer)
    response = current_app.response_class(
        _body(answer.validators.etag, lambda: feed_bytes(feed or feed_for(), settings, now)),
        content_type=CONTENT_TYPE)
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _with_validators(response, answer)


def current_poll(asked: Request) -> Answer | None:
    """The answer remembered for this address, if the client's copy is its
    (If-None-Match, If-Modified-Since) and it still holds, confirmed by the
    same revision read as `respond`'s; None when only the feed's view can
    tell. Needs an app context, not a request's."""
    settings = FeedSettings.current()
    key = _key(asked, settings)
    remembered = _remembered(current_app).get(key)
    if remembered is None or _modified(asked, remembered):
        return None
    revision, scoped = revisions(remembered.scopes)
    return _confirmed(key, remembered, revision.value, _values(scoped), utcnow())


def not_modified_headers(answer: Answer) -> list[tuple[str, str]]:
    """What a 304 says of the feed: the validators and caching its 200
    carries, but for Last-Modified beside an ETag (RFC 9110, 15.4.5)."""
    return [("ETag", quote_etag(answer.validators.etag)), ("Cache-Control", answer.cache_control)]


def _with_validators(response: Response, answer: Answer) -> Response:
    response.headers.extend(not_modified_headers(answer))
    response.last_modified = answer.validators.last_modified
    return response


def _modified(asked: Request, answer: Answer) -> bool:
    found = answer.validators
    return is_resource_modified(asked.environ, etag=found.etag, last_modified=found.last_modified)


def _answer(feed_for: Callable[[], Feed], settings: FeedSettings, now: datetime,
            remember: bool) -> tuple[Answer, Feed | None]:
    """The remembered answer while it holds, else a new one and its feed."""
    key = _key(request, settings)
    remembered = _remembered(current_app).get(key) if remember else None
    # Read before any validators are computed: a change committed after it
    # makes the next poll look again, never leaves them stale.
    revision, scoped = revisions(remembered.scopes if remembered else ())
    if remembered is not None:
        answer = _confirmed(key, remembered, revision.value, _values(scoped), now)
        if answer is not None:
            return answer, None
    feed = feed_for()
    # Read again after the data revision was: see the module's docstring.
    scoped = revisions(feed.scopes)[1] if feed.scopes else ()
    if any(value < 0 for value, _ in scoped):
        scoped = ()  # a scope without its row (a trigger missed): the data revision counts
    scopes = feed.scopes if scoped else ()
    answer = Answer(validators(feed, settings, now, revision, scoped),
                    cache_control(feed, settings), revision.value, scopes, _values(scoped))
    if remember:
        _remembered(current_app).put(key, answer)
    return answer, feed


def _key(asked: Request, settings: FeedSettings) -> tuple[str, FeedSettings]:
    return asked.full_path, settings


def _confirmed(key: tuple[str, FeedSettings], remembered: Answer, revision: int,
               scoped: tuple[int, ...], now: datetime) -> Answer | None:
    answer = remembered.current(revision, scoped, now)
    if answer is not None and answer is not remembered:
        _remembered(current_app).put(key, answer)
    return answer


def _values(found: tuple[Revision, ...]) -> tuple[int, ...]:
    return tuple(value for value, _ in found)


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
