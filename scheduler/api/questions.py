"""An event's registration questions: listing them, and (its organisers)
adding, changing and removing them."""
from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from scheduler import lookups, permissions
from scheduler.api.auth import caller, signed_in
from scheduler.api.json import created, no_content, read_body, read_changes
from scheduler.api.serializers import question_json
from scheduler.registration import questions
from scheduler.registration.questions_inputs import QuestionInput
from scheduler.transactions import unit_of_work


def question_index(event_id: int) -> ResponseReturnValue:
    user = caller()
    event = lookups.visible_event(event_id, user)
    listed = questions.event_questions(
        event.id, retired=permissions.can_edit_event(user, event))
    return jsonify(items=[question_json(question) for question in listed])


def question_create(event_id: int) -> ResponseReturnValue:
    user = signed_in()
    event = lookups.editable_event(event_id, user)
    data = read_body(QuestionInput)
    with unit_of_work():
        question = questions.add_question(event, data, actor=user)
    return created(question_json(question),
                   url_for("api.question_index", event_id=event.id))


def question_update(question_id: int) -> ResponseReturnValue:
    user = signed_in()
    question = lookups.editable_question(question_id, user)
    data = read_changes(QuestionInput.of(question))
    with unit_of_work():
        questions.update_question(question, data, actor=user)
    return jsonify(question_json(question))


def question_delete(question_id: int) -> ResponseReturnValue:
    user = signed_in()
    question = lookups.editable_question(question_id, user)
    with unit_of_work():
        questions.remove_question(question, actor=user)
    return no_content()
