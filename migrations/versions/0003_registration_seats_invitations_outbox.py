"""registration seats, invitations, outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:41:27.481690


Columns are added with plain ALTER TABLE, never a batch rebuild, because a
rebuild of event_session on SQLite would drop its overlap triggers (0002).
SQLite accepts a CHECK on an added column, so both databases enforce the
seat rules.
"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('calendar', sa.Text(), nullable=True),
    sa.Column('calendar_method', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('send_after', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_message_attempts_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_due', ['sent_at', 'send_after'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_session_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('email = lower(trim(email))', name=op.f('ck_invitation_email_normalised')),
    sa.ForeignKeyConstraint(['event_session_id'], ['event_session.id'], name=op.f('fk_invitation_event_session_id_event_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_invitation_registration_id_registration'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('event_session_id', 'email', name=op.f('uq_invitation_event_session_id_email')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    add_seat_columns()
    add_registration_columns()


def downgrade():
    op.drop_index('uq_registration_check_in_code', table_name='registration')
    for column in ('reminded_at', 'checked_in_at', 'check_in_code', 'guest'):
        drop_column_keeping_triggers('registration', column)
    for column in ('guest_seats_taken', 'reserved_seats'):
        drop_column_keeping_triggers('event_session', column)

    op.drop_table('invitation')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_due')

    op.drop_table('outbox_message')


SEAT_CHECKS = {
    'reserved_seats': ('reserved_within_capacity',
                       'reserved_seats >= 0 AND reserved_seats <= capacity'),
    'guest_seats_taken': ('guest_seats_within_taken',
                          'guest_seats_taken >= 0 AND guest_seats_taken <= seats_taken'),
}
CHECK_IN_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'


def is_sqlite():
    return op.get_bind().dialect.name == 'sqlite'


def add_seat_columns():
    for column, (name, rule) in SEAT_CHECKS.items():
        if is_sqlite():
            op.execute(f'ALTER TABLE event_session ADD COLUMN {column} INTEGER NOT NULL '
                       f'DEFAULT 0 CONSTRAINT ck_event_session_{name} CHECK ({rule})')
        else:
            op.add_column('event_session', sa.Column(column, sa.Integer(), nullable=False,
                                                     server_default='0'))
            op.create_check_constraint(name, 'event_session', rule)
            op.alter_column('event_session', column, server_default=None)


def add_registration_columns():
    op.add_column('registration', sa.Column('guest', sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    op.add_column('registration', sa.Column('check_in_code', sa.String(length=16),
                                            nullable=False, server_default=''))
    op.add_column('registration', sa.Column('checked_in_at', sa.DateTime(timezone=True)))
    op.add_column('registration', sa.Column('reminded_at', sa.DateTime(timezone=True)))
    registration = sa.table('registration', sa.column('id', sa.Integer),
                            sa.column('check_in_code', sa.String))
    connection = op.get_bind()
    for (row_id,) in connection.execute(sa.select(registration.c.id)).all():
        code = ''.join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(8))
        connection.execute(registration.update().where(registration.c.id == row_id)
                           .values(check_in_code=code))
    op.create_index('uq_registration_check_in_code', 'registration', ['check_in_code'],
                    unique=True)
    if not is_sqlite():
        for column in ('guest', 'check_in_code'):
            op.alter_column('registration', column, server_default=None)


def drop_column_keeping_triggers(table, column):
    # SQLite 3.35+ drops a column in place; a batch rebuild would lose triggers.
    if is_sqlite():
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
    else:
        op.drop_column(table, column)
