"""Links for pages: a feed's webcal address, and a session's "add to calendar"
links for Google Calendar, Outlook on the web (work and personal accounts)
and its own .ics file."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from urllib.parse import quote_plus, urlencode

from scheduler.events.models import EventSession
from scheduler.ical import vevent
from scheduler.ical.settings import FeedSettings
from scheduler.localised import reader_language
from scheduler.plain_text import one_line
from scheduler.urls import public_url

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_WORK = "https://outlook.office.com/calendar/0/deeplink/compose"
OUTLOOK_PERSONAL = "https://outlook.live.com/calendar/0/deeplink/compose"
# The details as they travel in the address (Georgian letters take nine bytes
# each): browsers, proxies and both services refuse addresses much past 8 KB,
# and this leaves room for the title, place and the other parameters.
DETAILS_BYTES = 2000
ELLIPSIS = "…"


@dataclass(frozen=True)
class CalendarLinks:
    google: str
    outlook_work: str
    outlook_personal: str
    ics: str


def webcal(https_url: str) -> str:
    """The same address as webcal://, which calendar apps open as a subscription."""
    return "webcal://" + https_url.split("://", 1)[-1]


def calendar_links(event_session: EventSession) -> CalendarLinks:
    """Where to add the session to a calendar: times in UTC, values URL-encoded,
    the details trimmed to fit an address; an online room's join link is kept
    whole in the details and the location."""
    page = FeedSettings.current().session_url(event_session.id)
    here = reader_language()
    about = fitted("\n\n".join(vevent.about(event_session, here)))
    details = "\n\n".join(part for part in (about, *vevent.joining(event_session, page)) if part)
    venue = event_session.venue
    place = ", ".join(part for part in (vevent.location(venue, here),
                                        one_line(venue.online_url or "")) if part)
    title = one_line(event_session.shown_title_in(here))
    start, end = (moment.astimezone(UTC) for moment in (event_session.starts_at,
                                                        event_session.ends_at))
    google = urlencode({"action": "TEMPLATE", "text": title,
                        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
                        "details": details, "location": place})
    outlook = urlencode({"path": "/calendar/action/compose", "rru": "addevent",
                         "subject": title, "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
                         "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}", "body": details,
                         "location": place})
    return CalendarLinks(
        google=f"{GOOGLE}?{google}", outlook_work=f"{OUTLOOK_WORK}?{outlook}",
        outlook_personal=f"{OUTLOOK_PERSONAL}?{outlook}",
        ics=public_url("public.session_feed", session_id=event_session.id, lang=here))


def fitted(text: str, limit: int = DETAILS_BYTES) -> str:
    """`text`, or as much of it as stays within `limit` bytes once URL-encoded,
    cut between characters and marked with an ellipsis."""
    if len(quote_plus(text)) <= limit:
        return text
    room, size = limit - len(quote_plus(ELLIPSIS)), 0
    for index, character in enumerate(text):
        size += len(quote_plus(character))
        if size > room:
            return text[:index].rstrip() + ELLIPSIS
    return text
