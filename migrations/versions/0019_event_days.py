"""an event's sessions by start time: its day tabs and days cost one index seek each

Revision ID: 0019_event_days
Revises: 0018_slugs
Create Date: 2026-12-06 04:30:00

An event page asks, for each day of the event, whether a session starts on it
(scheduler.events.browsing.outline): with the event and the start in one index
each answer is one seek, however many sessions the event has.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_event_days'
down_revision = '0018_slugs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_event_session_event_time', 'event_session', ['event_id', 'starts_at'],
                    unique=False)


def downgrade():
    op.drop_index('ix_event_session_event_time', table_name='event_session')
