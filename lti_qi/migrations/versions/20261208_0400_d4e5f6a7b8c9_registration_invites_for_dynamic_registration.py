"""registration invites: an operator's single-use, expiring link for Dynamic Registration

Revision ID: d4e5f6a7b8c9
Revises: c7d1e2f3a4b5
Create Date: 2026-12-08 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e5f6a7b8c9'
down_revision = 'c7d1e2f3a4b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'registration_invites',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_digest', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_invites')),
        sa.UniqueConstraint('token_digest', name=op.f('uq_registration_invites_token_digest')),
    )


def downgrade():
    op.drop_table('registration_invites')
