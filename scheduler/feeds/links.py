"""Links for pages: a feed's webcal address, and "add to calendar" links for
Google Calendar and Outlook on the web."""
from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"
# Both services cut long texts themselves; this keeps the links of a sane length.
DETAILS_LENGTH = 1000


def webcal(https_url: str) -> str:
    """The same address as webcal://, which calendar apps open as a subscription."""
    return "webcal://" + https_url.split("://", 1)[-1]


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def google_calendar_url(title: str, starts_at: datetime, ends_at: datetime,
                        details: str = "", location: str = "") -> str:
    dates = f"{_utc(starts_at):%Y%m%dT%H%M%SZ}/{_utc(ends_at):%Y%m%dT%H%M%SZ}"
    return GOOGLE + "?" + urlencode({"action": "TEMPLATE", "text": title, "dates": dates,
                                     "details": details[:DETAILS_LENGTH],
                                     "location": location})


def outlook_calendar_url(title: str, starts_at: datetime, ends_at: datetime,
                         details: str = "", location: str = "") -> str:
    return OUTLOOK + "?" + urlencode({
        "path": "/calendar/action/compose", "rru": "addevent", "subject": title,
        "startdt": f"{_utc(starts_at):%Y-%m-%dT%H:%M:%SZ}",
        "enddt": f"{_utc(ends_at):%Y-%m-%dT%H:%M:%SZ}",
        "body": details[:DETAILS_LENGTH], "location": location})
