"""Answers to an event's registration questions: the one check of what an
attendee gives (from the register form, an accepted invitation or the API),
storing it with the booking, and reading it back for lists and exports."""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any

import sqlalchemy as sa
from babel import Locale
from flask_babel import gettext as _
from pydantic import Field, TypeAdapter, ValidationError

from scheduler.events.models import Event, EventSession
from scheduler.extensions import db
from scheduler.inputs import MultiLine, OneLine, field_problems
from scheduler.registration.questions import event_questions, in_language, option_labels
from scheduler.registration.questions_models import Answer, Question, QuestionKind as Kind
from scheduler.validation import FieldErrors
from scheduler.venues.inputs import COUNTRY_CODES

MAX_TEXT, MAX_LONG_TEXT = 500, 5000
LARGEST_NUMBER = 1e12
FIRST_YEAR, LAST_YEAR = 1900, 2100
_TEXTS = {Kind.text: TypeAdapter(Annotated[OneLine, Field(max_length=MAX_TEXT)]),
          Kind.long_text: TypeAdapter(Annotated[MultiLine, Field(max_length=MAX_LONG_TEXT)])}


@dataclass(frozen=True)
class Given:
    """One checked answer, as it is stored."""

    question_id: int
    value: Any
    agreed_text: str | None = None


