"""The event dashboard: charts drawn as SVG with their numbers as tables, in
the page's language, printable, and the same numbers as CSV; for the event's
organisers only."""
from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET

import pytest

from scheduler.accounts.models import Role
from scheduler.events.models import EventStatus
from tests.factories import make_event, make_registration, make_session, make_user, make_venue
from tests.registration.conftest import page
from tests.registration.test_stats import (
    AFTER_MIDNIGHT,
    BEFORE_MIDNIGHT,
    LATER,
    PAST,
    answered_scene,
    mixed_scene,
)

SVG = "{http://www.w3.org/2000/svg}"


def charts_of(body: str) -> list[ET.Element]:
    """Each inline SVG of the page, parsed: it fails on markup that is not well-formed."""
    return [ET.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", body, re.DOTALL)]


def tables_of(body: str) -> list[str]:
    return re.findall(r"<table\b.*?</table>", body, re.DOTALL)


@pytest.fixture
def scene(db, owner):
    return mixed_scene(owner)


def dashboard(client, scene, suffix: str = "") -> str:
    return page(client.get(f"/organise/events/{scene.event.id}/dashboard{suffix}"))


def test_the_event_page_links_to_its_dashboard(owner_client, scene):
    html_text = page(owner_client.get(f"/organise/events/{scene.event.id}"))
    assert f'href="/organise/events/{scene.event.id}/dashboard"' in html_text


def test_charts_are_well_formed_svg_named_for_screen_readers(owner_client, scene):
    body = dashboard(owner_client, scene)
    status_chart, day_chart = charts_of(body)
    for chart, title in ((status_chart, "Registrations by status, per session"),
                         (day_chart, "Registrations per day")):
        assert chart.tag == f"{SVG}svg" and chart.get("role") == "img"
        chart_id = chart.get("aria-labelledby").split()[0]
        assert chart.find(f"{SVG}title").get("id") == chart_id
        assert chart.find(f"{SVG}title").text == title
        assert chart.find(f"{SVG}desc").text
    # One bar per session, its parts' tooltips naming the numbers.
    tooltips = [t.text for t in status_chart.iter(f"{SVG}title")]
    assert any(text.startswith("Site visit") and text.endswith("Checked in 3")
               for text in tooltips)
    assert [text for text in tooltips if text.startswith("Capacity")] == [
        "Capacity 8", "Capacity 6", "Capacity 5"]
    assert len(day_chart.findall(f"{SVG}rect")) == 1


def test_the_numbers_are_in_tables_with_headers(owner_client, scene):
    body = html.unescape(dashboard(owner_client, scene))
    sessions, days = tables_of(body)
    assert "<caption>Registrations by status, per session</caption>" in sessions
    headers = re.findall(r'<th scope="col">([^<]*)</th>', sessions)
    assert headers == ["Session", "Capacity", "Confirmed", "Checked in", "No-shows",
                       "Pending", "Waitlisted", "Declined", "Cancelled"]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", sessions, re.DOTALL)
    cells = [re.findall(r"<td>([^<]*)</td>", row) for row in rows]
    assert cells == [["8", "5", "3", "2", "0", "1", "1", "1"],
                     ["6", "5", "1", "not yet", "2", "3", "0", "2"],
                     ["5", "0", "0", "not yet", "0", "0", "0", "0"]]
    assert re.findall(r"<td>(\d+)</td>", days) == ["20"]


def test_a_print_stylesheet_keeps_charts_and_tables_whole(owner_client, scene, app):
    assert "dashboard.css" in dashboard(owner_client, scene)
    css = page(app.test_client().get("/static/dashboard.css"))
    printed = css[css.index("@media print"):]
    assert ".no-print" in printed and "break-inside: avoid" in printed


def test_sessions_csv_has_bom_and_the_tables_numbers(owner_client, db, scene):
    scene.empty.title = "=cmd|' /C calc'!A0"
    db.session.commit()
    response = owner_client.get(f"/organise/events/{scene.event.id}/dashboard/sessions.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Session", "Starts", "Capacity", "Confirmed", "Checked in",
                       "No-shows", "Pending", "Waitlisted", "Declined", "Cancelled"]
    assert [row[0] for row in rows[1:]] == ["Site visit", "Closing panel",
                                            "'=cmd|' /C calc'!A0"]
    assert [row[2:] for row in rows[1:]] == [["8", "5", "3", "2", "0", "1", "1", "1"],
                                             ["6", "5", "1", "", "2", "3", "0", "2"],
                                             ["5", "0", "0", "", "0", "0", "0", "0"]]


def test_days_csv_gives_each_date_and_count(owner_client, scene):
    response = owner_client.get(f"/organise/events/{scene.event.id}/dashboard/days.csv")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"),
                                       newline="")))
    assert rows[0] == ["Date", "Registrations"]
    assert len(rows) == 2 and re.fullmatch(r"\d{4}-\d\d-\d\d", rows[1][0])
    assert rows[1][1] == "20"


@pytest.mark.parametrize(("language", "words"), [
    ("ru", ["Сводка", "Неявки", "Регистрации по дням", "ещё нет", "Вместимость"]),
    ("ka", ["მიმოხილვა", "გამოუცხადებლები", "რეგისტრაციები დღეების მიხედვით", "ჯერ არა",
            "ტევადობა"]),
])
def test_the_dashboard_in_russian_and_georgian(owner_client, scene, language, words):
    body = html.unescape(dashboard(owner_client, scene, f"?lang={language}"))
    assert f'<html lang="{language}">' in body
    for word in words:
        assert word in body, word
    status_chart, day_chart = charts_of(body)
    assert day_chart.find(f"{SVG}title").text == words[2]
    assert words[4] in "".join(status_chart.itertext())
    csv_text = owner_client.get(
        f"/organise/events/{scene.event.id}/dashboard/sessions.csv?lang={language}"
    ).get_data().decode("utf-8-sig")
    assert words[4] in csv_text.splitlines()[0]


