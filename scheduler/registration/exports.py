"""The attendee list for spreadsheet programs: CSV and XLSX, a column per
registration question (retired ones too, their answers kept).

The CSV is UTF-8 with a byte-order mark (so Excel reads Georgian and Cyrillic
names right) with CRLF line ends. In both, any cell a spreadsheet would run
as a formula is made plain text with a leading apostrophe (CSV injection).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font

from scheduler.dates import local_datetime
from scheduler.events.models import EventSession
from scheduler.registration.answers import Sheet
from scheduler.registration.models import Registration

HEADER = ["Name", "Email", "Status", "Waitlist position", "Checked in", "Registered",
          "Check-in code"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralised(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def spreadsheet_csv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table as CSV text for spreadsheets: BOM, CRLF, formulas neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([neutralised(cell) for cell in row] for row in (header, *rows))
    return out.getvalue()


def attendee_rows(event_session: EventSession, registrations: list[Registration],
                  positions: dict[int, int], answers: Sheet, language: str) -> list[list[str]]:
    """The header and a row per registration, every cell formula-safe; times
    on the venue's clock, answers as read in `language`."""
    zone = event_session.venue.timezone
    rows = [HEADER + answers.headings(language)]
    for registration in registrations:
        checked_in = registration.checked_in_at
        rows.append([
            registration.name, registration.email, registration.status.value,
            str(positions.get(registration.id, "")),
            local_datetime(checked_in, zone) if checked_in else "",
            local_datetime(registration.created_at, zone), registration.check_in_code,
            *answers.row(registration.id, language)])
    return [[neutralised(cell) for cell in row] for row in rows]


def attendees_csv(rows: list[list[str]]) -> str:
    """The CSV text of attendee_rows."""
    return spreadsheet_csv(rows[0], rows[1:])


def attendees_xlsx(rows: list[list[str]], title: str) -> bytes:
    """An .xlsx workbook of one sheet; every cell is text, none a formula."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Attendees"
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
