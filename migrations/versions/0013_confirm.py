"""guest email confirmation: an event setting and a held, unconfirmed registration

Revision ID: 0013_confirm
Revises: 0012_messages
Create Date: 2026-12-05 09:00:00

An event may ask guests to confirm their email: their registration holds its
seat as "unconfirmed" until `confirm_by`. Events made before ask nothing.
"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_confirm'
down_revision = '0012_messages'
branch_labels = None
depends_on = None

BEFORE = ('pending', 'confirmed', 'waitlisted', 'declined', 'cancelled', 'attended')
AFTER = ('pending', 'unconfirmed', 'confirmed', 'waitlisted', 'declined', 'cancelled', 'attended')


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        # One transaction runs every pending migration: rows 0010 cleaned in
        # it leave 0007's deferred triggers pending, and PostgreSQL refuses to
        # ALTER a table with pending trigger events. Fire them now.
        op.execute('SET CONSTRAINTS ALL IMMEDIATE')
    # Plain ADD COLUMN: a batch rebuild on SQLite would drop the event's triggers (0007).
    op.add_column('event', sa.Column('confirm_guest_email', sa.Boolean(),
                                     server_default=sa.false(), nullable=False))
    op.add_column('registration', sa.Column('confirm_by', sa.DateTime(timezone=True),
                                            nullable=True))
    op.create_index(op.f('ix_registration_confirm_by'), 'registration', ['confirm_by'],
                    unique=False)
    _allow_statuses(AFTER)


def downgrade():
    # A held seat is given back and its registration ends, as it would have
    # when its time ran out.
    op.execute("UPDATE event_session SET seats_taken = seats_taken - (SELECT count(*)"
               " FROM registration WHERE registration.event_session_id = event_session.id"
               " AND registration.status = 'unconfirmed')")
    op.execute("UPDATE registration SET status = 'cancelled' WHERE status = 'unconfirmed'")
    _allow_statuses(BEFORE)
    op.drop_index(op.f('ix_registration_confirm_by'), table_name='registration')
    with (_keeping_sqlite_triggers(),
          op.batch_alter_table('registration', schema=None) as batch_op):
        batch_op.drop_column('confirm_by')
    with (_keeping_sqlite_triggers('event'),
          op.batch_alter_table('event', schema=None) as batch_op):
        batch_op.drop_column('confirm_guest_email')


def _allow_statuses(statuses):
    with (_keeping_sqlite_triggers(),
          op.batch_alter_table('registration', schema=None) as batch_op):
        batch_op.drop_constraint(op.f('ck_registration_registrationstatus'), type_='check')
        batch_op.create_check_constraint(
            'registrationstatus', sa.column('status').in_(statuses))


@contextmanager
def _keeping_sqlite_triggers(table='registration'):
    """SQLite rebuilds a table to change a constraint, which drops its
    triggers (0008's status count on registration, 0007's on event): they
    are made again from their own text."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        yield
        return
    kept = bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                " AND tbl_name = :table"), {'table': table}).scalars().all()
    yield
    for sql in kept:
        op.execute(sql)
