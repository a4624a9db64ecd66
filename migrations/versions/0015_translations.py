"""content translations

Revision ID: 0015_translations
Revises: 0014_questions
Create Date: 2026-12-06 01:30:00

Titles, descriptions, synopses, venue names and addresses in other languages,
kept beside the text as first written: {"ru": {"title": "..."}, "ka": {...}}.
Plain nullable columns, so SQLite adds them without rebuilding a table (a
rebuild would drop the venue-overlap triggers).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_translations'
down_revision = '0014_questions'
branch_labels = None
depends_on = None

TABLES = ('event', 'event_session', 'film', 'venue')


def upgrade():
    for table in TABLES:
        op.add_column(table, sa.Column('translations', sa.JSON(), nullable=True))


def downgrade():
    for table in TABLES:
        op.drop_column(table, 'translations')
