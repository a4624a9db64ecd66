"""The venue form: shape only; the venue service checks country, zone and ranges."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, URLField
from wtforms.validators import InputRequired, Optional

from scheduler.validation import present
from scheduler.venues.services import VenueInput
from scheduler.web.forms.support import REQUIRED

ZONE_LIST_ID = "time-zones"


class VenueForm(FlaskForm):
    name = StringField(_l("Name"), [InputRequired(REQUIRED)])
    city = StringField(_l("City"), [InputRequired(REQUIRED)])
    country = StringField(_l("Country"), [InputRequired(REQUIRED)],
                          render_kw={"autocomplete": "off", "size": 2})
    address = StringField(_l("Address"))
    timezone = StringField(_l("Time zone"), [InputRequired(REQUIRED)],
                           render_kw={"list": ZONE_LIST_ID, "autocomplete": "off"})
    capacity = IntegerField(_l("Seats"), [InputRequired(REQUIRED)])
    online_url = URLField(_l("Online room address"), [Optional()])
    changeover_minutes = IntegerField(_l("Changeover minutes"), [Optional()], default=0)

    def venue_input(self) -> VenueInput:
        return VenueInput(
            name=present(self.name.data), city=present(self.city.data),
            country=present(self.country.data), timezone=present(self.timezone.data),
            capacity=present(self.capacity.data),
            address=self.address.data or "", online_url=self.online_url.data or None,
            changeover_minutes=self.changeover_minutes.data or 0)
