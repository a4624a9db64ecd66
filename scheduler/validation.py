"""Refusing with every problem at once, so a form or an API client hears
about all bad fields together (the input models of scheduler.inputs build
theirs here too)."""
from __future__ import annotations

from typing import TypeVar

from flask_babel import gettext as _

from scheduler.errors import DomainError

T = TypeVar("T")


class FieldErrors:
    """Collects field problems; `raise_if_any` turns them into one DomainError."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, field: str, problem: str) -> None:
        self.fields.setdefault(field, problem)

    def raise_if_any(self) -> None:
        if self.fields:
            problems = "; ".join(f"{field} {problem}" for field, problem in self.fields.items())
            raise DomainError(_("Please correct: %(problems)s.", problems=problems),
                              fields=self.fields)


def present(value: T | None) -> T:
    """A value an earlier check has shown is there: a form's InputRequired, or
    a FieldErrors that raised when it was missing."""
    if value is None:
        raise ValueError("a required value was read before it was checked")
    return value
