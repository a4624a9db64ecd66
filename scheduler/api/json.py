"""Reading JSON bodies and query strings, paging lists, and the common responses."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Response, jsonify, request
from flask_babel import gettext as _

from scheduler.api.fields import Integer, Spec
from scheduler.errors import DomainError
from scheduler.extensions import db
from scheduler.validation import FieldErrors

DEFAULT_LIMIT, MAX_LIMIT = 50, 500
# Far past any real list; keeps OFFSET within what every database accepts.
MAX_PAGE = 100_000
PAGING: Spec = {
    "limit": Integer(1, MAX_LIMIT, description=f"Items per page (default {DEFAULT_LIMIT})."),
    "page": Integer(1, MAX_PAGE, description="Page number, from 1."),
}


class BadRequest(DomainError):
    status = 400
    code = "bad_request"


class InvalidParameter(DomainError):
    status = 400
    code = "invalid_parameter"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def json_object() -> dict[str, Any]:
    """The request body as a JSON object (413 past MAX_CONTENT_LENGTH)."""
    if not request.is_json:
        raise UnsupportedMediaType(
            _("Send the body as JSON, with the header Content-Type: application/json."))
    try:
        document = json.loads(request.get_data(cache=False),
                              parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise BadRequest(_("The body is not valid JSON: %(problem)s at line %(line)s, "
                           "column %(column)s.", problem=exc.msg, line=exc.lineno,
                           column=exc.colno)) from exc
    except (ValueError, RecursionError) as exc:
        raise BadRequest(_("The body is not valid JSON (bad encoding, a number too large "
                           "or nesting too deep).")) from exc
    if not isinstance(document, dict):
        raise BadRequest(_("The body must be a JSON object: {...}."))
    return document


def read_body(spec: Spec, *, partial: bool = False) -> dict[str, Any]:
    """The body's fields, checked against `spec`; only those present are returned,
    so services apply their own defaults. `partial` (PATCH) requires none."""
    document = json_object()
    errors = FieldErrors()
    for name in sorted(document.keys() - spec.keys()):
        errors.add(name, _("unknown field"))
    values = {}
    for name, field in spec.items():
        if name not in document:
            if field.required and not partial:
                errors.add(name, _("is required"))
            continue
        values[name], problem = field.read(document[name])
        if problem:
            errors.add(name, problem)
    errors.raise_if_any()
    return values


def read_query(spec: Spec) -> dict[str, Any]:
    """The query-string parameters in `spec`; empty ones count as absent."""
    errors = FieldErrors()
    values = {}
    for name, field in spec.items():
        raw = request.args.get(name, "")
        if raw == "":
            continue
        values[name], problem = field.read(field.from_text(raw))
        if problem:
            errors.add(name, problem)
    if errors.fields:
        problems = "; ".join(f"{name} {problem}" for name, problem in errors.fields.items())
        raise InvalidParameter(_("Please correct the query: %(problems)s.", problems=problems),
                               fields=errors.fields)
    return values


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    next_url: str | None


def paged(statement: sa.Select[Any], args: dict[str, Any]) -> Page:
    """One page of the statement's rows (it must be ordered), and the next page's URL."""
    limit, number = args.get("limit", DEFAULT_LIMIT), args.get("page", 1)
    rows = list(db.session.scalars(statement.limit(limit + 1).offset((number - 1) * limit)))
    following = None
    if len(rows) > limit and number < MAX_PAGE:
        query = [(key, value) for key, value in request.args.items(multi=True)
                 if key != "page"]
        following = f"{request.base_url}?{urlencode([*query, ('page', number + 1)])}"
    return Page(rows[:limit], following)


def listing(items: list[dict[str, Any]], page: Page) -> Response:
    return jsonify(items=items, next=page.next_url)


def created(body: dict[str, Any],
            location: str | None = None) -> tuple[Response, int, dict[str, Any]]:
    return jsonify(body), 201, {"Location": location} if location else {}


def no_content() -> tuple[str, int]:
    return "", 204
