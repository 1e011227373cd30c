"""sandbox LMS tables leave the tool's schema (the sandbox keeps its own database)

The sandbox LMS is now an application of its own with its own database, so its tables are
dropped from lti-qi's schema where an earlier version created them. Registrations that the
old sandbox wrote straight into lti-qi (source "sandbox") are kept as operator registrations;
the sandbox now installs lti-qi through Dynamic Registration.

Revision ID: a42014465d16
Revises: 8d0ed363c25c
Create Date: 2026-12-08 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a42014465d16'
down_revision = '8d0ed363c25c'
branch_labels = None
depends_on = None

SANDBOX_TABLES = ('sandbox_scores', 'sandbox_links', 'sandbox_people', 'sandbox_line_items', 'sandbox_tools', 'sandbox_keys', 'sandbox_courses')


def upgrade():
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for table in SANDBOX_TABLES:
        if table in existing:
            op.drop_table(table)
    op.execute("UPDATE platforms SET source = 'operator' WHERE source = 'sandbox'")


def downgrade():
    op.create_table('sandbox_courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lti_id', sa.String(length=100), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_courses')),
    sa.UniqueConstraint('lti_id', name=op.f('uq_sandbox_courses_lti_id'))
    )
    op.create_table('sandbox_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('private_pem', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_keys')),
    sa.UniqueConstraint('kid', name=op.f('uq_sandbox_keys_kid'))
    )
    op.create_table('sandbox_tools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('client_id', sa.String(length=100), nullable=False),
    sa.Column('deployment_id', sa.String(length=100), nullable=False),
    sa.Column('login_url', sa.String(length=1000), nullable=False),
    sa.Column('redirect_uris', sa.JSON(), nullable=False),
    sa.Column('jwks_url', sa.String(length=1000), nullable=False),
    sa.Column('target_link_uri', sa.String(length=1000), nullable=False),
    sa.Column('deep_link_url', sa.String(length=1000), nullable=True),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_tools')),
    sa.UniqueConstraint('client_id', name=op.f('uq_sandbox_tools_client_id'))
    )
    op.create_table('sandbox_line_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('score_maximum', sa.Double(), nullable=False),
    sa.Column('resource_id', sa.String(length=255), nullable=True),
    sa.Column('tag', sa.String(length=255), nullable=True),
    sa.Column('resource_link_id', sa.String(length=100), nullable=True),
    sa.Column('extra', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['sandbox_courses.id'], name=op.f('fk_sandbox_line_items_course_id_sandbox_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_line_items'))
    )
    op.create_table('sandbox_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('sub', sa.String(length=100), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=True),
    sa.Column('family_name', sa.String(length=100), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['sandbox_courses.id'], name=op.f('fk_sandbox_people_course_id_sandbox_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_people')),
    sa.UniqueConstraint('course_id', 'sub', name=op.f('uq_sandbox_people_course_id_sub'))
    )
    op.create_table('sandbox_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('tool_id', sa.Integer(), nullable=False),
    sa.Column('lti_id', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('custom', sa.JSON(), nullable=False),
    sa.Column('line_item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['sandbox_courses.id'], name=op.f('fk_sandbox_links_course_id_sandbox_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['line_item_id'], ['sandbox_line_items.id'], name=op.f('fk_sandbox_links_line_item_id_sandbox_line_items')),
    sa.ForeignKeyConstraint(['tool_id'], ['sandbox_tools.id'], name=op.f('fk_sandbox_links_tool_id_sandbox_tools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_links')),
    sa.UniqueConstraint('lti_id', name=op.f('uq_sandbox_links_lti_id'))
    )
    op.create_table('sandbox_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_item_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=100), nullable=False),
    sa.Column('score_given', sa.Double(), nullable=True),
    sa.Column('score_maximum', sa.Double(), nullable=True),
    sa.Column('activity_progress', sa.String(length=20), nullable=False),
    sa.Column('grading_progress', sa.String(length=20), nullable=False),
    sa.Column('timestamp', sa.DateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['line_item_id'], ['sandbox_line_items.id'], name=op.f('fk_sandbox_scores_line_item_id_sandbox_line_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sandbox_scores'))
    )
    with op.batch_alter_table('sandbox_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sandbox_scores_line_item_id'), ['line_item_id'], unique=False)
