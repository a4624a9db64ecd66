"""messages to attendees: what an organiser wrote, to whom, and how many

Revision ID: 0012_messages
Revises: 0011_privacy
Create Date: 2026-12-05 08:30:29

The emails themselves go through the outbox; the token of the preview they
were sent from is unique per event, so a send posted twice is kept once.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_messages'
down_revision = '0011_privacy'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attendee_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('event_session_id', sa.Integer(), nullable=True),
    sa.Column('audience', sa.String(length=100), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('recipients >= 0', name=op.f('ck_attendee_message_recipients_not_negative')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_attendee_message_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_attendee_message_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_session_id'], ['event_session.id'], name=op.f('fk_attendee_message_event_session_id_event_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendee_message')),
    sa.UniqueConstraint('event_id', 'token', name=op.f('uq_attendee_message_event_id_token'))
    )


def downgrade():
    op.drop_table('attendee_message')
