"""The interface language: an explicit choice (?lang=, remembered in a cookie),
else the browser's Accept-Language, else English.

Organiser-written content (titles, descriptions) is never machine-translated:
organisers write it in other languages themselves (scheduler.localised)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import Babel

from scheduler.config import PROJECT_ROOT

DEFAULT = "en"
# Each language named in itself, the way a reader looks for it.
LANGUAGES = {"en": "English", "ru": "Русский", "ka": "ქართული"}
COOKIE = "lang"
CHOICE_ARG = "lang"
ONE_YEAR = 365 * 24 * 3600
# Long enough for any real language tag, short enough not to echo junk back.
LONGEST_CODE = 20

babel = Babel()


def init_languages(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_ROOT / "translations")
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(remember_choice)
    app.context_processor(language_context)


def language_context() -> dict[str, Any]:
    language = select_locale()
    return {"languages": LANGUAGES, "language": language, "language_url": language_url,
            "refused_language": g.language_refused if has_request_context() else None}


def select_locale() -> str:
    if not has_request_context():
        return DEFAULT
    if "language" not in g:
        g.language, g.language_choice, g.language_refused = _negotiate()
    language: str = g.language
    return language


def _negotiate() -> tuple[str, str | None, str | None]:
    """(language, a supported code just chosen, an unsupported code asked for)."""
    asked = request.args.get(CHOICE_ARG)
    remembered = request.cookies.get(COOKIE)
    refused = None
    for code, is_choice in ((asked, True), (remembered, False)):
        if code is None:
            continue
        if code in LANGUAGES:
            return code, code if is_choice else None, refused
        refused = refused or code[:LONGEST_CODE]
    best = request.accept_languages.best_match(LANGUAGES, default=DEFAULT)
    return best, None, refused


def chosen_in_address() -> str | None:
    """The supported language this very address asks for (?lang=), if any: a
    page shared or indexed with it opens in that language for everyone."""
    if not has_request_context():
        return None
    code = request.args.get(CHOICE_ARG)
    return code if code in LANGUAGES else None


def remember_choice(response: Response) -> Response:
    if not has_request_context() or "language" not in g:
        return response
    if g.language_choice:
        response.set_cookie(COOKIE, g.language_choice, max_age=ONE_YEAR, httponly=True,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    elif g.language_refused and request.cookies.get(COOKIE) == g.language_refused:
        response.delete_cookie(COOKIE)
    return response


def supported(code: str) -> str:
    """`code` if the site speaks it, else the default (a language since retired)."""
    return code if code in LANGUAGES else DEFAULT


def in_language(url: str, code: str) -> str:
    """`url` with `code` as the explicit choice: a link in an email opens its
    page in the email's language, on any device."""
    return f"{url}{'&' if '?' in url else '?'}{urlencode({CHOICE_ARG: code})}"


def language_url(code: str) -> str:
    """This page's address with `code` as the explicit choice, other arguments kept."""
    args = request.args.copy()
    args[CHOICE_ARG] = code
    return f"{request.script_root}{request.path}?{urlencode(list(args.items(multi=True)))}"
