"""The ticket as a one-page PDF, attached to the email that confirms a seat.

Written with fpdf2 in DejaVu Sans, shipped beside this module (fonts/, with
its license): it has Georgian and Cyrillic letters, and fpdf2 embeds only
the letters used. The QR code is drawn as vector squares, sharp in print."""
from __future__ import annotations

from pathlib import Path

import segno
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from scheduler.registration.tickets import Ticket

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSans"
# Drawn on A4 but kept within what Letter (279.4 mm tall, 215.9 wide) prints
# too: a column as wide as A5 from 20 mm in, ending 15 mm above Letter's foot.
A4_HEIGHT_MM, LETTER_HEIGHT_MM = 297, 279.4
MARGIN_MM = 20
COLUMN_MM = 148
BOTTOM_MARGIN_MM = A4_HEIGHT_MM - LETTER_HEIGHT_MM + 15
QR_MODULE_MM = 1.6
# Type shrinks by these steps until a ticket with long texts fits one page.
SCALES = (1.0, 0.8, 0.65, 0.5, 0.4)


def ticket_pdf(ticket: Ticket) -> bytes:
    """The PDF's bytes, its words in the current locale: one page, the type made
    smaller for texts as long as the input rules allow."""
    for scale in SCALES:
        pdf = _drawn(ticket, scale)
        if pdf.page_no() == 1:
            break
    return bytes(pdf.output())


def _drawn(ticket: Ticket, scale: float) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(_("Ticket: %(title)s", title=ticket.session_title or ticket.event_title))
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_margins(left=MARGIN_MM, top=MARGIN_MM, right=210 - MARGIN_MM - COLUMN_MM)
    pdf.set_auto_page_break(auto=True, margin=BOTTOM_MARGIN_MM)
    pdf.add_page()
    _heading(pdf, ticket, scale)
    for label, value in _facts(ticket):
        _line(pdf, label, 9 * scale)
        _line(pdf, value, 12 * scale)
        pdf.ln(scale)
    pdf.ln(4 * scale)
    _qr(pdf, ticket.check_in_url, QR_MODULE_MM * max(scale, 0.65))
    _line(pdf, ticket.check_in_code, 16 * scale, "B")
    _line(pdf, _("Show this code or the QR code at the door."), 10 * scale)
    return pdf


def _line(pdf: FPDF, text: str, size: float, style: str = "") -> None:
    """A paragraph in the column, wrapped; the next one starts below it."""
    pdf.set_font(FAMILY, style, size)
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, ticket: Ticket, scale: float) -> None:
    _line(pdf, _("Ticket"), 11 * scale)
    _line(pdf, ticket.event_title, 18 * scale, "B")
    if ticket.session_title:
        _line(pdf, ticket.session_title, 14 * scale, "B")
    pdf.ln(3 * scale)


def _facts(ticket: Ticket) -> list[tuple[str, str]]:
    facts = [(_("Attendee"), ticket.attendee), (_("Status"), ticket.status),
             (_("Date"), ticket.date), (_("Time"), f"{ticket.time} ({ticket.zone})"),
             (_("Venue"), ticket.venue)]
    if ticket.address:
        facts.append((_("Address"), ticket.address))
    if ticket.online_url:
        facts.append((_("Join online"), ticket.online_url))
    return facts


def _qr(pdf: FPDF, url: str, module: float) -> None:
    """Vector squares; a code that would cross the foot starts a page, as text does."""
    code = segno.make(url, error="m")
    size = code.symbol_size(border=0)[0] * module
    if pdf.get_y() + size > pdf.page_break_trigger:
        pdf.add_page()
    left, top = pdf.get_x(), pdf.get_y()
    pdf.set_fill_color(0, 0, 0)
    rows = list(code.matrix_iter(border=0))
    for row_number, row in enumerate(rows):
        for column, dark in enumerate(row):
            if dark:
                pdf.rect(left + column * module, top + row_number * module,
                         module, module, style="F")
    pdf.set_y(top + size + 4)
