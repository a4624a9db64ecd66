"""outbox: notices rendered at send time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 23:10:00

An email about a registration is queued as its notice and the registration's
id; `flask mail send` renders it. SQLite cannot add or drop a foreign key in
place, so there batch mode rebuilds outbox_message: unlike event_session, it
has no triggers to lose. PostgreSQL gets plain ALTER TABLE.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message') as batch:
        batch.add_column(sa.Column('notice', sa.String(length=16)))
        batch.add_column(sa.Column('registration_id', sa.Integer()))
        batch.create_foreign_key(batch.f('fk_outbox_message_registration_id_registration'),
                                 'registration', ['registration_id'], ['id'],
                                 ondelete='CASCADE')
        batch.create_index(batch.f('ix_outbox_message_registration_id'),
                           ['registration_id'], unique=False)


def downgrade():
    # Queued notices have no text yet: send them (`flask mail send`) before
    # downgrading, or the older code sends them empty.
    with op.batch_alter_table('outbox_message') as batch:
        batch.drop_index(batch.f('ix_outbox_message_registration_id'))
        batch.drop_constraint(batch.f('fk_outbox_message_registration_id_registration'),
                              type_='foreignkey')
        batch.drop_column('registration_id')
        batch.drop_column('notice')
