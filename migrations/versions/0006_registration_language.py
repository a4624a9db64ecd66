"""registration language: the language its emails are written in

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 03:00:00

Plain ALTER TABLE: registrations made before this were all emailed in English,
so they keep English. Dropping the column on SQLite uses its in-place DROP
COLUMN (3.35+), as in 0004.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('registration', sa.Column('language', sa.String(length=8),
                                            nullable=False, server_default='en'))


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE registration DROP COLUMN language')
    else:
        op.drop_column('registration', 'language')
