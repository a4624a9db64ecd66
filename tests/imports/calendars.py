"""Small .ics files as partners send them, written out by hand."""
from __future__ import annotations

import io
from datetime import UTC, datetime

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def escaped(text: str) -> str:
    """RFC 5545 TEXT escaping: backslash, comma, semicolon, newline."""
    return (text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\n", "\\n"))


def vevent(uid: str, *, start: str = "DTSTART;TZID=Asia/Tbilisi:20271214T190000",
           end: str | None = "DTEND;TZID=Asia/Tbilisi:20271214T210000",
           summary: str = "Opening night", location: str = "Amirani, Tbilisi",
           extra: tuple[str, ...] = ()) -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261201T090000Z", start, end,
             f"SUMMARY:{escaped(summary)}", f"LOCATION:{escaped(location)}", *extra,
             "END:VEVENT"]
    return "".join(f"{line}\r\n" for line in lines if line)


def calendar(*events: str, header: tuple[str, ...] = ()) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partner Festival//Programme//EN",
            *header]
    return "".join(f"{line}\r\n" for line in head) + "".join(events) + "END:VCALENDAR\r\n"


def upload(text: str | bytes, **defaults) -> dict:
    """Form data for the upload page (multipart, as a browser sends it)."""
    raw = text.encode() if isinstance(text, str) else text
    return {"calendar": (io.BytesIO(raw), "programme.ics"), "city": "", "country": "",
            "timezone": "", "capacity": "", **defaults}


CHISINAU_DEFAULTS = {"city": "Chișinău", "country": "md", "timezone": "Europe/Chisinau",
                     "capacity": "120"}
