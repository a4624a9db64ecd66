"""What the public sees of a session's seats: counts and plain reasons, never names."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import sqlalchemy as sa
from flask_babel import format_number, gettext as _, ngettext

from scheduler.errors import NotFound
from scheduler.events.models import EventSession
from scheduler.key_reads import read_row
from scheduler.registration.rules import Opening, RegistrationClosed, ensure_open
from scheduler.venues.models import Venue

FEW_SEATS = 5


@dataclass(frozen=True)
class Badge:
    label: str
    kind: str  # seats, few, waitlist, full or cancelled: the CSS class


# Built once: every session page served from the page cache runs it.
_SEATS_TAKEN = sa.select(EventSession.seats_taken, EventSession.guest_seats_taken).where(
    EventSession.id == sa.bindparam("session_id"))


def seats_taken(session_id: int) -> tuple[int, int] | None:
    """What a session's open seats follow besides its data revision (which a
    booking does not move): its seats taken, all and by guests. One read by key
    outside any transaction, as the revision's (key_reads)."""
    row = read_row(_SEATS_TAKEN, {"session_id": session_id})
    return None if row is None else (row[0], row[1])


def closed_reason(event_session: EventSession, now: datetime) -> str | None:
    """Why nobody can register now, in plain words; None when they can."""
    try:
        ensure_open(Opening.of(event_session), now)
    except RegistrationClosed as refusal:
        return refusal.message
    except NotFound:
        return _("This event is not published yet.")
    return None


def badge(event_session: EventSession, now: datetime) -> Badge:
    if event_session.is_cancelled:
        return Badge(_("Cancelled"), "cancelled")
    left = event_session.open_seats
    if left > FEW_SEATS:
        # Babel fills %(num)s with the bare count; %(seats)s is grouped for the locale.
        return Badge(ngettext("%(seats)s seat left", "%(seats)s seats left", left,
                              seats=format_number(left)), "seats")
    if left > 0:
        return Badge(_("Few left: %(num)s", num=left), "few")
    if closed_reason(event_session, now) is None:
        return Badge(_("Full: join the waitlist"), "waitlist")
    return Badge(_("Full"), "full")


def map_link(venue: Venue) -> str:
    """An OpenStreetMap search for the venue's address."""
    place = ", ".join(part for part in (venue.address, venue.city, venue.country) if part)
    return "https://www.openstreetmap.org/search?" + urlencode({"query": place})
