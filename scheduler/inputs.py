"""Input models: what each use case takes, checked once.

The JSON API parses a body into an area's input model, a form hands its data
to the same model, and the service takes the model; the OpenAPI document is
generated from it. The types here are the shapes every area shares. Rules
about other rows (an unknown venue, a busy one) stay in the services.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, Self, TypeVar
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _, ngettext
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import ErrorDetails, PydanticCustomError, core_schema

from scheduler.ids import MAX_ID
from scheduler.plain_text import Flaw, flaw, normalised_line_ends
from scheduler.validation import FieldErrors

# Our own error type: its context carries the problem, already in the reader's language.
PROBLEM = "problem"
# ISO 8601 as the API takes it, years 2000 to 2100 (what the services accept).
MONTH_DAY = ("((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)"
             "|(0[13578]|1[02])-31|02-29)")
DATE = f"(20[0-9]{{2}}|2100)-{MONTH_DAY}"
HOUR_MINUTE = "([01][0-9]|2[0-3]):[0-5][0-9]"
TIME = f"T{HOUR_MINUTE}(:[0-5][0-9](\\.[0-9]{{1,6}})?)?(Z|[+-]{HOUR_MINUTE})?"
LOCAL_OR_INSTANT_PATTERN = f"^{DATE}{TIME}$"
DAY_OR_INSTANT_PATTERN = f"^{DATE}({TIME})?$"
NO_NUL = "^[^\\u0000]*$"
ONE_LINE = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$"
MULTI_LINE = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"


def refuse(problem: str) -> PydanticCustomError:
    """A field problem in the reader's language, as pydantic carries it."""
    return PydanticCustomError(PROBLEM, "{problem}", {"problem": str(problem)})


def _text(value: object, *, multiline: bool) -> object:
    # Not text: left to pydantic, which says so ("must be text").
    if not isinstance(value, str):
        return value
    value = value.strip()
    if multiline:
        value = normalised_line_ends(value)
    problem = flaw(value, multiline=multiline)
    if problem is Flaw.line_break:
        raise refuse(_("must be a single line"))
    if problem is Flaw.control:
        raise refuse(_("must not contain control characters"))
    return value


def _one_line(value: object) -> object:
    return _text(value, multiline=False)


def _multi_line(value: object) -> object:
    return _text(value, multiline=True)


def _no_nul(value: object) -> object:
    if isinstance(value, str) and "\x00" in value:
        raise refuse(_("must not contain NUL characters"))
    return value


@dataclass(frozen=True)
class Pattern:
    """A pattern the OpenAPI document gives a text: a rule the validators
    enforce (with their own words), written so clients and fuzzers can follow it."""

    regex: str

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return handler(schema) | {"pattern": self.regex}


# Organiser and attendee text, stripped, never with control characters: one
# line (titles, names), or several (descriptions, synopses, postal addresses).
# Field(min_length=1) makes one required: it must say something.
OneLine = Annotated[str, BeforeValidator(_one_line), Pattern(ONE_LINE)]
MultiLine = Annotated[str, BeforeValidator(_multi_line), Pattern(MULTI_LINE)]
# Kept as typed (a password may be all spaces), but never with NUL.
Secret = Annotated[str, BeforeValidator(_no_nul), WithJsonSchema(
    {"type": "string", "pattern": NO_NUL})]


def _whole(value: object, info: ValidationInfo) -> object:
    # JSON has one number type: 12.0 is the integer 12, but true is not 1.
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and info.context and info.context.get("query") \
            and re.fullmatch("-?[0-9]{1,12}", value):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise refuse(_("must be a whole number"))
    return value


@dataclass(frozen=True)
class Between:
    """A whole number from `minimum` to `maximum`, said in one message."""

    minimum: int
    maximum: int

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return handler(schema) | {"minimum": self.minimum, "maximum": self.maximum}

    def _check(self, value: int) -> int:
        if not self.minimum <= value <= self.maximum:
            raise refuse(_("must be between %(minimum)s and %(maximum)s",
                           minimum=self.minimum, maximum=self.maximum))
        return value


Whole = Annotated[int, BeforeValidator(_whole)]
Id = Annotated[Whole, Between(1, MAX_ID)]


