"""former event slugs, which redirect to the current one

Revision ID: 0018_slugs
Revises: 0017_favourites
Create Date: 2026-12-06 01:40:00

An event's slug can be changed; each slug it had before is kept here so its
old addresses answer with a permanent redirect.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_slugs'
down_revision = '0017_favourites'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_former_slug',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_former_slug_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_former_slug')),
    sa.UniqueConstraint('slug', name=op.f('uq_event_former_slug_slug'))
    )
    op.create_index(op.f('ix_event_former_slug_event_id'), 'event_former_slug', ['event_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_event_former_slug_event_id'), table_name='event_former_slug')
    op.drop_table('event_former_slug')
