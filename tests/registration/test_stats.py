"""An event's statistics: each session's registrations by status, with
check-ins and (after the end) no-shows, and registrations per day on the
venue's calendar."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.database import utcnow
from scheduler.events.models import Event, EventSession
from scheduler.extensions import db as database
from scheduler.registration import stats
from scheduler.registration.models import Registration, RegistrationStatus as Status
from scheduler.registration.questions_models import Answer, Question, QuestionKind as Kind
from tests.factories import make_event, make_registration, make_session, make_user, make_venue

PAST = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
# Made in the evening in Tbilisi (+04): 19:30 UTC is 23:30 there, 20:30 UTC the next day.
BEFORE_MIDNIGHT = datetime(2026, 3, 1, 19, 30, tzinfo=UTC)
AFTER_MIDNIGHT = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
# 03:00 UTC on the 2nd is still 22:00 on the 1st in New York (-05).
NEW_YORK_EVENING = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@dataclass
class Scene:
    event: Event
    past: EventSession    # ended: its confirmed not checked in are no-shows
    coming: EventSession  # not yet: no-shows unknown
    empty: EventSession


def register(event_session: EventSession, statuses: dict[Status, int], prefix: str) -> None:
    for status, number in statuses.items():
        for index in range(number):
            checked = {"checked_in_at": PAST} if status is Status.attended else {}
            make_registration(event_session, email=f"{prefix}-{status}-{index}@example.org",
                              status=status, **checked)


def mixed_scene(owner) -> Scene:
    """Two sessions with every status, one empty, and another event's
    registrations that must not count."""
    event = make_event(owner, title="Study visit")
    venue = make_venue(capacity=10)
    past = make_session(event, venue, starts_at=PAST, capacity=8, title="Site visit")
    coming = make_session(event, venue, starts_at=utcnow() + timedelta(days=3), capacity=6,
                          title="Closing panel")
    empty = make_session(event, venue, starts_at=utcnow() + timedelta(days=4), capacity=5)
    register(past, {Status.confirmed: 2, Status.attended: 3, Status.cancelled: 1,
                    Status.declined: 1, Status.waitlisted: 1}, "past")
    register(coming, {Status.confirmed: 4, Status.attended: 1, Status.pending: 2,
                      Status.waitlisted: 3, Status.cancelled: 2}, "coming")
    elsewhere = make_session(make_event(owner), venue, starts_at=PAST + timedelta(days=1))
    register(elsewhere, {Status.confirmed: 5}, "elsewhere")
    return Scene(event, past, coming, empty)


def ask(event: Event, kind: Kind, label: dict[str, str], options: tuple[str, ...] = (),
        **fields) -> Question:
    question = Question(event=event, kind=kind, label=label, help={}, options=[
        {"value": value, "label": {"en": value.title(), "ka": f"ka-{value}"}}
        for value in options], **fields)
    database.session.add(question)
    database.session.commit()
    return question


def answered(event_session: EventSession, email: str, status: Status,
             answers: dict[Question, object]) -> Registration:
    registration = make_registration(event_session, email=email, status=status)
    database.session.add_all(Answer(registration_id=registration.id, question_id=question.id,
                                    value=value) for question, value in answers.items())
    database.session.commit()
    return registration


@dataclass
class Form:
    event: Event
    sector: Question     # choice
    meals: Question      # yes/no
    country: Question
    languages: Question  # multiple choice
    retired: Question    # a choice no longer asked, its answers kept


def answered_scene(owner) -> Form:
    """Five registrations answering an event's form, cancelled and declined
    ones among them, and another event's answers that must not count."""
    event = make_event(owner, title="Study visit")
    talk = make_session(event, make_venue(), starts_at=PAST)
    form = Form(
        event,
        ask(event, Kind.choice, {"en": "Sector", "ka": "სექტორი"},
            ("ngo", "government", "academia"), position=0),
        ask(event, Kind.boolean, {"en": "Vegetarian meals"}, position=1),
        ask(event, Kind.country, {"en": "Country"}, position=2),
        ask(event, Kind.multiple_choice, {"en": "Languages"}, ("en", "ru", "ka"), position=3),
        ask(event, Kind.choice, {"en": "Old question"}, ("a", "b"), position=4,
            retired_at=PAST))
    notes = ask(event, Kind.text, {"en": "Notes"}, position=5)
    answered(talk, "a@example.org", Status.confirmed, {
        form.sector: "ngo", form.meals: True, form.country: "GE",
        form.languages: ["en", "ka"], form.retired: "b"})
    answered(talk, "b@example.org", Status.waitlisted, {
        form.sector: "government", form.meals: False, form.country: "GE",
        form.languages: ["ka"]})
    answered(talk, "c@example.org", Status.pending, {
        form.sector: "ngo", form.country: "UA", form.languages: ["en"], notes: "late"})
    answered(talk, "d@example.org", Status.cancelled, {form.sector: "ngo", form.country: "AM"})
    answered(talk, "e@example.org", Status.declined, {form.meals: True})
    answered(talk, "f@example.org", Status.attended, {})
    elsewhere = make_event(owner)
    answered(make_session(elsewhere, talk.venue, starts_at=LATER), "g@example.org",
             Status.confirmed, {ask(elsewhere, Kind.country, {"en": "Country"}): "GE"})
    return form


