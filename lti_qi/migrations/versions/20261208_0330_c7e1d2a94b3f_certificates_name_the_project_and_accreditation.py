"""certificates name the project and the accreditation statement the course sets

Courses keep an accreditation statement their designers set; each CPD record keeps, as a
snapshot, the learner's project title and the statement it was issued with. Existing rows
get '' (records print the default line, "CPD approval: see your course").

Revision ID: c7e1d2a94b3f
Revises: a42014465d16
Create Date: 2026-12-08 03:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e1d2a94b3f'
down_revision = 'a42014465d16'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('course_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accreditation', sa.String(length=500), server_default='', nullable=False))
    with op.batch_alter_table('cpd_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_title', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('accreditation', sa.String(length=500), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('cpd_records', schema=None) as batch_op:
        batch_op.drop_column('accreditation')
        batch_op.drop_column('project_title')
    with op.batch_alter_table('course_settings', schema=None) as batch_op:
        batch_op.drop_column('accreditation')
