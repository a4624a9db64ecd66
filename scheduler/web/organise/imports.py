"""Organiser pages for loading sessions from an .ics file: upload, preview, commit.
Stateless: the preview carries the file, and the commit reads it all again."""
from __future__ import annotations

from dataclasses import asdict

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from scheduler import lookups
from scheduler.errors import DomainError, handle_http_exception
from scheduler.events.models import Event
from scheduler.imports import services
from scheduler.imports.services import Action, Report
from scheduler.transactions import unit_of_work
from scheduler.validation import present
from scheduler.web.forms.imports import CommitForm, UploadForm
from scheduler.web.forms.support import show_refusal
from scheduler.web.forms.venues import ZONE_LIST_ID
from scheduler.web.organise.venues import ZONES

# The organiser pages that take a file; a body too large for any other shows the error page.
IMPORT_PAGES = frozenset({"organise.upload", "organise.commit"})


def upload(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    form = UploadForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                report = services.preview_import(event, form.calendar.data.read(),
                                                 form.defaults(), actor=current_user)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            return preview_page(event, report, CommitForm(
                formdata=None, data={**asdict(form.defaults()), "calendar": report.text}))
    return upload_page(event, form)


def commit(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    form = CommitForm()
    upload_form = UploadForm(formdata=None, data=asdict(form.defaults()))
    if not form.validate_on_submit():
        upload_form.form_errors.append(_("The preview came back incomplete; "
                                         "please upload the file again."))
        return upload_page(event, upload_form)
    try:
        with unit_of_work():
            report = services.commit_import(event, present(form.calendar.data),
                                            form.defaults(), actor=current_user)
    except DomainError as refusal:
        show_refusal(upload_form, refusal)
        return upload_page(event, upload_form)
    if not report.committed:
        return preview_page(event, report, form)
    flash(summary(report), "success")
    return redirect(url_for("organise.manage_event", event_id=event.id))


def too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    """The upload (or a tampered preview) was bigger than the site takes: the
    upload form again, saying so. The request may have been refused before
    the view's own checks ran, so they are made here."""
    if request.endpoint not in IMPORT_PAGES:
        return handle_http_exception(error)
    try:
        event = lookups.editable_event((request.view_args or {})["event_id"], current_user)
    except DomainError:
        return handle_http_exception(error)
    form = UploadForm(formdata=None)
    form.form_errors.append(services.too_large_message())
    return upload_page(event, form), 413


def upload_page(event: Event, form: UploadForm) -> str:
    return render_template("organise/imports/upload.html", event=event, form=form, zones=ZONES,
                           zone_list_id=ZONE_LIST_ID)


def preview_page(event: Event, report: Report, form: CommitForm) -> str:
    return render_template("organise/imports/preview.html", event=event, report=report, form=form,
                           Action=Action)


def summary(report: Report) -> str:
    counts = {action: len(report.of(action))
              for action in (Action.create, Action.update, Action.cancel)}
    done = _("Import done: %(added)s added, %(updated)s updated, %(cancelled)s cancelled",
             added=counts[Action.create], updated=counts[Action.update],
             cancelled=counts[Action.cancel])
    if report.new_venues:
        done += _("; new venues: %(venues)s", venues=", ".join(report.new_venues))
    return done + "."
