"""What an organiser gives for a registration question, from the API or the
organiser's question form: the one description of a question."""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from flask_babel import gettext as _
from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from scheduler.inputs import Between, Input, OneLine, Pattern, Whole, refuse
from scheduler.registration.questions_models import CHOICE_KINDS, QuestionKind

MAX_LABEL, MAX_HELP, MAX_OPTIONS, MAX_POSITION = 500, 1000, 100, 10_000
Language = Literal["en", "ru", "ka"]
OPTION_VALUE = "^[a-z0-9][a-z0-9_-]*$"


def _something_written(texts: dict[str, str]) -> dict[str, str]:
    written = {language: text for language, text in texts.items() if text}
    if not written:
        raise refuse(_("must be written in at least one language"))
    return written


def _only_written(texts: dict[str, str]) -> dict[str, str]:
    return {language: text for language, text in texts.items() if text}


def _option_value(value: str) -> str:
    if not re.fullmatch(OPTION_VALUE, value):
        raise refuse(_("must be lower-case letters, digits, - and _, such as ngo"))
    return value


# Text in the interface languages: {"en": "...", "ru": "...", "ka": "..."}.
Label = Annotated[dict[Language, Annotated[OneLine, Field(max_length=MAX_LABEL)]],
                  AfterValidator(_something_written)]
Help = Annotated[dict[Language, Annotated[OneLine, Field(max_length=MAX_HELP)]],
                 AfterValidator(_only_written)]
OptionValue = Annotated[OneLine, Field(min_length=1, max_length=50),
                        AfterValidator(_option_value), Pattern(OPTION_VALUE)]


class OptionInput(Input):
    """One choice: the value answers store, and its label."""

    value: OptionValue
    label: Label


class QuestionInput(Input):
    kind: QuestionKind
    label: Label
    help: Help = Field(default_factory=dict)
    required: bool = False
    options: list[OptionInput] = Field(
        default_factory=list, max_length=MAX_OPTIONS, validate_default=True,
        description="Choice kinds only (at least two); values unique.")
    position: Annotated[Whole, Between(0, MAX_POSITION)] | None = Field(
        None, description="Place in the form, from 0; by default after the others.")

    @field_validator("options")
    @classmethod
    def _options_fit_kind(cls, options: list[OptionInput],
                          info: ValidationInfo) -> list[OptionInput]:
        kind = info.data.get("kind")  # absent when the kind itself was refused
        if kind in CHOICE_KINDS:
            if len(options) < 2:
                raise refuse(_("a choice needs at least two options"))
            values = [option.value for option in options]
            if len(set(values)) != len(values):
                raise refuse(_("each option needs its own value"))
        elif options:
            raise refuse(_("only choice questions have options"))
        return options

    @classmethod
    def of(cls, row: object) -> QuestionInput:
        """A question's current values (options as inputs), the start of an edit."""
        return cls.parse({name: getattr(row, name) for name in cls.model_fields})

    def stored(self) -> dict[str, Any]:
        """The columns it sets (the position is the service's to place)."""
        return {"kind": self.kind, "label": dict(self.label), "help": dict(self.help),
                "required": self.required,
                "options": [option.model_dump() for option in self.options]}
