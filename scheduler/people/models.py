from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.database import str_enum
from scheduler.extensions import Model


class PersonRole(enum.StrEnum):
    speaker = "speaker"
    moderator = "moderator"
    trainer = "trainer"


class Person(Model):
    """A speaker, moderator or trainer, who may appear in many sessions."""

    __table_args__ = (
        sa.UniqueConstraint("name", "affiliation"),
        sa.CheckConstraint("length(name) > 0", name="name_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    affiliation: Mapped[str] = mapped_column(sa.String(200), default="")


class SessionPerson(Model):
    """A person's part in one session."""

    __tablename__ = "session_person"

    event_session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_session.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[PersonRole] = mapped_column(str_enum(PersonRole))

    person: Mapped[Person] = relationship(lazy="joined")
