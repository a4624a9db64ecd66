"""Row ids as they arrive in URLs and query strings.

Every table's id is a 32-bit integer on PostgreSQL, so an id is a whole number
from 1 to 2**31 - 1. Anything else names no row: it is an unknown id, never a
number handed to a database that cannot hold it.
"""
from __future__ import annotations

import re

from werkzeug.exceptions import NotFound
from werkzeug.routing import BaseConverter

MAX_ID = 2**31 - 1
_DIGITS = re.compile("[0-9]{1,10}")  # ASCII only: int() also reads other scripts' digits


def parse_id(text: str) -> int | None:
    """The id `text` spells, or None when it cannot be one."""
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdConverter(BaseConverter):
    """Takes the place of Werkzeug's `int`, so every `<int:...>` route answers
    404 past the ids there can be, whatever the method. (Werkzeug's own
    int(min=, max=) fails the match instead, and a PATCH of /venues/0 then
    reads as 405 because GET matched the path.)"""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise NotFound()
        return number

    def to_url(self, value: int) -> str:
        return str(value)
