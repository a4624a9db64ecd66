"""The demo programme: what it contains, that it can be seeded again, and its logins."""
from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from scheduler.accounts.services import authenticate
from scheduler.demo import seed as seed_module, seed_demo
from scheduler.demo.programme import EVENTS
from scheduler.demo.seed import DemoLogins
from scheduler.events.inputs import EventInput
from scheduler.events.people import clashes
from scheduler.images.services import upload_dir
from scheduler.localised import localised
from scheduler.models import (
    Event,
    EventKind,
    EventSession,
    EventStatus,
    Film,
    Person,
    PersonRole,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    Role,
    SessionPerson,
    User,
    Venue,
)
from scheduler.transactions import unit_of_work

TODAY = date(2026, 11, 23)
FESTIVAL = "global-migration-film-festival"
EXPECTED_EVENTS = {
    FESTIVAL: (EventKind.film_festival, EventStatus.published),
    "eastern-partnership-panel-migration-mobility": (EventKind.panel, EventStatus.published),
    "api-pnr-study-visit-netherlands": (EventKind.study_visit, EventStatus.published),
    "anti-trafficking-trainings-belarus": (EventKind.training, EventStatus.published),
    "family-remittances-policy-dialogue": (EventKind.policy_dialogue, EventStatus.published),
    "moldova-migration-data-profile-launch": (EventKind.conference, EventStatus.published),
    "winter-school-labour-migration": (EventKind.training, EventStatus.draft),
}


def seed(today: date) -> DemoLogins:
    """As `flask seed-demo` runs it: one unit of work."""
    with unit_of_work():
        return seed_demo(today)


