"""A registration's ticket: what the printable page and the PDF in the
confirmation email both show, written once, in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from scheduler.dates import local_date, local_time
from scheduler.localised import localised, reader_language
from scheduler.plain_text import one_line
from scheduler.registration import qr
from scheduler.registration.models import Registration


@dataclass(frozen=True)
class Ticket:
    event_title: str
    # Empty when the session is called as its event is.
    session_title: str
    date: str
    time: str
    zone: str
    venue: str
    address: str
    online_url: str
    attendee: str
    status: str
    check_in_code: str
    check_in_url: str


def ticket_of(registration: Registration) -> Ticket:
    """The ticket's facts, the times at the venue with its zone named. Text is
    made one line (plain_text): a row stored before the input rules may hold
    line breaks or control characters."""
    event_session = registration.event_session
    event, venue = event_session.event, event_session.venue
    zone = venue.timezone
    here = reader_language()
    title = one_line(event_session.shown_title_in(here))
    event_title = one_line(localised(event, "title", here))
    return Ticket(
        event_title=event_title, session_title="" if title == event_title else title,
        date=local_date(event_session.starts_at, zone),
        time=f"{local_time(event_session.starts_at, zone)} – "
             f"{local_time(event_session.ends_at, zone)}",
        zone=zone, venue=one_line(localised(venue, "name", here)),
        address=", ".join(one_line(part) for part in (localised(venue, "address", here),
                                                      venue.city) if part),
        online_url=one_line(venue.online_url or ""), attendee=one_line(registration.name),
        status=status_text(registration), check_in_code=registration.check_in_code,
        check_in_url=qr.check_in_url(registration))


def status_text(registration: Registration) -> str:
    """The registration's standing in words; a ticket is only good for a seat."""
    if registration.status.value == "attended":
        return _("Checked in")
    if registration.has_ticket:
        return _("Confirmed")
    return _("Not a ticket: this registration has no confirmed seat.")
