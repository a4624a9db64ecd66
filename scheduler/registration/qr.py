"""The check-in QR code on a confirmation: inline SVG, no script, no request."""
from __future__ import annotations

import segno
from flask_babel import gettext as _
from markupsafe import Markup

from scheduler.registration.models import Registration
from scheduler.urls import public_url


def check_in_url(registration: Registration) -> str:
    """The organiser's check-in page with the code filled in: scanning opens it."""
    return public_url("organise.check_in", session_id=registration.event_session_id,
                      code=registration.check_in_code)


def check_in_qr(registration: Registration) -> Markup:
    code = segno.make(check_in_url(registration), error="m")
    # segno writes the SVG itself from a URL of our making: safe to inline.
    return Markup(code.svg_inline(scale=4, title=_("Check-in code %(code)s",
                                                         code=registration.check_in_code)))
