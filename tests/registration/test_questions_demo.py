"""The demo's registration forms: the festival and the study visit ask in three
languages, and demo registrations carry answers, counted per question."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from scheduler.demo import seed_demo
from scheduler.models import Answer, Event, Question, QuestionKind
from scheduler.registration.questions import answer_counts, event_questions
from scheduler.transactions import unit_of_work

STUDY_VISIT = "api-pnr-study-visit-netherlands"


def test_demo_forms_in_three_languages_with_answers(db):
    counts = []
    for _ in range(2):  # seeding again adds no question and no answer
        with unit_of_work():
            seed_demo(date(2026, 11, 23))
        counts.append([db.session.scalar(sa.select(sa.func.count()).select_from(table))
                       for table in (Answer, Question)])
    assert counts[0] == counts[1] and all(counts[0])
    visit = db.session.scalar(sa.select(Event).filter_by(slug=STUDY_VISIT))
    asked = event_questions(visit.id)
    assert [q.label["en"] for q in asked][:3] == ["Organisation", "Position", "Country"]
    assert all(set(q.label) == {"en", "ru", "ka"} for q in asked)
    consent = next(q for q in asked if q.kind is QuestionKind.consent)
    agreed = db.session.scalars(sa.select(Answer).filter_by(question_id=consent.id)).all()
    assert agreed and all(a.agreed_text == consent.label["en"] for a in agreed)
    country = next(q for q in asked if q.kind is QuestionKind.country)
    counts = answer_counts(visit.id)[country.id]
    assert sum(counts.values()) == len(agreed) and "GE" in counts
