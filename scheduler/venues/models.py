from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.database import UTCDateTime, utcnow
from scheduler.extensions import Model
from scheduler.images.models import Image
from scheduler.localised import Translations

# Sessions are a layer above venues: named for the type checker and the mapper only.
if TYPE_CHECKING:
    from scheduler.events.models import EventSession


class Venue(Model):
    """A place sessions happen in: a hall, a training room, or an online room."""

    __table_args__ = (
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("changeover_minutes >= 0", name="changeover_not_negative"),
        sa.CheckConstraint("length(country) = 2 AND country = upper(country)",
                           name="country_alpha2"),
        sa.CheckConstraint("length(timezone) > 0", name="timezone_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    city: Mapped[str] = mapped_column(sa.String(120))
    country: Mapped[str] = mapped_column(sa.String(2))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    # Other languages of the texts below (scheduler.localised).
    translations: Mapped[Translations | None] = mapped_column(sa.JSON)
    timezone: Mapped[str] = mapped_column(sa.String(64))
    capacity: Mapped[int]
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    changeover_minutes: Mapped[int] = mapped_column(default=0)
    photo_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("image.id", ondelete="SET NULL"))
    photo: Mapped[Image | None] = relationship()
    # SET NULL: the venue outlives the account of whoever first entered it.
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow)

    # Read only: a session is placed through EventSession.place.
    sessions: Mapped[list[EventSession]] = relationship(viewonly=True)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    def __repr__(self) -> str:
        return f"<Venue {self.name}, {self.city}>"
