"""Anonymous public pages rendered once and served again, per process, until
their content changes, and for at most SEATS_REFRESH_SECONDS: the seat counts
in them are not part of the data revision (a booking does not bump it).

An entry's key is the full address (path, query: the filters, ?lang=), the
language the page is in and the data revision, so an edit anything a page shows
is never served from before it. Only answers made for no one are shared (the
rule is scheduler.security.made_for_someone), and none while a flash message
waits in the visitor's session.

The pages' forms (stars, registering) carry a CSRF token bound to the visitor's
session: an entry holds a placeholder in its place, and each answer gets the
visitor's own token. Such an answer is the visitor's alone ("private",
revalidated at each visit); a page without forms may be kept by a reverse proxy
or CDN too ("public", for what is left of the entry's lifetime). Browsers
revalidate with the ETag, answered 304 when nothing changed.
"""
from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, ParamSpec

from flask import current_app, g, make_response, request, session
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from scheduler.feeds.models import current_revision
from scheduler.ical.cache import LRU
from scheduler.languages import select_locale
from scheduler.security import made_for_someone

P = ParamSpec("P")
# Where a page's CSRF token goes; Flask-WTF hands out what g holds for the request.
PLACEHOLDER = "csrf-token-of-the-reader"
CSRF_FIELD = "csrf_token"  # Flask-WTF's default WTF_CSRF_FIELD_NAME, which we keep
# The session keeps flash messages here until a page shows them (Flask's own key).
FLASHES = "_flashes"
# The language follows Accept-Language, or the cookie a ?lang= choice left.
VARY = ("Accept-Language", "Cookie")
# What the entries' ages are measured by; tests put a clock of their own here.
clock: Callable[[], float] = time.monotonic


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str
    made_at: float
    etag: str

    @property
    def has_forms(self) -> bool:
        return PLACEHOLDER.encode() in self.body


# A rendered page is 20-200 kB: a few hundred of them per process.
CAPACITY_BYTES = 32 * 1024 * 1024
EXTENSION = "shared_pages"


def pages() -> LRU[Page]:
    """The app's pages: its own, as an app has one database (and revision)."""
    found: LRU[Page] = current_app.extensions.setdefault(
        EXTENSION, LRU(CAPACITY_BYTES, size=lambda page: len(page.body)))
    return found


def shared_page(view: Callable[P, ResponseReturnValue], *,
                fresh_with: Callable[P, Hashable] | None = None,
                ) -> Callable[P, ResponseReturnValue]:
    """`view` (a public GET page) served from `pages()` to anyone the answer is
    not made for; made for someone, it runs as it is. `fresh_with(view's
    arguments)`, when given, names more the page must never be older than."""

    @functools.wraps(view)
    def page(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if made_for_someone() or FLASHES in session:
            return view(*args, **kwargs)
        key = (request.url, select_locale(), g.language_refused, current_revision().value,
               fresh_with(*args, **kwargs) if fresh_with else None)
        now, lifetime = clock(), current_app.config["SEATS_REFRESH_SECONDS"]
        found = pages().get(key)
        if found is None or now - found.made_at >= lifetime:
            rendered = _render(view, *args, **kwargs)
            if rendered.status_code != 200:
                return _with_readers_token(rendered)
            found = Page(rendered.get_data(), rendered.content_type, now,
                         hashlib.sha256(rendered.get_data()).hexdigest()[:32])
            pages().put(key, found)
        return _answer(found, max(0, int(found.made_at + lifetime - now)))

    return page


def _render(view: Callable[..., ResponseReturnValue], *args: Any, **kwargs: Any) -> Response:
    setattr(g, CSRF_FIELD, PLACEHOLDER)
    try:
        return make_response(view(*args, **kwargs))
    finally:
        delattr(g, CSRF_FIELD)


def _with_readers_token(response: Response) -> Response:
    if PLACEHOLDER.encode() in response.get_data():
        response.set_data(response.get_data().replace(PLACEHOLDER.encode(),
                                                      generate_csrf().encode()))
    return response


def _token_generation() -> str:
    """What the reader's token depends on: a browser's copy holding one is still
    good while their session keeps the secret it was made from, and for half the
    tokens' lifetime (WTF_CSRF_TIME_LIMIT) at most."""
    secret = str(session[CSRF_FIELD])
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT", 3600)
    window = int(time.time() // (limit / 2)) if limit else 0
    return hashlib.sha256(f"{secret}:{window}".encode()).hexdigest()[:16]


def _answer(page: Page, max_age: int) -> Response:
    response = Response(page.body, content_type=page.content_type)
    if page.has_forms:
        _with_readers_token(response)
        response.set_etag(f"{page.etag}-{_token_generation()}")
    else:
        response.set_etag(page.etag)
    # A proxy may keep for everyone only what is everyone's: no token, no cookie
    # set. The visitor's own answer is checked again at each visit (a 304 when
    # unchanged), so the one who just booked sees their seat gone at once.
    if page.has_forms or g.language_choice:
        response.cache_control.private = True
        response.cache_control.no_cache = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = max_age
    response.vary.update(VARY)
    return response.make_conditional(request)
