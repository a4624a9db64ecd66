"""What a booking answers on a page, whichever page booked: public or invitation."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from scheduler.registration import booking
from scheduler.registration.models import RegistrationStatus

OUTCOMES = {
    RegistrationStatus.confirmed: _l("Your seat is confirmed."),
    RegistrationStatus.pending: _l("Thank you: the organisers will confirm your place."),
}


def to_receipt(receipt: booking.Receipt) -> ResponseReturnValue:
    registration = receipt.registration
    if registration.confirm_by is not None:
        outcome = _l("Almost done: open the link we sent to your email to keep your booking.")
    else:
        outcome = OUTCOMES.get(registration.status,
                               _l("The session is full: you are on the waitlist."))
    flash(str(outcome), "success")
    return redirect(url_for("attendee.registration_page", registration_id=registration.id,
                            token=receipt.secret))
