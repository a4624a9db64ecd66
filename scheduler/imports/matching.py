"""Which stored session each occurrence in an .ics file is.

An occurrence is its UID plus its RECURRENCE-ID (the start the series gives
it, in UTC), as EventSession.import_key keeps them. When a series moves (its
DTSTART or its rule changes, or an EXDATE comes with an RDATE), its
RECURRENCE-IDs move too: then, within one UID, the stored occurrences the
file no longer has and the file's occurrences not stored yet pair up in time
order, the first gone with the first new, and each pair is the same session,
moved (its registrations follow it and its SEQUENCE goes up). Gone ones left
over are cancelled (EXDATE added, COUNT lowered); new ones left over are
created. Only UIDs the file gives whole are matched this way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from scheduler.events.models import EventSession, SessionStatus
from scheduler.imports.reading import Reading
from scheduler.validation import present

# What reading._stamp appends to a UID: a date, or a date and time (UTC or floating).
_RECURRENCE_ID = re.compile(r"#\d{8}(T\d{6}Z?)?")


@dataclass
class Matches:
    found: dict[str, EventSession] = field(default_factory=dict)  # by entry key
    vanished: list[EventSession] = field(default_factory=list)  # active, to cancel


def matched(reading: Reading, stored: list[EventSession]) -> Matches:
    """The stored session of each entry, and those of its series that vanished."""
    by_key = {session.import_key: session for session in stored}
    matches = Matches({entry.key: by_key[entry.key] for entry in reading.entries
                       if entry.key in by_key})
    keys = {entry.key for entry in reading.entries}
    for uid in sorted(reading.complete):
        new = sorted(entry.key for entry in reading.entries
                     if entry.uid == uid and entry.key not in by_key)
        gone = sorted((s for s in stored if s.import_key not in keys
                       and of_series(present(s.import_key), uid)),
                      key=lambda s: present(s.import_key))
        # Paired in order: new keys past the pairs stay new, gone sessions past them vanish.
        matches.found.update(zip(new, gone, strict=False))
        matches.vanished += [s for s in gone[len(new):] if s.status is not SessionStatus.cancelled]
    return matches


def of_series(import_key: str, uid: str) -> bool:
    """Whether a stored key is the UID's, alone or with a RECURRENCE-ID."""
    return import_key == uid or (import_key.startswith(uid)
                                 and _RECURRENCE_ID.fullmatch(import_key[len(uid):]) is not None)
