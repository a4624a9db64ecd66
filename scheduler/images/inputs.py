"""What an organiser gives with an image: its alt text, in one language or more."""
from __future__ import annotations

from typing import Self

from flask_babel import gettext as _
from pydantic import Field, model_validator

from scheduler.inputs import Input, OneLine, refuse

MAX_ALT = 300


class AltInput(Input):
    """Alt text by language; a screen reader user hears one of them."""

    en: OneLine = Field("", max_length=MAX_ALT)
    ru: OneLine = Field("", max_length=MAX_ALT)
    ka: OneLine = Field("", max_length=MAX_ALT)

    @model_validator(mode="after")
    def _one_given(self) -> Self:
        if not (self.en or self.ru or self.ka):
            raise refuse(_("describe the image in at least one language"))
        return self

    def texts(self) -> dict[str, str]:
        return {code: text for code, text in self.model_dump().items() if text}