class _Refused(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


# Built once: on every booking, putting the statement together in Python cost
# more CPU than running it.
_ASKED = (sa.select(Question)
          .join(Event, Event.id == Question.event_id)
          .join(EventSession, EventSession.event_id == Event.id)
          .where(EventSession.id == sa.bindparam("session_id"), Event.is_public,
                 ~Question.retired)
          .order_by(Question.position, Question.id))


def asked_at(session_id: int) -> list[Question]:
    """The questions a booking of the session answers: its event's active
    ones, and none while the event is a draft (nobody may book it yet)."""
    return list(db.session.scalars(_ASKED, {"session_id": session_id}))


def checked(questions: Iterable[Question], given: Mapping[str, Any],
            language: str) -> list[Given]:
    """The answers to store, or a DomainError naming each bad one as
    `answers.<question id>`, in the reader's language. A consent keeps its
    label in `language`: the words the attendee was shown."""
    errors, answers = FieldErrors(), []
    asked = {str(question.id): question for question in questions}
    for key in given:
        if key not in asked:
            errors.add(f"answers.{key}", _("is not a question of this event"))
    for key, question in asked.items():
        try:
            value = _value(question, given.get(key))
        except _Refused as refusal:
            errors.add(f"answers.{key}", refusal.problem)
            continue
        if value is not None:
            agreed = (in_language(question.label, language)
                      if question.kind is Kind.consent else None)
            answers.append(Given(question.id, value, agreed))
    errors.raise_if_any()
    return answers


def _value(question: Question, value: Any) -> Any:
    """The value to store, None for no answer; _Refused when it is wrong."""
    if value is None or value == "" or value == [] or (
            question.kind is Kind.consent and value is False):
        if question.required:
            raise _Refused(_("must be agreed to") if question.kind is Kind.consent
                           else _("is required"))
        return None
    return _KINDS[question.kind](question, value)


def _text(question: Question, value: Any) -> str:
    try:
        text: str = _TEXTS[question.kind].validate_python(value)
    except ValidationError as error:
        raise _Refused(next(iter(field_problems(error).values()))) from None
    if not text and question.required:
        raise _Refused(_("is required"))
    return text


def _choice(question: Question, value: Any) -> str:
    if value not in option_labels(question, "en"):
        raise _Refused(_("must be one of the options"))
    return str(value)


def _choices(question: Question, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise _Refused(_("must be a list of options"))
    known = option_labels(question, "en")
    if any(not isinstance(item, str) or item not in known for item in value):
        raise _Refused(_("must be one of the options"))
    return [option for option in known if option in value]  # form order, once each


def _boolean(_question: Question, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Refused(_("must be yes or no"))
    return value


def _country(_question: Question, value: Any) -> str:
    if value not in COUNTRY_CODES:
        raise _Refused(_("must be an ISO 3166-1 alpha-2 code in capitals, such as GE"))
    return str(value)


def _number(_question: Question, value: Any) -> int | float:
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,13}([.,][0-9]{1,6})?\s*", value):
        value = float(value.replace(",", "."))
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or abs(value) > LARGEST_NUMBER:
        raise _Refused(_("must be a number"))
    return int(value) if float(value).is_integer() else float(value)


def _date(_question: Question, value: Any) -> str:
    if isinstance(value, str) and re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            if FIRST_YEAR <= date.fromisoformat(value).year <= LAST_YEAR:
                return value
        except ValueError:
            pass
    raise _Refused(_("must be a date such as 2026-12-14"))


def _consent(_question: Question, value: Any) -> bool:
    if value is not True:
        raise _Refused(_("must be agreed to"))
    return True


_KINDS = {Kind.text: _text, Kind.long_text: _text, Kind.choice: _choice,
          Kind.multiple_choice: _choices, Kind.boolean: _boolean, Kind.country: _country,
          Kind.number: _number, Kind.date: _date, Kind.consent: _consent}


def store(registration_id: int, answers: Iterable[Given]) -> None:
    """Write a new registration's answers (in the booking's transaction)."""
    rows = [{"registration_id": registration_id, "question_id": answer.question_id,
             "value": answer.value, "agreed_text": answer.agreed_text} for answer in answers]
    if rows:
        db.session.execute(sa.insert(Answer), rows)


def carried(registration_id: int) -> list[Given]:
    """A registration's answers as they were given: a move takes them along."""
    return [Given(answer.question_id, answer.value, answer.agreed_text)
            for answer in db.session.scalars(
                sa.select(Answer).where(Answer.registration_id == registration_id))]


def of_registrations(registration_ids: Iterable[int]) -> dict[int, dict[int, Answer]]:
    """Answers by registration, then by question."""
    ids = list(registration_ids)
    found: dict[int, dict[int, Answer]] = {registration_id: {} for registration_id in ids}
    if ids:
        for answer in db.session.scalars(
                sa.select(Answer).where(Answer.registration_id.in_(ids))):
            found[answer.registration_id][answer.question_id] = answer
    return found


def as_json(answers: Iterable[Answer | Given]) -> dict[str, Any]:
    """A registration's answers as the API gives them: {"<question id>": value}."""
    return {str(answer.question_id): answer.value
            for answer in sorted(answers, key=lambda answer: answer.question_id)}


def shown(question: Question, answer: Answer | None, language: str) -> str:
    """An answer as a person reads it, in `language` (empty when none)."""
    if answer is None:
        return ""
    if question.kind is Kind.consent:
        return answer.agreed_text or _("Agreed")
    values = answer.value if isinstance(answer.value, list) else [answer.value]
    return ", ".join(value_shown(question, value, language) for value in values)


def value_shown(question: Question, value: Any, language: str) -> str:
    """One value as a person reads it: an option's label, Yes or No (also for
    the "true" and "false" the statistics count), a country's name."""
    if question.kind is Kind.boolean:
        return _("Yes") if value in (True, "true") else _("No")
    if question.kind in (Kind.choice, Kind.multiple_choice):
        return option_labels(question, language).get(str(value), str(value))
    if question.kind is Kind.country:
        return country_names(language).get(str(value), str(value))
    return str(value)


@cache
def country_choices(language: str) -> list[tuple[str, str]]:
    """Every ISO 3166-1 alpha-2 code with its name in `language` (Babel's
    territory data), in that language's alphabetical order."""
    names = Locale.parse(language).territories
    return sorted(((code, names.get(code) or code) for code in COUNTRY_CODES),
                  key=lambda item: _sort_key(item[1]))


@cache
def country_names(language: str) -> dict[str, str]:
    """Code to name in `language`: looked up once per language, not per answer shown."""
    return dict(country_choices(language))


def _sort_key(name: str) -> str:
    # Accents after their letter (Åland with A), as dictionaries file them.
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Sheet:
    """An event's questions (retired ones too: their answers stay) and the
    answers of some registrations, for lists and exports."""

    questions: list[Question]
    answers: dict[int, dict[int, Answer]]

    def headings(self, language: str) -> list[str]:
        return [in_language(question.label, language) for question in self.questions]

    def row(self, registration_id: int, language: str) -> list[str]:
        """One registration's answers as read, a cell per question."""
        given = self.answers.get(registration_id, {})
        return [shown(question, given.get(question.id), language)
                for question in self.questions]

    def answered(self, registration_id: int, language: str) -> list[tuple[str, str]]:
        """(question, answer) for each question the registration answered."""
        return [(heading, cell) for heading, cell in zip(
            self.headings(language), self.row(registration_id, language), strict=True) if cell]


def sheet(event_id: int, registration_ids: Iterable[int]) -> Sheet:
    return Sheet(event_questions(event_id, retired=True), of_registrations(registration_ids))
