"""Finding each imported session's venue by name, or creating it once."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from scheduler.accounts.models import User
from scheduler.errors import DomainError
from scheduler.imports.reading import Entry
from scheduler.transactions import savepoint
from scheduler.venues.inputs import VenueInput
from scheduler.venues.models import Venue
from scheduler.venues.services import create_venue, list_venues


@dataclass(frozen=True)
class VenueDefaults:
    """What the organiser gives for venues the file names but we lack."""

    city: str = ""
    country: str = ""
    timezone: str = ""
    capacity: int | None = None


class VenueFinder:
    """Matches LOCATION's first part to a venue's name, ignoring case (the
    city, when the rest of LOCATION names one, tells same-named venues
    apart), or creates the venue through the venue service, in a savepoint."""

    def __init__(self, defaults: VenueDefaults, actor: User) -> None:
        self.defaults, self.actor = defaults, actor
        self.known = list_venues()
        self.created: list[str] = []
        self.refused: dict[str, DomainError] = {}

    def venue_for(self, entry: Entry) -> Venue:
        name = entry.venue_name
        if name.casefold() in self.refused:
            raise self.refused[name.casefold()]
        matches = [v for v in self.known if v.name.casefold() == name.casefold()]
        if len(matches) > 1:
            place = entry.address.casefold()
            matches = [v for v in matches if v.city.casefold() in place] or matches
        if len(matches) > 1:
            raise DomainError(_("Several venues are called “%(name)s”; name the city in the "
                                "LOCATION, as in “%(name)s, %(city)s”.",
                                name=name, city=matches[0].city))
        return matches[0] if matches else self._created(entry)

    def _created(self, entry: Entry) -> Venue:
        name, defaults = entry.venue_name, self.defaults
        try:
            data = VenueInput.parse(dict(
                name=name, city=defaults.city, country=defaults.country,
                timezone=defaults.timezone, capacity=defaults.capacity, address=entry.address))
            with savepoint():
                venue = create_venue(data, actor=self.actor)
        except DomainError as refusal:
            problem = DomainError(_("The new venue “%(name)s” cannot be added: %(problem)s "
                                    "Check the defaults for new venues.",
                                    name=name, problem=refusal.message))
            self.refused[name.casefold()] = problem
            raise problem from refusal
        self.known.append(venue)
        self.created.append(name)
        return venue
