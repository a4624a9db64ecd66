"""registration questions and their answers

Revision ID: 0014_questions
Revises: 0013_confirm
Create Date: 2026-12-05 08:30:00

Each event may ask questions when someone registers; answers are kept per
registration in their own table.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_questions'
down_revision = '0013_confirm'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registration_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('text', 'long_text', 'choice', 'multiple_choice', 'boolean', 'country', 'number', 'date', 'consent', name='questionkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('label', sa.JSON(), nullable=False),
    sa.Column('help', sa.JSON(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_registration_question_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_question'))
    )
    with op.batch_alter_table('registration_question', schema=None) as batch_op:
        batch_op.create_index('ix_registration_question_event_position', ['event_id', 'position'], unique=False)

    op.create_table('registration_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('agreed_text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['registration_question.id'], name=op.f('fk_registration_answer_question_id_registration_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_registration_answer_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_answer')),
    sa.UniqueConstraint('registration_id', 'question_id', name=op.f('uq_registration_answer_registration_id_question_id'))
    )
    with op.batch_alter_table('registration_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_answer_question_id'), ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('registration_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_answer_question_id'))

    op.drop_table('registration_answer')
    with op.batch_alter_table('registration_question', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_question_event_position')

    op.drop_table('registration_question')
