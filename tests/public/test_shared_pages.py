"""Anonymous public pages served again from the page cache: never older than
their content or SEATS_REFRESH_SECONDS, never anyone's own, never another
visitor's CSRF token, in the language asked for, 304 for a repeat visit."""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import redis
from flask import Flask, template_rendered

from scheduler import create_app, extensions
from scheduler.events.models import SessionStatus
from scheduler.films.models import Film
from scheduler.people.models import Person, PersonRole, SessionPerson
from scheduler.registration.questions_models import Question, QuestionKind
from scheduler.secrets import Purpose, seal
from scheduler.security import GUEST_STARS_COOKIE
from scheduler.web import page_cache
from tests.conftest import app_for, config_for
from tests.databases import throwaway_redis_prefix
from tests.factories import make_event, make_session
from tests.public.conftest import utc
from tests.servers import free_port

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
PAGES = ["/", "/programme", "/programme?city=Tbilisi&kind=film_festival", "/events/fest",
         "/events/fest?day=2030-06-01", "/events/fest/timetable", "/sessions/{first}",
         "/films/{film}"]


class Clock:
    """The page cache's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(page_cache, "clock", moved)
    return moved


@pytest.fixture
def festival(db, owner, venues):
    film = Film(title="Flee", runtime_minutes=90)
    db.session.add(film)
    event = make_event(owner, title="Autumn Festival", slug="fest")
    first = make_session(event, venues["amirani"], starts_at=utc(2030, 6, 1, 15),
                         title="Opening Night", film=film, capacity=10)
    make_session(event, venues["rustaveli"], starts_at=utc(2030, 6, 1, 18), title="Late Talk",
                 film=film)
    db.session.commit()
    return {"event": event, "first": first, "film": film, "venues": venues}


def without_token(body: str) -> str:
    """The page less its CSRF tokens, which are signed anew at each second."""
    return TOKEN.sub("", body)


def address(path: str, festival) -> str:
    return path.format(first=festival["first"].id, film=festival["film"].id)


def rename_session(db, festival) -> str:
    festival["first"].title = "Renamed Night"
    return "Renamed Night"


def move_session(db, festival) -> str:
    first = festival["first"]
    first.place(first.venue, first.starts_at + timedelta(hours=2),
                first.ends_at + timedelta(hours=2))
    return "23:00"  # its new end, 19:00 UTC at Tbilisi (UTC+4)


def cancel_session(db, festival) -> str:
    festival["first"].status = SessionStatus.cancelled
    return "ancelled"


def add_session(db, festival) -> str:
    make_session(festival["event"], festival["venues"]["amirani"],
                 starts_at=utc(2030, 6, 1, 10), title="Morning Extra", film=festival["film"])
    return "Morning Extra"


def rename_venue(db, festival) -> str:
    festival["venues"]["amirani"].name = "Amirani Grand"
    return "Amirani Grand"


EDITS = [rename_session, move_session, cancel_session, add_session, rename_venue]


def ask_question(db, festival) -> str:
    db.session.add(Question(event=festival["event"], kind=QuestionKind.text,
                            label={"en": "Your organisation"}))
    return "Your organisation"


def credit_speaker(db, festival) -> str:
    db.session.add(SessionPerson(event_session_id=festival["first"].id, role=PersonRole.speaker,
                                 person=Person(name="Nana Jorjadze")))
    return "Nana Jorjadze"


def rename_speaker(db, festival) -> str:
    festival["first"].people[0].person.name = "Nana Dzhordzhadze"
    return "Nana Dzhordzhadze"


def retell_film(db, festival) -> str:
    festival["film"].synopsis = "A refugee tells his story."
    return "A refugee tells his story."


# Shown on pages, not in feeds: these tables move the data revision too (0021).
PAGE_ONLY_EDITS = [("/sessions/{first}", ask_question), ("/sessions/{first}", credit_speaker),
                   ("/films/{film}", credit_speaker), ("/films/{film}", rename_speaker),
                   ("/films/{film}", retell_film)]


@pytest.mark.parametrize(("path", "edit"), PAGE_ONLY_EDITS)
def test_an_edit_only_pages_show_shows_at_once(client, db, festival, clock, path, edit):
    url = address(path, festival)
    if edit is rename_speaker:
        credit_speaker(db, festival)
        db.session.commit()
    before = without_token(client.get(url).text)
    shown = edit(db, festival)
    db.session.commit()
    after = without_token(client.get(url).text)
    assert shown in after and shown not in before


# A film page names its screenings' times and places, not their titles.
NOT_SHOWN = {("/films/{film}", rename_session)}


@pytest.mark.parametrize(("path", "edit"), [(path, edit) for path in PAGES for edit in EDITS
                                            if (path, edit) not in NOT_SHOWN])
def test_an_edit_shows_at_once(client, db, festival, clock, path, edit):
    url = address(path, festival)
    before = without_token(client.get(url).text)
    assert without_token(client.get(url).text) == before  # served again, unchanged
    shown = edit(db, festival)
    db.session.commit()
    after = without_token(client.get(url).text)
    assert after != before
    if (path, edit) not in NAMED_ELSEWHERE:
        assert shown in after and shown not in before


# What a page shows of an edit in other words: a film page leaves cancelled
# screenings out and names new ones by their time; a session page
# lists the film's other screenings by time; the timetable draws times as rows;
# the front page shows when a session starts, not when it ends, and leaves
# cancelled sessions out.
NAMED_ELSEWHERE = {("/", move_session), ("/", cancel_session), ("/films/{film}", cancel_session),
                   ("/films/{film}", add_session), ("/sessions/{first}", add_session),
                   ("/events/fest/timetable", move_session)}


@pytest.mark.parametrize("path", ["/", "/programme", "/events/fest", "/events/fest/timetable",
                                  "/films/{film}"])
def test_a_booking_shows_within_the_seats_refresh_and_never_later(app, client, festival, clock,
                                                                  path):
    refresh = app.config["SEATS_REFRESH_SECONDS"]
    url = address(path, festival)
    before = client.get(url).text
    booked = app.test_client().post(f"/sessions/{festival['first'].id}/register",
                                    data={"name": "Nino Beridze", "email": "nino@example.org"})
    assert booked.status_code in (200, 302, 303), booked.text[:500]
    clock.now += refresh - 0.5
    assert without_token(client.get(url).text) == without_token(before)  # within the promise
    clock.now += 0.5
    assert without_token(client.get(url).text) != without_token(before)


@pytest.mark.parametrize("path", PAGES)
def test_a_repeat_visit_gets_304_and_anonymous_answers_may_be_kept(client, festival, clock,
                                                                  path):
    url = address(path, festival)
    first = client.get(url)
    assert first.headers["ETag"]
    control = first.cache_control
    refresh = client.application.config["SEATS_REFRESH_SECONDS"]
    # Kept a while by anyone, or the visitor's own and checked at each visit.
    assert (control.public and 0 < control.max_age <= refresh) or (
        control.private and control.no_cache)
    assert {"Accept-Language", "Cookie"} <= set(first.vary)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_pages_without_forms_may_be_kept_by_a_shared_cache(client, festival, clock):
    answer = client.get(f"/films/{festival['film'].id}")
    assert answer.cache_control.public and "Set-Cookie" not in answer.headers


def test_a_page_with_forms_is_the_visitors_own(client, festival, clock):
    answer = client.get(f"/sessions/{festival['first'].id}")
    assert answer.cache_control.private and not answer.cache_control.public
    assert answer.cache_control.no_cache


def test_the_session_page_counts_a_booking_at_once(app, client, festival, clock):
    url = f"/sessions/{festival['first'].id}"
    assert "10 of 10 seats left" in client.get(url).text
    app.test_client().post(f"{url}/register",
                           data={"name": "Nino Beridze", "email": "nino@example.org"})
    assert "9 of 10 seats left" in client.get(url).text


def test_a_signed_in_visitor_never_gets_the_anonymous_page(app, client, festival, clock,
                                                          owner):
    for path in PAGES:
        client.get(address(path, festival))  # the anonymous pages, kept
    signed_in = app.test_client(user=owner)
    for path in PAGES:
        answer = signed_in.get(address(path, festival))
        assert "Sign out" in answer.text, path
        assert answer.headers["Cache-Control"] == "no-store"
        assert "ETag" not in answer.headers


def test_a_guest_with_stars_never_gets_the_anonymous_page(app, client, festival, clock):
    url = f"/sessions/{festival['first'].id}"
    assert 'aria-pressed="false"' in client.get(url).text
    guest = app.test_client()
    with app.app_context():
        guest.set_cookie(GUEST_STARS_COOKIE, seal(Purpose.guest_stars, [festival["first"].id]))
    answer = guest.get(url)
    assert 'aria-pressed="true"' in answer.text
    assert answer.headers["Cache-Control"] == "no-store"


def test_each_visitor_gets_their_own_csrf_token_and_it_works(app, festival, clock):
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/sessions/{festival['first'].id}"
    one, two = app.test_client(), app.test_client()
    first, second = one.get(url), two.get(url)
    assert page_cache.PLACEHOLDER not in first.text + second.text
    [token_one] = set(TOKEN.findall(first.text))
    [token_two] = set(TOKEN.findall(second.text))
    assert token_one != token_two
    # Each token works for its own visitor only.
    stolen = two.post(f"{url}/star", data={"csrf_token": token_one})
    assert stolen.status_code == 400
    own = two.post(f"{url}/star", data={"csrf_token": token_two})
    assert own.status_code == 302


def test_a_waiting_flash_message_is_never_shared(app, client, festival, clock):
    url = f"/sessions/{festival['first'].id}"
    client.get(url)
    starred = client.post(f"{url}/star", data={"next": url})  # flashes, and sets the stars cookie
    assert starred.status_code == 302
    client.delete_cookie(GUEST_STARS_COOKIE)
    shown = client.get(url).text
    assert "Starred: “Opening Night”." in shown
    assert "Starred: “Opening Night”." not in app.test_client().get(url).text


@pytest.mark.parametrize("path", PAGES)
def test_language_variants_never_mix(app, festival, clock, path):
    url = address(path, festival)
    english = app.test_client().get(url, headers={"Accept-Language": "en"}).text
    georgian = app.test_client().get(url, headers={"Accept-Language": "ka"}).text
    chooser = app.test_client()
    chosen = chooser.get(url + ("&" if "?" in url else "?") + "lang=ru")
    assert '<html lang="en">' in english and '<html lang="ka">' in georgian
    assert '<html lang="ru">' in chosen.text and chosen.cache_control.private
    # The choice is remembered in a cookie: the same address, in Russian, for them only.
    assert '<html lang="ru">' in chooser.get(url, headers={"Accept-Language": "en"}).text
    assert '<html lang="en">' in app.test_client().get(
        url, headers={"Accept-Language": "en"}).text


# Shared between processes: with PAGE_CACHE_URI, each page is rendered once per
# lifetime for the whole site. Two apps on one database stand for two processes.

@pytest.fixture
def lending() -> Iterator[tuple[str, str]]:
    with throwaway_redis_prefix() as (url, prefix):
        yield url, prefix


@pytest.fixture
def processes(database, lending) -> Iterator[list[Flask]]:
    url, prefix = lending
    apps = [app_for(database, PAGE_CACHE_URI=url, PAGE_CACHE_KEY_PREFIX=prefix)
            for _ in range(2)]
    yield apps
    for each in apps:
        with each.app_context():
            extensions.db.engine.dispose()


@contextmanager
def templates_rendered(app: Flask) -> Iterator[list[str]]:
    names: list[str] = []

    def rendered(sender, template, context, **extra) -> None:
        names.append(template.name)

    with template_rendered.connected_to(rendered, app):
        yield names


@pytest.mark.parametrize("path", PAGES)
def test_a_page_one_process_rendered_is_served_by_the_others_as_it_is(processes, festival,
                                                                       lending, clock, path):
    one, other = processes
    url = address(path, festival)
    made = one.test_client().get(url)
    with templates_rendered(other) as rendered:
        lent = other.test_client().get(url)
    assert rendered == []
    assert lent.status_code == 200
    assert without_token(lent.text) == without_token(made.text)
    assert page_cache.PLACEHOLDER not in lent.text
    server = redis.Redis.from_url(lending[0])
    assert not list(server.scan_iter(match=f"{lending[1]}:*:claim"))  # given back
    server.close()


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_shows_at_once_in_every_process(db, processes, festival, clock, edit):
    one, other = processes
    url = f"/events/{festival['event'].slug}"
    before = without_token(one.test_client().get(url).text)
    edit(db, festival)
    db.session.commit()
    assert without_token(other.test_client().get(url).text) != before


def test_a_lent_page_is_never_older_than_the_seats_refresh(app, processes, festival, clock):
    one, other = processes
    refresh = app.config["SEATS_REFRESH_SECONDS"]
    url = "/events/fest"
    before = one.test_client().get(url).text
    app.test_client().post(f"/sessions/{festival['first'].id}/register",
                           data={"name": "Nino Beridze", "email": "nino@example.org"})
    clock.now += refresh - 0.5
    with templates_rendered(other) as rendered:
        assert without_token(other.test_client().get(url).text) == without_token(before)
    assert rendered == []
    clock.now += 0.5
    assert without_token(other.test_client().get(url).text) != without_token(before)


def test_a_lent_page_lives_no_longer_than_redis_keeps_it(processes, festival, lending,
                                                        clock):
    """Redis's clock bounds an entry's age: a server whose clock runs behind the
    one that made it never keeps it longer."""
    one, other = processes
    url, prefix = lending
    film = f"/films/{festival['film'].id}"
    one.test_client().get(film)
    server = redis.Redis.from_url(url)
    for key in server.scan_iter(match=f"{prefix}:page:*"):
        server.pexpire(key, 2000)
    server.close()
    lent = other.test_client().get(film)
    assert lent.cache_control.public and 0 < lent.cache_control.max_age <= 2


def claimed_elsewhere(monkeypatch, app: Flask) -> threading.Event:
    """`app`'s page claims all find another process rendering; the event is set
    once one was tried."""
    tried = threading.Event()

    def claim(key, seconds) -> bool:
        tried.set()
        return False

    monkeypatch.setattr(app.extensions[page_cache.LENDING], "claim", claim)
    return tried


def test_while_one_process_renders_a_page_the_others_wait_for_it(monkeypatch, processes,
                                                                  festival, clock):
    one, other = processes
    monkeypatch.setattr(page_cache, "CLAIM_SECONDS", 600.0)  # ends when the page is there
    tried = claimed_elsewhere(monkeypatch, other)
    answers = []
    with templates_rendered(other) as rendered:
        waiting = threading.Thread(
            target=lambda: answers.append(other.test_client().get("/events/fest")))
        waiting.start()
        assert tried.wait(60)
        made = one.test_client().get("/events/fest")
        waiting.join(60)
    assert rendered == []
    assert without_token(answers[0].text) == without_token(made.text)


def test_a_page_claimed_by_a_process_that_never_lends_it_is_rendered_after_the_claim(
        monkeypatch, processes, festival, clock):
    _, other = processes
    monkeypatch.setattr(page_cache, "CLAIM_SECONDS", 0.05)
    claimed_elsewhere(monkeypatch, other)
    with templates_rendered(other) as rendered:
        assert other.test_client().get("/events/fest").status_code == 200
    assert rendered


def test_an_entry_this_version_cannot_read_is_rendered_again(processes, festival, lending,
                                                           clock):
    """During a deploy, processes of two versions may share one Redis."""
    one, other = processes
    url, prefix = lending
    one.test_client().get("/events/fest")
    server = redis.Redis.from_url(url)
    for key in server.scan_iter(match=f"{prefix}:page:*"):
        server.set(key, b"packed by another version", keepttl=True)
    server.close()
    with templates_rendered(other) as rendered:
        assert "Opening Night" in other.test_client().get("/events/fest").text
    assert rendered


def test_sites_with_other_prefixes_never_share(database, processes, festival, lending, clock):
    url, prefix = lending
    another_site = app_for(database, PAGE_CACHE_URI=url, PAGE_CACHE_KEY_PREFIX=prefix + "-b")
    processes[0].test_client().get("/events/fest")
    with templates_rendered(another_site) as rendered:
        assert another_site.test_client().get("/events/fest").status_code == 200
    assert rendered
    with another_site.app_context():
        extensions.db.engine.dispose()


def test_while_redis_is_away_each_process_renders_its_own(database, festival, clock, caplog):
    away = app_for(database, PAGE_CACHE_URI=f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING):
        for path in PAGES:
            assert away.test_client().get(address(path, festival)).status_code == 200
    # Asked once, then left alone for a while: a store that is away costs no page a timeout.
    [warning] = [record.getMessage() for record in caplog.records]
    assert warning.startswith("Page store unreachable")
    with away.app_context():
        extensions.db.engine.dispose()


def test_a_page_store_address_that_is_not_redis_is_refused_at_start(database):
    with pytest.raises(ValueError, match="redis://"):
        create_app(config_for(database) | {"PAGE_CACHE_URI": "http://cache.internal/"})
