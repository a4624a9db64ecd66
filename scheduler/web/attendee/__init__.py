"""An attendee's own pages: signing in and up, the account with its agenda
link, their registrations, cancelling, and accepting an invitation.

The routes are listed here, once; the modules beside hold the handlers."""
from __future__ import annotations

from flask import Blueprint

from scheduler.web.attendee import (
    accounts,
    agenda,
    confirmation,
    passwords,
    programme,
    registrations,
)


def blueprint() -> Blueprint:
    bp = Blueprint("attendee", __name__)
    bp.route("/sign-in", methods=["GET", "POST"])(accounts.sign_in)
    bp.post("/sign-out")(accounts.sign_out)
    bp.route("/sign-up", methods=["GET", "POST"])(accounts.sign_up)
    bp.route("/password/forgot", methods=["GET", "POST"])(passwords.forgot_password)
    bp.route("/password/reset/<token>", methods=["GET", "POST"])(passwords.reset_password)
    bp.get("/account")(agenda.account)
    bp.route("/account/password", methods=["GET", "POST"])(accounts.change_password)
    bp.post("/account/agenda-link")(agenda.new_agenda_link)
    bp.get("/account/data.json")(accounts.download_my_data)
    bp.route("/account/delete", methods=["GET", "POST"])(accounts.close_account)
    bp.get("/feeds/<secret>/agenda.ics")(agenda.agenda_feed)
    bp.get("/my-programme")(programme.my_programme)
    bp.get("/my/registrations")(registrations.my_registrations)
    bp.post("/my/registrations/<int:registration_id>/cancel")(registrations.cancel_mine)
    bp.get("/registrations/<int:registration_id>")(registrations.registration_page)
    bp.get("/registrations/<int:registration_id>/ticket")(registrations.ticket_page)
    bp.route("/registrations/<int:registration_id>/cancel",
             methods=["GET", "POST"])(registrations.cancel_by_link)
    bp.route("/registrations/<int:registration_id>/confirm",
             methods=["GET", "POST"])(confirmation.confirm_email)
    bp.route("/invitations/<int:invitation_id>/accept",
             methods=["GET", "POST"])(registrations.accept_invitation)
    return bp
