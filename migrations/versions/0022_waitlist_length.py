"""waitlist length: each session's count of waitlisted registrations, kept by the database

Revision ID: 0022_waitlist_length
Revises: 0021_page_revision
Create Date: 2026-12-07 13:40:00

A new booking's waitlist place is the number waiting ahead of it plus one.
Counted, that read every waitlisted row of the session on each booking: under
load, with a waitlist in the thousands, the count cost as much as the rest of
the booking's database work. The session row now keeps the count: triggers
move it whenever a registration joins or leaves a waitlist (inserted,
deleted, its status or its session changed), whoever writes. A booking reads
it under the session row's lock, which every such change of that session
also needs (the trigger's UPDATE takes it), so it is exact there
(scheduler.registration.writers).

No batch mode, as in 0008: SQLite's rebuild of a table drops its triggers.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022_waitlist_length'
down_revision = '0021_page_revision'
branch_labels = None
depends_on = None

TRIGGER = 'tr_registration_waitlist_length'
LEFT = ("UPDATE event_session SET waitlist_length = waitlist_length - 1 "
        "WHERE id = OLD.event_session_id")
JOINED = ("UPDATE event_session SET waitlist_length = waitlist_length + 1 "
          "WHERE id = NEW.event_session_id")
# An update that moves a registration into, out of or between waitlists.
MOVED = ("(OLD.status = 'waitlisted' OR NEW.status = 'waitlisted') AND "
         "(OLD.status <> NEW.status OR OLD.event_session_id <> NEW.event_session_id)")


def upgrade():
    op.execute('ALTER TABLE event_session ADD COLUMN waitlist_length INTEGER NOT NULL '
               'DEFAULT 0 CONSTRAINT ck_event_session_waitlist_length_not_negative '
               'CHECK (waitlist_length >= 0)')
    op.execute("UPDATE event_session SET waitlist_length = (SELECT count(*) FROM registration "
               "WHERE registration.event_session_id = event_session.id "
               "AND registration.status = 'waitlisted')")
    if is_sqlite():
        op.execute(f"CREATE TRIGGER {TRIGGER}_insert AFTER INSERT ON registration "
                   f"WHEN NEW.status = 'waitlisted' BEGIN {JOINED}; END")
        op.execute(f"CREATE TRIGGER {TRIGGER}_delete AFTER DELETE ON registration "
                   f"WHEN OLD.status = 'waitlisted' BEGIN {LEFT}; END")
        op.execute(f"CREATE TRIGGER {TRIGGER}_update AFTER UPDATE OF status, event_session_id "
                   f"ON registration WHEN {MOVED} BEGIN "
                   f"{LEFT} AND OLD.status = 'waitlisted'; "
                   f"{JOINED} AND NEW.status = 'waitlisted'; END")
    else:
        op.execute("CREATE FUNCTION count_waitlist() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN "
                   f"IF TG_OP <> 'INSERT' AND OLD.status = 'waitlisted' THEN {LEFT}; END IF; "
                   f"IF TG_OP <> 'DELETE' AND NEW.status = 'waitlisted' THEN {JOINED}; END IF; "
                   "RETURN NULL; END $$")
        for when, condition in (('INSERT', "NEW.status = 'waitlisted'"),
                                ('DELETE', "OLD.status = 'waitlisted'"),
                                ('UPDATE OF status, event_session_id', MOVED)):
            name = f"{TRIGGER}_{when.split()[0].lower()}"
            op.execute(f"CREATE TRIGGER {name} AFTER {when} ON registration FOR EACH ROW "
                       f"WHEN ({condition}) EXECUTE FUNCTION count_waitlist()")


def downgrade():
    for when in ('insert', 'delete', 'update'):
        op.execute(f"DROP TRIGGER {TRIGGER}_{when}" + ("" if is_sqlite() else " ON registration"))
    if not is_sqlite():
        op.execute('DROP FUNCTION count_waitlist()')
    op.execute('ALTER TABLE event_session DROP COLUMN waitlist_length')


def is_sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'
