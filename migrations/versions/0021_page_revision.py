"""page revision: registration questions and credits move the data revision too

Revision ID: 0021_page_revision
Revises: 0020_event_days
Create Date: 2026-12-06 05:30:00

Anonymous public pages are served again until the data revision moves
(scheduler.web.page_cache). Feeds show neither an event's registration
questions (the session page's form) nor the people credited on a session and
their names (the session and film pages), so 0007 left them out. Any row inserted, edited or
deleted in those tables now bumps the revision as 0008 stamps it, whoever
writes, so such an edit shows on the pages at once.

Plain CREATE TRIGGER, like 0007's: on PostgreSQL its deferred bump function.
"""
import runpy
from pathlib import Path

from alembic import op

# revision identifiers, used by Alembic.
revision = '0021_page_revision'
down_revision = '0020_event_days'
branch_labels = None
depends_on = None

TABLES = ('registration_question', 'person', 'session_person')
EVENTS = (('insert', 'INSERT'), ('update', 'UPDATE'), ('delete', 'DELETE'))


def _made_by(prefix):
    # 0007's trigger names and 0008's stamping as they made them, not copies.
    return runpy.run_path(str(next(Path(__file__).parent.glob(f'{prefix}_*.py'))))


def upgrade():
    names, bump = _made_by('0007')['trigger'], _made_by('0008')['SQLITE_BUMP']
    for table in TABLES:
        for when, event in EVENTS:
            if is_sqlite():
                op.execute(f'CREATE TRIGGER {names(table, when)} AFTER {event} ON {table} '
                           f'BEGIN {bump}; END')
            else:
                op.execute(f'CREATE CONSTRAINT TRIGGER {names(table, when)} AFTER {event} '
                           f'ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                           'EXECUTE FUNCTION bump_feed_revision()')


def downgrade():
    names = _made_by('0007')['trigger']
    for table in TABLES:
        for when, _ in EVENTS:
            op.execute(f'DROP TRIGGER {names(table, when)}'
                       + ('' if is_sqlite() else f' ON {table}'))


def is_sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'