def row_counts(db) -> dict[str, int]:
    return {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def snapshot(db) -> set[tuple]:
    """What a second run must not change: keys, times, seats and registrations."""
    sessions = db.session.execute(sa.select(
        EventSession.uid, EventSession.starts_at, EventSession.seats_taken,
        EventSession.sequence)).all()
    registrations = db.session.execute(sa.select(
        Registration.id, Registration.email, Registration.status,
        Registration.cancel_token_hash)).all()
    return {tuple(row) for row in sessions} | {tuple(row) for row in registrations}


def event(db, slug: str) -> Event:
    return db.session.scalar(sa.select(Event).where(Event.slug == slug))


def local_start(event_session: EventSession) -> datetime:
    return event_session.starts_at.astimezone(ZoneInfo(event_session.venue.timezone))


def test_seeding_twice_changes_no_rows(db):
    seed(TODAY)
    counts, rows = row_counts(db), snapshot(db)
    seed(TODAY)
    db.session.expire_all()

    assert row_counts(db) == counts
    assert snapshot(db) == rows
    # API tokens and sign-ins come from real use only, and the demo sends no email
    # (so no message to attendees either).
    assert all(n for table, n in counts.items() if table not in (
        "api_token", "login_session", "outbox_message", "attendee_message")), counts


def test_seeding_again_keeps_the_printed_logins_and_their_sign_ins(app, db):
    printed = seed(TODAY).organiser
    browser = app.test_client()
    browser.post("/sign-in", data={"email": printed.email, "password": printed.password})
    assert browser.get("/account/password").status_code == 200
    assert seed(TODAY).organiser == printed
    assert browser.get("/account/password").status_code == 200


def test_another_secret_key_gives_other_logins_and_ends_the_old_ones(app, db):
    first = seed(TODAY)
    browser = app.test_client()
    browser.post("/sign-in", data={"email": first.admin.email, "password": first.admin.password})
    app.config["SECRET_KEY"] = "another installation"
    second = seed(TODAY)
    assert second.admin.password != first.admin.password
    assert second.organiser.password != first.organiser.password
    db.session.expire_all()
    assert authenticate(second.admin.email, second.admin.password)
    assert authenticate(first.admin.email, first.admin.password) is None
    assert browser.get("/account/password").status_code == 302


def starts(db) -> dict[str, datetime]:
    return {s.uid: s.starts_at for s in db.session.scalars(sa.select(EventSession))}


def test_seeding_on_a_later_day_moves_sessions_instead_of_adding_them(db):
    seed(TODAY)
    counts, before = row_counts(db), starts(db)
    # The festival's day 0 slides onto day 1's slots while those are still taken.
    seed(TODAY + timedelta(days=1))
    db.session.expire_all()

    assert row_counts(db) == counts
    assert {uid: at - before[uid] for uid, at in starts(db).items()} == {
        uid: timedelta(days=1) for uid in before}
    assert set(db.session.scalars(sa.select(EventSession.sequence))) == {1}


def test_seeding_on_an_earlier_day_moves_sessions_back(db):
    seed(TODAY)
    counts, before = row_counts(db), starts(db)
    seed(TODAY + timedelta(days=1))
    seed(TODAY - timedelta(days=3))
    db.session.expire_all()

    assert row_counts(db) == counts
    assert {uid: at - before[uid] for uid, at in starts(db).items()} == {
        uid: timedelta(days=-3) for uid in before}
    assert set(db.session.scalars(sa.select(EventSession.sequence))) == {2}


def test_no_two_sessions_of_an_event_share_their_key():
    # Sessions are found again by event, venue and title: a shared key would merge two.
    keys = Counter((spec.slug, s.venue, s.title) for spec in EVENTS for s in spec.sessions)
    assert max(keys.values()) == 1


def test_programme_has_every_event_kind_and_status(db):
    seed(TODAY)

    events = db.session.scalars(sa.select(Event)).all()
    assert {e.slug: (e.kind, e.status) for e in events} == EXPECTED_EVENTS
    assert all(e.sessions for e in events)
    draft = event(db, "winter-school-labour-migration")
    assert draft.owner.email == "festival@example.org"


def test_slugs_are_readable_and_the_festivals_old_address_redirects(app, db):
    seed(TODAY)
    for spec in EVENTS:
        EventInput.parse({"title": spec.title, "kind": spec.kind, "slug": spec.slug})
    moved = app.test_client().get("/events/migrac-iis-globaluri-kinop-estivali-2026?lang=ka")
    assert (moved.status_code, moved.headers["Location"]) == (
        301, f"/events/{FESTIVAL}?lang=ka")


def test_festival_runs_four_non_contiguous_days_in_tbilisi_and_batumi(db):
    seed(TODAY)
    festival = event(db, FESTIVAL)

    assert {local_start(s).date() for s in festival.sessions} == {
        date(2026, 12, 14), date(2026, 12, 15), date(2026, 12, 17), date(2026, 12, 18)}
    assert {s.venue.city for s in festival.sessions} == {"Tbilisi", "Batumi"}
    assert {s.venue.timezone for s in festival.sessions} == {"Asia/Tbilisi"}
    assert all(2 <= n <= 3 for n in Counter(
        local_start(s).date() for s in festival.sessions).values())
    assert festival.owner.email == "festival@example.org"
    assert [u.role for u in festival.co_organisers] == [Role.organiser]


def test_wall_clock_times_are_read_in_the_venue_time_zone(db):
    seed(TODAY)
    green_border = db.session.scalar(sa.select(EventSession).join(Venue).where(
        EventSession.title == "Green Border",
        Venue.name == "Amirani Cinema Hall 2"))

    # 19:30 in Tbilisi (UTC+4) is 15:30 UTC.
    assert green_border.starts_at == datetime(2026, 12, 14, 15, 30, tzinfo=UTC)
    assert green_border.film.original_title == "Zielona granica"


def test_screenings_last_the_film_and_its_q_and_a(db):
    seed(TODAY)
    screenings = event(db, FESTIVAL).sessions

    assert all(s.film is not None and s.qa_minutes > 0 for s in screenings)
    assert all(s.ends_at - s.starts_at >= timedelta(
        minutes=s.film.runtime_minutes + s.qa_minutes) for s in screenings)
    # One catalogue row per film, each shown more than once.
    films = db.session.scalars(sa.select(Film)).all()
    assert len(films) == len({(f.title, f.year) for f in films}) == 6
    assert all(n >= 2 for n in Counter(s.film_id for s in screenings).values())


def test_venues_were_entered_by_the_owner_of_their_first_event(db):
    seed(TODAY)
    creators = dict(db.session.execute(
        sa.select(Venue.name, User.email).join(User, User.id == Venue.created_by_id)).all())

    assert len(creators) == db.session.scalar(sa.select(sa.func.count()).select_from(Venue))
    assert creators["Amirani Cinema Hall 2"] == "festival@example.org"
    assert creators["Radisson Blu Iveria Conference Hall"] == "partnerships@example.org"
    assert creators["Gomel Regional Training Centre"] == "trainings@example.org"


def test_every_session_is_upcoming_and_open_for_registration(db):
    seed(TODAY)
    now = datetime.combine(TODAY, time(23, 59), tzinfo=UTC)

    for s in db.session.scalars(sa.select(EventSession)):
        assert local_start(s).date() > TODAY
        assert s.registration_opens_at is None or s.registration_opens_at <= now
        assert s.registration_closes_at is None or now < s.registration_closes_at
        assert s.ends_at > s.starts_at


def test_study_visit_is_by_invitation_for_seven_in_the_netherlands(db):
    seed(TODAY)
    visit = event(db, "api-pnr-study-visit-netherlands")

    assert {(s.capacity, s.registration_mode) for s in visit.sessions} == {
        (7, RegistrationMode.invitation)}
    assert {(s.venue.country, s.venue.timezone) for s in visit.sessions} == {
        ("NL", "Europe/Amsterdam")}
    assert len({local_start(s).date() for s in visit.sessions}) == 2


def test_trainings_in_three_belarusian_cities_one_by_approval(db):
    seed(TODAY)
    trainings = event(db, "anti-trafficking-trainings-belarus")

    assert {s.venue.city for s in trainings.sessions} == {"Minsk", "Brest", "Gomel"}
    assert {(s.venue.country, s.venue.timezone) for s in trainings.sessions} == {
        ("BY", "Europe/Minsk")}
    assert [s.registration_mode for s in trainings.sessions].count(
        RegistrationMode.approval) == 1


def test_online_dialogue_and_moldova_launch(db):
    seed(TODAY)
    dialogue = event(db, "family-remittances-policy-dialogue").sessions[0]
    launch = event(db, "moldova-migration-data-profile-launch").sessions[0]

    assert dialogue.venue.online_url.startswith("https://")
    assert dialogue.capacity == 300
    assert (launch.venue.city, launch.venue.country, launch.venue.timezone) == (
        "Chișinău", "MD", "Europe/Chisinau")


def test_georgian_cyrillic_and_romanian_text_survive_the_database(db):
    seed(TODAY)
    db.session.remove()  # read back from the database, not the identity map

    sessions = {s.title: s for s in db.session.scalars(sa.select(EventSession))}
    assert sessions["Green Border"].shown_title_in("ka") == "მწვანე საზღვარი"
    assert sessions["Identifying and protecting victims"].shown_title_in("ru") == (
        "Противодействие торговле людьми: выявление и защита пострадавших")
    assert "Prezentare și dezbatere · Presentation and discussion" in sessions
    assert db.session.scalar(sa.select(Venue).where(Venue.city == "Chișinău")) is not None


def test_film_details_survive_the_database(db):
    seed(TODAY)
    db.session.remove()

    films = {f.title: f for f in db.session.scalars(sa.select(Film))}
    assert {films[t].original_title for t in ("Green Border", "Flee", "Io Capitano",
                                              "Fire at Sea")} == {
        "Zielona granica", "Flugt", "Io capitano", "Fuocoammare"}
    assert {f.subtitles for f in films.values()} == {"Georgian, English"}
    assert all(f.country and f.spoken_languages and f.director for f in films.values())
    screening = db.session.scalar(sa.select(EventSession).where(
        EventSession.title == "Fire at Sea").limit(1))
    assert (screening.film.runtime_minutes, screening.film.year) == (114, 2016)


def roles(event_session: EventSession) -> Counter:
    return Counter(link.role for link in event_session.people)


def test_panels_trainings_and_talks_have_their_people(db):
    seed(TODAY)

    for panel in event(db, "eastern-partnership-panel-migration-mobility").sessions:
        assert roles(panel)[PersonRole.moderator] == 1
        assert roles(panel)[PersonRole.speaker] >= 2
    for slug in ("anti-trafficking-trainings-belarus", "winter-school-labour-migration"):
        assert all(set(roles(s)) == {PersonRole.trainer} for s in event(db, slug).sessions)
    for slug in ("family-remittances-policy-dialogue", "moldova-migration-data-profile-launch",
                 "api-pnr-study-visit-netherlands"):
        assert all(roles(s)[PersonRole.speaker] for s in event(db, slug).sessions)
    assert not any(s.people for s in event(db, FESTIVAL).sessions)


def cast(db) -> set[tuple]:
    return set(db.session.execute(
        sa.select(EventSession.uid, Person.name, Person.affiliation, SessionPerson.role)
        .join(SessionPerson, SessionPerson.event_session_id == EventSession.id)
        .join(Person, Person.id == SessionPerson.person_id)).all())


def test_people_are_not_duplicated_by_a_second_run(db):
    seed(TODAY)
    people, links = row_counts(db)["person"], cast(db)
    seed(TODAY)
    db.session.expire_all()

    assert row_counts(db)["person"] == people
    assert cast(db) == links
    assert row_counts(db)["session_person"] == len(links)
    # One person, several sessions: found again by name and affiliation.
    assert Counter(name for _, name, _, _ in links)["Elena Munteanu"] == 2


def test_one_moderator_is_double_booked_across_venues(db):
    seed(TODAY)
    dialogue = event(db, "family-remittances-policy-dialogue").sessions[0]

    [clash] = clashes(dialogue)
    assert clash.person.name == "Ketevan Japaridze"
    assert clash.other.venue.city == "Tbilisi" and clash.other.venue is not dialogue.venue
    assert [link.role for link in clash.other.people
            if link.person is clash.person] == [PersonRole.moderator]


def test_seats_taken_matches_confirmed_registrations(db):
    seed(TODAY)
    confirmed = dict(db.session.execute(
        sa.select(Registration.event_session_id, sa.func.count())
        .where(Registration.status == RegistrationStatus.confirmed)
        .group_by(Registration.event_session_id)).all())

    sessions = db.session.scalars(sa.select(EventSession)).all()
    assert {s.id: s.seats_taken for s in sessions} == {
        s.id: confirmed.get(s.id, 0) for s in sessions}
    hashes = db.session.scalars(sa.select(Registration.cancel_token_hash)).all()
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)