def numbers(row: stats.SessionStats) -> dict:
    return {"confirmed": row.confirmed, "pending": row.pending, "waitlisted": row.waitlisted,
            "declined": row.declined, "cancelled": row.cancelled,
            "checked_in": row.checked_in, "no_shows": row.no_shows}


def test_each_session_counted_by_status_with_no_shows_after_its_end(db):
    scene = mixed_scene(make_user(role=Role.organiser))
    rows = stats.session_stats(scene.event, utcnow())
    assert [row.event_session.id for row in rows] == [
        scene.past.id, scene.coming.id, scene.empty.id]
    assert [numbers(row) for row in rows] == [
        {"confirmed": 5, "pending": 0, "waitlisted": 1, "declined": 1, "cancelled": 1,
         "checked_in": 3, "no_shows": 2},
        {"confirmed": 5, "pending": 2, "waitlisted": 3, "declined": 0, "cancelled": 2,
         "checked_in": 1, "no_shows": None},
        {"confirmed": 0, "pending": 0, "waitlisted": 0, "declined": 0, "cancelled": 0,
         "checked_in": 0, "no_shows": None}]
    # Once the second session has ended, its unchecked confirmed are no-shows too.
    after = stats.session_stats(scene.event, scene.coming.ends_at)
    assert [row.no_shows for row in after] == [2, 4, None]


def test_each_figure_is_one_grouped_query_whatever_the_number_of_rows(app, db):
    scene = answered_scene(make_user(role=Role.organiser))
    assert scene.event.id  # loaded before counting: the handler has it loaded
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        stats.EventStats.of(scene.event, utcnow())
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    grouped = [s for s in selects if "GROUP BY" in s]
    assert len(grouped) == 3  # statuses, days, answers
    # Besides them, only the questions themselves are read.
    assert [s for s in selects if s not in grouped] == [
        s for s in selects if "FROM registration_question" in s and "JOIN" not in s]
    assert len(selects) == 4


def test_registrations_per_day_on_the_venues_calendar_across_midnight(db):
    owner = make_user(role=Role.organiser)
    event = make_event(owner)
    tbilisi = make_session(event, make_venue(), starts_at=PAST)
    new_york = make_session(event, make_venue(name="Anthology", city="New York",
                                              country="US", timezone="America/New_York"),
                            starts_at=PAST + timedelta(days=1))
    make_registration(tbilisi, email="a@example.org", created_at=BEFORE_MIDNIGHT)
    make_registration(tbilisi, email="b@example.org", created_at=AFTER_MIDNIGHT,
                      status=Status.cancelled)
    make_registration(new_york, email="c@example.org", created_at=NEW_YORK_EVENING)
    make_registration(tbilisi, email="d@example.org", created_at=LATER)
    make_registration(make_session(make_event(owner), tbilisi.venue,
                                   starts_at=PAST + timedelta(days=2)),
                      email="other@example.org", created_at=AFTER_MIDNIGHT)
    assert [(day.day, day.count) for day in stats.registrations_by_day(event)] == [
        (date(2026, 3, 1), 2), (date(2026, 3, 2), 1), (date(2026, 3, 3), 0),
        (date(2026, 3, 4), 1)]


def test_an_event_without_registrations_or_questions_has_empty_figures(db):
    event = make_event(make_user(role=Role.organiser))
    figures = stats.EventStats.of(event, utcnow())
    assert figures == stats.EventStats([], [], [])


def test_each_counted_question_broken_down_in_reading_order(db):
    form = answered_scene(make_user(role=Role.organiser))
    breakdowns = stats.answer_breakdowns(form.event)
    assert [breakdown.question for breakdown in breakdowns] == [
        form.sector, form.meals, form.country, form.languages, form.retired]
    counts = [list(breakdown.counts.items()) for breakdown in breakdowns]
    assert counts == [
        # Every option as the form lists it, an option nobody chose at 0.
        [("ngo", 2), ("government", 1), ("academia", 0)],
        [("true", 1), ("false", 1)],
        # Countries from the most given; cancelled and declined answers left out.
        [("GE", 2), ("UA", 1)],
        # A multiple choice counts once per option ticked.
        [("en", 2), ("ru", 0), ("ka", 2)],
        [("a", 0), ("b", 1)]]


def test_a_value_no_longer_offered_is_still_counted_after_the_options(db):
    form = answered_scene(make_user(role=Role.organiser))
    form.sector.options = [option for option in form.sector.options
                           if option["value"] != "government"]
    database.session.commit()
    sector = stats.answer_breakdowns(form.event)[0]
    assert list(sector.counts.items()) == [("ngo", 2), ("academia", 0), ("government", 1)]
