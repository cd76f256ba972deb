"""Scale: indexes for large tables (a person's notifications newest first, a partial index of the unread ones,
recent check-ins per mentorship for program health).

Revision ID: 0015_scale
Revises: 0009_sessions
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_scale"
down_revision = "0009_sessions"
branch_labels = None
depends_on = None

UNREAD = sa.text("read_at IS NULL")


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_unread")
        batch_op.create_index("ix_notifications_user_id_id", ["user_id", "id"], unique=False)
        batch_op.create_index(
            "ix_notifications_unread", ["user_id", "id"], unique=False, postgresql_where=UNREAD, sqlite_where=UNREAD
        )
    with op.batch_alter_table("space_checkins", schema=None) as batch_op:
        batch_op.create_index("ix_space_checkins_mentorship_updated", ["mentorship_id", "updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("space_checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_space_checkins_mentorship_updated")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_unread")
        batch_op.drop_index("ix_notifications_user_id_id")
        batch_op.create_index("ix_notifications_user_unread", ["user_id", "read_at"], unique=False)
