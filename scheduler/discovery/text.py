"""Organiser text made fit for a preview: one line, cut at a word."""
from __future__ import annotations

ELLIPSIS = "…"


def summary(text: str, limit: int) -> str:
    """`text` with its runs of whitespace (line breaks too) as one space, cut
    to at most `limit` characters at a word boundary, with an ellipsis if cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    room = limit - len(ELLIPSIS)
    # One character more shows whether the last word ends right at the cut.
    cut = flat[:room + 1]
    # A word longer than the limit (a URL, unspaced text) is cut inside.
    words = cut.rsplit(" ", 1)[0] if " " in cut else cut[:room]
    return words.rstrip(" ,;:.–—-") + ELLIPSIS
