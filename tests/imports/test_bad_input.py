"""Every kind of bad file: a clear message on the page, never a 500, and
nothing stored changes, on preview and on commit alike."""
from __future__ import annotations

from html import unescape

import pytest

from tests.factories import make_session, make_venue
from tests.imports.calendars import CHISINAU_DEFAULTS, calendar, upload, vevent
from tests.imports.conftest import stored
from tests.imports.test_services import utc


@pytest.fixture
def browser(app, owner):
    return app.test_client(user=owner)


def shown(response) -> str:
    return unescape(response.get_data(as_text=True))


def post_upload(browser, event, text, **defaults):
    return browser.post(f"/organise/events/{event.id}/import",
                        data=upload(text, **(CHISINAU_DEFAULTS | defaults)),
                        content_type="multipart/form-data")


def post_commit(browser, event, text):
    return browser.post(f"/organise/events/{event.id}/import/commit",
                        data={"calendar": text, **CHISINAU_DEFAULTS},
                        content_type="multipart/form-data")


def one(**fields) -> str:
    return calendar(vevent("bad@partner", **fields))


# Five rules no date satisfies, in about 1 kB: once 28 s of CPU, searched to the year 9999.
NEVER_MATCHING = calendar(*(vevent(f"never{n}@partner", summary="Never", extra=(f"RRULE:{rule}",))
                            for n, rule in enumerate((
                                "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=2",
                                "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2",
                                "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31;COUNT=2",
                                "FREQ=YEARLY;BYMONTH=1;BYYEARDAY=366;COUNT=2",
                                "FREQ=DAILY;BYSETPOS=2;COUNT=2"))))

BAD_FILES = {
    "not iCalendar": ("Title,Start,End\nOpening,2027-12-14 19:00,21:00\n",
                      "This is not an iCalendar (.ics) file"),
    "an event outside a calendar": (vevent("x@partner"), "must begin with BEGIN:VCALENDAR"),
    "no VEVENT": (calendar(), "The file has no events (VEVENT) in it."),
    "no DTSTART": (one(start=None), "It has no DTSTART, so it has no start time."),
    "DTEND before DTSTART": (one(end="DTEND;TZID=Asia/Tbilisi:20271214T180000"),
                             "It ends (DTEND) before it starts."),
    "DTEND at DTSTART": (one(end="DTEND;TZID=Asia/Tbilisi:20271214T190000"),
                         "It ends (DTEND) the moment it starts."),
    "unknown TZID": (one(start="DTSTART;TZID=Mars/Olympus_Mons:20271214T190000"),
                     "Its DTSTART names the time zone “Mars/Olympus_Mons”"),
    "unknown TZID on DTEND": (one(end="DTEND;TZID=Central Tbilisi Time:20271214T210000"),
                              "Its DTEND names the time zone “Central Tbilisi Time”"),
    "unreadable DTSTART": (one(start="DTSTART:14 December 2027"), "Its DTSTART cannot be read"),
    "unreadable RRULE": (one(extra=("RRULE:FREQ=FORTNIGHTLY",)), "Its RRULE cannot be read"),
    "no end": (one(end=None), "It has neither DTEND nor DURATION"),
    "DTEND and DURATION": (one(extra=("DURATION:PT1H",)), "both DTEND and DURATION"),
    "negative DURATION": (one(end="DURATION:-PT1H"), "Its DURATION must be a positive length"),
    "floating end, zoned start": (one(end="DTEND:20271214T210000"),
                                  "Its DTEND must be a date and time given like its DTSTART"),
    "two DTENDs": (one(extra=("DTEND;TZID=Asia/Tbilisi:20271214T220000",)),
                   "It has more than one DTEND"),
    "no LOCATION": (one(location=""), "It has no LOCATION"),
    "no UID": (one().replace("UID:bad@partner\r\n", ""), "It has no UID"),
    "one UID twice": (calendar(vevent("twice@partner"), vevent(
        "twice@partner", start="DTSTART:20271220T100000Z", end="DTEND:20271220T110000Z")),
        "Its UID is used by more than one VEVENT"),
    "year 1999": (one(start="DTSTART:19991214T150000Z", end="DTEND:19991214T170000Z"),
                  "It starts in 1999"),
    "repeats forever": (one(extra=("RRULE:FREQ=WEEKLY",)), "at most two years ahead"),
    "too many sessions": (one(extra=("RRULE:FREQ=HOURLY;COUNT=600",)),
                          "more than 500 sessions"),
    "unknown calendar zone": (calendar(vevent("x@partner"), header=("X-WR-TIMEZONE:Atlantis",)),
                              "X-WR-TIMEZONE) “Atlantis”"),
    "a local time the clocks skip": (
        one(start="DTSTART:20270328T023000", end="DTEND:20270328T050000",
            location="Patria, Chișinău"),
        "DTSTART does not exist in the venue's time zone (clocks go forward)"),
    "a time this venue is busy": (one(), "Amirani is taken then: “Already here” runs"),
    "a TZID time the clocks skip": (
        one(start="DTSTART;TZID=Europe/Chisinau:20270328T023000",
            end="DTEND;TZID=Europe/Chisinau:20270328T050000", location="Patria, Chișinău"),
        ("Its DTSTART: 2027-03-28 02:30 does not exist in Europe/Chisinau: the clocks jump "
        "forward over it.")),
    "a repetition into the time the clocks skip": (
        one(start="DTSTART;TZID=Europe/Chisinau:20270326T023000",
            end="DTEND;TZID=Europe/Chisinau:20270326T040000", location="Patria, Chișinău",
            extra=("RRULE:FREQ=DAILY;COUNT=3",)),
        "Its DTSTART: 2027-03-28 02:30 does not exist in Europe/Chisinau"),
    "rules that never match": (NEVER_MATCHING, ("The dates of “Never” (never0@partner) "
                               "cannot be worked out: its RRULE goes on searching")),
    "a rule repeating every minute": (one(extra=("RRULE:FREQ=MINUTELY;COUNT=3",)),
                                      "Its RRULE repeats with FREQ=MINUTELY"),
    "hourly with BYSETPOS": (one(extra=("RRULE:FREQ=HOURLY;BYSETPOS=2;COUNT=3",)),
                             "Its RRULE repeats with FREQ=HOURLY;BYSETPOS"),
}


