"""The attendee list as CSV for spreadsheet programs.

UTF-8 with a byte-order mark (so Excel reads Georgian and Cyrillic names
right), CRLF line ends, and any cell a spreadsheet would run as a formula
made plain text with a leading apostrophe (CSV injection).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from scheduler.dates import local_datetime
from scheduler.events.models import EventSession
from scheduler.registration.models import Registration

HEADER = ["Name", "Email", "Status", "Waitlist position", "Checked in", "Registered",
          "Check-in code"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def spreadsheet_csv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table as CSV text for spreadsheets: BOM, CRLF, formulas neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([neutralised(cell) for cell in row] for row in (header, *rows))
    return out.getvalue()


def attendees_csv(event_session: EventSession, registrations: list[Registration],
                  positions: dict[int, int]) -> str:
    """The CSV text, with its BOM; times on the venue's clock."""
    zone = event_session.venue.timezone
    return spreadsheet_csv(HEADER, ((
        registration.name, registration.email, registration.status.value,
        str(positions.get(registration.id, "")),
        local_datetime(registration.checked_in_at, zone) if registration.checked_in_at else "",
        local_datetime(registration.created_at, zone), registration.check_in_code)
        for registration in registrations))
