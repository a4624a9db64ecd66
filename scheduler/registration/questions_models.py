"""Registration questions an event asks, and the answers given when booking.

Answers sit in their own table keyed by registration, so erasing a person's
answers is one statement, and a retired question keeps its answers."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.database import UTCDateTime, str_enum, utcnow
from scheduler.events.models import Event
from scheduler.extensions import Model


class QuestionKind(enum.StrEnum):
    text = "text"
    long_text = "long_text"
    choice = "choice"
    multiple_choice = "multiple_choice"
    boolean = "boolean"
    country = "country"
    number = "number"
    date = "date"
    consent = "consent"


CHOICE_KINDS = (QuestionKind.choice, QuestionKind.multiple_choice)


class Question(Model):
    __tablename__ = "registration_question"
    __table_args__ = (sa.Index("ix_registration_question_event_position",
                               "event_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind))
    # {"en": ..., "ru": ..., "ka": ...}: at least one language written.
    label: Mapped[dict[str, str]] = mapped_column(sa.JSON)
    help: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    # Choice kinds: [{"value": "ngo", "label": {"en": ...}}]; otherwise empty.
    options: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # A retired question has left the form; its answers stay.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()

    @hybrid_property
    def retired(self) -> bool:
        return self.retired_at is not None

    @retired.inplace.expression
    @classmethod
    def _retired_expression(cls) -> sa.ColumnElement[bool]:
        return cls.retired_at.is_not(None)

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.kind.value}>"


class Answer(Model):
    __tablename__ = "registration_answer"
    __table_args__ = (sa.UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration_question.id", ondelete="CASCADE"), index=True)
    # As the API gives it: text, a number, true/false, a list of option values.
    value: Mapped[Any] = mapped_column(sa.JSON)
    # A consent answer keeps the exact words agreed to, in the language shown.
    agreed_text: Mapped[str | None] = mapped_column(sa.Text)

    question: Mapped[Question] = relationship()
