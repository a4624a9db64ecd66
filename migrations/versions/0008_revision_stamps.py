"""revision stamps: when the feed revision moved, and each registration's status changes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:00:00

Feeds take their validators from the revision counter (0007), so their
Last-Modified must be a time that moves with it, stamped by the database's one
clock at the bump, never by whichever app server wrote. HTTP dates have whole
seconds: each bump by another transaction (PostgreSQL) or statement (SQLite,
which has one writer) stamps max(now, last stamp + 1 s), so two changes in one
second still give two Last-Modified values. A burst of more changes than
seconds stamps a little ahead of the clock until the clock catches up; bumps
of one transaction (or statement) share one stamp. SQLite has no transaction
id for a trigger to read: it tells statements apart by the millisecond of
'now' (one value per statement), so two commits within one millisecond share
a stamp there.

A registration's status changes (waitlisted or pending to confirmed, confirmed
to cancelled...) do not write the revision row: the booking path must not
queue on it. The same UPDATE that changes the status instead counts it in
status_revision (the agenda's VEVENT SEQUENCE and ETag add it) and stamps
status_changed_at: a trigger, whoever writes. The stamp is a whole second
later than both the revision's stamp and the row's previous one (a read, no
lock), so the agenda's Last-Modified, the latest of them, moves with it.

Plain ALTER TABLE ADD COLUMN and CREATE TRIGGER: a batch rebuild on SQLite
would drop the tables' triggers.
"""
import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _load_0007():
    # The triggers' tables and columns as 0007 made them, read from it rather than copied.
    path = next(Path(__file__).parent.glob('0007_*.py'))
    spec = importlib.util.spec_from_file_location('revision_0007', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%S.000000', 'now')"
# SQLite's 'now' is one value for the whole statement, its triggers included.
SQLITE_STATEMENT = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
SQLITE_BUMP = (
    'UPDATE feed_revision SET value = value + 1, '
    f'changed_at = CASE WHEN bumped_by IS {SQLITE_STATEMENT} THEN changed_at '
    f"ELSE max({SQLITE_NOW}, "
    f"coalesce(strftime('%Y-%m-%d %H:%M:%S.000000', changed_at, '+1 second'), '')) "
    f'END, bumped_by = {SQLITE_STATEMENT} WHERE id = 1')
POSTGRESQL_BUMP = (
    'UPDATE feed_revision SET value = value + 1, '
    'changed_at = CASE WHEN bumped_by IS NOT DISTINCT FROM txid_current()::text '
    "THEN changed_at ELSE GREATEST(date_trunc('second', clock_timestamp()), "
    "changed_at + interval '1 second') END, bumped_by = txid_current()::text WHERE id = 1")

STATUS_TRIGGER = 'tr_registration_status_revision'


def upgrade():
    op.add_column('feed_revision', sa.Column('changed_at', sa.DateTime(timezone=True),
                                             nullable=True))
    op.add_column('feed_revision', sa.Column('bumped_by', sa.String(40), nullable=True))
    now = SQLITE_NOW if is_sqlite() else "date_trunc('second', now())"
    op.execute(f'UPDATE feed_revision SET changed_at = {now}')
    op.add_column('registration', sa.Column('status_revision', sa.Integer(), nullable=False,
                                            server_default='1'))
    op.add_column('registration', sa.Column('status_changed_at', sa.DateTime(timezone=True),
                                            nullable=True))
    if is_sqlite():
        _replace_sqlite_bumps(SQLITE_BUMP)
        later = "strftime('%Y-%m-%d %H:%M:%S.000000', {}, '+1 second')"
        # SQLite's max() of several values is NULL if one is: '' stands for none.
        stamp = (f"max({SQLITE_NOW}, "
                 f"{later.format('(SELECT changed_at FROM feed_revision WHERE id = 1)')}, "
                 f"coalesce({later.format('OLD.status_changed_at')}, ''))")
        op.execute(f'CREATE TRIGGER {STATUS_TRIGGER} AFTER UPDATE OF status ON registration '
                   'WHEN OLD.status IS NOT NEW.status BEGIN '
                   'UPDATE registration SET status_revision = OLD.status_revision + 1, '
                   f'status_changed_at = {stamp} WHERE id = NEW.id; END')
    else:
        _replace_postgresql_bump(POSTGRESQL_BUMP)
        # BEFORE: the counted change is written by the very UPDATE of the status.
        op.execute('CREATE FUNCTION count_registration_status() RETURNS trigger '
                   'LANGUAGE plpgsql AS $$ BEGIN '
                   'NEW.status_revision := OLD.status_revision + 1; '
                   "NEW.status_changed_at := GREATEST(date_trunc('second', clock_timestamp()), "
                   "(SELECT changed_at FROM feed_revision WHERE id = 1) + interval '1 second', "
                   "OLD.status_changed_at + interval '1 second'); RETURN NEW; END $$")
        op.execute(f'CREATE TRIGGER {STATUS_TRIGGER} BEFORE UPDATE OF status ON registration '
                   'FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) '
                   'EXECUTE FUNCTION count_registration_status()')


def downgrade():
    previous = _load_0007()
    if is_sqlite():
        op.execute(f'DROP TRIGGER {STATUS_TRIGGER}')
        _replace_sqlite_bumps(previous.BUMP)
    else:
        op.execute(f'DROP TRIGGER {STATUS_TRIGGER} ON registration')
        op.execute('DROP FUNCTION count_registration_status()')
        _replace_postgresql_bump(previous.BUMP)
    op.drop_column('registration', 'status_changed_at')
    op.drop_column('registration', 'status_revision')
    op.drop_column('feed_revision', 'bumped_by')
    op.drop_column('feed_revision', 'changed_at')


def _replace_sqlite_bumps(bump: str) -> None:
    previous = _load_0007()
    for table in previous.SHOWN:
        for when in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER {previous.trigger(table, when)}')
    # 0007's own trigger text, with the new statement in place of its bump.
    previous.BUMP = bump
    previous.create_sqlite_triggers()


def _replace_postgresql_bump(bump: str) -> None:
    op.execute('CREATE OR REPLACE FUNCTION bump_feed_revision() RETURNS trigger '
               f'LANGUAGE plpgsql AS $$ BEGIN {bump}; RETURN NULL; END $$')


def is_sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'
