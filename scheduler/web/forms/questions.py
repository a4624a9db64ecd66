"""Forms for registration questions: the organiser's question form, and the
answer fields an event's questions add to the register and invitation forms.
Neither judges: the question form hands its data to QuestionInput, and the
answers go to registration.answers.checked through the booking."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from scheduler.errors import DomainError
from scheduler.registration import answers
from scheduler.registration.questions import in_language, option_labels
from scheduler.registration.questions_inputs import MAX_HELP, MAX_LABEL
from scheduler.registration.questions_models import Question, QuestionKind as Kind
from scheduler.web.forms.support import SelectChoice, no_nul

F = TypeVar("F", bound=FlaskForm)
LANGUAGES = ("en", "ru", "ka")
ANSWER = "answers.{id}"
YES, NO = "yes", "no"
KIND_LABELS = {
    Kind.text: _l("Short text (one line)"), Kind.long_text: _l("Long text"),
    Kind.choice: _l("One of several options"), Kind.multiple_choice: _l("Several options"),
    Kind.boolean: _l("Yes or no"), Kind.country: _l("Country"), Kind.number: _l("Number"),
    Kind.date: _l("Date"), Kind.consent: _l("Consent (a box to tick)"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Kind of answer"),
                       choices=[SelectChoice(kind.value, label)
                                for kind, label in KIND_LABELS.items()])
    label_en = StringField(_l("Question in English"), [no_nul],
                           render_kw={"maxlength": MAX_LABEL})
    label_ru = StringField(_l("Question in Russian"), [no_nul],
                           render_kw={"maxlength": MAX_LABEL})
    label_ka = StringField(_l("Question in Georgian"), [no_nul],
                           render_kw={"maxlength": MAX_LABEL})
    help_en = StringField(_l("Help in English"), [no_nul], render_kw={"maxlength": MAX_HELP})
    help_ru = StringField(_l("Help in Russian"), [no_nul], render_kw={"maxlength": MAX_HELP})
    help_ka = StringField(_l("Help in Georgian"), [no_nul], render_kw={"maxlength": MAX_HELP})
    required = BooleanField(_l("An answer is required"))
    options = TextAreaField(_l("Options"), [no_nul], render_kw={"rows": 5})

    @classmethod
    def of(cls, question: Question) -> QuestionForm:
        data: dict[str, Any] = {"kind": question.kind.value, "required": question.required,
                                "options": "\n".join(
                                    " | ".join([option["value"], *(
                                        option["label"].get(code, "") for code in LANGUAGES)])
                                    for option in question.options)}
        for code in LANGUAGES:
            data[f"label_{code}"] = question.label.get(code, "")
            data[f"help_{code}"] = question.help.get(code, "")
        return cls(data=data)

    def data_for_input(self) -> dict[str, Any]:
        """The fields as QuestionInput takes them."""
        return {
            "kind": self.kind.data,
            "label": {code: self[f"label_{code}"].data or "" for code in LANGUAGES},
            "help": {code: self[f"help_{code}"].data or "" for code in LANGUAGES},
            "required": bool(self.required.data),
            "options": [_option(line) for line in (self.options.data or "").splitlines()
                        if line.strip()],
        }

    def placed(self, refusal: DomainError) -> DomainError:
        """The refusal with each problem under this form's field: label.en is
        label_en, anything about options is options."""
        fields: dict[str, str] = {}
        for name, problem in refusal.fields.items():
            head, _, rest = name.partition(".")
            if head in ("label", "help"):
                name = f"{head}_{rest or 'en'}" if rest in ("", *LANGUAGES) else f"{head}_en"
            elif head == "options":
                name = "options"
            fields.setdefault(name, problem)
        return DomainError(refusal.message, fields=fields)


def _option(line: str) -> dict[str, Any]:
    # "value | English | Русский | ქართული"; the labels after the value are optional.
    value, *labels = (part.strip() for part in line.split("|"))
    return {"value": value, "label": dict(zip(LANGUAGES, labels, strict=False))}


def asking(form_class: type[F], questions: Sequence[Question], language: str) -> type[F]:
    """`form_class` with a field for each question, named answers.<id> like
    the problems the check of answers reports, so each shows under its field;
    the form's `asked` are the questions, in order."""
    fields: dict[str, Any] = {ANSWER.format(id=q.id): _answer_field(q, language)
                              for q in questions}
    return type(form_class.__name__, (form_class,), fields | {"asked": tuple(questions)})


def _answer_field(question: Question, language: str) -> Field:
    label = in_language(question.label, language) + (" *" if question.required else "")
    common: dict[str, Any] = {
        "label": label, "description": in_language(question.help, language),
        "id": f"answer-{question.id}",
        "render_kw": {"aria-required": "true"} if question.required else {}}
    kind = question.kind
    if kind is Kind.long_text:
        return TextAreaField(**common)
    if kind in (Kind.choice, Kind.multiple_choice):
        choices = [SelectChoice(value, text)
                   for value, text in option_labels(question, language).items()]
        field_class = RadioField if kind is Kind.choice else MultiCheckboxField
        return field_class(choices=choices, validate_choice=False, **common)
    if kind is Kind.boolean:
        return RadioField(choices=[SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))],
                          validate_choice=False, **common)
    if kind is Kind.country:
        choices = [SelectChoice("", _l("Choose a country")), *(
            SelectChoice(code, name) for code, name in answers.country_choices(language))]
        return SelectField(choices=choices, validate_choice=False, **common)
    if kind is Kind.consent:
        return BooleanField(**common)
    kw = {Kind.number: {"inputmode": "decimal"}, Kind.date: {"type": "date"}}.get(kind, {})
    common["render_kw"] = common["render_kw"] | kw
    return StringField(**common)


def answers_of(form: FlaskForm) -> dict[str, Any]:
    """The answer fields of a form made by `asking`, as the API's `answers` takes them."""
    given: dict[str, Any] = {}
    questions: Sequence[Question] = getattr(form, "asked", ())
    for question in questions:
        value = form[ANSWER.format(id=question.id)].data
        if question.kind is Kind.boolean:
            value = {YES: True, NO: False}.get(value)
        elif question.kind is Kind.consent:
            value = bool(value)
        elif isinstance(value, str):
            value = value.strip()
        given[str(question.id)] = value
    return given
