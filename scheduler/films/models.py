from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.database import UTCDateTime, utcnow
from scheduler.extensions import Model
from scheduler.images.models import Image
from scheduler.localised import Translations

# Sessions are a layer above films: named for the type checker and the mapper only.
if TYPE_CHECKING:
    from scheduler.events.models import EventSession


class Film(Model):
    """A film that can be screened any number of times."""

    __table_args__ = (
        sa.CheckConstraint("runtime_minutes > 0", name="runtime_positive"),
        sa.CheckConstraint("year IS NULL OR year BETWEEN 1888 AND 2100", name="year_plausible"),
        sa.CheckConstraint("length(title) > 0", name="title_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    original_title: Mapped[str] = mapped_column(sa.String(300), default="")
    director: Mapped[str] = mapped_column(sa.String(200), default="")
    country: Mapped[str] = mapped_column(sa.String(100), default="")
    year: Mapped[int | None]
    runtime_minutes: Mapped[int]
    spoken_languages: Mapped[str] = mapped_column(sa.String(200), default="")
    subtitles: Mapped[str] = mapped_column(sa.String(200), default="")
    synopsis: Mapped[str] = mapped_column(sa.Text, default="")
    # Other languages of the texts below (scheduler.localised).
    translations: Mapped[Translations | None] = mapped_column(sa.JSON)
    # SET NULL: a poster removed from the database leaves the film without one.
    poster_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("image.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow)

    poster: Mapped[Image | None] = relationship()
    # Read only: a screening names its film through EventSession.film.
    screenings: Mapped[list[EventSession]] = relationship(
        viewonly=True, order_by="EventSession.starts_at")

    def __repr__(self) -> str:
        return f"<Film {self.title} ({self.year})>"
