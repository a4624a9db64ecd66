"""Checking real API responses against the OpenAPI document's schemas."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map

PREFIX = "/api/v1"


def template(rule: str) -> str:
    """A Werkzeug rule as an OpenAPI path: <int(...):venue_id> -> {venue_id}."""
    return re.sub(r"<(?:[^>]*:)?([^>:]+)>", r"{\1}", rule)[len(PREFIX):]


class ResponseChecker:
    """Validates responses of documented operations; remembers which it saw."""

    def __init__(self, document: dict, url_map: Map):
        self.document = document
        self.routes = url_map.bind("localhost")
        self.seen: set[tuple[str, str, int]] = set()

    def operation(self, method: str, url: str) -> tuple[str, dict] | None:
        try:
            rule, _ = self.routes.match(urlsplit(url).path, method=method, return_rule=True)
        except HTTPException:
            return None  # no such route or method: nothing documented to compare
        path = template(rule.rule)
        found = self.document["paths"].get(path, {}).get(method.lower())
        return (path, found) if found else None

    def check(self, method: str, url: str, response) -> None:
        found = self.operation(method, url)
        if found is None:
            return
        path, operation = found
        status = str(response.status_code)
        assert status in operation["responses"], (
            f"{method} {path} answered {status}, which the document does not list: "
            f"{response.get_data(as_text=True)[:500]}")
        content = operation["responses"][status].get("content")
        if content is None:
            assert response.get_data() == b"", f"{method} {path} {status} has a body"
        else:
            assert response.mimetype == "application/json"
            schema = content["application/json"]["schema"] | {
                "components": self.document["components"]}
            errors = sorted(Draft202012Validator(schema).iter_errors(response.get_json()),
                            key=str)
            assert not errors, f"{method} {path} {status}: {errors[0]}"
        self.seen.add((path, method.lower(), response.status_code))
