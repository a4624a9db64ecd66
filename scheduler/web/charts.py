"""Charts drawn on the server as inline SVG: read without JavaScript, printed
with the page, and named for screen readers (role="img" with a title and a
description; the page puts the numbers in a table beside each chart).

Built as an XML tree, so every label (session titles are organisers' text)
is escaped and the markup is always well-formed.
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import format_number
from markupsafe import Markup

WIDTH = 640
FONT = 13
# Okabe and Ito's palette: told apart with the common colour-vision deficiencies.
PALETTE = ("#009E73", "#0072B2", "#E69F00", "#56B4E9", "#999999", "#D55E00", "#CC79A7")
INK = "#222222"
LABEL_CHARACTERS = 80


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    values: Sequence[int]  # one a series, in the chart's series order
    marker: int | None = None


def stacked_bars(chart_id: str, title: str, description: str, series: Sequence[Series],
                 bars: Sequence[Bar], marker_label: str) -> Markup:
    """One horizontal bar a row, in segments by series, its total at its end,
    and a vertical mark at its `marker` (such as the capacity)."""
    legend_rows = math.ceil((len(series) + 1) / 2)
    top = legend_rows * 20 + 10
    svg = _svg(chart_id, title, description, top + 46 * len(bars))
    _legend(svg, series, marker_label)
    _bar_rows(svg, top, series, bars, marker_label)
    return _markup(svg)


def bars(chart_id: str, title: str, description: str, unit: str,
         points: Sequence[tuple[str, int]], colour: str = PALETTE[1]) -> Markup:
    """One horizontal bar a point, top to bottom, its value (in `unit`, named
    in its tooltip) at its end."""
    svg = _svg(chart_id, title, description, 46 * len(points))
    _bar_rows(svg, 0, [Series(unit, colour)], [Bar(label, [value]) for label, value in points])
    return _markup(svg)


def _bar_rows(svg: ET.Element, top: float, series: Sequence[Series], bars: Sequence[Bar],
              marker_label: str = "") -> None:
    largest = max([sum(bar.values) for bar in bars]
                  + [bar.marker or 0 for bar in bars] + [1])
    plot = WIDTH - 70
    for row, bar in enumerate(bars):
        y = top + 46 * row
        _text(svg, 0, y + FONT, _shortened(bar.label), bar.label)
        x = 0.0
        for part, value in zip(series, bar.values, strict=True):
            width = plot * value / largest
            if width:
                _rect(svg, x, y + 18, width, 20, part.colour,
                      f"{bar.label}: {part.label} {format_number(value)}")
            x += width
        _text(svg, x + 6, y + 33, format_number(sum(bar.values)))
        if bar.marker is not None:
            at = plot * bar.marker / largest
            mark = ET.SubElement(svg, "line", x1=_n(at), x2=_n(at), y1=_n(y + 14),
                                 y2=_n(y + 42), stroke=INK)
            mark.set("stroke-width", "2")
            ET.SubElement(mark, "title").text = f"{marker_label} {format_number(bar.marker)}"


def columns(chart_id: str, title: str, description: str,
            points: Sequence[tuple[str, int]], colour: str = PALETTE[1]) -> Markup:
    """One vertical bar a point, left to right, on an axis from 0 to the
    largest value; at most about eight of the points' labels under them."""
    left, top, height = 48, 12, 160
    svg = _svg(chart_id, title, description, top + height + 28)
    largest = max([value for _, value in points] + [1])
    step = (WIDTH - left) / max(len(points), 1)
    every = math.ceil(len(points) / 8) or 1
    for value, y in ((largest, top), (0, top + height)):
        _text(svg, left - 6, y + 4, format_number(value), anchor="end")
        ET.SubElement(svg, "line", x1=_n(left), x2=_n(WIDTH), y1=_n(y), y2=_n(y),
                      stroke="#bbbbbb")
    for index, (label, value) in enumerate(points):
        x = left + step * index
        bar = height * value / largest
        _rect(svg, x + step * 0.1, top + height - bar, step * 0.8, bar, colour,
              f"{label}: {format_number(value)}")
        if index % every == 0:
            _text(svg, x + step / 2, top + height + 18, label, anchor="middle")
    return _markup(svg)


def _svg(chart_id: str, title: str, description: str, height: float) -> ET.Element:
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {WIDTH} {_n(height)}",
        "role": "img", "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        "class": "chart", "font-family": "sans-serif", "font-size": str(FONT)})
    ET.SubElement(svg, "title", id=f"{chart_id}-title").text = title
    ET.SubElement(svg, "desc", id=f"{chart_id}-desc").text = description
    return svg


def _legend(svg: ET.Element, series: Sequence[Series], marker_label: str) -> None:
    for index, part in enumerate([*series, Series(marker_label, INK)]):
        x, y = (index % 2) * WIDTH / 2, (index // 2) * 20
        if index < len(series):
            _rect(svg, x, y + 3, 12, 12, part.colour)
        else:
            mark = ET.SubElement(svg, "line", x1=_n(x + 6), x2=_n(x + 6), y1=_n(y + 1),
                                 y2=_n(y + 17), stroke=INK)
            mark.set("stroke-width", "2")
        _text(svg, x + 18, y + 13, part.label)


def _rect(svg: ET.Element, x: float, y: float, width: float, height: float, colour: str,
          tooltip: str | None = None) -> None:
    rect = ET.SubElement(svg, "rect", x=_n(x), y=_n(y), width=_n(width), height=_n(height),
                         fill=colour)
    if tooltip:
        ET.SubElement(rect, "title").text = tooltip


def _text(svg: ET.Element, x: float, y: float, text: str, tooltip: str | None = None,
          anchor: str = "start") -> None:
    element = ET.SubElement(svg, "text", x=_n(x), y=_n(y), fill=INK)
    element.set("text-anchor", anchor)
    element.text = text
    if tooltip and tooltip != text:
        ET.SubElement(element, "title").text = tooltip


def _shortened(label: str) -> str:
    # SVG text does not wrap: a long title is cut, whole in its tooltip and the table.
    if len(label) <= LABEL_CHARACTERS:
        return label
    return label[:LABEL_CHARACTERS - 1].rstrip() + "…"


def _n(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def _markup(svg: ET.Element) -> Markup:
    # The tree escapes every text and attribute it writes.
    return Markup(ET.tostring(svg, encoding="unicode"))
