"""organisation administrators: an operator's grants of organisation-wide administration

Revision ID: d3a9b8c7e6f5
Revises: d4e5f6a7b8c9
Create Date: 2026-12-08 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a9b8c7e6f5'
down_revision = 'd4e5f6a7b8c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'organisation_administrators',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('platform_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['platform_id'], ['platforms.id'], name=op.f('fk_organisation_administrators_platform_id_platforms'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_administrators_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_administrators')),
        sa.UniqueConstraint('platform_id', 'user_id', name=op.f('uq_organisation_administrators_platform_id_user_id')),
    )


def downgrade():
    op.drop_table('organisation_administrators')
