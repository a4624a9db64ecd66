"""What an organiser gives for a venue, from the API or the venue form."""
from __future__ import annotations

from typing import Annotated

from babel import Locale
from flask_babel import gettext as _
from pydantic import AfterValidator, Field, WithJsonSchema

from scheduler.inputs import (
    Between,
    Input,
    MultiLine,
    OneLine,
    Texts,
    Translations,
    WebAddress,
    Whole,
    refuse,
)
from scheduler.timezones import NOT_A_VENUE_ZONE, VENUE_ZONES

MAX_CAPACITY = 100_000
MAX_CHANGEOVER_MINUTES = 24 * 60
COUNTRY_CODES = frozenset(code for code in Locale("en").territories
                          if isinstance(code, str) and len(code) == 2 and code.isalpha())


def _known_country(code: str) -> str:
    if code not in COUNTRY_CODES:
        raise refuse(_("must be an ISO 3166-1 alpha-2 code in capitals, such as GE"))
    return code


def _venue_zone(name: str) -> str:
    if name not in VENUE_ZONES:
        raise refuse(NOT_A_VENUE_ZONE)
    return name


# ISO 3166-1 alpha-2, in capitals (forms write what was typed so: web.forms.support.capitals).
Country = Annotated[OneLine, AfterValidator(_known_country),
                    WithJsonSchema({"type": "string", "enum": sorted(COUNTRY_CODES)})]
# An IANA zone of a place, or UTC (see timezones.VENUE_ZONES).
VenueZone = Annotated[OneLine, AfterValidator(_venue_zone),
                      WithJsonSchema({"type": "string", "enum": sorted(VENUE_ZONES)})]
Seats = Annotated[Whole, Between(1, MAX_CAPACITY)]


class VenueTexts(Texts):
    """A venue's name and address in one more language."""

    name: OneLine = Field("", max_length=200)
    address: MultiLine = Field("", max_length=300)


class VenueInput(Input):
    name: OneLine = Field(min_length=1, max_length=200)
    city: OneLine = Field(min_length=1, max_length=120)
    country: Country
    timezone: VenueZone
    capacity: Seats
    address: MultiLine = Field("", max_length=300)
    online_url: WebAddress = Field(None, max_length=500,
                                   description="http(s) address of an online room.")
    changeover_minutes: Annotated[Whole, Between(0, MAX_CHANGEOVER_MINUTES)] = Field(
        0, description="Minutes to keep free after each session.")
    translations: Translations[VenueTexts]
