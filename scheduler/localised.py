"""Organiser content in the reader's language: the one rule for which text
of a title, description, synopsis, venue name or address is shown.

A row keeps its text as first written in its own columns and other languages
in `translations` ({"ru": {"title": "..."}, "ka": {...}}). A language without
a text for a field shows the text as first written.
"""
from __future__ import annotations

from typing import Protocol

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
