"""Domain errors, and error responses: JSON envelopes under /api/, pages elsewhere."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}

# Werkzeug's own descriptions are in English; these say as much in the reader's language.
HTTP_MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Sign in first."),
    403: _l("You are not allowed to do this."),
    404: _l("There is nothing at this address. Check it for typing mistakes."),
    405: _l("This address does not accept that method."),
    413: _l("What was sent is too large."),
    415: _l("What was sent is not in a format this address accepts."),
    500: _l("Something went wrong on our side. Please try again later."),
    503: _l("The service is not available just now. Try again in a few seconds."),
}

# Errors that say the database cannot be reached or used just now (a restart,
# a dropped connection, an exhausted pool, a locked SQLite file), not that the
# request was wrong: a retry after a moment will likely work.
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)
DATABASE_RETRY_SECONDS = 5
# Requests that change nothing: running one again after a lost connection is harmless.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

T = TypeVar("T")


class DomainError(Exception):
    """A business rule said no. Services raise it; views and the API explain it.

    Messages are in the request's language (English outside a request); `code`
    is what clients rely on, and never translated."""

    status = 422
    code = "invalid"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None,
                 code: str | None = None, **details: Any) -> None:
        # Plain str, even from a lazy_gettext constant: JSON, flash and logs need one.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.fields = {name: str(problem) for name, problem in (fields or {}).items()}
        self.details = details
        if code:
            self.code = code


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_envelope(status: int, code: str, message: str,
                   fields: dict[str, str] | None = None, **details: Any) -> Response:
    body: dict[str, Any] = {"code": code, "message": message, **details}
    if fields:
        body["fields"] = fields
    response = jsonify(error=body)
    response.status_code = status
    return response


def http_message(error: HTTPException) -> str:
    """What went wrong, in the reader's language unless the raiser said it itself."""
    if isinstance(error, CSRFError):
        # Flask-WTF names the failed check in English; the reader needs what to do.
        return _("The form's security token (CSRF) is missing or has expired: go back, "
                 "reload the page and send the form again.")
    if error.description and error.description != type(error).description:
        return error.description
    known = HTTP_MESSAGES.get(error.code) if error.code is not None else None
    return str(known or error.description or error.name)


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    message = http_message(error)
    if wants_json():
        response = error_envelope(status, HTTP_CODES.get(status, "error"), message)
    else:
        response = current_app.response_class(
            render_template("errors/error.html", message=message, status=status),
            status=status)
    for name, value in error.get_headers():
        if name in ("Allow", "Retry-After"):
            response.headers[name] = value
    return response


def handle_domain_error(error: DomainError) -> ResponseReturnValue:
    if wants_json():
        return error_envelope(error.status, error.code, error.message,
                              error.fields, **error.details)
    return render_template("errors/error.html", message=error.message,
                           status=error.status), error.status


def handle_unexpected(error: Exception) -> Response:
    # Logged with its traceback; the user sees a plain page, never the trace.
    current_app.logger.exception("Unhandled error on %s %s (request %s)", request.method,
                                 request.path, g.get("request_id"))
    return handle_http_exception(InternalServerError())


def handle_database_unavailable(error: Exception) -> Response:
    current_app.logger.error("Database unavailable on %s %s (request %s): %s",
                             request.method, request.path, g.get("request_id"), error)
    outage = ServiceUnavailable(_("The database is not answering just now. "
                                  "Try again in a few seconds."),
                                retry_after=DATABASE_RETRY_SECONDS)
    if wants_json():
        return handle_http_exception(outage)
    # Rendered without the context processors: Flask-Login's would ask the
    # database who is signed in, and it is not answering.
    # An empty link reloads this very page; a form post starts again from home.
    page = current_app.jinja_env.get_template("errors/unavailable.html").render(
        error=outage, retry_url="" if request.method == "GET" else url_for("public.home"))
    response = current_app.response_class(page, status=503)
    response.headers["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    return response


def end_database_session(_error: BaseException | None) -> None:
    """Close the request's database session, even on a connection that died
    after the answer was made: that answer (a booking's 201, say) was already
    committed and stands; only the rollback of what followed fails."""
    from scheduler.extensions import db

    try:
        db.session.remove()
    except DATABASE_UNAVAILABLE as error:
        current_app.logger.warning("Database went away after request %s: %s",
                                   g.get("request_id"), error)
        db.session.registry.clear()  # the pool has dropped the dead connection


def retried_on_lost_connection(work: Callable[[], T]) -> T:
    """`work`, run once more when it met a pooled connection that had died
    (the database restarted since it was opened).

    Why not the pool's pre-ping: it costs a round trip before every checkout,
    more than a feed poll's one read. A restart kills every pooled connection
    at once; the first to be used fails with `connection_invalidated`, which
    also makes the pool drop all connections older than it, so one more try
    runs on a fresh one. Only for work that is safe to repeat (reads; see
    SchedulerApp): a write whose answer was lost is never run twice here.
    """
    try:
        return work()
    except sa_exc.DBAPIError as error:
        if not error.connection_invalidated:
            raise
    end_database_session(None)
    # Flask-Login's user, if it was loaded, belongs to the session just closed.
    g.pop("_login_user", None)
    return work()


def register_error_handlers(app: Flask) -> None:
    # Teardowns run last-registered first: this one before Flask-SQLAlchemy's,
    # which then finds nothing left to close.
    app.teardown_appcontext(end_database_session)
    app.register_error_handler(HTTPException, handle_http_exception)
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, handle_database_unavailable)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(Exception, handle_unexpected)
