"""Import forms: the upload, and the preview's commit button that carries
the file back. The page's fields; the import service and VenueInput judge the
file and the defaults."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, Optional

from scheduler.imports.venues import VenueDefaults
from scheduler.web.forms.support import REQUIRED, capitals
from scheduler.web.forms.venues import ZONE_LIST_ID


class VenueDefaultsFields(FlaskForm):
    """For venues the file names that do not exist yet."""

    city = StringField(_l("City"))
    country = StringField(_l("Country"), filters=[capitals],
                          render_kw={"autocomplete": "off", "size": 2})
    timezone = StringField(_l("Time zone"),
                           render_kw={"list": ZONE_LIST_ID, "autocomplete": "off"})
    capacity = IntegerField(_l("Seats"), [Optional()])

    def defaults(self) -> VenueDefaults:
        return VenueDefaults(city=self.city.data or "", country=self.country.data or "",
                             timezone=self.timezone.data or "",
                             capacity=self.capacity.data)


class UploadForm(VenueDefaultsFields):
    calendar = FileField(_l("Calendar file (.ics)"), [FileRequired(_l("Choose an .ics file."))],
                         render_kw={"accept": ".ics,text/calendar"})


class CommitForm(VenueDefaultsFields):
    calendar = HiddenField(validators=[InputRequired(REQUIRED)])
