"""SQL that autogenerate cannot see: expression indexes (and, per area, full-text search).

Revision ID: 0002_sql_extras
Revises: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_sql_extras"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    # E-mail is unique without regard to case.
    op.create_index("uq_users_email_lower", "users", [sa.text("lower(email)")], unique=True)


def downgrade():
    op.drop_index("uq_users_email_lower", table_name="users")
