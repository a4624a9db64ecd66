"""The demo's registration forms, in English, Russian and Georgian: the film
festival and the study visit ask who is coming, and the demo registrations
carry answers. A question is known by its event and English label; a
registration keeps the answers it has."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from scheduler.extensions import db
from scheduler.models import (
    Answer,
    Event,
    EventSession,
    Question,
    QuestionKind as Kind,
    Registration,
)

Texts = dict[str, str]
ORGANISATION: Texts = {"en": "Organisation", "ru": "Организация", "ka": "ორგანიზაცია"}
POSITION: Texts = {"en": "Position", "ru": "Должность", "ka": "თანამდებობა"}
COUNTRY: Texts = {"en": "Country", "ru": "Страна", "ka": "ქვეყანა"}
SECTOR: Texts = {"en": "Sector", "ru": "Сектор", "ka": "სექტორი"}
DIET: Texts = {"en": "Dietary needs", "ru": "Особенности питания",
               "ka": "კვებასთან დაკავშირებული საჭიროებები"}
ACCESS: Texts = {"en": "Accessibility needs", "ru": "Потребности в доступности",
                 "ka": "ხელმისაწვდომობის საჭიროებები"}
PHOTOS: Texts = {
    "en": "I agree to be photographed and filmed for the organisers' reports.",
    "ru": "Я согласен(на) на фото- и видеосъёмку для отчётов организаторов.",
    "ka": "ვეთანხმები ფოტო- და ვიდეოგადაღებას ორგანიზატორების ანგარიშებისთვის."}
SECTORS = [
    {"value": "government", "label": {"en": "Government", "ru": "Государственный",
                                      "ka": "სახელმწიფო"}},
    {"value": "ngo", "label": {"en": "Civil society", "ru": "Гражданское общество",
                               "ka": "სამოქალაქო საზოგადოება"}},
    {"value": "international", "label": {"en": "International organisation",
                                         "ru": "Международная организация",
                                         "ka": "საერთაშორისო ორგანიზაცია"}},
    {"value": "academia", "label": {"en": "Research", "ru": "Наука", "ka": "კვლევა"}},
    {"value": "media", "label": {"en": "Media", "ru": "СМИ", "ka": "მედია"}},
]
DIETS = [
    {"value": "vegetarian", "label": {"en": "Vegetarian", "ru": "Вегетарианское",
                                      "ka": "ვეგეტარიანული"}},
    {"value": "vegan", "label": {"en": "Vegan", "ru": "Веганское", "ka": "ვეგანური"}},
    {"value": "halal", "label": {"en": "Halal", "ru": "Халяль", "ka": "ჰალალი"}},
    {"value": "gluten-free", "label": {"en": "Gluten-free", "ru": "Без глютена",
                                       "ka": "უგლუტენო"}},
]
ACCESS_HELP: Texts = {"en": "Step-free access, sign language, large print…",
                      "ru": "Доступ без ступенек, жестовый язык, крупный шрифт…",
                      "ka": "უსაფეხურო შესასვლელი, ჟესტური ენა, დიდი შრიფტი…"}
# (kind, label, required, options, help) in form order.
FORMS: dict[str, list[tuple[Kind, Texts, bool, list[dict[str, Any]], Texts]]] = {
    "global-migration-film-festival": [
        (Kind.choice, SECTOR, False, SECTORS, {}),
        (Kind.country, COUNTRY, False, [], {}),
        (Kind.long_text, ACCESS, False, [], ACCESS_HELP),
        (Kind.consent, PHOTOS, False, [], {}),
    ],
    "api-pnr-study-visit-netherlands": [
        (Kind.text, ORGANISATION, True, [], {}),
        (Kind.text, POSITION, True, [], {}),
        (Kind.country, COUNTRY, True, [], {}),
        (Kind.multiple_choice, DIET, False, DIETS, {}),
        (Kind.long_text, ACCESS, False, [], ACCESS_HELP),
        (Kind.consent, PHOTOS, True, [], {}),
    ],
}
ORGANISATIONS = ["Ministry of Internal Affairs", "State Border Guard Service",
                 "Public Service Hall", "Border Police", "Civil Aviation Agency"]
POSITIONS = ["Head of unit", "Senior analyst", "Border guard officer", "Legal adviser",
             "Data protection officer"]
COUNTRIES = ["GE", "AM", "AZ", "MD", "UA", "BY", "NL", "DE"]


def seed_forms(events: list[Event]) -> None:
    """Bring each event's form in line with FORMS, then answer it for the demo
    registrations that have not yet."""
    for event in events:
        if event.slug in FORMS:
            asked = [_question(event, position, *spec)
                     for position, spec in enumerate(FORMS[event.slug])]
            db.session.flush()
            _answer(event, asked)


def _question(event: Event, position: int, kind: Kind, label: Texts, required: bool,
              options: list[dict[str, Any]], help_text: Texts) -> Question:
    question = next((q for q in db.session.scalars(sa.select(Question).filter_by(
        event_id=event.id)) if q.label.get("en") == label["en"]), None)
    if question is None:
        question = Question(event_id=event.id)
        db.session.add(question)
    question.kind, question.label, question.help = kind, label, help_text
    question.options, question.required, question.position = options, required, position
    question.retired_at = None
    return question


def _answer(event: Event, asked: list[Question]) -> None:
    registrations = db.session.scalars(
        sa.select(Registration).join(Registration.event_session)
        .where(EventSession.event_id == event.id).order_by(Registration.id)).all()
    answered = set(db.session.execute(sa.select(Answer.registration_id, Answer.question_id)
                                      .where(Answer.question_id.in_([q.id for q in asked]))))
    for number, registration in enumerate(registrations):
        for question in asked:
            value = _value(question, number)
            if value is not None and (registration.id, question.id) not in answered:
                db.session.add(Answer(
                    registration_id=registration.id, question_id=question.id, value=value,
                    agreed_text=question.label["en"] if question.kind is Kind.consent
                    else None))


def _value(question: Question, number: int) -> Any:
    """Varied, repeatable answers; optional questions left blank now and then."""
    if question.kind is Kind.country:
        return COUNTRIES[number % len(COUNTRIES)]
    if question.kind is Kind.choice:
        return question.options[number % len(question.options)]["value"]
    if question.kind is Kind.multiple_choice:
        return [question.options[number % len(question.options)]["value"]] \
            if number % 3 == 0 else None
    if question.kind is Kind.consent:
        return True if question.required or number % 4 else None
    if question.kind is Kind.long_text:
        return "Step-free access, please." if number % 5 == 2 else None
    texts = ORGANISATIONS if question.label["en"] == ORGANISATION["en"] else POSITIONS
    return texts[number % len(texts)]
