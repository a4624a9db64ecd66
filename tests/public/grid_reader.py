"""Reads an HTML table back into a grid, spreading rowspan and colspan cells
over every position they cover, as a browser lays them out."""
from __future__ import annotations

from html.parser import HTMLParser


class TableGrid(HTMLParser):
    """grid.rows: one list per <tr> of the <tbody>, a cell's text at each column."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self._spans: dict[tuple[int, int], str] = {}  # (row, column) -> text from above
        self._section, self._cell, self._spec = "", None, (1, 1)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self._section == "tbody":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
            self._spec = (int(attributes.get("rowspan", 1)), int(attributes.get("colspan", 1)))

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag not in ("td", "th") or self._cell is None:
            return
        text = " ".join(" ".join(self._cell).split())
        rowspan, colspan = self._spec
        self._cell = None
        if self._section == "thead":
            self.header += [text] * colspan
            return
        row = self.rows[-1]
        self._fill_spans(row)
        for _ in range(colspan):
            for below in range(1, rowspan):
                self._spans[(len(self.rows) - 1 + below, len(row))] = text
            row.append(text)
        self._fill_spans(row)

    def _fill_spans(self, row: list[str]) -> None:
        while (len(self.rows) - 1, len(row)) in self._spans:
            row.append(self._spans.pop((len(self.rows) - 1, len(row))))

    def column(self, heading_start: str) -> list[int]:
        return [i for i, heading in enumerate(self.header) if heading.startswith(heading_start)]

    def at(self, clock: str) -> list[str]:
        return next(row for row in self.rows if row[0] == clock)
