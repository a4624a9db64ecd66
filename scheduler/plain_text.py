"""Which characters organiser text may hold: the one rule that input checks
refuse by (the OneLine and MultiLine types of scheduler.inputs) and that feeds and emails clean by.

One-line text (titles, names, cities, addresses of online rooms) holds no
control character and no line break. Multi-line text (descriptions,
synopses, postal addresses) may also hold tabs and line ends, kept as "\\n".
Control characters are C0, DEL and C1. Line breaks are whatever
str.splitlines breaks on: the email package refuses a header that splits,
so the Unicode line and paragraph separators count too.
"""
from __future__ import annotations

import enum
import re

CONTROLS = "\x00-\x1f\x7f-\x9f"
LINE_SEPARATORS = "\u2028\u2029"
_BREAKS_ONE_LINE = re.compile(f"[{CONTROLS}{LINE_SEPARATORS}]+")
_NOT_IN_MULTI_LINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(f"[\n\r\x0b\x0c\x1c-\x1e\x85{LINE_SEPARATORS}]")
_LINE_END = re.compile("\r\n?")


class Flaw(enum.Enum):
    line_break = "line_break"
    control = "control"


def flaw(text: str, *, multiline: bool = False) -> Flaw | None:
    """What makes `text` unfit to store, if anything; line ends must already
    be "\\n" in multi-line text (see normalised_line_ends)."""
    if multiline:
        return Flaw.control if _NOT_IN_MULTI_LINE.search(text) else None
    if _LINE_BREAK.search(text):
        return Flaw.line_break
    return Flaw.control if _BREAKS_ONE_LINE.search(text) else None


def normalised_line_ends(text: str) -> str:
    """CRLF (what browsers post from a textarea) and lone CR as "\\n"."""
    return _LINE_END.sub("\n", text)


def one_line(text: str) -> str:
    """Stored text made safe for a one-line property or a header: each run
    of control characters and line breaks becomes one space."""
    return _BREAKS_ONE_LINE.sub(" ", text).strip()


def multi_line(text: str) -> str:
    """Stored text made safe for a body: line ends as "\\n", tabs kept, every
    other control character dropped."""
    return _NOT_IN_MULTI_LINE.sub("", normalised_line_ends(text))
