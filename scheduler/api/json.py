"""Reading JSON bodies and query strings, paging lists, and the common responses."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Response, jsonify, request
from flask_babel import gettext as _
from pydantic import Field

from scheduler.errors import DomainError
from scheduler.extensions import db
from scheduler.inputs import Between, Input, Whole

DEFAULT_LIMIT, MAX_LIMIT = 50, 500
# Far past any real list; keeps OFFSET within what every database accepts.
MAX_PAGE = 100_000


class Paging(Input):
    """A list's query string; lists with filters extend it."""

    limit: Annotated[Whole, Between(1, MAX_LIMIT)] = Field(
        DEFAULT_LIMIT, description=f"Items per page (default {DEFAULT_LIMIT}).")
    page: Annotated[Whole, Between(1, MAX_PAGE)] = Field(
        1, description="Page number, from 1.")


In = TypeVar("In", bound=Input)
Q = TypeVar("Q", bound=Paging)


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


def read_body(model: type[In]) -> In:
    """The body as `model`; a 422 names every bad or unknown field."""
    return model.parse(json_object())


def read_changes(current: In) -> In:
    """A PATCH: `current` with the body's fields changed, checked as a whole."""
    return current.changed(**json_object())


def read_query(model: type[Q]) -> Q:
    """The query-string parameters `model` names (others are not ours: `lang`);
    empty ones count as absent. A bad one is a 400."""
    names = {field.alias or name for name, field in model.model_fields.items()}
    given = {name: value for name, value in request.args.items()
             if name in names and value != ""}
    try:
        return model.parse(given, query=True)
    except DomainError as refusal:
        problems = "; ".join(f"{name} {problem}" for name, problem in refusal.fields.items())
        raise InvalidParameter(_("Please correct the query: %(problems)s.", problems=problems),
                               fields=refusal.fields) from None


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    next_url: str | None


def paged(statement: sa.Select[Any], args: Paging) -> Page:
    """One page of the statement's rows (it must be ordered), and the next page's URL."""
    limit, number = args.limit, args.page
    rows = list(db.session.scalars(statement.limit(limit + 1).offset((number - 1) * limit)))
    following = None
    if len(rows) > limit and number < MAX_PAGE:
        query = [(key, value) for key, value in request.args.items(multi=True)
                 if key != "page"]
        following = f"{request.base_url}?{urlencode([*query, ('page', number + 1)])}"
    return Page(rows[:limit], following)


def listing(items: Sequence[Mapping[str, object]], page: Page) -> Response:
    return jsonify(items=items, next=page.next_url)


def created(body: Mapping[str, object],
            location: str | None = None) -> tuple[Response, int, dict[str, Any]]:
    return jsonify(body), 201, {"Location": location} if location else {}


def no_content() -> tuple[str, int]:
    return "", 204
