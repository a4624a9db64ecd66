"""What each public page tells link previews and search engines, built in one
function per kind of page: a `Share` the page's head renders (link previews,
canonical address and languages, schema.org data).

A new public page (a film page, say) builds its own with `share_page`; an
image, such as a poster, goes in as an absolute `image_url`."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from scheduler.dates import date_span, local_datetime
from scheduler.discovery import structured
from scheduler.discovery.addresses import PageAddress, page_address
from scheduler.discovery.outline import Outline, outline
from scheduler.discovery.text import summary
from scheduler.events.models import Event, EventSession, EventStatus
from scheduler.films.models import Film
from scheduler.images.models import Image
from scheduler.languages import LANGUAGES, chosen_in_address, select_locale
from scheduler.localised import in_reader_language as text_of, reader_language
from scheduler.urls import public_url

SITE_NAME = "Scheduler"
# About what previews show before they cut the text themselves.
DESCRIPTION_LENGTH = 200
# Open Graph names locales language_TERRITORY.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "ru": "ru_RU", "ka": "ka_GE"}


@dataclass(frozen=True)
class Share:
    title: str
    description: str
    address: PageAddress
    locale: str
    alternate_locales: tuple[str, ...]
    image_url: str | None = None
    image_alt: str = ""
    # Drafts are seen only by their organisers; no engine should keep them.
    indexable: bool = True
    structured_data: structured.JsonLd | None = None
    site_name: str = SITE_NAME


def share_page(title: str, description: str, endpoint: str, *,
               image_url: str | None = None, image_alt: str = "", indexable: bool = True,
               structured_data: structured.JsonLd | None = None, **values: Any) -> Share:
    """The page of `endpoint` with `values` (its route's arguments), in the
    language of this request; the description is trimmed for previews."""
    language = select_locale()
    return Share(
        title=title, description=summary(description, DESCRIPTION_LENGTH),
        address=page_address(endpoint, chosen_in_address(), **values),
        locale=OPEN_GRAPH_LOCALES[language],
        alternate_locales=tuple(OPEN_GRAPH_LOCALES[code] for code in LANGUAGES
                                if code != language),
        image_url=image_url, image_alt=image_alt, indexable=indexable,
        structured_data=structured_data)


def home_share() -> Share:
    return share_page(
        _("Programme"),
        _("Trainings, study visits, screenings, panels and dialogues open for registration."),
        "public.home")


def programme_share() -> Share:
    # Filters and pages are views of the one programme: its address has none.
    return share_page(
        _("Programme"),
        _("Every upcoming session: screenings, trainings, study visits, panels and dialogues."),
        "public.programme_page")


def image_address(image: Image | None) -> str | None:
    """The absolute address of an image's largest width, for previews and JSON-LD."""
    return public_url("public.media", name=image.largest) if image else None


def _alt(image: Image | None, fallback: str) -> str:
    return image.alt_in(select_locale()) if image else fallback


def event_share(event: Event, now: datetime) -> Share:
    shape, image_url = outline(event, now), image_address(event.banner)
    title = text_of(event, "title")
    share = share_page(title, _event_description(event, shape), "public.event_page",
                       slug=event.slug, image_url=image_url,
                       image_alt=_alt(event.banner, title),
                       indexable=event.status is not EventStatus.draft)
    if shape is None:  # no start date, so no schema.org Event
        return share
    data = structured.event_document(event, shape, share.address.canonical, SITE_NAME,
                                     image_url=image_url)
    return _with_data(share, data)


def timetable_share(event: Event) -> Share:
    return share_page(
        _("%(event)s: timetable", event=text_of(event, "title")),
        _("Venues across, time down, on each venue's own clock."),
        "public.timetable_page", slug=event.slug,
        indexable=event.status is not EventStatus.draft)


def session_share(event_session: EventSession) -> Share:
    """A screening shows its film's poster; any session, else its event's banner."""
    title, film = event_session.shown_title_in(reader_language()), event_session.film
    image = (film.poster if film else None) or event_session.event.banner
    image_url = image_address(image)
    share = share_page(title, _session_description(event_session), "public.session_page",
                       session_id=event_session.id, image_url=image_url,
                       image_alt=_alt(image, title),
                       indexable=event_session.event.status is not EventStatus.draft)
    data = structured.session_document(event_session, share.address.canonical, SITE_NAME,
                                       image_url=image_url)
    return _with_data(share, data)


def film_share(film: Film, *, public: bool) -> Share:
    """A film page; kept from engines while none of its screenings is public."""
    image_url = image_address(film.poster)
    title = text_of(film, "title")
    share = share_page(title, text_of(film, "synopsis"), "public.film_page", film_id=film.id,
                       image_url=image_url, image_alt=_alt(film.poster, title),
                       indexable=public)
    return _with_data(share, structured.film_document(film, share.address.canonical,
                                                      image_url=image_url))


def _with_data(share: Share, data: structured.JsonLd) -> Share:
    return replace(share, structured_data=data)


def _event_description(event: Event, shape: Outline | None) -> str:
    """When and where, then what the organisers wrote."""
    description = text_of(event, "description")
    if shape is None:
        return description
    first, last = shape.first, shape.last
    when = date_span(first.starts_at, first.venue.timezone, last.ends_at, last.venue.timezone)
    return " · ".join(part for part in (when, ", ".join(shape.cities), description)
                      if part)


def _session_description(event_session: EventSession) -> str:
    venue = event_session.venue
    when = local_datetime(event_session.starts_at, venue.timezone)
    return " · ".join(part for part in (when, f"{text_of(venue, 'name')}, {venue.city}",
                                        structured.session_text(event_session)) if part)
