"""People: a member's uploaded profile picture (its version; the files live behind mentorship.storage).

Revision ID: 0007_everyday
Revises: 0006_hardening
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_everyday"
down_revision = "0006_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("picture_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("picture_version")