def _moment(pattern: str, example: str, value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(pattern, value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:  # 29 February of a common year
            pass
    raise refuse(_("must be an ISO 8601 date and time in 2000-2100, such as %(example)s",
                   example=example))


def _local_or_instant(value: object) -> datetime:
    return _moment(LOCAL_OR_INSTANT_PATTERN, "2026-12-14T19:00", value)


def _in_utc(value: object) -> datetime:
    moment = _moment(DAY_OR_INSTANT_PATTERN, "2026-12-14", value)
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)


# Without an offset: wall-clock time where it happens (a session's venue),
# kept naive for the service to place; with one, that instant.
LocalOrInstant = Annotated[datetime, BeforeValidator(_local_or_instant), WithJsonSchema(
    {"type": "string", "pattern": LOCAL_OR_INSTANT_PATTERN})]
# For filters: a bare date is midnight, a naive time is UTC; always aware UTC.
UtcMoment = Annotated[datetime, BeforeValidator(_in_utc), WithJsonSchema(
    {"type": "string", "pattern": DAY_OR_INSTANT_PATTERN})]


def _web_address(value: str | None) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise refuse(_("must be an http:// or https:// address"))
    return value


# An http(s) address; empty is none.
WebAddress = Annotated[str | None, BeforeValidator(_one_line), AfterValidator(_web_address),
                       Pattern("^(https?://[^\\u0000-\\u0020/?#].*)?$")]


def _email(value: str) -> str:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise refuse(_("not a valid address")) from None
    return value.lower()


# An email address as stored: checked, lower case (accounts and bookings match on it).
Email = Annotated[OneLine, AfterValidator(_email), Field(min_length=1, max_length=254),
                  WithJsonSchema({"type": "string", "format": "email", "maxLength": 254})]


def _problem(error: ErrorDetails) -> str:
    kind, context = error["type"], error.get("ctx", {})
    if kind == "missing":
        return _("is required")
    if kind == "extra_forbidden":
        return _("unknown field")
    if error.get("input", "") is None:
        return _("must not be null")
    if kind == PROBLEM:
        return str(context["problem"])
    if kind == "string_too_long":
        return ngettext("must be at most %(num)s character",
                        "must be at most %(num)s characters", context["max_length"])
    if kind == "string_too_short":
        return _("is required") if context["min_length"] == 1 else ngettext(
            "must be at least %(num)s character", "must be at least %(num)s characters",
            context["min_length"])
    if kind == "literal_error":
        allowed = ", ".join(re.findall("'([^']*)'", str(context["expected"])))
        return _("must be one of: %(allowed)s", allowed=allowed)
    if kind == "enum":
        allowed = ", ".join(re.findall("'([^']*)'", str(context["expected"])))
        return _("must be one of: %(allowed)s", allowed=allowed)
    if kind == "string_unicode":
        return _("must be valid Unicode (no lone surrogates)")
    return _("must be text") if kind.startswith("string") else error["msg"]


def field_problems(error: ValidationError) -> dict[str, str]:
    """Each bad field's first problem, in the reader's language."""
    problems: dict[str, str] = {}
    for detail in error.errors():
        name = ".".join(str(part) for part in detail["loc"]) or "body"
        problems.setdefault(name, _problem(detail))
    return problems


class Input(BaseModel):
    """A use case's input. `parse` refuses with a DomainError naming every bad
    field (the 422 the API and the forms show); edits re-check the merged whole."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @classmethod
    def parse(cls, data: Mapping[str, Any], *, query: bool = False) -> Self:
        try:
            return cls.model_validate(data, context={"query": query})
        except ValidationError as error:
            errors = FieldErrors()
            for name, problem in field_problems(error).items():
                errors.add(name, problem)
            errors.raise_if_any()
            raise

    @classmethod
    def of(cls, row: object) -> Self:
        """A row's current values, as the starting point of an edit."""
        return cls.model_construct(**{name: getattr(row, name) for name in cls.model_fields})

    def changed(self, /, **changes: Any) -> Self:
        """These values with some changed, checked again as a whole."""
        return self.parse(self.model_dump() | changes)


class Texts(Input):
    """One language's texts of a row (see scheduler.localised): the subclass
    names the row's translatable fields with the limits of the base fields."""


# The languages content may be written in (the interface's, scheduler.languages).
ContentLanguage = Literal["en", "ru", "ka"]
T = TypeVar("T", bound=Texts)


def _none_is_empty(value: object) -> object:
    # A row written before translations existed holds NULL.
    return {} if value is None else value


def _filled(value: Mapping[str, Texts | Mapping[str, str]] | None) -> dict[str, dict[str, str]]:
    """Only the texts given: an empty field or language is not stored (an
    edit starts from the row's stored value: NULL, or plain dicts)."""
    dumped = {code: texts.model_dump() if isinstance(texts, Texts) else dict(texts)
              for code, texts in (value or {}).items()}
    kept = {code: {field: text for field, text in texts.items() if text}
            for code, texts in dumped.items()}
    return {code: texts for code, texts in kept.items() if texts}


# A row's texts in other languages: {"ru": {"title": "..."}, "ka": {...}}.
Translations = Annotated[
    dict[ContentLanguage, T], BeforeValidator(_none_is_empty),
    PlainSerializer(_filled, return_type=dict[str, dict[str, str]]),
    Field(default_factory=dict,
          description="Texts in other languages, shown to readers of that language; "
          "a text not given falls back to the one as first written.")]
