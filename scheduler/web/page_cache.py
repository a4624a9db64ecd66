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

With PAGE_CACHE_URI set, a process about to render a page first asks the
site's other processes and servers for theirs (scheduler.web.page_sharing):
each page is then rendered once per lifetime for the whole site.
"""
from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any, ParamSpec

from flask import Flask, current_app, g, make_response, request, session
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from scheduler.feeds.models import current_revision
from scheduler.ical.cache import LRU
from scheduler.languages import select_locale
from scheduler.security import made_for_someone
from scheduler.web.page_sharing import SharedEntries

P = ParamSpec("P")
# Where a page's CSRF token goes; Flask-WTF hands out what g holds for the request.
PLACEHOLDER = "csrf-token-of-the-reader"
CSRF_FIELD = "csrf_token"  # Flask-WTF's default WTF_CSRF_FIELD_NAME, which we keep
# The session keeps flash messages here until a page shows them (Flask's own key).
FLASHES = "_flashes"
# The language follows Accept-Language, or the cookie a ?lang= choice left.
VARY = ("Accept-Language", "Cookie")
# What the entries' ages are measured by: wall-clock seconds, as entries lent
# between servers carry theirs. Tests put a clock of their own here.
clock: Callable[[], float] = time.time


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str
    made_at: float
    etag: str

    @property
    def has_forms(self) -> bool:
        return PLACEHOLDER.encode() in self.body

    def packed(self) -> bytes:
        return f"{self.made_at!r}\n{self.content_type}\n{self.etag}\n".encode() + self.body

    @classmethod
    def unpacked(cls, packed: bytes) -> Page:
        made_at, content_type, etag, body = packed.split(b"\n", 3)
        return cls(body, content_type.decode(), float(made_at), etag.decode())


# A rendered page is 20-200 kB: a few hundred of them per process.
CAPACITY_BYTES = 32 * 1024 * 1024
EXTENSION = "shared_pages"
LENDING = "pages_lent"
# A process rendering a page the others lack claims it this long: when a page
# expires under load, one process renders it instead of every one at once.
CLAIM_SECONDS = 5.0
AWAIT_STEP_SECONDS = 0.01


def init_page_cache(app: Flask) -> None:
    """With PAGE_CACHE_URI, share rendered pages through it (a bad address is
    refused at start)."""
    if app.config["PAGE_CACHE_URI"]:
        app.extensions[LENDING] = SharedEntries(app.config["PAGE_CACHE_URI"],
                                                app.config["PAGE_CACHE_KEY_PREFIX"])


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
            made = _made_once(key, now, lifetime, functools.partial(_render, view, *args,
                                                                    **kwargs))
            if isinstance(made, Response):
                return _with_readers_token(made)
            found = made
            pages().put(key, found)
        return _answer(found, max(0, int(found.made_at + lifetime - now)))

    return page


def _made_once(key: Hashable, now: float, lifetime: float,
               render: Callable[[], Response]) -> Page | Response:
    """The page under `key`, rendered here or, with PAGE_CACHE_URI, by one
    process of the site while the others wait for it and take theirs from it.
    An answer other than 200 is returned as it is, kept by no one."""
    lending: SharedEntries | None = current_app.extensions.get(LENDING)
    if lending is None:
        return _made(render, now)
    found = _lent(lending, key, now, lifetime)
    claimed = found is None and lending.claim(key, CLAIM_SECONDS)
    if found is None and not claimed:
        found = _awaited(lending, key, lifetime)
    if found is not None:
        return found
    try:
        made = _made(render, clock())
        if isinstance(made, Page):
            lending.keep(key, made.packed(), lifetime)
        return made
    finally:
        if claimed:
            lending.release(key)


def _made(render: Callable[[], Response], now: float) -> Page | Response:
    rendered = render()
    if rendered.status_code != 200:
        return rendered
    return Page(rendered.get_data(), rendered.content_type, now,
                hashlib.sha256(rendered.get_data()).hexdigest()[:32])


def _lent(lending: SharedEntries, key: Hashable, now: float, lifetime: float) -> Page | None:
    """The page another process rendered, if it has some lifetime left."""
    found = lending.fetch(key)
    if found is None:
        return None
    packed, seconds_left = found
    try:
        page = Page.unpacked(packed)
    except ValueError:  # not a page as this version packs one (a deploy under way)
        return None
    # As old as the older of two clocks says: the server that made it may run behind.
    age = max(now - page.made_at, lifetime - seconds_left)
    return replace(page, made_at=now - age) if age < lifetime else None


def _awaited(lending: SharedEntries, key: Hashable, lifetime: float) -> Page | None:
    """The page another process is rendering, once it is there; None if it is
    not there within CLAIM_SECONDS (that process may have stopped)."""
    deadline = time.monotonic() + CLAIM_SECONDS
    while time.monotonic() < deadline:
        time.sleep(AWAIT_STEP_SECONDS)
        found = _lent(lending, key, clock(), lifetime)
        if found is not None:
            return found
    return None


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
