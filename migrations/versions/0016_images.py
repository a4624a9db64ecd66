"""images: posters, banners and venue photos

Revision ID: 0016_images
Revises: 0015_translations
Create Date: 2026-12-06 01:40:00

An image table, and a nullable pointer to it from films (poster), events
(banner) and venues (photo). SQLite cannot add a foreign key in place, so
those three tables are rebuilt there, and their triggers (feed revision bumps)
made again from the SQL they had.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_images'
down_revision = '0015_translations'
branch_labels = None
depends_on = None

POINTERS = (('film', 'poster_id'), ('event', 'banner_id'), ('venue', 'photo_id'))


def upgrade():
    op.create_table('image',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('widths', sa.JSON(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('alt', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(name) = 32', name=op.f('ck_image_name_is_hash')),
    sa.CheckConstraint('width > 0 AND height > 0', name=op.f('ck_image_size_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_image'))
    )
    op.create_index(op.f('ix_image_name'), 'image', ['name'], unique=False)
    for table, column in POINTERS:
        fk = f'fk_{table}_{column}_image'
        if is_sqlite():
            rebuild_keeping_triggers(table, lambda batch, column=column, fk=fk: (
                batch.add_column(sa.Column(column, sa.Integer(), nullable=True)),
                batch.create_foreign_key(fk, 'image', [column], ['id'], ondelete='SET NULL')))
        else:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(fk, table, 'image', [column], ['id'], ondelete='SET NULL')

def downgrade():
    for table, column in POINTERS:
        if is_sqlite():
            rebuild_keeping_triggers(table, lambda batch, table=table, column=column: (
                batch.drop_constraint(f'fk_{table}_{column}_image', type_='foreignkey'),
                batch.drop_column(column)))
        else:
            op.drop_constraint(f'fk_{table}_{column}_image', table, type_='foreignkey')
            op.drop_column(table, column)
    op.drop_index(op.f('ix_image_name'), table_name='image')
    op.drop_table('image')


def rebuild_keeping_triggers(table, alter):
    """SQLite alters no constraint in place: the table is rebuilt (batch mode),
    which drops its triggers; they are made again from their own SQL."""
    triggers = op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
        (table,)).scalars().all()
    with op.batch_alter_table(table, recreate='always') as batch:
        alter(batch)
    for sql in triggers:
        op.execute(sql)


def is_sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'
