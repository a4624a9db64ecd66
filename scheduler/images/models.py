from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.database import UTCDateTime, utcnow
from scheduler.extensions import Model
from scheduler.languages import LANGUAGES


class Image(Model):
    """An uploaded picture, re-encoded into a few widths kept as files under
    UPLOAD_DIR: `<name>-<width>.webp`. Posters, banners and venue photos point here."""

    __table_args__ = (
        sa.CheckConstraint("width > 0 AND height > 0", name="size_positive"),
        sa.CheckConstraint("length(name) = 32", name="name_is_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The content hash of the picture as stored: the same upload gives the same files.
    name: Mapped[str] = mapped_column(sa.String(32), index=True)
    widths: Mapped[list[int]] = mapped_column(sa.JSON)
    width: Mapped[int]
    height: Mapped[int]
    # Alt text by language code (en, ru, ka); at least one is given.
    alt: Mapped[dict[str, str]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def file_name(self, width: int) -> str:
        return f"{self.name}-{width}.webp"

    @property
    def largest(self) -> str:
        return self.file_name(max(self.widths))

    def alt_in(self, language: str) -> str:
        """The alt text in `language`, else in the first language that has one."""
        for code in (language, *LANGUAGES):
            if self.alt.get(code):
                return self.alt[code]
        return ""

    def __repr__(self) -> str:
        return f"<Image {self.name} {self.width}x{self.height}>"
