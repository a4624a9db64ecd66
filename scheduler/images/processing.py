"""Turning uploaded bytes into the pictures we serve: decoded to prove what
they are, turned upright, stripped of metadata, re-encoded and resized.
Pure functions: no database, no files."""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image as Pillow, ImageOps

from scheduler.errors import DomainError

# Decoded by their content, whatever the name or content type claims.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# The widths a srcset offers; never larger than the picture itself.
WIDTHS = (320, 640, 1280)
WEBP_QUALITY = 82
# The field an upload comes in, on every form that takes one.
IMAGE_FIELD = "image"


@dataclass(frozen=True)
class Prepared:
    """A checked picture: its content hash and one encoded file per width."""

    name: str
    width: int
    height: int
    files: dict[int, bytes]


class ImageRefused(DomainError):
    """The upload is not an image we take; said under the form's image field."""

    def __init__(self, message: str) -> None:
        super().__init__(message, fields={IMAGE_FIELD: message})


def prepare(data: bytes, *, max_bytes: int, max_pixels: int) -> Prepared:
    """The upload decoded and re-encoded, or ImageRefused saying why not."""
    if len(data) > max_bytes:
        raise ImageRefused(_("The image is larger than %(megabytes)s MB.",
                             megabytes=round(max_bytes / 1024 / 1024, 1)))
    picture = _decoded(data, max_pixels)
    width, height = picture.size
    files = {w: _encoded(picture, w) for w in widths_for(width)}
    name = hashlib.sha256(b"".join(files[w] for w in sorted(files))).hexdigest()[:32]
    return Prepared(name=name, width=width, height=height, files=files)


def widths_for(width: int) -> list[int]:
    """The srcset widths for a picture `width` pixels wide: the standard ones
    below it, and its own width when it is narrower than the largest."""
    widest = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < widest] + [widest]


def _decoded(data: bytes, max_pixels: int) -> Pillow.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            picture = Pillow.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            if picture.width * picture.height > max_pixels:
                raise _too_many_pixels(max_pixels)
            picture.load()
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning) as bomb:
        raise _too_many_pixels(max_pixels) from bomb
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRefused(_("That file is not a JPEG, PNG or WebP image we can read.")) \
            from error
    # Phones record their orientation in EXIF; it is applied before EXIF goes.
    upright = ImageOps.exif_transpose(picture)
    return upright.convert("RGBA" if _has_alpha(upright) else "RGB")


def _too_many_pixels(max_pixels: int) -> ImageRefused:
    return ImageRefused(_("The image has more than %(megapixels)s megapixels; "
                          "please send a smaller one.", megapixels=max_pixels // 1_000_000))


def _has_alpha(picture: Pillow.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info


def _encoded(picture: Pillow.Image, width: int) -> bytes:
    if width < picture.width:
        height = max(1, round(picture.height * width / picture.width))
        picture = picture.resize((width, height), Pillow.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= or icc_profile=: nothing of the original's metadata is written.
    picture.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()
