"""agenda feed secrets, imported session keys

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 18:00:00

Plain ALTER TABLE again (see 0003): a batch rebuild of event_session on SQLite
would drop its overlap triggers. Uniqueness comes from indexes, which SQLite
can add to an existing table.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('user_account', sa.Column('agenda_feed_salt', sa.String(length=32)))
    op.add_column('user_account', sa.Column('agenda_feed_hash', sa.String(length=64)))
    op.create_index('uq_user_account_agenda_feed_hash', 'user_account',
                    ['agenda_feed_hash'], unique=True)
    op.add_column('event_session', sa.Column('import_key', sa.String(length=320)))
    op.create_index('uq_event_session_import_key', 'event_session',
                    ['event_id', 'import_key'], unique=True)


def downgrade():
    op.drop_index('uq_event_session_import_key', table_name='event_session')
    op.drop_index('uq_user_account_agenda_feed_hash', table_name='user_account')
    # SQLite 3.35+ drops a column in place, keeping the triggers a rebuild would lose.
    for table, column in (('event_session', 'import_key'),
                          ('user_account', 'agenda_feed_hash'),
                          ('user_account', 'agenda_feed_salt')):
        if is_sqlite():
            op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
        else:
            op.drop_column(table, column)


def is_sqlite():
    return op.get_bind().dialect.name == 'sqlite'
