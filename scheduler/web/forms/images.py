"""The image fields a form adds (a poster, a banner, a photo): the file, its
alt text in each language, and a box to remove the current one."""
from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField

from scheduler.errors import DomainError
from scheduler.images.inputs import AltInput
from scheduler.images.models import Image
from scheduler.images.services import ImageChange

ALT_PREFIX = "image_alt_"
IMAGE_TYPES = "image/jpeg,image/png,image/webp"


class ImageFields(FlaskForm):
    """Subclasses relabel `image`; the page needs enctype="multipart/form-data"."""

    image = FileField(_l("Image"), render_kw={"accept": IMAGE_TYPES})
    image_alt_en = StringField(_l("Description in English"))
    image_alt_ru = StringField(_l("Description in Russian"))
    image_alt_ka = StringField(_l("Description in Georgian"))
    remove_image = BooleanField(_l("Remove the current image"))

    def show_alt(self, image: Image | None) -> None:
        """Fill the alt text fields from the kept image, on first showing the form."""
        for code, text in (image.alt if image else {}).items():
            if f"{ALT_PREFIX}{code}" in self:
                self[f"{ALT_PREFIX}{code}"].data = text

    def image_change(self) -> ImageChange:
        """The upload (read up to one byte past the limit, which the checks then
        refuse), the alt text if any was given, and whether to remove."""
        upload = self.image.data
        data = upload.read(current_app.config["IMAGE_MAX_BYTES"] + 1) if upload else None
        return ImageChange(upload=data or None, alt=self._alt(),
                           remove=bool(self.remove_image.data))

    def _alt(self) -> AltInput | None:
        texts: dict[str, Any] = {code: self[f"{ALT_PREFIX}{code}"].data or ""
                                 for code in AltInput.model_fields}
        if not any(text.strip() for text in texts.values()):
            return None
        try:
            return AltInput.parse(texts)
        except DomainError as refusal:
            raise DomainError(refusal.message, fields={
                f"{ALT_PREFIX}{code}": problem for code, problem in refusal.fields.items()
            }) from refusal
