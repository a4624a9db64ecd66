"""The venue form: shape only; the venue service checks country, zone and ranges."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, URLField
from wtforms.validators import InputRequired, Optional

from scheduler.venues.services import VenueInput

ZONE_LIST_ID = "time-zones"


class VenueForm(FlaskForm):
    name = StringField("Name", [InputRequired()])
    city = StringField("City", [InputRequired()])
    country = StringField("Country", [InputRequired()],
                          render_kw={"autocomplete": "off", "size": 2})
    address = StringField("Address")
    timezone = StringField("Time zone", [InputRequired()],
                           render_kw={"list": ZONE_LIST_ID, "autocomplete": "off"})
    capacity = IntegerField("Seats", [InputRequired()])
    online_url = URLField("Online room address", [Optional()])
    changeover_minutes = IntegerField("Changeover minutes", [Optional()], default=0)

    def venue_input(self) -> VenueInput:
        return VenueInput(
            name=self.name.data, city=self.city.data, country=self.country.data,
            timezone=self.timezone.data, capacity=self.capacity.data,
            address=self.address.data or "", online_url=self.online_url.data or None,
            changeover_minutes=self.changeover_minutes.data or 0)
