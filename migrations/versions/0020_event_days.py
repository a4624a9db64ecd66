"""an event's sessions by start and by end: its day tabs, span and outline by index seeks

Revision ID: 0020_event_days
Revises: 0019_feed_scopes
Create Date: 2026-12-06 04:30:00

An event page asks, for each day of the event, whether a session starts on it
(scheduler.events.browsing), and for its first and last session and its coming
ones (scheduler.discovery.outline): with the event and the start (or the end)
in one index each answer is a seek, however many sessions the event has.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_event_days'
down_revision = '0019_feed_scopes'
branch_labels = None
depends_on = None


def upgrade():
    # With the id last, as the pages break ties: PostgreSQL then reads the
    # first rows in order and stops (SQLite's indexes end with the rowid anyway).
    op.create_index('ix_event_session_event_time', 'event_session',
                    ['event_id', 'starts_at', 'id'], unique=False)
    op.create_index('ix_event_session_event_end', 'event_session',
                    ['event_id', 'ends_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_event_session_event_end', table_name='event_session')
    op.drop_index('ix_event_session_event_time', table_name='event_session')
