"""The programme and the timetable cost the same statements for 20 sessions as for 2,000."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from scheduler.extensions import db as database
from scheduler.web import page_cache
from tests.factories import make_event
from tests.public.bulk import add_sessions

FEW, MANY = 20, 2000


def statements_for(app, client, path: str) -> list[str]:
    """The SQL statements one request for `path` runs."""
    client.get(path)  # warm up: first-request work is not the page's
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = database.engine
    app.extensions.pop(page_cache.EXTENSION, None)  # the page's own statements, rendered
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return statements


@pytest.fixture
def events(db, owner):
    return [make_event(owner, title=f"Festival {n}", slug=f"festival-{n}") for n in range(10)]


@pytest.mark.parametrize("path", [
    "/programme",
    "/programme?q=session&city=Tbilisi&from=2030-01-02&to=2030-12-31&seats=y&kind=film_festival",
    "/programme?page=3",
])
def test_programme_statements_do_not_grow_with_sessions(app, client, events, venues, path):
    places = list(venues.values())
    add_sessions(events, places, range(FEW))
    few = statements_for(app, client, path)
    add_sessions(events, places, range(FEW, MANY))
    many = statements_for(app, client, path)
    assert len(many) == len(few) <= 5, "\n\n".join(many)
    # Counts are formatted for the locale: "2,000" in English.
    assert f"{MANY:,} sessions" in client.get("/programme").get_data(as_text=True)


# The data revision (the page cache's key), the event, its venues, span, film
# languages and day tabs, then the one day's sessions; the event page adds its
# sharing tags and structured data (bounded on their own: one fewer statement
# once its coming sessions fill the list).
@pytest.mark.parametrize("page, most", [("/events/festival-0/timetable", 7),
                                        ("/events/festival-0", 13)])
def test_an_event_day_costs_the_same_statements_for_any_number_of_sessions(
        app, client, events, venues, page, most):
    festival, places = events[:1], list(venues.values())
    add_sessions(festival, places, range(FEW))
    few = statements_for(app, client, page)
    add_sessions(festival, places, range(FEW, MANY))
    many = statements_for(app, client, page)
    assert len(many) <= len(few) <= most, "\n\n".join(few)
    body = client.get(page).get_data(as_text=True)
    first_day = re.findall(r'href="/sessions/\d+"', body)
    # Sessions every two hours from 06:00 UTC on Jan 1 at each venue: by local clocks
    # 10:00 to 22:00 at the two in Tbilisi (7 each), 07:00 to 23:00 in Berlin (9).
    assert len(set(first_day)) == 7 + 7 + 9
    assert body.count('aria-current="page">') >= 1 and "Jan 2" in body
