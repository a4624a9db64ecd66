"""The attendee list as CSV for spreadsheet programs.

UTF-8 with a byte-order mark (so Excel reads Georgian and Cyrillic names
right), CRLF line ends, and any cell a spreadsheet would run as a formula
made plain text with a leading apostrophe (CSV injection).
"""
from __future__ import annotations

import csv
import io

from scheduler.dates import local_datetime
from scheduler.events.models import EventSession
from scheduler.registration.models import Registration

HEADER = ["Name", "Email", "Status", "Waitlist position", "Checked in", "Registered",
          "Check-in code"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def attendees_csv(event_session: EventSession, registrations: list[Registration],
                  positions: dict[int, int]) -> str:
    """The CSV text, with its BOM; times on the venue's clock."""
    zone = event_session.venue.timezone
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for registration in registrations:
        checked_in = registration.checked_in_at
        writer.writerow([neutralised(cell) for cell in (
            registration.name, registration.email, registration.status.value,
            str(positions.get(registration.id, "")),
            local_datetime(checked_in, zone) if checked_in else "",
            local_datetime(registration.created_at, zone), registration.check_in_code)])
    return out.getvalue()
