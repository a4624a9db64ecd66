"""Organiser pages for the film catalogue that screenings pick from."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from scheduler import lookups
from scheduler.errors import DomainError
from scheduler.films import services
from scheduler.films.forms import FilmForm
from scheduler.forms_support import organisers_only, show_refusal

bp = Blueprint("films", __name__)


@bp.route("/organise/films")
@organisers_only
def films() -> ResponseReturnValue:
    return render_template("films/list.html", films=services.list_films())


@bp.route("/organise/films/new", methods=["GET", "POST"])
@organisers_only
def new_film() -> ResponseReturnValue:
    form = FilmForm()
    if form.validate_on_submit():
        try:
            film = services.create_film(form.film_input(), actor=current_user)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("“%(title)s” is in the catalogue.", title=film.title), "success")
            return redirect(url_for(".films"))
    return render_template("films/form.html", form=form, film=None)


@bp.route("/organise/films/<int:film_id>/edit", methods=["GET", "POST"])
@organisers_only
def edit_film(film_id: int) -> ResponseReturnValue:
    film = lookups.film(film_id)
    form = FilmForm(obj=film)
    if form.validate_on_submit():
        try:
            services.update_film(film, form.film_input(), actor=current_user)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("“%(title)s” is saved.", title=film.title), "success")
            return redirect(url_for(".films"))
    return render_template("films/form.html", form=form, film=film)
