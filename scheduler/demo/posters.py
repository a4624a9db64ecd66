"""Demo posters and the festival banner, drawn here with Pillow (shapes, colours
and the title) rather than downloaded, then kept through the image service
like any upload. Drawing is deterministic: the same title, the same picture."""
from __future__ import annotations

import hashlib
import io
import textwrap
from pathlib import Path

from PIL import Image as Pillow, ImageDraw, ImageFont

from scheduler.images.inputs import AltInput
from scheduler.images.models import Image
from scheduler.images.services import store_image

# The ticket's font, shipped with the code: it has Latin, Cyrillic and Georgian.
FONT = Path(__file__).resolve().parent.parent / "registration" / "fonts" / "DejaVuSans-Bold.ttf"
PALETTES = [("#1d3557", "#e63946", "#f1faee"), ("#264653", "#e9c46a", "#f4a261"),
            ("#3d405b", "#81b29a", "#f2cc8f"), ("#2b2d42", "#ef233c", "#edf2f4"),
            ("#003049", "#fcbf49", "#eae2b7"), ("#4a4e69", "#c9ada7", "#f2e9e4")]


def poster(titles: dict[str, str], director: str) -> Image:
    """A 800x1200 poster for a film, titled in English, with alt text in three
    languages, each naming the film as that language does."""
    title = titles["en"]
    alt = AltInput(en=f"Poster for “{title}”: bold shapes and the title",
                   ru=f"Постер фильма «{titles['ru']}»: крупные фигуры и название",
                   ka=f"ფილმის „{titles['ka']}“ პოსტერი: დიდი ფიგურები და სათაური")
    return store_image(_drawn((800, 1200), title, director), alt)


def banner(title: str) -> Image:
    """A 1600x500 banner for an event."""
    alt = AltInput(en=f"Banner of {title}: coloured shapes and the festival's name",
                   ru=f"Баннер фестиваля {title}: цветные фигуры и название",
                   ka=f"ფესტივალის ბანერი: ფერადი ფიგურები და სახელი „{title}“")
    return store_image(_drawn((1600, 500), title, ""), alt)


def _drawn(size: tuple[int, int], title: str, byline: str) -> bytes:
    number = int(hashlib.sha256(title.encode()).hexdigest(), 16)
    background, shape, text = PALETTES[number % len(PALETTES)]
    picture = Pillow.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for index in range(5):
        # Circles and bars whose places follow from the title's hash.
        x, y = (number >> (index * 16)) % width, (number >> (index * 16 + 8)) % height
        radius = height // (4 + index)
        colour = shape if index % 2 == 0 else text
        if index % 3 == 2:
            draw.rectangle((x - radius, y - radius // 4, x + radius, y + radius // 4), fill=colour)
        else:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=colour,
                         width=max(4, radius // 8))
    _write(draw, size, title, byline, text, background)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _write(draw: ImageDraw.ImageDraw, size: tuple[int, int], title: str, byline: str,
           colour: str, shadow: str) -> None:
    width, height = size
    points = max(36, width // 12)
    heading = ImageFont.truetype(str(FONT), points)
    lines = textwrap.wrap(title, width=max(8, width // (points * 6 // 10)))
    y = height - (len(lines) + 1) * points * 6 // 5 - height // 20
    for line in lines:
        draw.text((width // 16, y), line, font=heading, fill=colour, stroke_width=3,
                  stroke_fill=shadow)
        y += points * 6 // 5
    if byline:
        small = ImageFont.truetype(str(FONT), max(20, width // 28))
        draw.text((width // 16, y), byline, font=small, fill=colour)
