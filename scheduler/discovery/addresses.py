"""A public page's canonical address and the same page in each language."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scheduler.languages import LANGUAGES, in_language
from scheduler.urls import public_url

# The page without ?lang= negotiates its language: the one for readers whose
# language none of the others match.
X_DEFAULT = "x-default"


@dataclass(frozen=True)
class PageAddress:
    canonical: str
    # (hreflang, absolute address): each language, then x-default.
    alternates: tuple[tuple[str, str], ...]


def page_address(endpoint: str, chosen: str | None, **values: Any) -> PageAddress:
    """The absolute address of `endpoint` with its route's values only (no
    filters, paging or tracking arguments), in the language the visited
    address chose (`chosen`, from ?lang=), else negotiated."""
    plain = public_url(endpoint, **values)
    return PageAddress(
        canonical=in_language(plain, chosen) if chosen else plain,
        alternates=language_alternates(plain))


def language_alternates(plain: str) -> tuple[tuple[str, str], ...]:
    return (*((code, in_language(plain, code)) for code in LANGUAGES), (X_DEFAULT, plain))
