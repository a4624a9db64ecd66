"""A wall-clock time the clocks show twice names two instants: the API makes
the organiser say which, with an offset, as the form makes them choose."""
from __future__ import annotations

from tests.api.helpers import error_of, new_event, new_session, new_venue, ok


def test_a_local_time_that_happens_twice_needs_an_offset(client, organiser):
    festival = new_event(client, organiser)["id"]
    amsterdam = new_venue(client, organiser, name="Pakhuis", city="Amsterdam", country="NL",
                          timezone="Europe/Amsterdam")["id"]
    # Amsterdam's clocks go back from 03:00 to 02:00 on 31 October 2027.
    twice = error_of(new_session(client, organiser, festival, amsterdam,
                                 starts_at="2027-10-31T02:30", ends_at="2027-10-31T04:00"), 422)
    assert set(twice["fields"]) == {"starts_at"}
    assert "+02:00" in twice["fields"]["starts_at"] and "+01:00" in twice["fields"]["starts_at"]
    later = ok(new_session(client, organiser, festival, amsterdam,
                           starts_at="2027-10-31T02:30+01:00", ends_at="2027-10-31T04:00"), 201)
    assert later["starts_at"] == "2027-10-31T02:30:00+01:00"
    end_twice = error_of(new_session(client, organiser, festival, amsterdam,
                                     starts_at="2027-10-31T00:30", ends_at="2027-10-31T02:15"),
                         422)
    assert set(end_twice["fields"]) == {"ends_at"}
