"""Organiser content in the reader's language: the one rule for which text
of a title, description, synopsis, venue name or address is shown.

A row keeps its text as first written in its own columns and other languages
in `translations` ({"ru": {"title": "..."}, "ka": {...}}). A language without
a text for a field shows the text as first written.
"""
from __future__ import annotations

from typing import Any, Protocol

import sqlalchemy as sa
from flask_babel import get_locale

from scheduler.languages import LANGUAGES

# The languages content may be written in: those of the interface.
CONTENT_LANGUAGES = tuple(LANGUAGES)
# A row's other languages: language code -> field -> text (never empty).
Translations = dict[str, dict[str, str]]


class Translated(Protocol):
    @property
    def translations(self) -> Translations | None: ...


def localised(row: Translated, field: str, locale: str | None) -> str:
    """`field` of `row` in `locale`, else as first written; `locale` None:
    as first written (organiser pages, feeds without ?lang=)."""
    base: str = getattr(row, field)
    if locale is None:
        return base
    return (row.translations or {}).get(locale, {}).get(field) or base


def languages_of(row: Translated) -> list[str]:
    """The languages `row` has any translated text in."""
    return sorted(code for code, texts in (row.translations or {}).items() if texts)


def reader_language() -> str:
    """The language texts are shown in now: the page's, or the one an email is
    being written in (flask_babel.force_locale)."""
    locale = get_locale()
    return str(locale) if locale else "en"


def in_reader_language(row: Translated, field: str) -> str:
    """`field` of `row` in the reader's language (the `localised` template filter)."""
    return localised(row, field, reader_language())


def in_every_language(model: Any, field: str) -> list[sa.ColumnElement[str]]:
    """`field` of `model` as first written and in each language it may be
    translated into: what a search looks through (JSON paths work alike on
    SQLite and PostgreSQL)."""
    translations = model.translations
    return [getattr(model, field),
            *(translations[(code, field)].as_string() for code in CONTENT_LANGUAGES)]
