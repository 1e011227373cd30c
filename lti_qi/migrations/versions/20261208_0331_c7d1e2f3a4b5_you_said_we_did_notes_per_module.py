"""you said, we did: the course team's notes per module, in answer to its survey

Revision ID: c7d1e2f3a4b5
Revises: c7e1d2a94b3f
Create Date: 2026-12-08 03:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d1e2f3a4b5'
down_revision = 'c7e1d2a94b3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'module_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('context_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('you_said', sa.Text(), nullable=False),
        sa.Column('we_did', sa.Text(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_module_notes_author_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['context_id'], ['contexts.id'], name=op.f('fk_module_notes_context_id_contexts'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['item_id'], ['content_items.id'], name=op.f('fk_module_notes_item_id_content_items')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_module_notes')),
    )
    with op.batch_alter_table('module_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_notes_context_id'), ['context_id'], unique=False)


def downgrade():
    with op.batch_alter_table('module_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_notes_context_id'))

    op.drop_table('module_notes')