def test_one_screening_is_full_with_a_waitlist_and_others_nearly_full(db):
    seed(TODAY)
    festival = event(db, FESTIVAL)

    full = [s for s in festival.sessions if s.open_seats == 0]
    assert len(full) == 1
    waitlist = db.session.scalars(sa.select(Registration).where(
        Registration.event_session_id == full[0].id,
        Registration.status == RegistrationStatus.waitlisted)).all()
    assert len(waitlist) >= 2
    assert all(r.waitlisted_at is not None for r in waitlist)
    assert sum(1 for s in festival.sessions if 0 < s.open_seats <= 5) >= 2


def printed_password(output: str, email: str) -> str:
    match = re.search(rf"^\s+\w+\s+{re.escape(email)}\s+(\S+)$", output, re.MULTILINE)
    assert match, output
    return match.group(1)


def test_command_prints_logins_that_work_and_stay_the_same(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Demo programme ready: 7 events" in first.output
    assert "https://scheduler.test/sign-in" in first.output
    admin = printed_password(first.output, "admin@example.org")
    organiser = printed_password(first.output, "festival@example.org")
    with app.app_context():
        assert authenticate("admin@example.org", admin).role is Role.admin
        assert authenticate("festival@example.org", organiser).role is Role.organiser

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert printed_password(second.output, "admin@example.org") == admin
    assert printed_password(second.output, "festival@example.org") == organiser
    # Derived from the key, never a constant: it is not in the code.
    assert admin not in Path(seed_module.__file__).read_text()


def test_the_festival_speaks_english_russian_and_georgian(db):
    seed(TODAY)
    db.session.remove()
    festival = event(db, FESTIVAL)
    assert localised(festival, "title", "ka") == "მიგრაციის გლობალური კინოფესტივალი"
    assert localised(festival, "title", "ru") == "Глобальный кинофестиваль о миграции"
    for screening in festival.sessions:
        titles = [screening.shown_title_in(code) for code in ("en", "ru", "ka")]
        # Each language its own title: none written as "Flee · გაქცევა".
        assert len(set(titles)) == 3 and not any("·" in title for title in titles)
        assert localised(screening.venue, "name", "ka") != screening.venue.name
        assert localised(screening.film, "synopsis", "ru") != screening.film.synopsis
    study_visit = event(db, "api-pnr-study-visit-netherlands")
    assert all(set(s.translations) == {"ru", "ka"} for s in study_visit.sessions)
    assert set(study_visit.translations) == {"ru", "ka"}


def test_a_demo_seeded_with_the_old_bilingual_titles_is_updated_in_place(db):
    seed(TODAY)
    flee = db.session.scalars(sa.select(EventSession).where(
        EventSession.title == "Flee")).first()
    flee.title = "Flee · გაქცევა"
    db.session.commit()
    counts = row_counts(db)
    seed(TODAY)
    db.session.expire_all()
    assert row_counts(db) == counts and flee.title == "Flee"


def test_every_film_has_a_drawn_poster_and_the_festival_a_banner(db):
    seed(TODAY)
    films = db.session.scalars(sa.select(Film)).all()
    assert films and all(film.poster is not None for film in films)
    posters = {film.poster.name for film in films}
    assert len(posters) == len(films)  # each drawn from its own title
    film = films[0]
    assert set(film.poster.alt) == {"en", "ru", "ka"} and film.title in film.poster.alt["en"]
    assert (film.poster.width, film.poster.height) == (800, 1200)
    assert (upload_dir() / film.poster.largest).is_file()
    festival = db.session.scalars(sa.select(Event).where(Event.slug == FESTIVAL)).one()
    assert festival.banner is not None and festival.banner.width == 1600
