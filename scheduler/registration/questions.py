"""An event's registration questions: adding, changing, ordering and
retiring them, and reading them in a language. Services flush; the caller's
unit of work commits."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.events.models import Event
from scheduler.extensions import db
from scheduler.languages import DEFAULT
from scheduler.registration.models import ENDED, Registration
from scheduler.registration.questions_inputs import QuestionInput
from scheduler.registration.questions_models import Answer, Question, QuestionKind

COUNTED_KINDS = (QuestionKind.choice, QuestionKind.multiple_choice, QuestionKind.boolean,
                 QuestionKind.country)


def in_language(texts: Mapping[str, str], language: str) -> str:
    """The text in `language`, else English, else whichever was written."""
    for code in (language, DEFAULT, *texts):
        if texts.get(code):
            return texts[code]
    return ""


def option_labels(question: Question, language: str) -> dict[str, str]:
    """A choice question's option values and their labels in `language`."""
    return {option["value"]: in_language(option["label"], language)
            for option in question.options}


def event_questions(event_id: int, *, retired: bool = False) -> list[Question]:
    """The event's questions in form order; retired ones only when asked for."""
    statement = sa.select(Question).where(Question.event_id == event_id)
    if not retired:
        statement = statement.where(~Question.retired)
    return list(db.session.scalars(statement.order_by(Question.position, Question.id)))


def add_question(event: Event, data: QuestionInput, *, actor: User) -> Question:
    """A new question, at `data.position` or after the others."""
    permissions.require_event_editor(actor, event)
    question = Question(event=event, **data.stored())
    _place(question, event_questions(event.id), data.position)
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question: Question, data: QuestionInput, *, actor: User) -> None:
    permissions.require_event_editor(actor, question.event)
    for name, value in data.stored().items():
        setattr(question, name, value)
    if data.position is not None:
        others = [q for q in event_questions(question.event_id) if q.id != question.id]
        _place(question, others, data.position)
    db.session.flush()


def remove_question(question: Question, *, actor: User) -> bool:
    """Delete a question nobody has answered; retire one that has answers (it
    leaves the form, its answers stay). True when it was only retired."""
    permissions.require_event_editor(actor, question.event)
    answered = db.session.scalar(sa.select(sa.exists().where(
        Answer.question_id == question.id)))
    if answered:
        question.retired_at = question.retired_at or utcnow()
    else:
        db.session.delete(question)
    db.session.flush()
    return bool(answered)


def move_question(question: Question, step: int, *, actor: User) -> None:
    """One place earlier (step -1) or later (+1) in the form; at an end, stays."""
    permissions.require_event_editor(actor, question.event)
    ordered = event_questions(question.event_id)
    if question not in ordered:
        return
    index = ordered.index(question)
    target = index + step
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    _renumber(ordered)
    db.session.flush()


def _place(question: Question, others: Sequence[Question], position: int | None) -> None:
    ordered = list(others)
    ordered.insert(len(ordered) if position is None else min(position, len(ordered)),
                   question)
    _renumber(ordered)


def _renumber(ordered: Sequence[Question]) -> None:
    for position, question in enumerate(ordered):
        question.position = position


def answer_counts(event_id: int) -> dict[int, dict[str, int]]:
    """How often each value was given, per counted question of the event
    (choice, multiple choice, yes/no, country), retired ones included: active
    registrations only. Yes/no values are "true" and "false".

    Grouped by the database on the answer as stored, so the rows read grow with
    the distinct answers (a multiple choice's combinations), not the registrations."""
    stored = sa.cast(Answer.value, sa.Text)
    rows = db.session.execute(
        sa.select(Answer.question_id, stored, sa.func.count())
        .join(Question, Question.id == Answer.question_id)
        .join(Registration, Registration.id == Answer.registration_id)
        .where(Question.event_id == event_id, Question.kind.in_(COUNTED_KINDS),
               Registration.status.not_in(ENDED))
        .group_by(Answer.question_id, stored))
    counts: dict[int, Counter[str]] = {}
    for question_id, text, number in rows:
        given = json.loads(text)
        values: list[Any] = given if isinstance(given, list) else [given]
        counter = counts.setdefault(question_id, Counter())
        for value in values:
            counter[str(value).lower() if isinstance(value, bool) else str(value)] += number
    return {question_id: dict(counter) for question_id, counter in counts.items()}
