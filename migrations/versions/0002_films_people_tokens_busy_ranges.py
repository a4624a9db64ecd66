"""films, people, api tokens, venue busy ranges

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:59:51.048881


A session keeps the venue busy over [starts_at, blocked_until), where
blocked_until is its end plus the venue's changeover. The database refuses two
scheduled sessions whose busy ranges overlap in one venue: an exclusion
constraint on PostgreSQL, triggers on SQLite. (SQLite batch migrations rebuild
the table and drop its triggers: a later migration that batch-alters
event_session must create them again.)
"""
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('film',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('original_title', sa.String(length=300), nullable=False),
    sa.Column('director', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('runtime_minutes', sa.Integer(), nullable=False),
    sa.Column('spoken_languages', sa.String(length=200), nullable=False),
    sa.Column('subtitles', sa.String(length=200), nullable=False),
    sa.Column('synopsis', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_film_title_present')),
    sa.CheckConstraint('runtime_minutes > 0', name=op.f('ck_film_runtime_positive')),
    sa.CheckConstraint('year IS NULL OR year BETWEEN 1888 AND 2100', name=op.f('ck_film_year_plausible')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_film'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('affiliation', sa.String(length=200), nullable=False),
    sa.CheckConstraint('length(name) > 0', name=op.f('ck_person_name_present')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('name', 'affiliation', name=op.f('uq_person_name_affiliation'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('session_person',
    sa.Column('event_session_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('speaker', 'moderator', 'trainer', name='personrole', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['event_session_id'], ['event_session.id'], name=op.f('fk_session_person_event_session_id_event_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_session_person_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_session_id', 'person_id', name=op.f('pk_session_person'))
    )
    with op.batch_alter_table('session_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_person_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('event_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('film_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('qa_minutes', sa.Integer(), nullable=False, server_default='0'))
    fill_blocked_until()
    with op.batch_alter_table('event_session', schema=None) as batch_op:
        batch_op.alter_column('blocked_until', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('qa_minutes', existing_type=sa.Integer(), server_default=None)
        batch_op.create_index(batch_op.f('ix_event_session_film_id'), ['film_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_event_session_film_id_film'), 'film', ['film_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_check_constraint('qa_not_negative', 'qa_minutes >= 0')
        batch_op.create_check_constraint('blocked_after_end', 'blocked_until >= ends_at')
    create_overlap_guard()

    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_venue_created_by_id_user_account'), 'user_account', ['created_by_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_venue_created_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('created_by_id')

    drop_overlap_guard()
    with op.batch_alter_table('event_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_event_session_blocked_after_end'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_event_session_qa_not_negative'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_event_session_film_id_film'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_session_film_id'))
        batch_op.drop_column('qa_minutes')
        batch_op.drop_column('film_id')
        batch_op.drop_column('blocked_until')

    with op.batch_alter_table('session_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_person_person_id'))

    op.drop_table('session_person')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
    op.drop_table('person')
    op.drop_table('film')


SQLITE_OVERLAP = """
    NEW.status = 'scheduled' AND EXISTS (
        SELECT 1 FROM event_session AS other
        WHERE other.venue_id = NEW.venue_id AND other.status = 'scheduled'
          AND other.id IS NOT NEW.id
          AND other.starts_at < NEW.blocked_until AND NEW.starts_at < other.blocked_until)
"""


def fill_blocked_until():
    session = sa.table('event_session', sa.column('id', sa.Integer),
                       sa.column('venue_id', sa.Integer),
                       sa.column('ends_at', sa.DateTime(timezone=True)),
                       sa.column('blocked_until', sa.DateTime(timezone=True)))
    venue = sa.table('venue', sa.column('id', sa.Integer),
                     sa.column('changeover_minutes', sa.Integer))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(session.c.id, session.c.ends_at, venue.c.changeover_minutes)
        .join(venue, venue.c.id == session.c.venue_id)).all()
    for row in rows:
        connection.execute(
            session.update().where(session.c.id == row.id)
            .values(blocked_until=row.ends_at + timedelta(minutes=row.changeover_minutes)))


def create_overlap_guard():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS btree_gist')
        op.execute(
            "ALTER TABLE event_session ADD CONSTRAINT ex_event_session_venue_busy "
            "EXCLUDE USING gist (venue_id WITH =, tstzrange(starts_at, blocked_until, '[)') WITH &&) "
            "WHERE (status = 'scheduled')")
    else:
        for when, event in (('insert', 'INSERT'),
                            ('update', 'UPDATE OF venue_id, starts_at, blocked_until, status')):
            op.execute(
                f"CREATE TRIGGER tr_event_session_venue_busy_{when} BEFORE {event} "
                f"ON event_session WHEN {SQLITE_OVERLAP} "
                "BEGIN SELECT RAISE(ABORT, 'venue_conflict: the venue is busy then'); END")


def drop_overlap_guard():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE event_session DROP CONSTRAINT ex_event_session_venue_busy')
    else:
        for when in ('insert', 'update'):
            op.execute(f'DROP TRIGGER tr_event_session_venue_busy_{when}')
