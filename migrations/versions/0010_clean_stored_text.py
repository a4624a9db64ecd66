"""clean stored text: no control characters, one-line columns on one line

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:00:00

From here on input refuses control characters, and line breaks in one-line
fields (scheduler/plain_text.py). Rows stored before are cleaned by the same
rule, written out here because a migration must keep its meaning when the
application changes: in a one-line column each run of control characters and
line breaks becomes one space and the value is trimmed; in a multi-line column
line ends become LF and every other control character but the tab goes. A
required column left empty gets "-" (its CHECK or the services want something).

A cleaned row gets a new updated_at where it has one, so a cached VEVENT keyed
by it is rebuilt; 0007's triggers move the feed revision. Two people who end up
with the same name and affiliation are one person: the second's sessions go to
the first. Outbox messages stay as written: the sender cleans Subject and body.
Downgrade keeps the cleaned text; what was removed is not kept anywhere.
"""
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from scheduler.database import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

BREAKS_ONE_LINE = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029]+')
NOT_IN_MULTI_LINE = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f]')
LINE_END = re.compile('\r\n?')
EMPTY = '-'

# table: (one-line columns, required one-line columns, multi-line columns, has updated_at)
COLUMNS = {
    'event': (('title',), ('title',), ('description',), True),
    'event_session': (('title',), (), ('description',), True),
    'venue': (('name', 'city', 'online_url'), ('name', 'city'), ('address',), True),
    'film': (('title', 'original_title', 'director', 'country', 'spoken_languages',
              'subtitles'), ('title',), ('synopsis',), True),
    'user_account': (('name',), ('name',), (), False),
    'registration': (('name',), ('name',), (), True),
    'invitation': (('name',), (), (), False),
}


def one_line(text):
    return BREAKS_ONE_LINE.sub(' ', text).strip()


def multi_line(text):
    return NOT_IN_MULTI_LINE.sub('', LINE_END.sub('\n', text))


def upgrade():
    connection = op.get_bind()
    now = datetime.now(UTC)
    for name, (single, required, multiple, stamped) in COLUMNS.items():
        columns = [sa.column(column, sa.Text()) for column in (*single, *multiple)]
        table = sa.table(name, sa.column('id', sa.Integer()), *columns,
                         sa.column('updated_at', UTCDateTime()))
        for row in connection.execute(sa.select(table.c.id, *columns)).mappings().all():
            changes = cleaned(row, single, required, multiple)
            if changes:
                if stamped:
                    changes['updated_at'] = now
                connection.execute(sa.update(table).where(table.c.id == row['id'])
                                   .values(changes))
    clean_people(connection)


def cleaned(row, single, required, multiple):
    """The columns of `row` whose values change, with their clean values."""
    changes = {}
    for column in (*single, *multiple):
        value = row[column]
        if value is None:
            continue
        clean = one_line(value) if column in single else multi_line(value)
        if column in required and not clean:
            clean = EMPTY
        if clean != value:
            changes[column] = clean
    return changes


def clean_people(connection):
    """Clean person rows; one that becomes the same as another is merged into it."""
    person = sa.table('person', sa.column('id', sa.Integer()), sa.column('name', sa.Text()),
                      sa.column('affiliation', sa.Text()))
    link = sa.table('session_person', sa.column('event_session_id', sa.Integer()),
                    sa.column('person_id', sa.Integer()))
    for row in connection.execute(sa.select(person).order_by(person.c.id)).all():
        name, affiliation = one_line(row.name) or EMPTY, one_line(row.affiliation)
        if (name, affiliation) == (row.name, row.affiliation):
            continue
        same = connection.scalar(sa.select(person.c.id).where(
            person.c.name == name, person.c.affiliation == affiliation))
        if same is None:
            connection.execute(sa.update(person).where(person.c.id == row.id)
                               .values(name=name, affiliation=affiliation))
            continue
        theirs = sa.select(link.c.event_session_id).where(link.c.person_id == same)
        connection.execute(sa.update(link).where(
            link.c.person_id == row.id, link.c.event_session_id.not_in(theirs))
            .values(person_id=same))
        connection.execute(sa.delete(link).where(link.c.person_id == row.id))
        connection.execute(sa.delete(person).where(person.c.id == row.id))


def downgrade():
    pass
