"""Storing images: the checked files under UPLOAD_DIR, the row in the database."""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from scheduler.errors import DomainError
from scheduler.extensions import db
from scheduler.images.inputs import AltInput
from scheduler.images.models import Image
from scheduler.images.processing import Prepared, prepare

# What a stored file is called: nothing else is ever served from UPLOAD_DIR.
FILE_NAME = re.compile(r"[0-9a-f]{32}-[0-9]{1,5}\.webp")


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def store_image(data: bytes, alt: AltInput) -> Image:
    """Check, re-encode and keep an upload (ImageRefused if it is not an image
    we take). Flushes; the caller's unit of work commits. Files of a rolled
    back upload stay on disk, unreferenced."""
    prepared = prepare(data, max_bytes=current_app.config["IMAGE_MAX_BYTES"],
                       max_pixels=current_app.config["IMAGE_MAX_PIXELS"])
    _write(prepared)
    image = Image(name=prepared.name, widths=sorted(prepared.files),
                  width=prepared.width, height=prepared.height, alt=alt.texts())
    db.session.add(image)
    db.session.flush()
    return image


@dataclass(frozen=True)
class ImageChange:
    """What a form asks of a row's image: a new upload, new alt text, or none at all."""

    upload: bytes | None = None
    alt: AltInput | None = None
    remove: bool = False


def changed_image(current: Image | None, change: ImageChange | None) -> Image | None:
    """The image a row should point at after `change`. An upload needs alt
    text; alt text alone describes the kept image again. Flushes."""
    if change is None:
        return current
    if change.remove:
        return None
    if change.upload is not None:
        if change.alt is None:
            raise DomainError(_("Describe the image for those who cannot see it."),
                              fields={"image_alt_en": _("describe the image in at least one "
                                                        "language")})
        return store_image(change.upload, change.alt)
    if current is not None and change.alt is not None:
        current.alt = change.alt.texts()
        db.session.flush()
    return current


def _write(prepared: Prepared) -> None:
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for width, content in prepared.files.items():
        target = folder / f"{prepared.name}-{width}.webp"
        if target.exists():
            continue
        # Written aside, then renamed: a reader never sees half a file.
        fd, draft = tempfile.mkstemp(dir=folder, prefix=".upload-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(draft, target)


def stored_file(name: str) -> Path | None:
    """The file for a /media/ name, or None for anything that is not one of ours."""
    if not FILE_NAME.fullmatch(name):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None
