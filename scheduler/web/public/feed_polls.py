"""Calendar apps poll their feeds all day, nearly always holding the current
copy. Such a poll of a public feed is answered 304 here, before Flask makes a
request context and runs the app's hooks, none of which adds anything to it
but the headers every answer carries: the same remembered answer, confirmed
by the same revision read, as the feed's view gives (`freshness.current_poll`),
with the same headers. Flask's part cost a poll as much as the read
(docs/bench-feed-polls.md).

Everything else goes on to the app: an address not remembered, a copy that
is not current, a method other than GET and HEAD, a request with cookies or
credentials (a signed-in browser's session may need refreshing), and a
database error (the app reads again, and retries a lost connection)."""
from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import Flask

from scheduler.feeds.freshness import current_poll, not_modified_headers
from scheduler.operations.request_log import REQUEST_ID_HEADER, log_answer, request_id_for
from scheduler.security import security_headers

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

# Whatever may make an answer someone's own, or change what the app does after it.
PERSONAL = ("HTTP_COOKIE", "HTTP_AUTHORIZATION")
CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
NOT_MODIFIED = "304 NOT MODIFIED"  # as werkzeug words it


class FeedPolls:
    """WSGI middleware around the Flask app's own `wsgi_app`."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        headers = self._not_modified(environ) if _plain_poll(environ) else None
        if headers is None:
            return self.wsgi_app(environ, start_response)
        start_response(NOT_MODIFIED, headers)
        return []

    def _not_modified(self, environ: WSGIEnvironment) -> list[tuple[str, str]] | None:
        """The 304's headers, as the app's hooks would have them."""
        started = time.perf_counter()
        asked = self.app.request_class(environ)
        with self.app.app_context():
            try:
                answer = current_poll(asked)
            except sa.exc.DBAPIError:
                return None
        if answer is None:
            return None
        request_id = request_id_for(asked)
        # The path as it came, where the app's hook redacts secret route arguments:
        # only public feeds are remembered, and no public feed's address holds a secret.
        log_answer(asked, 304, request_id, started, asked.path)
        # Vary as on every answer of the app: its pages change with the sign-in cookie.
        return [*not_modified_headers(answer), *security_headers(asked, self.app.config),
                ("Vary", "Cookie"), (REQUEST_ID_HEADER, request_id)]


def _plain_poll(environ: WSGIEnvironment) -> bool:
    return (environ["REQUEST_METHOD"] in ("GET", "HEAD")
            and any(name in environ for name in CONDITIONS)
            and not any(name in environ for name in PERSONAL))
