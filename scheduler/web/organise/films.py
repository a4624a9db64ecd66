"""Organiser pages for the film catalogue that screenings pick from."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from scheduler import lookups
from scheduler.errors import DomainError
from scheduler.films import services
from scheduler.transactions import unit_of_work
from scheduler.web.forms.films import FilmForm
from scheduler.web.forms.support import show_refusal


def films() -> ResponseReturnValue:
    return render_template("organise/films/list.html", films=services.list_films())


def new_film() -> ResponseReturnValue:
    form = FilmForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                film = services.create_film(form.film_input(), actor=current_user,
                                            poster=form.image_change())
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("“%(title)s” is in the catalogue.", title=film.title), "success")
            return redirect(url_for(".films"))
    return render_template("organise/films/form.html", form=form, film=None)


def edit_film(film_id: int) -> ResponseReturnValue:
    film = lookups.film(film_id)
    form = FilmForm(obj=film)
    if not form.is_submitted():
        form.show_alt(film.poster)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                services.update_film(film, form.film_input(), actor=current_user,
                                     poster=form.image_change())
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("“%(title)s” is saved.", title=film.title), "success")
            return redirect(url_for(".films"))
    return render_template("organise/films/form.html", form=form, film=film)
