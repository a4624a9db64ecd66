"""Organiser pages for an event's registration questions: the list with a
preview of the form as attendees see it, adding, editing, moving up and down,
and removing (retiring once answered). Plain forms and buttons throughout."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from scheduler import lookups
from scheduler.errors import DomainError
from scheduler.events.models import Event
from scheduler.languages import select_locale
from scheduler.registration import questions
from scheduler.registration.questions_inputs import QuestionInput
from scheduler.transactions import unit_of_work
from scheduler.web.forms.questions import KIND_LABELS, QuestionForm, asking
from scheduler.web.forms.support import show_refusal


def to_questions(event_id: int) -> ResponseReturnValue:
    return redirect(url_for(".questions_page", event_id=event_id))


def questions_page(event_id: int) -> ResponseReturnValue:
    """The list and preview; a POST adds the question the form describes."""
    event = lookups.editable_event(event_id, current_user)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            data = QuestionInput.parse(form.data_for_input())
            with unit_of_work():
                questions.add_question(event, data, actor=current_user)
        except DomainError as refusal:
            show_refusal(form, form.placed(refusal))
        else:
            flash(_("Question added."), "success")
            return to_questions(event.id)
    return _listing(event, form)


def _listing(event: Event, form: QuestionForm) -> ResponseReturnValue:
    language = select_locale()
    asked = questions.event_questions(event.id, retired=True)
    active = [question for question in asked if not question.retired]
    preview = asking(FlaskForm, active, language)(formdata=None, meta={"csrf": False})
    return render_template("organise/questions/list.html", event=event, form=form,
                           questions=asked, active=active, preview=preview,
                           kind_labels=KIND_LABELS, language=language,
                           in_language=questions.in_language)


def edit_question(question_id: int) -> ResponseReturnValue:
    question = lookups.editable_question(question_id, current_user)
    form = QuestionForm.of(question)  # a POST's fields win over the stored values
    if form.validate_on_submit():
        try:
            data = QuestionInput.parse(form.data_for_input() | {"position": question.position})
            with unit_of_work():
                questions.update_question(question, data, actor=current_user)
        except DomainError as refusal:
            show_refusal(form, form.placed(refusal))
        else:
            flash(_("Question saved."), "success")
            return to_questions(question.event_id)
    return render_template("organise/questions/form.html", event=question.event,
                           question=question, form=form)


def move_up(question_id: int) -> ResponseReturnValue:
    return _moved(question_id, -1)


def move_down(question_id: int) -> ResponseReturnValue:
    return _moved(question_id, +1)


def _moved(question_id: int, step: int) -> ResponseReturnValue:
    question = lookups.editable_question(question_id, current_user)
    with unit_of_work():
        questions.move_question(question, step, actor=current_user)
    return to_questions(question.event_id)


def remove_question(question_id: int) -> ResponseReturnValue:
    question = lookups.editable_question(question_id, current_user)
    event_id = question.event_id
    with unit_of_work():
        retired = questions.remove_question(question, actor=current_user)
    flash(_("The question has answers: it left the form, and its answers stay in the "
            "exports.") if retired else _("Question deleted."), "success")
    return to_questions(event_id)
