"""The programme and the timetable cost the same statements for 20 sessions as for 2,000."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler.extensions import db as database
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
    assert len(many) == len(few) <= 4, "\n\n".join(many)
    # Counts are formatted for the locale: "2,000" in English.
    assert f"{MANY:,} sessions" in client.get("/programme").get_data(as_text=True)


def test_timetable_statements_do_not_grow_with_sessions(app, client, events, venues):
    festival, places = events[:1], list(venues.values())
    add_sessions(festival, places, range(FEW))
    few = statements_for(app, client, "/events/festival-0/timetable")
    add_sessions(festival, places, range(FEW, MANY))
    many = statements_for(app, client, "/events/festival-0/timetable")
    assert len(many) == len(few) <= 2, "\n\n".join(many)
    body = client.get("/events/festival-0/timetable").get_data(as_text=True)
    assert body.count('<td rowspan="') == MANY
