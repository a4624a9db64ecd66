"""feed scopes: a revision per event and per venue, bumped on every change their feeds show

Revision ID: 0019_feed_scopes
Revises: 0018_slugs
Create Date: 2026-12-06 04:20:00

The data revision (0007, 0008) moves on any change anywhere, so a feed whose
validators came from it alone recomputed them after every edit to any event.
Each event and each venue now has a revision of its own (a row of
feed_scope), bumped by triggers, whoever writes, for every change an event's
or a venue's feed shows:

- a session inserted, deleted or edited (0007's shown columns) bumps its
  event and its venue, before and after the change: a session moving venue
  (or event) bumps both;
- an event edited or deleted bumps itself and the venues of its sessions;
- a venue edited or deleted bumps itself and the events of its sessions;
- a film edited or deleted bumps the events and venues of its sessions.

A new event or venue gets its row (kept, and bumped, if a deleted one had the
same id: a value never comes back). Stamps as 0008's: whole seconds by the
database's clock, a second later at each bump by another transaction
(PostgreSQL) or statement (SQLite). On PostgreSQL the bumps are deferred to
the commit like 0007's; the row itself is made at once, so a session added in
the same transaction finds it.

Plain CREATE TABLE and CREATE TRIGGER: a batch rebuild on SQLite would drop
the tables' triggers.
"""
import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_feed_scopes'
down_revision = '0018_slugs'
branch_labels = None
depends_on = None


