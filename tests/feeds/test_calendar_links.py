"""A session's "add to calendar" links: UTC times, every value URL-encoded,
the details cut to fit an address, an online room's join link kept."""
from __future__ import annotations

from urllib.parse import parse_qs, quote_plus, urlsplit

from scheduler.feeds.links import DETAILS_BYTES, calendar_links, fitted
from tests.factories import make_session, make_venue
from tests.feeds.conftest import local

TITLE = "ფილმი & кино; #1?"


def query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


def test_links_carry_utc_times_and_the_encoded_text(app, festival, tbilisi):
    screening = make_session(festival, tbilisi, title=TITLE, description="Q&A, after",
                             starts_at=local("Asia/Tbilisi", 2027, 5, 10, 19))
    with app.test_request_context():
        links = calendar_links(screening)
    google = query(links.google)
    assert links.google.startswith("https://calendar.google.com/calendar/render?")
    assert google["action"] == ["TEMPLATE"] and google["text"] == [TITLE]
    assert google["dates"] == ["20270510T150000Z/20270510T170000Z"]
    assert google["details"][0].startswith("Q&A, after\n\n")
    assert f"https://scheduler.test/sessions/{screening.id}" in google["details"][0]
    assert google["location"] == ["Amirani Cinema, 36 Kostava St, Tbilisi"]
    # Encoded, not merely concatenated: "&", "#" and "?" do not end the value.
    assert quote_plus(TITLE) in links.google and "&text=ფ" not in links.google
    for link, host in ((links.outlook_work, "outlook.office.com"),
                       (links.outlook_personal, "outlook.live.com")):
        assert urlsplit(link).netloc == host
        assert urlsplit(link).path == "/calendar/0/deeplink/compose"
        outlook = query(link)
        assert outlook["subject"] == [TITLE]
        assert (outlook["startdt"], outlook["enddt"]) == (["2027-05-10T15:00:00Z"],
                                                          ["2027-05-10T17:00:00Z"])
        assert outlook["body"] == google["details"]
        assert outlook["location"] == google["location"]
    assert links.ics == f"https://scheduler.test/sessions/{screening.id}.ics?lang=en"


def test_an_online_room_gives_its_join_link(app, festival):
    room = make_venue(name="Online room", city="Online", address="", timezone="UTC",
                      online_url="https://meet.example.org/remittances?pwd=a&b=c")
    webinar = make_session(festival, room, description="Long words. " * 2000)
    with app.test_request_context():
        links = calendar_links(webinar)
    details, = query(links.google)["details"]
    # A long description is cut; the join link after it stays whole.
    assert "…" in details and len(quote_plus(details)) < DETAILS_BYTES + 500
    assert "Join online: https://meet.example.org/remittances?pwd=a&b=c" in details
    location, = query(links.outlook_personal)["location"]
    assert location.endswith("https://meet.example.org/remittances?pwd=a&b=c")


def test_fitted_cuts_between_characters_within_the_encoded_limit():
    assert fitted("short", 100) == "short"
    georgian = "ა" * 100  # nine bytes each once encoded
    cut = fitted(georgian, 100)
    assert cut.endswith("…") and set(cut[:-1]) == {"ა"}
    assert len(quote_plus(cut)) <= 100 < len(quote_plus(cut + "ა"))