@pytest.fixture
def busy_amirani(db, festival, amirani):
    make_session(festival, amirani, starts_at=utc(2027, 12, 14, 14), title="Already here")
    make_venue(name="Patria", city="Chișinău", country="MD", timezone="Europe/Chisinau")
    return amirani


@pytest.mark.parametrize("text, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_explained_and_changes_nothing(browser, db, festival, busy_amirani,
                                                   text, message):
    before = stored(db)
    for response in (post_upload(browser, festival, text), post_commit(browser, festival, text)):
        # A file refused whole is the upload form's error (409 for a conflict);
        # problems in its lines are the preview's report of what it would do.
        assert response.status_code in (200, 409, 422)
        page = shown(response)
        assert message in page
        assert "Import 1 change" not in page
    assert stored(db) == before


def test_a_good_event_beside_a_bad_one_is_not_imported_either(browser, db, festival, amirani):
    text = calendar(vevent("good@partner"), vevent("bad@partner", start=None))
    before = stored(db)
    page = shown(post_commit(browser, festival, text))
    assert "1 problem: nothing has been imported" in page
    assert "“Opening night” (good@partner)" in page
    assert stored(db) == before


def test_not_utf8(browser, db, festival):
    before = stored(db)
    response = post_upload(browser, festival, b"\xff\xd8\xff\xe0\x00\x10JFIF")
    assert response.status_code == 422 and "it is not UTF-8 text" in shown(response)
    assert stored(db) == before


def test_no_file_chosen(browser, db, festival):
    response = browser.post(f"/organise/events/{festival.id}/import",
                            data={**CHISINAU_DEFAULTS}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose an .ics file." in shown(response)


def test_seats_that_are_not_a_number(browser, db, festival):
    response = post_upload(browser, festival, one(), capacity="many")
    assert response.status_code == 422 and "Not a valid integer value" in shown(response)


def test_moving_into_a_smaller_venue_keeps_the_seats_and_is_refused(browser, db, festival,
                                                                    amirani):
    make_venue(name="Big Hall", capacity=300)
    text = one(location="Big Hall")
    post_commit(browser, festival, text)
    assert len(stored(db)[0]) == 1
    before = stored(db)
    moved = text.replace("LOCATION:Big Hall", "LOCATION:Amirani")
    page = shown(post_commit(browser, festival, moved))
    assert "The seats (capacity) must not exceed the venue's 40 seats" in page
    assert stored(db) == before


def test_venue_names_that_do_not_say_which(browser, db, festival):
    make_venue(name="Main Hall", city="Tbilisi")
    make_venue(name="Main Hall", city="Batumi")
    before = stored(db)
    page = shown(post_commit(browser, festival, one(location="Main Hall")))
    assert "Several venues are called “Main Hall”" in page
    assert stored(db) == before


def test_a_file_over_the_size_limit_gets_a_friendly_413(browser, db, festival):
    before = stored(db)
    huge = one() + "X" * (50 * 1024 * 1024)  # 50 MB
    response = post_upload(browser, festival, huge)
    assert response.status_code == 413
    page = shown(response)
    assert "The file is larger than the 500 kB an import can take" in page
    assert 'type="file"' in page  # the upload form again, to try a smaller file
    assert stored(db) == before


def test_a_file_too_large_to_carry_through_the_preview(browser, db, festival):
    padded = calendar(vevent("big@partner",
                             extra=(f"DESCRIPTION:{'ა' * 200_000}",)))  # 600 kB of Georgian
    before = stored(db)
    response = post_upload(browser, festival, padded)
    assert response.status_code == 422
    assert "The file is larger than the 500 kB an import can take" in shown(response)
    assert stored(db) == before


def test_an_incomplete_commit(browser, db, festival):
    response = browser.post(f"/organise/events/{festival.id}/import/commit",
                            data={**CHISINAU_DEFAULTS}, content_type="multipart/form-data")
    assert response.status_code == 422 and "came back incomplete" in shown(response)


def test_too_large_before_the_view_runs(app, browser, attendee_client, db, festival):
    """With CSRF on, as in production, the body is read (and refused) before
    the view: the owner still gets the upload form, anyone else a plain 413."""
    app.config["WTF_CSRF_ENABLED"] = True
    huge = one() + "X" * (2 * 1024 * 1024)
    response = post_upload(browser, festival, huge)
    assert response.status_code == 413 and "an import can take" in shown(response)
    response = post_upload(attendee_client, festival, huge)
    assert response.status_code == 413 and 'type="file"' not in shown(response)
