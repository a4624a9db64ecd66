"""Declared fields of request bodies and query strings.

Each endpoint declares its fields once, as data. The same declaration checks a
request and describes it in the OpenAPI document, so the two cannot drift: what
the document calls invalid, the API refuses. Rules about other rows (an unknown
venue, a venue that is busy) and between fields (an end after the start) stay
in the services.
"""
from __future__ import annotations

import abc
import enum
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _, ngettext

from scheduler.ids import MAX_ID

ID = "int"  # the app's id converter (scheduler.ids), as routes name it

NO_NUL = "^[^\\u0000]*$"
# Some non-space character, and no NUL anywhere (services strip and refuse both).
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
# ISO 8601 as the API takes it, years 2000 to 2100 (what the services accept).
MONTH_DAY = ("((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)"
             "|(0[13578]|1[02])-31|02-29)")
DATE = f"(20[0-9]{{2}}|2100)-{MONTH_DAY}"
HOUR_MINUTE = "([01][0-9]|2[0-3]):[0-5][0-9]"
TIME = f"T{HOUR_MINUTE}(:[0-5][0-9](\\.[0-9]{{1,6}})?)?(Z|[+-]{HOUR_MINUTE})?"
Problem = str | None


@dataclass(frozen=True, kw_only=True)
class Field(abc.ABC):
    """One field: its JSON Schema, and the check that matches it."""

    required: bool = False
    nullable: bool = False
    description: str = ""

    def schema(self) -> dict[str, Any]:
        schema = self._schema()
        if self.nullable:
            schema["type"] = [schema["type"], "null"]
        if self.description:
            schema["description"] = self.description
        return schema

    def read(self, value: object) -> tuple[object, Problem]:
        if value is None:
            return None, None if self.nullable else _("must not be null")
        return self._read(value)

    def from_text(self, raw: str) -> object:
        """The value a query-string parameter stands for."""
        return raw

    @abc.abstractmethod
    def _schema(self) -> dict[str, Any]:
        """The schema of a present, non-null value."""

    @abc.abstractmethod
    def _read(self, value: object) -> tuple[object, Problem]:
        """The value to pass on, and what is wrong with it if anything."""


@dataclass(frozen=True)
class Text(Field):
    max_length: int
    min_length: int = 0
    # Required text must say something; a password may be all spaces.
    blank: bool | None = None
    format: str = ""  # a JSON Schema format, such as "email", that the service checks

    @property
    def allows_blank(self) -> bool:
        return not self.required if self.blank is None else self.blank

    def _schema(self) -> dict[str, Any]:
        schema = {"type": "string", "maxLength": self.max_length,
                  "pattern": NO_NUL if self.allows_blank else NOT_BLANK}
        if self.min_length:
            schema["minLength"] = self.min_length
        if self.format:
            schema["format"] = self.format
        return schema

    def _read(self, value: object) -> tuple[object, Problem]:
        if not isinstance(value, str):
            return value, _("must be text")
        if "\x00" in value:
            return value, _("must not contain NUL characters")
        if not value.isascii() and not _encodable(value):
            return value, _("must be valid Unicode (no lone surrogates)")
        if len(value) > self.max_length:
            return value, ngettext("must be at most %(num)s character",
                                   "must be at most %(num)s characters", self.max_length)
        if len(value) < self.min_length:
            return value, ngettext("must be at least %(num)s character",
                                   "must be at least %(num)s characters", self.min_length)
        if not (self.allows_blank or value.strip()):
            return value, _("is required")
        return value, None


def _encodable(text: str) -> bool:
    # JSON's \ud800 escapes decode to lone surrogates, which no database can store.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Integer(Field):
    minimum: int
    maximum: int

    def _schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def _read(self, value: object) -> tuple[object, Problem]:
        # JSON has one number type: 12.0 is the integer 12, but true is not 1.
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return value, _("must be a whole number")
        if not self.minimum <= value <= self.maximum:
            return value, _("must be between %(minimum)s and %(maximum)s",
                             minimum=self.minimum, maximum=self.maximum)
        return value, None

    def from_text(self, raw: str) -> object:
        return int(raw) if re.fullmatch("-?[0-9]{1,12}", raw) else raw


def Id(**options: Any) -> Integer:  # CamelCase: reads as a field type
    return Integer(1, MAX_ID, **options)


@dataclass(frozen=True)
class Choice(Field):
    values: tuple[str, ...]
    problem: str = ""  # lazy_gettext, for long lists, instead of naming every value

    def _schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}

    def _read(self, value: object) -> tuple[object, Problem]:
        if value not in self.values:
            return value, self.problem or _("must be one of: %(allowed)s",
                                            allowed=", ".join(self.values))
        return value, None


def values_of(options: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(member.value for member in options)


@dataclass(frozen=True)
class DateTime(Field):
    """ISO 8601. Without an offset a time stays naive: wall-clock time at the
    venue, for sessions. `in_utc` (filters): a bare date is midnight, a naive
    time is UTC, and the value is an aware UTC instant."""

    in_utc: bool = False

    @property
    def pattern(self) -> str:
        return f"^{DATE}({TIME})?$" if self.in_utc else f"^{DATE}{TIME}$"

    def _schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern}

    def _read(self, value: object) -> tuple[object, Problem]:
        example = "2026-12-14" if self.in_utc else "2026-12-14T19:00"
        problem = _("must be an ISO 8601 date and time in 2000-2100, such as %(example)s",
                    example=example)
        if not isinstance(value, str) or not re.fullmatch(self.pattern, value):
            return value, problem
        try:
            moment = datetime.fromisoformat(value)
            if self.in_utc:
                moment = moment.replace(tzinfo=moment.tzinfo or UTC)
                moment = moment.astimezone(UTC)
        except (ValueError, OverflowError):
            return value, problem
        return moment, None


Spec = dict[str, Field]


def object_schema(spec: Spec, *, partial: bool = False) -> dict[str, Any]:
    """The JSON Schema of a body with these fields."""
    schema = {"type": "object", "additionalProperties": False,
              "properties": {name: field.schema() for name, field in spec.items()}}
    required = [name for name, field in spec.items() if field.required]
    if required and not partial:
        schema["required"] = required
    return schema