def _load(prefix):
    # The shown columns (0007) and the stamping (0008) as they made them, not copies.
    path = next(Path(__file__).parent.glob(f'{prefix}_*.py'))
    spec = importlib.util.spec_from_file_location(f'revision_{prefix}', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHOWN = _load('0007').SHOWN
STAMPS = _load('0008')
SCOPES = ('event', 'venue')


def sessions(column, row_id):
    return f'(SELECT {column} FROM event_session WHERE {row_id})'


def touched(table, row):
    """The scopes that a change of `row` (NEW or OLD) of `table` shows in."""
    if table == 'event_session':
        return f"(kind = 'event' AND id = {row}.event_id) OR (kind = 'venue' AND id = {row}.venue_id)"
    if table == 'film':
        return (f"(kind = 'event' AND id IN {sessions('event_id', f'film_id = {row}.id')}) OR "
                f"(kind = 'venue' AND id IN {sessions('venue_id', f'film_id = {row}.id')})")
    other, column = ('venue', 'venue_id') if table == 'event' else ('event', 'event_id')
    key = f'{table}_id'
    return (f"(kind = '{table}' AND id = {row}.id) OR "
            f"(kind = '{other}' AND id IN {sessions(column, f'{key} = {row}.id')})")


def bump(stamping, where):
    """0008's bump of the revision row, applied to the scopes `where` names."""
    return (stamping.replace('UPDATE feed_revision', 'UPDATE feed_scope')
            .replace('WHERE id = 1', f'WHERE {where}'))


def upgrade():
    op.create_table(
        'feed_scope',
        sa.Column('kind', sa.String(10), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('bumped_by', sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint('kind', 'id', name=op.f('pk_feed_scope')))
    now = STAMPS.SQLITE_NOW if is_sqlite() else "date_trunc('second', now())"
    for kind in SCOPES:
        op.execute(f"INSERT INTO feed_scope (kind, id, value, changed_at) "
                   f"SELECT '{kind}', id, 0, {now} FROM {kind}")
    if is_sqlite():
        create_sqlite_triggers()
    else:
        create_postgresql_triggers()


def differs(table, same):
    return ' OR '.join(f'OLD.{column} {same} NEW.{column}' for column in SHOWN[table])


def create_sqlite_triggers():
    for kind in SCOPES:
        op.execute(f'CREATE TRIGGER {trigger(kind, "insert")} AFTER INSERT ON {kind} BEGIN '
                   f"INSERT OR IGNORE INTO feed_scope (kind, id, value) VALUES ('{kind}', NEW.id, 0); "
                   f"{bump(STAMPS.SQLITE_BUMP, touched(kind, 'NEW'))}; END")
    op.execute(f'CREATE TRIGGER {trigger("event_session", "insert")} AFTER INSERT ON '
               f"event_session BEGIN {bump(STAMPS.SQLITE_BUMP, touched('event_session', 'NEW'))}; END")
    for table in SHOWN:
        op.execute(f'CREATE TRIGGER {trigger(table, "delete")} AFTER DELETE ON {table} BEGIN '
                   f"{bump(STAMPS.SQLITE_BUMP, touched(table, 'OLD'))}; END")
        both = f"{touched(table, 'OLD')} OR {touched(table, 'NEW')}"
        op.execute(f'CREATE TRIGGER {trigger(table, "update")} '
                   f'AFTER UPDATE OF {", ".join(SHOWN[table])} ON {table} '
                   f'WHEN {differs(table, "IS NOT")} '
                   f'BEGIN {bump(STAMPS.SQLITE_BUMP, both)}; END')


def create_postgresql_triggers():
    for kind in SCOPES:
        # At once, not deferred: a session added later in the transaction bumps this row.
        op.execute(f'CREATE FUNCTION add_{kind}_feed_scope() RETURNS trigger LANGUAGE plpgsql AS '
                   f"$$ BEGIN INSERT INTO feed_scope (kind, id, value) VALUES ('{kind}', NEW.id, 0) "
                   'ON CONFLICT DO NOTHING; RETURN NULL; END $$')
        op.execute(f'CREATE TRIGGER {trigger(kind, "add")} AFTER INSERT ON {kind} '
                   f'FOR EACH ROW EXECUTE FUNCTION add_{kind}_feed_scope()')
    for table in SHOWN:
        # NEW is NULL on DELETE and OLD on INSERT in PL/pgSQL: `id = NULL` matches nothing.
        where = f"{touched(table, 'OLD')} OR {touched(table, 'NEW')}"
        op.execute(f'CREATE FUNCTION bump_{table}_feed_scopes() RETURNS trigger '
                   f'LANGUAGE plpgsql AS $$ BEGIN {bump(STAMPS.POSTGRESQL_BUMP, where)}; '
                   'RETURN NULL; END $$')
        for when, event in (('insert', 'INSERT'), ('delete', 'DELETE'),
                            ('update', f'UPDATE OF {", ".join(SHOWN[table])}')):
            if table == 'film' and when == 'insert':
                continue  # a new film is in no session yet
            condition = f'WHEN ({differs(table, "IS DISTINCT FROM")}) ' if when == 'update' else ''
            op.execute(f'CREATE CONSTRAINT TRIGGER {trigger(table, when)} AFTER {event} '
                       f'ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                       f'{condition}EXECUTE FUNCTION bump_{table}_feed_scopes()')


def downgrade():
    for name, table in sqlite_triggers() if is_sqlite() else postgresql_triggers():
        op.execute(f'DROP TRIGGER {name}' + ('' if is_sqlite() else f' ON {table}'))
    if not is_sqlite():
        for kind in SCOPES:
            op.execute(f'DROP FUNCTION add_{kind}_feed_scope()')
        for table in SHOWN:
            op.execute(f'DROP FUNCTION bump_{table}_feed_scopes()')
    op.drop_table('feed_scope')


def sqlite_triggers():
    yield from ((trigger(table, when), table) for table in SHOWN for when in ('delete', 'update'))
    yield from ((trigger(table, 'insert'), table) for table in (*SCOPES, 'event_session'))


def postgresql_triggers():
    yield from ((trigger(kind, 'add'), kind) for kind in SCOPES)
    for table in SHOWN:
        for when in ('insert', 'delete', 'update'):
            if not (table == 'film' and when == 'insert'):
                yield trigger(table, when), table


def trigger(table, when):
    return f'tr_{table}_feed_scope_{when}'


def is_sqlite():
    return op.get_bind().dialect.name == 'sqlite'
