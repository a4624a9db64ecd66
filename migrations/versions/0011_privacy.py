"""privacy: a retention period per event, and erased registrations

Revision ID: 0011_privacy
Revises: 0010
Create Date: 2026-12-05 09:00:00

Every event keeps its attendees' personal data for 365 days after it ends
unless its organisers choose otherwise; `flask privacy purge` then erases it
and stamps the registration's erased_at, keeping the row for the counts.
Columns are only added, so SQLite keeps its tables (and their triggers).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_privacy'
down_revision = '0010'
branch_labels = None
depends_on = None


def fire_pending_triggers():
    # The feed revision's triggers (0007) are deferred to the commit, and
    # PostgreSQL refuses to ALTER a table with some pending: after 0010 has
    # cleaned rows in the same run, they would be. Firing them now is what
    # the commit would have done.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('SET CONSTRAINTS ALL IMMEDIATE')


def upgrade():
    fire_pending_triggers()
    op.add_column('event', sa.Column('retention_days', sa.Integer(), nullable=False,
                                     server_default='365'))
    op.add_column('registration', sa.Column('erased_at', sa.DateTime(timezone=True),
                                            nullable=True))


def downgrade():
    fire_pending_triggers()
    op.drop_column('registration', 'erased_at')
    op.drop_column('event', 'retention_days')
