"""A whole feed, assembled from cached fragments."""
from __future__ import annotations

from datetime import datetime

from icalendar import vDuration, vText

from scheduler.feeds import selection
from scheduler.feeds.selection import Feed
from scheduler.ical.calendar import END, opening
from scheduler.ical.settings import FeedSettings
from scheduler.ical.vevent import cached_fragments
from scheduler.ical.vtimezone import vtimezone_bytes
from scheduler.plain_text import multi_line, one_line


def header(feed: Feed, settings: FeedSettings) -> bytes:
    """The calendar's own properties, up to where its components begin."""
    calendar = opening("PUBLISH")
    for name in ("name", "x-wr-calname"):
        calendar.add(name, vText(one_line(feed.name)))
    for name in ("description", "x-wr-caldesc"):
        calendar.add(name, vText(multi_line(feed.description)))
    # vDuration by hand: icalendar writes an x-property's timedelta as "1:00:00".
    calendar.add("refresh-interval", vDuration(settings.refresh),
                 parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(settings.refresh))
    serialised: bytes = calendar.to_ical()
    return serialised[:-len(END)]


def feed_bytes(feed: Feed, settings: FeedSettings, now: datetime) -> bytes:
    """The whole feed: header, one VTIMEZONE per zone used (by name), then
    the sessions in time order."""
    fragments = cached_fragments(selection.entries(feed, settings, now), settings,
                                 feed.language)
    zones = [vtimezone_bytes(zone, first, last) for zone, (first, last)
             in sorted(selection.zone_years(feed, settings, now).items())]
    return b"".join([header(feed, settings), *zones, *fragments, END])
