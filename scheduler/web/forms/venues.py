"""The venue form: the page's fields; VenueInput checks what they hold."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import IntegerField, StringField, URLField
from wtforms.validators import InputRequired, Optional

from scheduler.venues.inputs import VenueInput
from scheduler.web.forms.images import IMAGE_TYPES, ImageFields
from scheduler.web.forms.support import REQUIRED, capitals, input_of
from scheduler.web.forms.translations import TranslatableForm, VenueTextsForm, in_language

ZONE_LIST_ID = "time-zones"


class VenueForm(TranslatableForm, ImageFields):
    name = StringField(_l("Name"), [InputRequired(REQUIRED)])
    city = StringField(_l("City"), [InputRequired(REQUIRED)])
    country = StringField(_l("Country"), [InputRequired(REQUIRED)], filters=[capitals],
                          render_kw={"autocomplete": "off", "size": 2})
    address = StringField(_l("Address"))
    translations_ru = in_language(VenueTextsForm, "ru")
    translations_ka = in_language(VenueTextsForm, "ka")
    timezone = StringField(_l("Time zone"), [InputRequired(REQUIRED)],
                           render_kw={"list": ZONE_LIST_ID, "autocomplete": "off"})
    capacity = IntegerField(_l("Seats"), [InputRequired(REQUIRED)])
    online_url = URLField(_l("Online room address"), [Optional()])
    changeover_minutes = IntegerField(_l("Changeover minutes"), [Optional()], default=0)
    image = FileField(_l("Photo"), render_kw={"accept": IMAGE_TYPES})

    def venue_input(self) -> VenueInput:
        return input_of(self, VenueInput)
