"""favourites: sessions an account starred

Revision ID: 0017_favourites
Revises: 0016_images
Create Date: 2026-12-06 01:40:00

A new table, and a nullable column on user_account added without a table
rebuild (a rebuild on SQLite would drop the feed revision triggers).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_favourites'
down_revision = '0016_images'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('favourite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_session_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_session_id'], ['event_session.id'], name=op.f('fk_favourite_event_session_id_event_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_favourite_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_favourite')),
    sa.UniqueConstraint('user_id', 'event_session_id', name=op.f('uq_favourite_user_id_event_session_id'))
    )
    op.create_index(op.f('ix_favourite_event_session_id'), 'favourite', ['event_session_id'], unique=False)
    op.add_column('user_account', sa.Column('stars_changed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('user_account', 'stars_changed_at')
    op.drop_index(op.f('ix_favourite_event_session_id'), table_name='favourite')
    op.drop_table('favourite')
