"""feed revision: one row the database bumps on every change a feed shows

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 03:00:00

Feeds answer a poll of unchanged data after one primary-key read of this row;
they recompute their (data-derived) validators only when it has moved. So the
database, not the application, keeps it: triggers bump it on INSERT, DELETE
and UPDATE of the columns a VEVENT, a feed's name or a feed's filter reads, in
the same transaction as the change, whoever makes it.

Seat counts are not among those columns. The seat UPDATEs and SQLite's
row-locking no-op UPDATE name updated_at (to keep it), so the UPDATE triggers
bump only when a listed value actually differs: a booking never writes, nor
waits for, the revision row. On PostgreSQL the triggers are deferred to the
commit, so a transaction holds the revision row only while it commits, after
every other lock it takes: edits do not queue behind one another's work on it,
nor deadlock over it.

Plain CREATE TABLE and CREATE TRIGGER: a batch rebuild of event_session on
SQLite would drop its overlap triggers (0002).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# What a feed shows or filters on, per table; updated_at covers every edit
# through the application (which moves it), the rest edits that do not.
SHOWN = {
    'event_session': ('uid', 'event_id', 'venue_id', 'film_id', 'title', 'description',
                      'starts_at', 'ends_at', 'status', 'sequence', 'created_at',
                      'updated_at'),
    'event': ('title', 'slug', 'kind', 'description', 'status', 'updated_at'),
    'venue': ('name', 'city', 'address', 'timezone', 'online_url', 'updated_at'),
    'film': ('title', 'director', 'country', 'year', 'runtime_minutes', 'updated_at'),
}
BUMP = 'UPDATE feed_revision SET value = value + 1 WHERE id = 1'


def upgrade():
    op.create_table(
        'feed_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_feed_revision_single_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_revision')))
    op.execute('INSERT INTO feed_revision (id, value) VALUES (1, 0)')
    if is_sqlite():
        create_sqlite_triggers()
    else:
        create_postgresql_triggers()


def create_sqlite_triggers():
    for table, columns in SHOWN.items():
        for when, event in (('insert', 'INSERT'), ('delete', 'DELETE')):
            op.execute(f'CREATE TRIGGER {trigger(table, when)} AFTER {event} ON {table} '
                       f'BEGIN {BUMP}; END')
        differs = ' OR '.join(f'OLD.{column} IS NOT NEW.{column}' for column in columns)
        op.execute(f'CREATE TRIGGER {trigger(table, "update")} '
                   f'AFTER UPDATE OF {", ".join(columns)} ON {table} WHEN {differs} '
                   f'BEGIN {BUMP}; END')


def create_postgresql_triggers():
    op.execute('CREATE FUNCTION bump_feed_revision() RETURNS trigger LANGUAGE plpgsql AS '
               f'$$ BEGIN {BUMP}; RETURN NULL; END $$')
    for table, columns in SHOWN.items():
        differs = ' OR '.join(f'OLD.{column} IS DISTINCT FROM NEW.{column}'
                              for column in columns)
        for when, event in (('insert', 'INSERT'), ('delete', 'DELETE'),
                            ('update', f'UPDATE OF {", ".join(columns)}')):
            condition = f'WHEN ({differs}) ' if when == 'update' else ''
            op.execute(f'CREATE CONSTRAINT TRIGGER {trigger(table, when)} AFTER {event} '
                       f'ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                       f'{condition}EXECUTE FUNCTION bump_feed_revision()')


def downgrade():
    for table in SHOWN:
        for when in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER {trigger(table, when)}'
                       + ('' if is_sqlite() else f' ON {table}'))
    if not is_sqlite():
        op.execute('DROP FUNCTION bump_feed_revision()')
    op.drop_table('feed_revision')


def trigger(table: str, when: str) -> str:
    return f'tr_{table}_feed_revision_{when}'


def is_sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'
