"""Wall-clock times at a venue, and the instants they stand for.

Organisers think in the venue's local time; the database keeps UTC. Two local
times need care: one that never happens (clocks jump forward) is refused, and
one that happens twice (clocks go back) is resolved explicitly, earlier or later.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _, lazy_gettext as _l

from scheduler.errors import DomainError

# Names the tz database ships that are no zone: the host's own setting (it
# would follow the server around) and a placeholder with no offset of its own.
# ZoneInfo() also opens "posixrules", which available_timezones() leaves out.
NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})
KNOWN_ZONES = frozenset(available_timezones()) - NOT_ZONES
# A venue is somewhere: an Area/Location zone in one of the tz database's
# geographic areas, or UTC for a room that is only online. Offsets (Etc/GMT+5),
# rules (EST5EDT) and old aliases (US/Eastern, Japan) each have an Area/Location
# name to use instead.
GEOGRAPHIC_AREAS = frozenset({"Africa", "America", "Antarctica", "Arctic", "Asia",
                              "Atlantic", "Australia", "Europe", "Indian", "Pacific"})
VENUE_ZONES = frozenset({"UTC"} | {name for name in KNOWN_ZONES
                                   if "/" in name and name.split("/")[0] in GEOGRAPHIC_AREAS})
NOT_A_VENUE_ZONE = _l("must be an IANA time zone of a place, such as Asia/Tbilisi, or UTC")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class NonexistentLocalTime(DomainError):
    code = "nonexistent_local_time"


@dataclass(frozen=True)
class Resolved:
    """A local wall-clock time resolved to an instant."""

    at: datetime  # aware, UTC
    ambiguous: bool  # the wall-clock time happens twice that day


def is_known_zone(name: str) -> bool:
    return name in KNOWN_ZONES


def is_venue_zone(name: str) -> bool:
    return name in VENUE_ZONES


def resolve(wall_clock: datetime, zone_name: str, *, field: str = "starts_at",
            later: bool = False) -> Resolved:
    """The instant a naive wall-clock time stands for in a zone.

    A time in a spring-forward gap raises NonexistentLocalTime. A time in a
    fall-back hour is the earlier occurrence unless `later` is set.
    """
    check_year(wall_clock, field)
    zone = ZoneInfo(zone_name)
    first = wall_clock.replace(tzinfo=zone, fold=0)
    second = wall_clock.replace(tzinfo=zone, fold=1)
    if _round_trip(first) != wall_clock.replace(tzinfo=None):
        raise NonexistentLocalTime(
            _("%(time)s does not exist in %(zone)s: the clocks jump forward over it. "
              "Choose a time outside that hour.",
              time=f"{wall_clock:%Y-%m-%d %H:%M}", zone=zone_name),
            fields={field: _("does not exist in the venue's time zone (clocks go forward)")})
    ambiguous = first.utcoffset() != second.utcoffset()
    chosen = second if (ambiguous and later) else first
    return Resolved(chosen.astimezone(UTC), ambiguous)


def _round_trip(local: datetime) -> datetime:
    return local.astimezone(UTC).astimezone(local.tzinfo).replace(tzinfo=None)


class AmbiguousLocalTime(DomainError):
    code = "ambiguous_local_time"


def as_instant(moment: datetime, zone_name: str, *, field: str = "starts_at") -> datetime:
    """An aware time as UTC; a naive one read as wall-clock time in the zone.
    A naive time the clocks show twice is refused: which of the two instants
    is meant is the organiser's to say (with an offset), never a guess."""
    if moment.tzinfo is None:
        resolved = resolve(moment, zone_name, field=field)
        if resolved.ambiguous:
            raise _ambiguous(moment, zone_name, field)
        return resolved.at
    check_year(moment, field)
    return moment.astimezone(UTC)


def _ambiguous(wall_clock: datetime, zone_name: str, field: str) -> AmbiguousLocalTime:
    zone = ZoneInfo(zone_name)
    earlier, later = (_offset(wall_clock.replace(tzinfo=zone, fold=fold)) for fold in (0, 1))
    facts = {"time": f"{wall_clock:%Y-%m-%d %H:%M}", "zone": zone_name,
             "earlier": earlier, "later": later}
    return AmbiguousLocalTime(
        _("%(time)s happens twice in %(zone)s (the clocks go back): first at %(earlier)s, "
          "then at %(later)s. Give the time with the offset you mean.", **facts),
        fields={field: _("happens twice in the venue's time zone: add the offset you mean, "
                         "%(earlier)s or %(later)s", **facts)})


def _offset(local: datetime) -> str:
    """The UTC offset as ISO 8601 writes it, e.g. +04:00."""
    return local.isoformat()[-6:]


def check_year(moment: datetime, field: str) -> None:
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        years = {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
        raise DomainError(
            _("Give a date between %(earliest)s and %(latest)s.", **years),
            fields={field: _("year must be between %(earliest)s and %(latest)s", **years)})


def is_repeated(moment: datetime, zone_name: str) -> bool:
    """Whether the venue's wall clock reads the same at another instant too
    (the hour clocks go back over): its local time alone names no instant."""
    local = at_venue(moment, zone_name)
    return local.utcoffset() != local.replace(fold=1 - local.fold).utcoffset()


def at_venue(moment: datetime, zone_name: str) -> datetime:
    """The venue's wall clock (aware, with the venue's offset) at an instant."""
    return moment.astimezone(ZoneInfo(zone_name))
