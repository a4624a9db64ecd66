from datetime import UTC, datetime

import pytest

from scheduler.errors import DomainError
from scheduler.timezones import NonexistentLocalTime, as_instant, at_venue, resolve


def test_tbilisi_evening_is_afternoon_in_utc():
    assert resolve(datetime(2026, 12, 14, 19, 0), "Asia/Tbilisi").at == \
        datetime(2026, 12, 14, 15, 0, tzinfo=UTC)


def test_chisinau_keeps_wall_clock_across_the_spring_change():
    before = resolve(datetime(2027, 3, 27, 19, 0), "Europe/Chisinau").at
    after = resolve(datetime(2027, 3, 28, 19, 0), "Europe/Chisinau").at
    assert (before.hour, after.hour) == (17, 16)


def test_time_in_the_spring_forward_gap_is_refused():
    # Europe/Amsterdam skips 02:00-03:00 on 28 March 2027.
    with pytest.raises(NonexistentLocalTime) as refusal:
        resolve(datetime(2027, 3, 28, 2, 30), "Europe/Amsterdam", field="ends_at")
    assert "does not exist" in refusal.value.message
    assert "ends_at" in refusal.value.fields


def test_time_in_the_fall_back_hour_is_ambiguous_and_resolved_explicitly():
    # Europe/Chisinau goes from 03:00 back to 02:00 on 31 October 2027.
    wall = datetime(2027, 10, 31, 2, 30)
    earlier = resolve(wall, "Europe/Chisinau")
    later = resolve(wall, "Europe/Chisinau", later=True)
    assert earlier.ambiguous and later.ambiguous
    assert earlier.at == datetime(2027, 10, 30, 23, 30, tzinfo=UTC)  # +03:00
    assert later.at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # +02:00
    assert not resolve(datetime(2027, 10, 31, 12, 0), "Europe/Chisinau").ambiguous


def test_aware_times_are_instants_whatever_the_zone():
    moment = datetime(2026, 12, 14, 19, 0, tzinfo=UTC)
    assert as_instant(moment, "Asia/Tbilisi") == moment
    assert as_instant(datetime(2026, 12, 14, 19, 0), "Asia/Tbilisi").hour == 15


@pytest.mark.parametrize("year", [1, 1999, 2101, 9999])
def test_dates_far_out_of_range_are_refused(year):
    with pytest.raises(DomainError):
        resolve(datetime(year, 1, 1, 12, 0), "Europe/Minsk")


def test_at_venue_shows_the_local_offset():
    local = at_venue(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "Europe/Amsterdam")
    assert local.isoformat() == "2026-07-01T14:00:00+02:00"
