"""mentor invitations are single-use (one expert accepts) and revocable by their sender

Revision ID: d13b2f6a1e07
Revises: d13a1e5c0de5
Create Date: 2026-12-08 04:01:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd13b2f6a1e07'
down_revision = 'd13a1e5c0de5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mentor_invites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_mentor_invites_accepted_by_users'), 'users', ['accepted_by'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('mentor_invites', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_mentor_invites_accepted_by_users'), type_='foreignkey')
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('accepted_by')
