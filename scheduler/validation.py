"""Checking the shape of input once, for the web forms and the JSON API alike.

Services collect every problem before refusing, so a form or an API client
hears about all bad fields at once.
"""
from __future__ import annotations

import enum
from dataclasses import Field, fields, replace
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar
from urllib.parse import urlsplit

from babel import Locale
from flask_babel import gettext as _, ngettext

from scheduler.errors import DomainError
from scheduler.plain_text import Flaw, flaw, normalised_line_ends

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")
COUNTRY_CODES = frozenset(code for code in Locale("en").territories
                          if isinstance(code, str) and len(code) == 2 and code.isalpha())


class InputRecord:
    """For frozen dataclasses of service input: read one from a row, or
    derive one with some fields changed (how edits and PATCHes are merged)."""

    if TYPE_CHECKING:  # every subclass is a dataclass
        __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @classmethod
    def of(cls, row: object) -> Self:
        return cls(**{field.name: getattr(row, field.name) for field in fields(cls)})

    def changed(self, **changes: Any) -> Self:
        return replace(self, **changes)


class FieldErrors:
    """Collects field problems; `raise_if_any` turns them into one DomainError."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, field: str, problem: str) -> None:
        self.fields.setdefault(field, problem)

    def text(self, field: str, value: object, *, max_length: int,
             required: bool = True, multiline: bool = False) -> str:
        """Organiser and attendee text, stripped: one line unless `multiline`
        (descriptions, synopses, postal addresses), never control characters."""
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(field, _("must be text"))
            return ""
        value = value.strip()
        if multiline:
            value = normalised_line_ends(value)
        problem = flaw(value, multiline=multiline)
        if problem is Flaw.line_break:
            self.add(field, _("must be a single line"))
        elif problem is Flaw.control:
            self.add(field, _("must not contain control characters"))
        elif required and not value:
            self.add(field, _("is required"))
        elif len(value) > max_length:
            self.add(field, ngettext("must be at most %(num)s character",
                                      "must be at most %(num)s characters", max_length))
        return value

    def integer(self, field: str, value: object, *, minimum: int, maximum: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(field, _("must be a whole number"))
            return minimum
        if not minimum <= value <= maximum:
            self.add(field, _("must be between %(minimum)s and %(maximum)s",
                               minimum=minimum, maximum=maximum))
        return value

    def choice(self, field: str, value: object, options: type[E]) -> E | None:
        try:
            return options(value)
        except ValueError:
            allowed = ", ".join(member.value for member in options)
            self.add(field, _("must be one of: %(allowed)s", allowed=allowed))
            return None

    def country(self, field: str, value: object) -> str:
        code = self.text(field, value, max_length=2).upper()
        if code and code not in COUNTRY_CODES:
            self.add(field, _("must be an ISO 3166-1 alpha-2 country code, such as GE"))
        return code

    def url(self, field: str, value: object) -> str | None:
        text = self.text(field, value, max_length=500, required=False)
        if not text:
            return None
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.add(field, _("must be an http:// or https:// address"))
        return text

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