def test_strangers_and_other_organisers_are_refused(app, client, db, scene):
    paths = [f"/organise/events/{scene.event.id}/dashboard{suffix}"
             for suffix in ("", "/sessions.csv", "/days.csv", "/answers.csv")]
    attendee = app.test_client(user=make_user())
    other_organiser = app.test_client(user=make_user(role=Role.organiser))
    colleague = make_user(role=Role.organiser)
    scene.event.co_organisers.append(colleague)
    db.session.commit()
    for path in paths:
        assert client.get(path).status_code == 302  # to sign in
        for outsider in (attendee, other_organiser):
            assert "Site visit" not in page(outsider.get(path), 403)
        page(app.test_client(user=colleague).get(path))
    scene.event.status = EventStatus.draft
    db.session.commit()
    for path in paths:
        page(other_organiser.get(path), 404)


def test_an_event_without_sessions_says_so(owner_client, festival):
    body = page(owner_client.get(f"/organise/events/{festival.id}/dashboard"))
    assert "No sessions yet." in body and "Nobody has registered yet." in body
    assert charts_of(body) == [] and tables_of(body) == []


def test_the_day_chart_spans_every_day_and_the_table_the_days_with_registrations(
        owner_client, owner, db):
    event = make_event(owner)
    talk = make_session(event, make_venue(), starts_at=PAST)
    for number, made in enumerate((BEFORE_MIDNIGHT, AFTER_MIDNIGHT, LATER)):
        make_registration(talk, email=f"p{number}@example.org", created_at=made)
    body = html.unescape(page(owner_client.get(f"/organise/events/{event.id}/dashboard")))
    day_chart = charts_of(body)[1]
    assert [rect.find(f"{SVG}title").text for rect in day_chart.iter(f"{SVG}rect")] == [
        "Mar 1: 1", "Mar 2: 1", "Mar 3: 0", "Mar 4: 1"]
    days = tables_of(body)[1]
    assert re.findall(r'<th scope="row">([^<]*)</th><td>(\d+)</td>', days) == [
        ("Sun, Mar 1, 2026", "1"), ("Mon, Mar 2, 2026", "1"), ("Wed, Mar 4, 2026", "1")]


def answer_tables_of(body: str) -> dict[str, list[tuple[str, str]]]:
    """Each answer table's caption and its (answer, count) rows."""
    return {re.search(r"<caption>([^<]*)</caption>", table)[1]:
            re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', table)
            for table in tables_of(body) if "answer-table" in table}


def test_each_counted_question_has_a_chart_and_a_table(owner_client, owner):
    form = answered_scene(owner)
    body = html.unescape(page(owner_client.get(f"/organise/events/{form.event.id}/dashboard")))
    assert answer_tables_of(body) == {
        "Sector": [("Ngo", "2"), ("Government", "1"), ("Academia", "0")],
        "Vegetarian meals": [("Yes", "1"), ("No", "1")],
        "Country": [("Georgia", "2"), ("Ukraine", "1")],
        "Languages": [("En", "2"), ("Ru", "0"), ("Ka", "2")],
        "Old question": [("A", "0"), ("B", "1")]}
    assert "Old question <small>(no longer asked)</small>" in body
    answer_charts = charts_of(body)[2:]
    assert [chart.find(f"{SVG}title").text for chart in answer_charts] == [
        "Sector", "Vegetarian meals", "Country", "Languages", "Old question"]
    country = answer_charts[2]
    assert [rect.find(f"{SVG}title").text for rect in country.iter(f"{SVG}rect")] == [
        "Georgia: Registrations 2", "Ukraine: Registrations 1"]
    # A bar at 0 is drawn as nothing, its label and count still there.
    sector_texts = list(answer_charts[0].itertext())
    assert "Academia" in sector_texts and len(list(answer_charts[0].iter(f"{SVG}rect"))) == 2


def test_the_answers_in_georgian(owner_client, owner):
    form = answered_scene(owner)
    body = html.unescape(page(owner_client.get(
        f"/organise/events/{form.event.id}/dashboard?lang=ka")))
    tables = answer_tables_of(body)
    assert tables["სექტორი"] == [("ka-ngo", "2"), ("ka-government", "1"),
                                 ("ka-academia", "0")]
    assert tables["Vegetarian meals"] == [("დიახ", "1"), ("არა", "1")]
    assert tables["Country"] == [("საქართველო", "2"), ("უკრაინა", "1")]
    csv_text = owner_client.get(
        f"/organise/events/{form.event.id}/dashboard/answers.csv?lang=ka"
    ).get_data().decode("utf-8-sig")
    assert "სექტორი,ka-ngo,2" in csv_text and "Country,საქართველო,2" in csv_text


def test_answers_csv_one_row_per_value(owner_client, owner):
    form = answered_scene(owner)
    response = owner_client.get(f"/organise/events/{form.event.id}/dashboard/answers.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="event-' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"),
                                       newline="")))
    assert rows[0] == ["Question", "Answer", "Registrations"]
    assert rows[1:4] == [["Sector", "Ngo", "2"], ["Sector", "Government", "1"],
                         ["Sector", "Academia", "0"]]
    assert ["Vegetarian meals", "Yes", "1"] in rows and len(rows) == 1 + 12


def test_without_counted_questions_no_answers_section(owner_client, scene):
    body = dashboard(owner_client, scene)
    assert "answers.csv" not in body and 'id="answers-heading"' not in body
