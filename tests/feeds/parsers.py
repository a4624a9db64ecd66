"""Reading a feed back with three independent parsers: icalendar, vobject
(dateutil's VTIMEZONE reader) and ical.js under node (Thunderbird's).

vobject and ical.js take every TZID from the feed's own VTIMEZONE, so a
VTIMEZONE they misread shows up as a wrong UTC time.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import vobject

from tests.databases import in_ci

JS_DIR = Path(__file__).parent / "js"
NODE_TIMEOUT_SECONDS = 60
VOBJECT_BUILT_IN_ZONES = dict(getattr(vobject.icalendar, "__tzidMap"))


@dataclass(frozen=True)
class Read:
    """One VEVENT as a parser understood it."""

    uid: str
    start: datetime  # UTC
    end: datetime
    summary: str
    description: str
    status: str
    sequence: int


def _utc(moment: datetime) -> datetime:
    assert moment.tzinfo is not None, "floating time"
    return moment.astimezone(UTC)


def with_icalendar(text: str) -> list[Read]:
    calendar = icalendar.Calendar.from_ical(text)
    return [Read(str(e["UID"]), _utc(e.decoded("DTSTART")), _utc(e.decoded("DTEND")),
                 str(e["SUMMARY"]), str(e["DESCRIPTION"]), str(e["STATUS"]),
                 int(e["SEQUENCE"]))
            for e in calendar.walk("VEVENT")]


def with_vobject(text: str) -> list[Read]:
    # vobject keeps the first definition of each TZID for the life of the
    # process; a new reader starts without any, as each app fetching a feed does.
    registered = getattr(vobject.icalendar, "__tzidMap")
    registered.clear()
    registered.update(VOBJECT_BUILT_IN_ZONES)
    calendar = vobject.readOne(text)
    return [Read(e.uid.value, _utc(e.dtstart.value), _utc(e.dtend.value),
                 e.summary.value, e.description.value, e.status.value,
                 int(e.sequence.value))
            for e in getattr(calendar, "vevent_list", [])]


def node_or_skip() -> str:
    node = shutil.which("node")
    installed = (JS_DIR / "node_modules" / "ical.js").is_dir()
    if node and installed:
        return node
    problem = ("node is not installed" if not node
               else "ical.js is not installed (run `make setup`)")
    if in_ci():
        pytest.fail(f"{problem}; CI must check feeds with ical.js")
    pytest.skip(f"{problem}: skipping the ical.js check")


def with_icaljs(text: str) -> list[Read]:
    result = subprocess.run([node_or_skip(), str(JS_DIR / "read.mjs")], input=text,
                            capture_output=True, text=True, encoding="utf-8",
                            timeout=NODE_TIMEOUT_SECONDS, check=True)
    return [Read(e["uid"], _iso(e["start"]), _iso(e["end"]), e["summary"],
                 e["description"], e["status"], e["sequence"])
            for e in json.loads(result.stdout)["events"]]


def _iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def read_everywhere(text: str) -> list[Read]:
    """The events as all three parsers agree they are (they must agree)."""
    by_icalendar = with_icalendar(text)
    assert with_vobject(text) == by_icalendar, "vobject reads the feed differently"
    assert with_icaljs(text) == by_icalendar, "ical.js reads the feed differently"
    return by_icalendar


def by_uid(text: str) -> dict[str, Read]:
    return {read.uid: read for read in read_everywhere(text)}
