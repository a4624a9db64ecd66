"""sitemap.xml: the published events, their timetables, their scheduled
sessions and the films screened at them, each page in every language
(hreflang alternates), with when it last changed. Past the protocol's 50,000
addresses a file, an index of numbered files."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from scheduler.dates import utc
from scheduler.discovery.addresses import language_alternates
from scheduler.events.models import Event, EventSession, EventStatus, SessionStatus
from scheduler.extensions import db
from scheduler.films.models import Film
from scheduler.urls import public_url

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
ElementTree.register_namespace("", SITEMAP)
ElementTree.register_namespace("xhtml", XHTML)
# Each page is listed once per language and once without one: four addresses,
# so a file holds 40,000 (the protocol allows 50,000, and 50 MB).
PAGES_PER_FILE = 10_000

# An event's id, slug, when it changed, and when its sessions last did.
EventRows = sa.Select[int, str, datetime, datetime]


@dataclass(frozen=True)
class Page:
    endpoint: str
    values: dict[str, Any]
    changed_at: datetime | None = None


@dataclass(frozen=True)
class Group:
    """Listed pages of one kind: how many, and a slice of them in a fixed order."""

    count: Callable[[], int]
    pages: Callable[[int, int], list[Page]]  # (offset, limit)


FIXED_PAGES = (Page("public.home", {}), Page("public.programme_page", {}))


def file_count() -> int:
    """How many sitemap files the pages fill (at least one)."""
    return max(1, -(-sum(group.count() for group in _groups()) // PAGES_PER_FILE))


def urlset(number: int) -> bytes:
    """File `number` (from 1): its pages, each in every language."""
    root = ElementTree.Element(f"{{{SITEMAP}}}urlset")
    for page in _pages_of_file(number):
        plain = public_url(page.endpoint, **page.values)
        alternates = language_alternates(plain)
        for _code, address in alternates:
            _url(root, address, page.changed_at, alternates)
    return _document(root)


def sitemap_index(file_address: Callable[[int], str]) -> bytes:
    root = ElementTree.Element(f"{{{SITEMAP}}}sitemapindex")
    for number in range(1, file_count() + 1):
        entry = ElementTree.SubElement(root, f"{{{SITEMAP}}}sitemap")
        ElementTree.SubElement(entry, f"{{{SITEMAP}}}loc").text = file_address(number)
    return _document(root)


def _url(root: ElementTree.Element, address: str, changed_at: datetime | None,
         alternates: tuple[tuple[str, str], ...]) -> None:
    url = ElementTree.SubElement(root, f"{{{SITEMAP}}}url")
    ElementTree.SubElement(url, f"{{{SITEMAP}}}loc").text = address
    if changed_at is not None:
        ElementTree.SubElement(url, f"{{{SITEMAP}}}lastmod").text = utc(changed_at)
    for code, other in alternates:
        ElementTree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=code,
                               href=other)


def _document(root: ElementTree.Element) -> bytes:
    document: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def _pages_of_file(number: int) -> Iterator[Page]:
    start, end = (number - 1) * PAGES_PER_FILE, number * PAGES_PER_FILE
    for group in _groups():
        count = group.count()
        if start < count and end > 0:
            yield from group.pages(max(start, 0), min(end, count) - max(start, 0))
        start, end = start - count, end - count


def _groups() -> list[Group]:
    return [
        Group(lambda: len(FIXED_PAGES),
              lambda offset, limit: list(FIXED_PAGES[offset:offset + limit])),
        _rows(_events(), Event.id, _event_page("public.event_page")),
        _rows(_timetables(), Event.id, _event_page("public.timetable_page")),
        _rows(_sessions(), EventSession.id, _session_page),
        _rows(_films(), Film.id, _film_page),
    ]


def _rows(statement: sa.Select[*tuple[Any, ...]], order: InstrumentedAttribute[int],
          to_page: Callable[[sa.Row[Any]], Page]) -> Group:
    def pages(offset: int, limit: int) -> list[Page]:
        rows = db.session.execute(statement.order_by(order).offset(offset).limit(limit))
        return [to_page(row) for row in rows]

    count = sa.select(sa.func.count()).select_from(statement.subquery())
    return Group(lambda: db.session.scalar(count) or 0, pages)


def _event_page(endpoint: str) -> Callable[[sa.Row[Any]], Page]:
    return lambda row: Page(endpoint, {"slug": row.slug}, _latest(row.updated_at, row.changed))


def _session_page(row: sa.Row[Any]) -> Page:
    return Page("public.session_page", {"session_id": row.id},
                _latest(row.updated_at, row.event_changed))


def _events() -> EventRows:
    changed = (sa.select(sa.func.max(EventSession.updated_at))
               .where(EventSession.event_id == Event.id).scalar_subquery())
    return (sa.select(Event.id, Event.slug, Event.updated_at, changed.label("changed"))
            .where(Event.status == EventStatus.published))


def _timetables() -> EventRows:
    # An event without a scheduled session has no timetable worth a visit.
    scheduled = sa.select(EventSession.id).where(
        EventSession.event_id == Event.id, EventSession.status == SessionStatus.scheduled)
    return _events().where(scheduled.exists())


def _sessions() -> sa.Select[int, datetime, datetime]:
    return (sa.select(EventSession.id, EventSession.updated_at,
                      Event.updated_at.label("event_changed"))
            .join(EventSession.event)
            .where(Event.status == EventStatus.published,
                   EventSession.status == SessionStatus.scheduled))


def _film_page(row: sa.Row[Any]) -> Page:
    return Page("public.film_page", {"film_id": row.id}, row.updated_at)


def _films() -> sa.Select[int, datetime]:
    """Films with a scheduled screening in a published event."""
    screened = (sa.select(EventSession.film_id).join(EventSession.event)
                .where(Event.status == EventStatus.published,
                       EventSession.status == SessionStatus.scheduled))
    return sa.select(Film.id, Film.updated_at).where(Film.id.in_(screened))


def _latest(*moments: datetime | None) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None
