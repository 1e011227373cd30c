"""team invite codes expire, and a team may require approval to join with one

Revision ID: d13a1e5c0de5
Revises: d3a9b8c7e6f5
Create Date: 2026-12-08 04:00:00.000000

"""
from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd13a1e5c0de5'
down_revision = 'd3a9b8c7e6f5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invite_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('invite_needs_approval', sa.Boolean(), server_default=sa.false(), nullable=False))
    # codes handed out before codes expired keep working for the default 14 days
    projects = sa.table('projects', sa.column('invite_code'), sa.column('invite_expires_at', sa.DateTime(timezone=True)))
    op.execute(
        projects.update()
        .where(projects.c.invite_code.is_not(None))
        .values(invite_expires_at=datetime.now(UTC) + timedelta(days=14))
    )


def downgrade():
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('invite_needs_approval')
        batch_op.drop_column('invite_expires_at')
