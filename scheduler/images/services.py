"""Storing images: the checked files under UPLOAD_DIR, the row in the database."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from flask import current_app

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


def set_alt(image: Image, alt: AltInput) -> None:
    """New alt text for a kept image. Flushes."""
    image.alt = alt.texts()
    db.session.flush()


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
