"""Small real pictures for tests, made with Pillow in memory."""
from __future__ import annotations

import io
import zlib

from PIL import Image


def picture(fmt: str = "PNG", size: tuple[int, int] = (800, 500), *,
            exif: Image.Exif | None = None, colour: str = "teal") -> bytes:
    image = Image.new("RGB", size, colour)
    # Two halves, so orientation can be told from the pixels.
    image.paste("orange", (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    image.save(out, fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels: what a
    decompression bomb looks like before anything is decoded."""
    data = bytearray(picture("PNG", (10, 10)))
    header = data.index(b"IHDR")
    data[header + 4:header + 12] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    crc = zlib.crc32(bytes(data[header:header + 17]))
    data[header + 17:header + 21] = crc.to_bytes(4, "big")
    return bytes(data)


def rotated_exif() -> Image.Exif:
    """EXIF saying "turn 90° to show", with a camera model and a GPS tag."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise
    exif[0x0110] = "Secret Camera 3000"  # Model
    exif[0x8825] = {2: (41.0, 43.0, 0.0)}  # GPSInfo: latitude
    return exif
