"""content packs belong to the organisation of the designer who uploaded them

Revision ID: d13c3a7b2f18
Revises: d13b2f6a1e07
Create Date: 2026-12-08 04:02:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd13c3a7b2f18'
down_revision = 'd13b2f6a1e07'
branch_labels = None
depends_on = None


def upgrade():
    # packs installed before stay shared by every organisation, as they were
    with op.batch_alter_table('content_packs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('platform_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_content_packs_platform_id'), ['platform_id'], unique=False)


def downgrade():
    with op.batch_alter_table('content_packs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_packs_platform_id'))
        batch_op.drop_column('platform_id')
